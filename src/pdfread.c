#include "pdfread.h"

#include <glib.h>
#include <libdeflate.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

/* Direct objects nest a few levels in any real page (resources, a dictionary of images, an
 * image's /DecodeParms); far deeper is a hostile file, which would otherwise exhaust the
 * stack of the parser. Indirect objects do not count: each is parsed on its own. */
#define PDFREAD_MAX_DEPTH 64

/* The /Pages nodes above page 1, at most; a deeper page tree is a loop. */
#define PDFREAD_MAX_PARENTS 64

/* Page tree nodes visited while looking for page 1: a tree whose nodes share their kids
 * (Kids [a a], each a with Kids [b b] ...) would otherwise take 2^64 steps. */
#define PDFREAD_MAX_NODES 4096

/* Bytes one stream may decode to: a logo's content and object streams are a few kilobytes,
 * and a few kilobytes of Flate data can claim gigabytes. */
#define PDFREAD_MAX_DECODED (64u << 20)

/* Generation numbers are 0 to 65535 in any cross-reference table. */
#define PDFREAD_MAX_GEN 65535

/* --- Tokens ------------------------------------------------------------------------------ */

enum tok_kind {
	TOK_EOF,
	TOK_ERROR,
	TOK_NUMBER,
	TOK_NAME,
	TOK_STRING, /* (literal) or <hex> */
	TOK_KEYWORD,
	TOK_ARRAY_OPEN,
	TOK_ARRAY_CLOSE,
	TOK_DICT_OPEN,
	TOK_DICT_CLOSE,
};

struct token {
	enum tok_kind kind;
	size_t start, end; /* its text: buf[start, end) */
	double number;     /* TOK_NUMBER */
	bool integer;      /* TOK_NUMBER written without a period */
	const char *why;   /* TOK_ERROR: what is wrong at `start` */
};

/* Reads tokens from buf[pos, len): the file, or a decoded object stream. */
struct lexer {
	const unsigned char *buf;
	size_t len, pos;
};

