#include "hyph.h"

#include <errno.h>
#include <glib.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HYPH_SHY 0x00ADu      /* U+00AD SOFT HYPHEN: where pango may break, drawing a hyphen */
#define HYPH_DIAERESIS 0x0308u /* U+0308 COMBINING DIAERESIS */
#define HYPH_MIN_WORD 5        /* letters: shorter words are never broken ("e-mail") */
#define HYPH_MIN_SIDE 2        /* letters on each side of a break */

/* The patterns, parsed in a thread of their own: libhyphen takes about 20 ms over the Dutch
 * file, which a cold run can spend setting up fonts and reading the bodies meanwhile. Owned
 * by the hyph that loaded them; the thread is joined on first use. */
struct patterns {
	char *path;       /* for messages */
	GThread *loading; /* NULL once joined */
	HyphenDict *dict; /* NULL until joined, and if libhyphen failed */
};

struct hyph {
	struct patterns *patterns; /* owned, or borrowed from `base` */
	/* Exceptions: the lowercase word (UTF-8) to an owned string of '0' and '1', one per
	 * letter, '1' meaning a break after that letter. */
	GHashTable *exceptions;
	/* An overlay (a body's own exceptions) borrows its base's patterns and falls back on
	 * the base's exceptions; NULL for a dictionary of its own. */
	const struct hyph *base;
};

/* The whole file, or false with `d` set. */
static bool read_dictionary(const char *path, GByteArray **out, struct diag *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		int err = errno;
		return diag_set(d, path, 0, 0, "cannot open the hyphenation dictionary: %s",
				g_strerror(err));
	}
	GByteArray *bytes = g_byte_array_new();
	guint8 buf[64 * 1024];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		g_byte_array_append(bytes, buf, (guint)n);
	bool unread = ferror(f) != 0;
	fclose(f);
	if (unread) {
		g_byte_array_unref(bytes);
		return diag_set(d, path, 0, 0, "cannot read the hyphenation dictionary");
	}
	*out = bytes;
	return true;
}

/* The first line names the character set, as libhyphen reads it. Checked here, before any
 * parsing, so that a wrong file is refused at once. */
static bool check_charset(const char *path, const GByteArray *bytes, struct diag *d)
{
	size_t end = 0;
	while (end < bytes->len && bytes->data[end] != '\n' && bytes->data[end] != '\r')
		end++;
	char *cset = g_strstrip(end ? g_strndup((const char *)bytes->data, end) : g_strdup(""));
	bool ok = !g_ascii_strcasecmp(cset, "ISO8859-1") || !g_ascii_strcasecmp(cset, "ISO-8859-1");
	if (!ok)
		diag_set(d, path, 1, 0,
			 "not a hyphenation dictionary in ISO8859-1: its first line is \"%s\"", cset);
	g_free(cset);
	return ok;
}

static gpointer parse_patterns(gpointer data)
{
	GByteArray *bytes = data;
	HyphenDict *dict = NULL;
	FILE *f = fmemopen(bytes->data, bytes->len, "r");
	if (f) {
		dict = hnj_hyphen_load_file(f);
		fclose(f);
	}
	g_byte_array_unref(bytes);
	return dict;
}

/* The parsed patterns, waiting for the thread if it is still at work. */
static HyphenDict *patterns_dict(struct patterns *p)
{
	if (p->loading) {
		p->dict = g_thread_join(p->loading);
		p->loading = NULL;
	}
	return p->dict;
}

bool hyph_create(const char *dic_path, struct hyph **out, struct diag *d)
{
	GByteArray *bytes;
	if (!read_dictionary(dic_path, &bytes, d))
		return false;
	if (!check_charset(dic_path, bytes, d)) {
		g_byte_array_unref(bytes);
		return false;
	}
	struct patterns *p = g_new0(struct patterns, 1);
	p->path = g_strdup(dic_path);
	p->loading = g_thread_new("hyph", parse_patterns, bytes);
	struct hyph *h = g_new0(struct hyph, 1);
	h->patterns = p;
	h->exceptions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	*out = h;
	return true;
}

bool hyph_wait(const struct hyph *h, struct diag *d)
{
	if (patterns_dict(h->patterns))
		return true;
	return diag_set(d, h->patterns->path, 0, 0, "cannot read the hyphenation dictionary");
}