static bool is_space(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delimiter(unsigned char c)
{
	return c != 0 && strchr("()<>[]{}/%", c) != NULL;
}

static bool is_regular(unsigned char c)
{
	return !is_space(c) && !is_delimiter(c);
}

/* White space and comments: a comment runs to the end of its line. */
static void skip_space(struct lexer *lx)
{
	while (lx->pos < lx->len) {
		unsigned char c = lx->buf[lx->pos];
		if (c == '%') {
			while (lx->pos < lx->len && lx->buf[lx->pos] != '\n' &&
			       lx->buf[lx->pos] != '\r')
				lx->pos++;
		} else if (is_space(c)) {
			lx->pos++;
		} else {
			return;
		}
	}
}

static void token_end(struct lexer *lx, struct token *t, enum tok_kind kind, size_t end)
{
	t->kind = kind;
	t->end = lx->pos = end;
}

static void token_error(struct token *t, const char *why)
{
	t->kind = TOK_ERROR;
	t->why = why;
}

/* A literal string: balanced parentheses nest, a backslash escapes the byte after it. */
static void lex_string(struct lexer *lx, struct token *t)
{
	size_t depth = 0;
	for (size_t i = t->start; i < lx->len; i++) {
		unsigned char c = lx->buf[i];
		if (c == '\\') {
			i++;
		} else if (c == '(') {
			depth++;
		} else if (c == ')' && --depth == 0) {
			token_end(lx, t, TOK_STRING, i + 1);
			return;
		}
	}
	token_error(t, "a string without its closing parenthesis");
}

static void lex_hex_string(struct lexer *lx, struct token *t)
{
	for (size_t i = t->start + 1; i < lx->len; i++) {
		unsigned char c = lx->buf[i];
		if (c == '>') {
			token_end(lx, t, TOK_STRING, i + 1);
			return;
		}
		if (!g_ascii_isxdigit(c) && !is_space(c)) {
			token_error(t, "a hex string with a byte that is not a hex digit");
			return;
		}
	}
	token_error(t, "a hex string without its closing >");
}

/* A PDF number ("12", "-3.5", ".5", "+4."), read without strtod, which follows the locale.
 * The digits are summed as an integer and divided once, so that "42.75" is exact. */
static bool read_number(const unsigned char *p, size_t n, double *value, bool *integer)
{
	size_t i = 0;
	bool negative = false, point = false, digits = false;
	if (i < n && (p[i] == '+' || p[i] == '-'))
		negative = p[i++] == '-';
	double mantissa = 0, divisor = 1;
	for (; i < n; i++) {
		if (p[i] == '.' && !point) {
			point = true;
		} else if (g_ascii_isdigit(p[i])) {
			digits = true;
			mantissa = mantissa * 10 + (p[i] - '0');
			if (point)
				divisor *= 10;
		} else {
			return false;
		}
	}
	*value = (negative ? -mantissa : mantissa) / divisor;
	*integer = !point;
	return digits;
}

/* A run of regular characters: a number, or a keyword (true, obj, R, ...). */
static void lex_regular(struct lexer *lx, struct token *t)
{
	size_t end = t->start;
	while (end < lx->len && is_regular(lx->buf[end]))
		end++;
	bool number = read_number(lx->buf + t->start, end - t->start, &t->number, &t->integer);
	token_end(lx, t, number ? TOK_NUMBER : TOK_KEYWORD, end);
}

/* A name: the slash and the regular characters after it, #xx escapes still in them. */
static void lex_name(struct lexer *lx, struct token *t)
{
	size_t end = t->start + 1;
	while (end < lx->len && is_regular(lx->buf[end]))
		end++;
	token_end(lx, t, TOK_NAME, end);
}

/* What follows '<' or '>': a dictionary bracket, or a hex string. */
static void lex_angle(struct lexer *lx, struct token *t, unsigned char c)
{
	bool doubled = t->start + 1 < lx->len && lx->buf[t->start + 1] == c;
	if (doubled)
		token_end(lx, t, c == '<' ? TOK_DICT_OPEN : TOK_DICT_CLOSE, t->start + 2);
	else if (c == '<')
		lex_hex_string(lx, t);
	else
		token_error(t, "a > that closes nothing");
}

static void lex_next(struct lexer *lx, struct token *t)
{
	skip_space(lx);
	*t = (struct token){.kind = TOK_EOF, .start = lx->pos, .end = lx->pos};
	if (lx->pos >= lx->len)
		return;
	unsigned char c = lx->buf[lx->pos];
	switch (c) {
	case '(':
		lex_string(lx, t);
		break;
	case '<':
	case '>':
		lex_angle(lx, t, c);
		break;
	case '[':
	case ']':
		token_end(lx, t, c == '[' ? TOK_ARRAY_OPEN : TOK_ARRAY_CLOSE, lx->pos + 1);
		break;
	case '/':
		lex_name(lx, t);
		break;
	case ')':
	case '{':
	case '}':
		token_error(t, "a delimiter out of place");
		break;
	default:
		lex_regular(lx, t);
	}
}

static bool token_is(const struct lexer *lx, const struct token *t, const char *keyword)
{
	size_t n = strlen(keyword);
	return t->kind == TOK_KEYWORD && t->end - t->start == n &&
	       memcmp(lx->buf + t->start, keyword, n) == 0;
}

/* An integer from `min` to `max`, as object numbers, generations and offsets must be. */
static bool token_int(const struct token *t, double min, double max)
{
	return t->kind == TOK_NUMBER && t->integer && t->number >= min && t->number <= max;
}

/* --- Values ------------------------------------------------------------------------------ */

static void pval_free(gpointer p)
{
	struct pval *v = p;
	if (!v)
		return;
	if (v->items)
		g_ptr_array_free(v->items, TRUE);
	g_free(v->name);
	g_free(v);
}

static struct pval *pval_new(enum pval_kind kind)
{
	struct pval *v = g_new0(struct pval, 1);
	v->kind = kind;
	if (kind == PV_ARRAY || kind == PV_DICT)
		v->items = g_ptr_array_new_with_free_func(pval_free);
	return v;
}

static struct pval *pval_scalar(enum pval_kind kind, const struct lexer *lx, const struct token *t)
{
	struct pval *v = pval_new(kind);
	v->raw = lx->buf + t->start;
	v->raw_len = t->end - t->start;
	v->number = t->number;
	v->integer = t->integer;
	return v;
}

/* The name's bytes: "#20" is a space; a '#' without two hex digits stands for itself. */
static char *decode_name(const unsigned char *p, size_t n)
{
	GString *s = g_string_sized_new(n);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '#' && i + 2 < n && g_ascii_isxdigit(p[i + 1]) &&
		    g_ascii_isxdigit(p[i + 2])) {
			int byte =
			    g_ascii_xdigit_value(p[i + 1]) * 16 + g_ascii_xdigit_value(p[i + 2]);
			g_string_append_c(s, (char)byte);
			i += 2;
		} else {
			g_string_append_c(s, (char)p[i]);
		}
	}
	return g_string_free(s, FALSE);
}

/* A name's value, its escapes resolved kept beside its text. */
static struct pval *pval_name(const struct lexer *lx, const struct token *t)
{
	struct pval *v = pval_scalar(PV_NAME, lx, t);
	v->name = decode_name(v->raw + 1, v->raw_len - 1);
	return v;
}