struct hyph *hyph_create_overlay(const struct hyph *base)
{
	struct hyph *h = g_new0(struct hyph, 1);
	h->patterns = base->patterns;
	h->base = base;
	h->exceptions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return h;
}

void hyph_destroy(struct hyph *h)
{
	if (!h)
		return;
	if (!h->base) {
		HyphenDict *dict = patterns_dict(h->patterns);
		if (dict)
			hnj_hyphen_free(dict); /* it crashes on NULL */
		g_free(h->patterns->path);
		g_free(h->patterns);
	}
	g_hash_table_destroy(h->exceptions);
	g_free(h);
}

/* Letters and their combining marks make up words. */
static bool is_word_char(gunichar c)
{
	return g_unichar_isalpha(c) || g_unichar_ismark(c);
}

/* A hyphen written by the author, soft or hard, which makes its neighbours one compound. */
static bool is_hyphen(gunichar c)
{
	return c == '-' || c == 0x2010 || c == 0x2011 || c == HYPH_SHY;
}

/* The lowercase base letter of c: 'i' for 'I', 'í' and 'ï'. */
static gunichar base_letter(gunichar c)
{
	gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	gsize n = g_unichar_fully_decompose(c, FALSE, parts, G_N_ELEMENTS(parts));
	return g_unichar_tolower(n > 0 ? parts[0] : c);
}

static bool has_diaeresis(gunichar c)
{
	gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	gsize n = g_unichar_fully_decompose(c, FALSE, parts, G_N_ELEMENTS(parts));
	for (gsize i = 0; i < n && i < G_N_ELEMENTS(parts); i++)
		if (parts[i] == HYPH_DIAERESIS)
			return true;
	return false;
}

/* Why Dutch typography refuses a break after letter i of the n letters of `word`, or NULL
 * when it allows one. */
static const char *break_refusal(const gunichar *word, glong n, glong i)
{
	if (n < HYPH_MIN_WORD)
		return "a word of fewer than 5 letters is never broken";
	if (i + 1 < HYPH_MIN_SIDE || n - (i + 1) < HYPH_MIN_SIDE)
		return "a break needs at least 2 letters on each side";
	if (base_letter(word[i]) == 'i' && base_letter(word[i + 1]) == 'j')
		return "\"ij\" is one letter and is never broken";
	/* "ge-ïnteresseerden" is written "ge-interesseerden" at a line break: pango cannot
	 * drop the diaeresis, so no break is offered there. */
	if (has_diaeresis(word[i + 1]))
		return "no break right before a letter with a diaeresis, which Dutch spelling "
		       "drops there";
	if (g_unichar_ismark(word[i + 1]))
		return "no break before a combining mark";
	return NULL;
}