bool pdfread_is_name(const struct pval *v, const char *name)
{
	return v && v->kind == PV_NAME && strcmp(v->name, name) == 0;
}

/* The value of `key` in `dict` (the last, should the key repeat); NULL if there is none or
 * `dict` is no dictionary. */
const struct pval *pdfread_dict_get(const struct pval *dict, const char *key)
{
	const struct pval *found = NULL;
	if (!dict || dict->kind != PV_DICT)
		return NULL;
	for (guint i = 0; i + 1 < dict->items->len; i += 2)
		if (pdfread_is_name(g_ptr_array_index(dict->items, i), key))
			found = g_ptr_array_index(dict->items, i + 1);
	return found;
}

static bool is_count(const struct pval *v, size_t max)
{
	return v && v->kind == PV_NUMBER && v->integer && v->number >= 0 &&
	       v->number <= (double)max;
}

/* --- Parsing ----------------------------------------------------------------------------- */

/* Values from a lexer; on failure `why` says what is wrong, at byte `at` of the lexer's text. */
struct parser {
	struct lexer lx;
	const char *why;
	size_t at;
};

static struct pval *parse_fail(struct parser *p, size_t at, const char *why)
{
	p->why = why;
	p->at = at;
	return NULL;
}

static struct pval *parse_from(struct parser *p, const struct token *t, int depth);

static struct pval *parse_value(struct parser *p, int depth)
{
	struct token t;
	lex_next(&p->lx, &t);
	return parse_from(p, &t, depth);
}

/* An integer, or the first of the three tokens of a reference "num gen R". */
static struct pval *parse_number(struct parser *p, const struct token *t)
{
	size_t after = p->lx.pos;
	struct token gen, r;
	if (token_int(t, 0, INT_MAX)) {
		lex_next(&p->lx, &gen);
		if (token_int(&gen, 0, PDFREAD_MAX_GEN)) {
			lex_next(&p->lx, &r);
			if (token_is(&p->lx, &r, "R")) {
				struct pval *v = pval_new(PV_REF);
				v->num = (int)t->number;
				v->gen = (int)gen.number;
				return v;
			}
		}
	}
	p->lx.pos = after; /* a number alone: what followed is read again */
	return pval_scalar(PV_NUMBER, &p->lx, t);
}

static struct pval *parse_array(struct parser *p, int depth)
{
	struct pval *v = pval_new(PV_ARRAY);
	for (;;) {
		struct token t;
		lex_next(&p->lx, &t);
		if (t.kind == TOK_ARRAY_CLOSE)
			return v;
		struct pval *item = parse_from(p, &t, depth + 1);
		if (!item) {
			pval_free(v);
			return NULL;
		}
		g_ptr_array_add(v->items, item);
	}
}

static struct pval *parse_dict(struct parser *p, int depth)
{
	struct pval *v = pval_new(PV_DICT);
	for (;;) {
		struct token key;
		lex_next(&p->lx, &key);
		if (key.kind == TOK_DICT_CLOSE)
			return v;
		struct pval *value = NULL;
		if (key.kind == TOK_NAME)
			value = parse_value(p, depth + 1);
		else if (key.kind == TOK_ERROR || key.kind == TOK_EOF)
			parse_from(p, &key, depth + 1); /* says what is wrong */
		else
			parse_fail(p, key.start, "a dictionary key that is not a name");
		if (!value) {
			pval_free(v);
			return NULL;
		}
		g_ptr_array_add(v->items, pval_name(&p->lx, &key));
		g_ptr_array_add(v->items, value);
	}
}

static struct pval *parse_keyword(struct parser *p, const struct token *t)
{
	if (token_is(&p->lx, t, "true") || token_is(&p->lx, t, "false"))
		return pval_scalar(PV_BOOL, &p->lx, t);
	if (token_is(&p->lx, t, "null"))
		return pval_scalar(PV_NULL, &p->lx, t);
	return parse_fail(p, t->start, "a keyword where a value should be");
}

/* The value that starts with token `t`, `depth` containers deep. */
static struct pval *parse_from(struct parser *p, const struct token *t, int depth)
{
	if (depth > PDFREAD_MAX_DEPTH)
		return parse_fail(
		    p, t->start,
		    "objects are nested more than " G_STRINGIFY(PDFREAD_MAX_DEPTH) " levels deep");
	switch (t->kind) {
	case TOK_NUMBER:
		return parse_number(p, t);
	case TOK_NAME:
		return pval_name(&p->lx, t);
	case TOK_STRING:
		return pval_scalar(PV_STRING, &p->lx, t);
	case TOK_KEYWORD:
		return parse_keyword(p, t);
	case TOK_ARRAY_OPEN:
		return parse_array(p, depth);
	case TOK_DICT_OPEN:
		return parse_dict(p, depth);
	case TOK_EOF:
		return parse_fail(p, t->start, "the data ends inside an object");
	case TOK_ERROR:
		return parse_fail(p, t->start, t->why);
	default:
		return parse_fail(p, t->start, "a ] or >> that closes nothing");
	}
}