static bool is_vowel(gunichar c)
{
	gunichar b = base_letter(c);
	return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/* Sets drop[i] for the points (brk[i]) that bound a part without a vowel. Such a part is
 * no syllable: in "be-stuur-s-ta-ken" and "in-werk-t-ra-ject" one of the two points around
 * it is wrong, and as nothing tells which, neither is kept. */
static void mark_vowelless_parts(const gunichar *word, glong n, const bool *brk, bool *drop)
{
	glong start = 0;
	bool vowel = false;
	for (glong i = 0; i < n; i++) {
		vowel = vowel || is_vowel(word[i]);
		if (!brk[i] && i + 1 < n)
			continue;
		if (!vowel) {
			if (start > 0)
				drop[start - 1] = true;
			drop[i] = true;
		}
		start = i + 1;
		vowel = false;
	}
}

/* Keeps of the points brk[i] (a break after letter i) those the rules allow. */
static void keep_permitted(const gunichar *word, glong n, bool *brk)
{
	if (n <= 0)
		return;
	for (glong i = 0; i < n; i++)
		brk[i] = brk[i] && i + 1 < n && !break_refusal(word, n, i);
	bool *drop = g_new0(bool, n);
	mark_vowelless_parts(word, n, brk, drop);
	for (glong i = 0; i < n; i++)
		brk[i] = brk[i] && !drop[i];
	g_free(drop);
}

static void free_nonstandard(char **rep, int *pos, int *cut, glong n)
{
	if (rep)
		for (glong i = 0; i < n; i++)
			free(rep[i]);
	free(rep);
	free(pos);
	free(cut);
}

/* Sets brk[i] where the patterns allow a break after letter i of `lower`. Words with a
 * letter outside ISO8859-1 get none. */
static void pattern_points(HyphenDict *dict, const gunichar *lower, glong n, bool *brk)
{
	/* ISO8859-1 is the first 256 code points, one byte each: byte i is letter i. */
	if (n <= 0)
		return;
	char *word = g_malloc((gsize)n + 1);
	for (glong i = 0; i < n; i++) {
		if (lower[i] > 0xFF) {
			g_free(word);
			return;
		}
		word[i] = (char)lower[i];
	}
	word[n] = '\0';
	char *hyphens = g_malloc0((gsize)n + 5); /* the size libhyphen asks for */
	char **rep = NULL;
	int *pos = NULL;
	int *cut = NULL;
	int rc = hnj_hyphen_hyphenate3(dict, word, (int)n, hyphens, NULL, &rep, &pos, &cut,
				       HYPH_MIN_SIDE, HYPH_MIN_SIDE, HYPH_MIN_SIDE, HYPH_MIN_SIDE);
	/* hyphens[i] is a digit, odd for a break after byte i. A non-standard break (rep[i],
	 * "Schiff-fahrt") would change letters, which pango cannot: skip it. */
	for (glong i = 0; rc == 0 && i + 1 < n; i++)
		brk[i] = (hyphens[i] - '0') % 2 == 1 && !(rep && rep[i]);
	free_nonstandard(rep, pos, cut, n);
	g_free(hyphens);
	g_free(word);
}

/* Sets brk[i] where the exception or else the patterns break `word` after letter i. */
static void find_points(const struct hyph *h, const gunichar *word, glong n, bool *brk)
{
	gunichar *lower = g_new(gunichar, n);
	for (glong i = 0; i < n; i++)
		lower[i] = g_unichar_tolower(word[i]); /* one letter for one, unlike strdown */
	char *key = g_ucs4_to_utf8(lower, n, NULL, NULL, NULL);
	const char *marks = NULL;
	for (const struct hyph *x = h; key && x && !marks; x = x->base)
		marks = g_hash_table_lookup(x->exceptions, key);
	if (marks)
		for (glong i = 0; i < n; i++)
			brk[i] = marks[i] == '1';
	else if (patterns_dict(h->patterns))
		pattern_points(h->patterns->dict, lower, n, brk);
	g_free(key);
	g_free(lower);
}

/* Appends the word of `len` bytes at `w` to out, with U+00AD at its permitted points. */
static void append_word(const struct hyph *h, GString *out, const char *w, gssize len)
{
	glong n = 0;
	gunichar *word = g_utf8_to_ucs4_fast(w, len, &n);
	bool *brk = g_new0(bool, n);
	if (n >= HYPH_MIN_WORD) {
		find_points(h, word, n, brk);
		keep_permitted(word, n, brk);
	}
	for (glong i = 0; i < n; i++) {
		g_string_append_unichar(out, word[i]);
		if (brk[i])
			g_string_append_unichar(out, HYPH_SHY);
	}
	g_free(brk);
	g_free(word);
}

/* Appends a space-free run [start, end) whose words may be hyphenated: those next to a
 * hyphen are part of a compound that breaks at that hyphen only, and stay as they are. */
static void append_token(const struct hyph *h, GString *out, const char *start, const char *end)
{
	gunichar prev = 0;
	const char *p = start;
	while (p < end) {
		const char *w = p;
		gunichar c = g_utf8_get_char(p);
		if (!is_word_char(c)) {
			p = g_utf8_next_char(p);
			g_string_append_len(out, w, p - w);
			prev = c;
			continue;
		}
		while (p < end && is_word_char(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		gunichar next = p < end ? g_utf8_get_char(p) : 0;
		if (is_hyphen(prev) || is_hyphen(next))
			g_string_append_len(out, w, p - w);
		else
			append_word(h, out, w, p - w);
	}
}

/* Whether the space-free run [start, end) is an e-mail or web address, whose words must
 * stay whole so that the address can be copied from the document. */
static bool is_address(const char *start, const char *end)
{
	for (const char *p = start; p < end; p = g_utf8_next_char(p)) {
		if (*p == '@' || *p == '/')
			return true;
		const char *q = g_utf8_next_char(p);
		if (*p == '.' && q < end && g_unichar_isalnum(g_utf8_get_char(q)))
			return true;
	}
	return false;
}

char *hyph_text(const struct hyph *h, const char *text)
{
	char *nfc = g_utf8_normalize(text, -1, G_NORMALIZE_NFC);
	if (!nfc)
		return g_strdup(text);
	GString *out = g_string_sized_new(strlen(nfc) * 5 / 4 + 1);
	const char *p = nfc;
	while (*p) {
		const char *start = p;
		bool space = g_unichar_isspace(g_utf8_get_char(p));
		while (*p && (g_unichar_isspace(g_utf8_get_char(p)) != 0) == space)
			p = g_utf8_next_char(p);
		if (space || is_address(start, p))
			g_string_append_len(out, start, p - start);
		else
			append_token(h, out, start, p);
	}
	g_free(nfc);
	return g_string_free(out, FALSE);
}

/* Reads the NFC `entry` into its lowercase letters and a '0'/'1' mark per letter. */
static bool parse_exception(const char *entry, GArray *letters, GString *marks, struct diag *d)
{
	bool after_hyphen = true; /* an entry may not start with '-' */
	for (const char *p = entry; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '-') {
			if (after_hyphen)
				return diag_set(d, NULL, 0, 0,
						"hyphenation exception \"%s\": empty part", entry);
			marks->str[marks->len - 1] = '1';
			after_hyphen = true;
		} else if (is_word_char(c)) {
			gunichar lower = g_unichar_tolower(c);
			g_array_append_val(letters, lower);
			g_string_append_c(marks, '0');
			after_hyphen = false;
		} else {
			char ch[8] = {0};
			g_unichar_to_utf8(c, ch);
			return diag_set(d, NULL, 0, 0,
					"hyphenation exception \"%s\": only letters and '-' may "
					"appear, not '%s' (U+%04X)",
					entry, ch, (unsigned)c);
		}
	}
	if (after_hyphen)
		return diag_set(d, NULL, 0, 0, "hyphenation exception \"%s\": empty part", entry);
	return true;
}

/* Refuses an exception that asks for a break the rules forbid, naming the rule. */
static bool check_exception(const char *entry, const GArray *letters, const GString *marks,
			    struct diag *d)
{
	const gunichar *word = (const gunichar *)(const void *)letters->data;
	glong n = (glong)letters->len;
	bool *brk = g_new0(bool, n);
	bool *drop = g_new0(bool, n);
	const char *why = NULL;
	for (glong i = 0; i < n && !why; i++) {
		brk[i] = marks->str[i] == '1';
		why = brk[i] ? break_refusal(word, n, i) : NULL;
	}
	if (!why) {
		mark_vowelless_parts(word, n, brk, drop);
		for (glong i = 0; i < n && !why; i++)
			if (brk[i] && drop[i])
				why = "a part without a vowel is no syllable";
	}
	g_free(drop);
	g_free(brk);
	if (why)
		return diag_set(d, NULL, 0, 0, "hyphenation exception \"%s\": %s", entry, why);
	return true;
}

/* Parses and checks an entry; on success the word's letters and break marks are filled. */
static bool read_exception(const char *entry, GArray *letters, GString *marks, struct diag *d)
{
	char *nfc = g_utf8_normalize(entry, -1, G_NORMALIZE_NFC);
	if (!nfc)
		return diag_set(d, NULL, 0, 0, "hyphenation exception: not valid UTF-8");
	bool ok = parse_exception(nfc, letters, marks, d) &&
		  check_exception(nfc, letters, marks, d);
	g_free(nfc);
	return ok;
}

bool hyph_exception_valid(const char *entry, struct diag *d)
{
	GArray *letters = g_array_new(FALSE, FALSE, sizeof(gunichar));
	GString *marks = g_string_new(NULL);
	bool ok = read_exception(entry, letters, marks, d);
	g_string_free(marks, TRUE);
	g_array_free(letters, TRUE);
	return ok;
}

bool hyph_add_exception(struct hyph *h, const char *entry, struct diag *d)
{
	GArray *letters = g_array_new(FALSE, FALSE, sizeof(gunichar));
	GString *marks = g_string_new(NULL);
	bool ok = read_exception(entry, letters, marks, d);
	if (ok) {
		char *key = g_ucs4_to_utf8((const gunichar *)(const void *)letters->data,
					   (glong)letters->len, NULL, NULL, NULL);
		g_hash_table_replace(h->exceptions, key, g_string_free(marks, FALSE));
	} else {
		g_string_free(marks, TRUE);
	}
	g_array_free(letters, TRUE);
	return ok;
}