/* --- The file's objects ------------------------------------------------------------------ */

/* One definition of an object. */
struct pobj {
	int num, gen;
	size_t pos;         /* where it is defined (its own offset, or its object stream's) */
	struct pval *value; /* owned; a stream's dictionary */
	bool stream;
	size_t data; /* a stream: where its data begins in the file */
};

/* The file, its objects found. Messages go to `d`, "cannot import the PDF (reading): ...". */
struct pdfread {
	const unsigned char *buf;
	size_t len;
	const char *name;
	struct diag *d;
	GHashTable *objects; /* object number to the struct pobj defined last in the file */
	GPtrArray *all;      /* every struct pobj read, owned, replaced ones too: see unpack_all */
	GPtrArray *decoded;  /* GByteArray: decoded object streams, which values point into */
	bool has_root;       /* the last trailer (or cross-reference stream) named a /Root */
	int root_num, root_gen;
	bool encrypted; /* a trailer has /Encrypt: strings and streams are not what they seem */
	struct libdeflate_decompressor *inflater;
};

static void pobj_free(gpointer p)
{
	struct pobj *o = p;
	pval_free(o->value);
	g_free(o);
}

static bool read_error(struct pdfread *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static bool read_error(struct pdfread *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	diag_set(r->d, r->name, 0, 0, "cannot import the PDF (reading): %s", what);
	g_free(what);
	return false;
}

/* Makes `o` the object of its number, unless a definition later in the file is known already:
 * an update appended to a file redefines objects. */
static void define(struct pdfread *r, struct pobj *o)
{
	struct pobj *old = g_hash_table_lookup(r->objects, GINT_TO_POINTER(o->num));
	if (!old || o->pos >= old->pos)
		g_hash_table_insert(r->objects, GINT_TO_POINTER(o->num), o);
}

static struct pobj *pobj_add(struct pdfread *r, int num, int gen, size_t pos, struct pval *value)
{
	struct pobj *o = g_new0(struct pobj, 1);
	*o = (struct pobj){.num = num, .gen = gen, .pos = pos, .value = value};
	g_ptr_array_add(r->all, o);
	return o;
}

/* Object num gen, or NULL if there is none: a reference to it counts as a broken file. */
const struct pobj *pdfread_lookup(struct pdfread *r, int num, int gen)
{
	const struct pobj *o = g_hash_table_lookup(r->objects, GINT_TO_POINTER(num));
	if (!o || o->gen != gen) {
		read_error(r, "object %d %d is missing", num, gen);
		return NULL;
	}
	return o;
}

/* `v`, or the object it refers to (its dictionary, for a stream). *obj is the object, NULL
 * for a direct value. False, with the error set, if the object is missing. */
bool pdfread_resolve(struct pdfread *r, const struct pval *v, const struct pval **out,
                     const struct pobj **obj)
{
	const struct pobj *o = NULL;
	if (v && v->kind == PV_REF) {
		o = pdfread_lookup(r, v->num, v->gen);
		if (!o)
			return false;
		v = o->value;
	}
	*out = v;
	if (obj)
		*obj = o;
	return true;
}

const struct pval *pdfread_obj_value(const struct pobj *o)
{
	return o->value;
}

bool pdfread_obj_is_stream(const struct pobj *o)
{
	return o->stream;
}

/* The value of `key` in `dict`, the reference followed; *out is NULL if there is none. */
static bool get(struct pdfread *r, const struct pval *dict, const char *key,
                const struct pval **out)
{
	return pdfread_resolve(r, pdfread_dict_get(dict, key), out, NULL);
}

/* If "endstream" follows white space from `at`, *end is the byte after it. */
static bool endstream_at(const struct pdfread *r, size_t at, size_t *end)
{
	static const char word[] = "endstream";
	while (at < r->len && is_space(r->buf[at]))
		at++;
	if (r->len - at < sizeof word - 1 || memcmp(r->buf + at, word, sizeof word - 1) != 0)
		return false;
	*end = at + sizeof word - 1;
	return true;
}

/* The first "endstream" from `from` on; *end is the byte after it. */
static bool find_endstream(const struct pdfread *r, size_t from, size_t *end)
{
	for (size_t i = from; i < r->len; i++) {
		const unsigned char *e = memchr(r->buf + i, 'e', r->len - i);
		if (!e)
			return false;
		i = (size_t)(e - r->buf);
		if (endstream_at(r, i, end))
			return true;
	}
	return false;
}

/* Moves `lx` past a stream's data, to after its "endstream". A direct /Length says where the
 * data ends; an indirect one may be defined further on (cairo writes it after the stream), so
 * then the first "endstream" ends it. pdfread_stream_data checks the /Length when reading
 * the data. */
static bool skip_stream(struct pdfread *r, struct lexer *lx, struct pobj *o)
{
	size_t at = lx->pos; /* just after the keyword "stream" */
	if (o->value->kind != PV_DICT)
		return read_error(r, "object %d: a stream whose dictionary is not one", o->num);
	if (at < r->len && r->buf[at] == '\r')
		at++;
	if (at >= r->len || r->buf[at] != '\n')
		return read_error(r, "object %d: no line break after the keyword stream", o->num);
	o->stream = true;
	o->data = at + 1;
	const struct pval *length = pdfread_dict_get(o->value, "Length");
	size_t end;
	bool direct = is_count(length, r->len - o->data) &&
	              endstream_at(r, o->data + (size_t)length->number, &end);
	if (!direct && !find_endstream(r, o->data, &end))
		return read_error(r, "object %d: a stream without endstream", o->num);
	lx->pos = end;
	return true;
}

/* A trailer, or a cross-reference stream's dictionary: its /Root names the catalog. */
static void note_root(struct pdfread *r, const struct pval *trailer)
{
	if (pdfread_dict_get(trailer, "Encrypt"))
		r->encrypted = true;
	const struct pval *root = pdfread_dict_get(trailer, "Root");
	if (root && root->kind == PV_REF) {
		r->has_root = true;
		r->root_num = root->num;
		r->root_gen = root->gen;
	}
}

/* Object num gen, from after its keyword "obj" to after its "endobj". */
static bool read_object(struct pdfread *r, struct lexer *lx, int num, int gen, size_t at)
{
	struct parser p = {.lx = *lx};
	struct pval *value = parse_value(&p, 0);
	if (!value)
		return read_error(r, "object %d at byte %zu: %s (byte %zu)", num, at, p.why, p.at);
	struct pobj *o = pobj_add(r, num, gen, at, value);
	struct token t;
	lex_next(&p.lx, &t);
	if (token_is(&p.lx, &t, "stream")) {
		if (!skip_stream(r, &p.lx, o))
			return false;
		if (pdfread_is_name(pdfread_dict_get(value, "Type"), "XRef"))
			note_root(r, value);
		lex_next(&p.lx, &t);
	}
	if (!token_is(&p.lx, &t, "endobj"))
		return read_error(r, "object %d at byte %zu: no endobj after its value", num, at);
	define(r, o);
	*lx = p.lx;
	return true;
}

static bool read_trailer(struct pdfread *r, struct lexer *lx, size_t at)
{
	struct parser p = {.lx = *lx};
	struct pval *trailer = parse_value(&p, 0);
	if (!trailer)
		return read_error(r, "the trailer at byte %zu: %s (byte %zu)", at, p.why, p.at);
	note_root(r, trailer);
	pval_free(trailer);
	*lx = p.lx;
	return true;
}

/* Scans the file from the front for "num gen obj ... endobj" and "trailer << ... >>". The rest
 * (the header, cross-reference tables, startxref) is read as tokens and passed over. */
static bool scan_file(struct pdfread *r)
{
	struct lexer lx = {r->buf, r->len, 0};
	struct token before[2] = {{.kind = TOK_EOF}, {.kind = TOK_EOF}}; /* the last two */
	for (;;) {
		struct token t;
		lex_next(&lx, &t);
		bool ok = true;
		if (t.kind == TOK_EOF)
			return true;
		if (t.kind == TOK_ERROR)
			return read_error(r, "byte %zu: %s", t.start, t.why);
		if (token_is(&lx, &t, "obj")) {
			if (!token_int(&before[0], 0, INT_MAX) ||
			    !token_int(&before[1], 0, PDFREAD_MAX_GEN))
				return read_error(r, "byte %zu: obj without a valid number",
				                  t.start);
			ok = read_object(r, &lx, (int)before[0].number, (int)before[1].number,
			                 before[0].start);
			t.kind = TOK_EOF;
		} else if (token_is(&lx, &t, "trailer")) {
			ok = read_trailer(r, &lx, t.start);
			t.kind = TOK_EOF;
		}
		if (!ok)
			return false;
		before[0] = before[1];
		before[1] = t;
	}
}

/* --- Stream data ------------------------------------------------------------------------- */

/* A stream's data as stored: /Length bytes, which must lie in the file and end at endstream. */
bool pdfread_stream_data(struct pdfread *r, const struct pobj *o, const unsigned char **data,
                         size_t *len)
{
	const struct pval *length;
	size_t end;
	if (!get(r, o->value, "Length", &length))
		return false;
	if (!is_count(length, r->len - o->data))
		return read_error(r, "object %d: its /Length is missing or runs past the end",
		                  o->num);
	if (!endstream_at(r, o->data + (size_t)length->number, &end))
		return read_error(r, "object %d: its data does not end at endstream", o->num);
	*data = r->buf + o->data;
	*len = (size_t)length->number;
	return true;
}

/* A one-element array stands for its element (/Filter [/FlateDecode]). */
static const struct pval *single(const struct pval *v)
{
	if (v && v->kind == PV_ARRAY && v->items->len == 1)
		return g_ptr_array_index(v->items, 0);
	return v;
}

static bool is_absent(const struct pval *v)
{
	return !v || v->kind == PV_NULL || (v->kind == PV_ARRAY && v->items->len == 0);
}

/* True if the data can be decoded here: unfiltered, or Flate without a predictor. cairo and
 * pdfobj write nothing else. */
bool pdfread_decodable(const struct pval *dict)
{
	const struct pval *filter = single(pdfread_dict_get(dict, "Filter"));
	if (is_absent(filter))
		return true;
	if (!pdfread_is_name(filter, "FlateDecode"))
		return false;
	const struct pval *parms = single(pdfread_dict_get(dict, "DecodeParms"));
	if (is_absent(parms))
		return true;
	const struct pval *predictor = pdfread_dict_get(parms, "Predictor");
	return parms->kind == PV_DICT &&
	       (!predictor || (predictor->kind == PV_NUMBER && predictor->number <= 1));
}

/* Inflates zlib data onto the end of `out`, growing the room until it fits. */
static bool inflate(struct pdfread *r, int num, const unsigned char *in, size_t len,
                    GByteArray *out)
{
	guint base = out->len;
	size_t room = len < PDFREAD_MAX_DECODED / 4 ? MAX(len * 4, 4096) : PDFREAD_MAX_DECODED;
	for (;;) {
		g_byte_array_set_size(out, base + (guint)room);
		size_t got = 0;
		enum libdeflate_result res =
		    libdeflate_zlib_decompress(r->inflater, in, len, out->data + base, room, &got);
		g_byte_array_set_size(out, base + (guint)(res == LIBDEFLATE_SUCCESS ? got : 0));
		if (res == LIBDEFLATE_SUCCESS)
			return true;
		if (res != LIBDEFLATE_INSUFFICIENT_SPACE)
			return read_error(r, "object %d: its Flate data is damaged", num);
		if (room >= PDFREAD_MAX_DECODED)
			return read_error(r, "object %d: its data decodes to more than %u bytes",
			                  num, PDFREAD_MAX_DECODED);
		room = MIN(room * 2, PDFREAD_MAX_DECODED);
	}
}

/* A stream's data decoded onto the end of `out`; pdfread_decodable() must have said yes. */
bool pdfread_stream_decode(struct pdfread *r, const struct pobj *o, GByteArray *out)
{
	const unsigned char *data;
	size_t len;
	if (!pdfread_stream_data(r, o, &data, &len))
		return false;
	/* Several content streams decode one after another into `out`: their sum is bounded. */
	if (out->len > PDFREAD_MAX_DECODED)
		return read_error(r, "object %d: the data decodes to more than %u bytes", o->num,
		                  PDFREAD_MAX_DECODED);
	if (is_absent(single(pdfread_dict_get(o->value, "Filter")))) {
		g_byte_array_append(out, data, (guint)len);
		return true;
	}
	return inflate(r, o->num, data, len, out);
}

/* --- Object streams ---------------------------------------------------------------------- */

/* One object of an object stream, at byte `at` of its decoded data. */
static bool unpack_one(struct pdfread *r, const struct pobj *objstm, const GByteArray *data,
                       size_t at, int num)
{
	struct parser p = {.lx = {data->data, data->len, at}};
	struct pval *value = parse_value(&p, 0);
	if (!value)
		return read_error(r, "object %d in object stream %d: %s", num, objstm->num, p.why);
	/* Where the object stream is defined is where its objects are. */
	define(r, pobj_add(r, num, 0, objstm->pos, value));
	return true;
}

/* The objects of an object stream: after /N pairs "num offset", each object at /First plus
 * its offset. */
static bool unpack(struct pdfread *r, const struct pobj *o)
{
	if (!pdfread_decodable(o->value))
		return read_error(r, "object stream %d: a filter other than FlateDecode", o->num);
	GByteArray *data = g_byte_array_new();
	g_ptr_array_add(r->decoded, data);
	const struct pval *n, *first;
	if (!pdfread_stream_decode(r, o, data) || !get(r, o->value, "N", &n) ||
	    !get(r, o->value, "First", &first))
		return false;
	if (!is_count(n, data->len) || !is_count(first, data->len))
		return read_error(r, "object stream %d: a bad /N or /First", o->num);
	size_t base = (size_t)first->number;
	struct lexer head = {data->data, base, 0};
	for (size_t i = 0; i < (size_t)n->number; i++) {
		struct token num, offset;
		lex_next(&head, &num);
		lex_next(&head, &offset);
		if (!token_int(&num, 0, INT_MAX) ||
		    !token_int(&offset, 0, (double)(data->len - base)))
			return read_error(r, "object stream %d: a bad list of objects", o->num);
		if (!unpack_one(r, o, data, base + (size_t)offset.number, (int)num.number))
			return false;
	}
	return true;
}

static gint by_position(gconstpointer a, gconstpointer b)
{
	const struct pobj *x = *(const struct pobj *const *)a, *y = *(const struct pobj *const *)b;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Unpacks the object streams in the order of the file, so that later definitions win. An
 * object stream may define an object that replaces one still listed here (even another object
 * stream): replaced objects stay alive in r->all until the end. */
static bool unpack_all(struct pdfread *r)
{
	GPtrArray *streams = g_ptr_array_new();
	GHashTableIter it;
	gpointer value;
	g_hash_table_iter_init(&it, r->objects);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		const struct pobj *o = value;
		if (o->stream && pdfread_is_name(pdfread_dict_get(o->value, "Type"), "ObjStm"))
			g_ptr_array_add(streams, value);
	}
	g_ptr_array_sort(streams, by_position);
	bool ok = true;
	for (guint i = 0; ok && i < streams->len; i++)
		ok = unpack(r, g_ptr_array_index(streams, i));
	g_ptr_array_free(streams, TRUE);
	return ok;
}

static void byte_array_free(gpointer p)
{
	g_byte_array_unref(p);
}

/* A PDF starts with "%PDF-" within its first 1024 bytes. */
static bool has_pdf_header(const unsigned char *in, size_t len)
{
	static const char header[] = "%PDF-";
	size_t hlen = sizeof header - 1;
	for (size_t i = 0; i + hlen <= len && i < 1024; i++)
		if (!memcmp(in + i, header, hlen))
			return true;
	return false;
}

/* Reads every object of the file. */
static bool read_file(struct pdfread *r)
{
	if (!has_pdf_header(r->buf, r->len))
		return diag_set(r->d, r->name, 0, 0,
		                "cannot import the PDF: the input is not a PDF (no %%PDF- header)");
	/* GByteArray counts in guint; a logo is a few kilobytes. */
	if (r->len > G_MAXINT)
		return read_error(r, "the file is larger than %d bytes", G_MAXINT);
	if (!r->inflater)
		return read_error(r, "out of memory");
	if (!scan_file(r))
		return false;
	/* Copied as they are, encrypted data would be garbage. cairo never encrypts. */
	if (r->encrypted)
		return read_error(r, "the file is encrypted");
	return unpack_all(r);
}

bool pdfread_create(const unsigned char *pdf, size_t len, const char *name, struct pdfread **out,
                    struct diag *d)
{
	struct pdfread *r = g_new(struct pdfread, 1);
	*r = (struct pdfread){
	    .buf = pdf,
	    .len = len,
	    .name = name,
	    .d = d,
	    .objects = g_hash_table_new(g_direct_hash, g_direct_equal),
	    .all = g_ptr_array_new_with_free_func(pobj_free),
	    .decoded = g_ptr_array_new_with_free_func(byte_array_free),
	    .inflater = libdeflate_alloc_decompressor(),
	};
	if (!read_file(r)) {
		pdfread_destroy(r);
		return false;
	}
	*out = r;
	return true;
}

void pdfread_destroy(struct pdfread *r)
{
	if (!r)
		return;
	g_hash_table_destroy(r->objects);
	g_ptr_array_free(r->all, TRUE); /* values first: they point into `decoded` */
	g_ptr_array_free(r->decoded, TRUE);
	libdeflate_free_decompressor(r->inflater);
	g_free(r);
}

/* --- The page ---------------------------------------------------------------------------- */

/* The catalog: the trailer's /Root, or else (a trailer lost) the object of /Type /Catalog. */
static bool find_catalog(struct pdfread *r, const struct pval **catalog)
{
	const struct pobj *found = NULL;
	if (r->has_root) {
		found = pdfread_lookup(r, r->root_num, r->root_gen);
		if (!found)
			return false;
	} else {
		GHashTableIter it;
		gpointer value;
		g_hash_table_iter_init(&it, r->objects);
		while (g_hash_table_iter_next(&it, NULL, &value)) {
			const struct pobj *o = value;
			if (pdfread_is_name(pdfread_dict_get(o->value, "Type"), "Catalog") &&
			    (!found || o->num < found->num))
				found = o;
		}
		if (!found)
			return read_error(r, "no trailer and no catalog");
	}
	if (found->value->kind != PV_DICT)
		return read_error(r, "the catalog, object %d, is not a dictionary", found->num);
	*catalog = found->value;
	return true;
}

/* Page 1, and the /Pages nodes above it, from the root down: they hold what it inherits. */
struct page_path {
	const struct pval *dict;
	const struct pval *nodes[PDFREAD_MAX_PARENTS];
	int n_nodes;
};

enum search { SEARCH_FOUND, SEARCH_NONE, SEARCH_FAILED };

static bool is_pages_node(const struct pval *dict)
{
	const struct pval *type = pdfread_dict_get(dict, "Type");
	return pdfread_is_name(type, "Pages") || (!type && pdfread_dict_get(dict, "Kids"));
}

static enum search first_page(struct pdfread *r, const struct pval *node, int depth,
                              struct page_path *page, int *budget);

/* Kid `kid` of a node `depth` deep: a page, which ends the search, or a node to look in. */
static enum search visit_kid(struct pdfread *r, const struct pval *kid, int depth,
                             struct page_path *page, int *budget)
{
	const struct pval *dict;
	if (!pdfread_resolve(r, kid, &dict, NULL))
		return SEARCH_FAILED;
	if (dict->kind != PV_DICT) {
		read_error(r, "the page tree holds something other than pages");
		return SEARCH_FAILED;
	}
	if (is_pages_node(dict))
		return first_page(r, dict, depth + 1, page, budget);
	page->dict = dict;
	page->n_nodes = depth + 1;
	return SEARCH_FOUND;
}

/* The first page in `node` (a /Pages node `depth` below the root), in the order of /Kids. */
static enum search first_page(struct pdfread *r, const struct pval *node, int depth,
                              struct page_path *page, int *budget)
{
	if (depth >= PDFREAD_MAX_PARENTS || --*budget < 0) {
		read_error(r, "the page tree is too deep or too large, or a loop");
		return SEARCH_FAILED;
	}
	const struct pval *kids;
	if (!get(r, node, "Kids", &kids))
		return SEARCH_FAILED;
	if (kids && kids->kind != PV_ARRAY && kids->kind != PV_NULL) {
		read_error(r, "a /Kids that is not an array");
		return SEARCH_FAILED;
	}
	page->nodes[depth] = node;
	for (guint i = 0; kids && kids->items && i < kids->items->len; i++) {
		enum search s =
		    visit_kid(r, g_ptr_array_index(kids->items, i), depth, page, budget);
		if (s != SEARCH_NONE)
			return s;
	}
	return SEARCH_NONE;
}

/* The value of `key` on the page or, as MediaBox, Resources and Rotate are inherited, on the
 * nearest /Pages node above it that has it; NULL if none has. Not resolved. */
static const struct pval *inherited(const struct page_path *page, const char *key)
{
	const struct pval *v = pdfread_dict_get(page->dict, key);
	for (int i = page->n_nodes - 1; i >= 0 && (!v || v->kind == PV_NULL); i--)
		v = pdfread_dict_get(page->nodes[i], key);
	return v && v->kind != PV_NULL ? v : NULL;
}

bool pdfread_first_page(struct pdfread *r, struct pdfread_page *page)
{
	const struct pval *catalog = NULL, *root = NULL;
	if (!find_catalog(r, &catalog) || !get(r, catalog, "Pages", &root))
		return false;
	if (!root || root->kind != PV_DICT)
		return read_error(r, "the catalog has no /Pages");
	struct page_path path = {0};
	int budget = PDFREAD_MAX_NODES;
	enum search s = first_page(r, root, 0, &path, &budget);
	if (s == SEARCH_NONE)
		return diag_set(r->d, r->name, 0, 0, "cannot import the PDF: it has no pages");
	if (s != SEARCH_FOUND)
		return false;
	*page = (struct pdfread_page){
	    .dict = path.dict,
	    .media_box = inherited(&path, "MediaBox"),
	    .resources = inherited(&path, "Resources"),
	    .rotate = inherited(&path, "Rotate"),
	};
	return true;
}
