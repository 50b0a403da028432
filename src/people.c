#include "people.h"

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "value.h"
#include "yread.h"

/* ---- the fields, shared by both formats ---- */

/* How a field's value is checked. */
enum people_kind {
	PEOPLE_KIND_LINE,  /* text on one line */
	PEOPLE_KIND_NOTES, /* text, line breaks allowed */
	PEOPLE_KIND_BODY,  /* a slug */
	PEOPLE_KIND_EMAIL, /* an e-mail address */
};

struct people_field {
	const char *dutch, *english; /* CSV column names; english is also the YAML key */
	size_t offset;               /* of the char * inside struct person */
	bool required;
	enum people_kind kind;
};

static const struct people_field people_fields[] = {
	{"naam", "name", offsetof(struct person, name), true, PEOPLE_KIND_LINE},
	{"bestuur", "body", offsetof(struct person, body), true, PEOPLE_KIND_BODY},
	{"e-mail", "email", offsetof(struct person, email), false, PEOPLE_KIND_EMAIL},
	{"school", "school", offsetof(struct person, school), false, PEOPLE_KIND_LINE},
	{"maatje", "buddy", offsetof(struct person, maatje), false, PEOPLE_KIND_LINE},
	{"contactpersoon", "contact", offsetof(struct person, contact), false, PEOPLE_KIND_LINE},
	{"startdatum", "start", offsetof(struct person, start_date), false, PEOPLE_KIND_LINE},
	{"notities", "notes", offsetof(struct person, notes), false, PEOPLE_KIND_NOTES},
};

#define PEOPLE_N_FIELDS (sizeof people_fields / sizeof people_fields[0])

static char **field_slot(struct person *p, const struct people_field *f)
{
	return (char **)((char *)p + f->offset);
}

/* One '@' with something before it, a domain with an inner '.', and nothing that cannot
 * stand unquoted in an address. Deliberately loose: the mail server has the last word. */
static bool looks_like_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	const char *domain = at + 1;
	size_t n = strlen(domain);
	if (n < 3 || domain[0] == '.' || domain[n - 1] == '.' || !strchr(domain, '.') ||
	    strstr(domain, ".."))
		return false;
	for (const char *q = s; *q; q++)
		if (g_ascii_isspace(*q) || strchr("\"'<>,;:()[]\\", *q))
			return false;
	return true;
}

/* NULL when the (trimmed, non-empty) value `s` suits `kind`; else the problem, which the
 * caller prefixes with the field and frees. */
static char *check_value(enum people_kind kind, const char *s)
{
	switch (kind) {
	case PEOPLE_KIND_BODY:
		if (!value_is_slug(s))
			return g_strdup_printf("expected the slug of a body (its file name without "
					       ".yaml, e.g. veldkers), found '%s'", s);
		return NULL;
	case PEOPLE_KIND_EMAIL:
		if (!looks_like_email(s))
			return g_strdup_printf("expected an e-mail address such as "
					       "naam@voorbeeld.nl, found '%s'", s);
		return NULL;
	case PEOPLE_KIND_LINE:
		if (strpbrk(s, "\r\n"))
			return g_strdup("expected one line, found a line break");
		return NULL;
	case PEOPLE_KIND_NOTES:
		return NULL;
	}
	return NULL;
}

/* `s` (valid UTF-8) without white space at either end, also U+00A0 NO-BREAK SPACE, which
 * spreadsheets keep from pasted text; as NFC. Caller frees. */
static char *clean_text(const char *s)
{
	const char *start = s;
	while (*start && g_unichar_isspace(g_utf8_get_char(start)))
		start = g_utf8_next_char(start);
	const char *end = start + strlen(start);
	while (end > start) {
		const char *prev = g_utf8_find_prev_char(start, end);
		if (!g_unichar_isspace(g_utf8_get_char(prev)))
			break;
		end = prev;
	}
	return g_utf8_normalize(start, end - start, G_NORMALIZE_NFC);
}

static void person_finish(struct person *p)
{
	for (size_t i = 0; i < PEOPLE_N_FIELDS; i++)
		g_free(*field_slot(p, &people_fields[i]));
	g_free(p->slug);
	*p = (struct person){0};
}

/* ---- slugs ---- */

/* Letters g_str_to_ascii leaves as '?', with what a reader would write instead. */
static const struct {
	gunichar c;
	const char *ascii;
} slug_letters[] = {
	{0x0131, "i"},  /* ı dotless i (Turkish) */
	{0x0110, "D"},  /* Đ (Vietnamese, Croatian) */
	{0x0111, "d"},  /* đ */
	{0x00D0, "D"},  /* Ð (Icelandic) */
	{0x00F0, "d"},  /* ð */
	{0x00DE, "Th"}, /* Þ */
	{0x00FE, "th"}, /* þ */
	{0x018F, "E"},  /* Ə (Azerbaijani) */
	{0x0259, "e"},  /* ə */
	{0x0126, "H"},  /* Ħ (Maltese) */
	{0x0127, "h"},  /* ħ */
};

/* `name` with the letters of slug_letters replaced, ready for g_str_to_ascii. */
static char *slug_prepare(const char *name)
{
	GString *s = g_string_new(NULL);
	for (const char *q = name; *q; q = g_utf8_next_char(q)) {
		gunichar c = g_utf8_get_char(q);
		const char *ascii = NULL;
		for (size_t i = 0; i < G_N_ELEMENTS(slug_letters) && !ascii; i++)
			if (slug_letters[i].c == c)
				ascii = slug_letters[i].ascii;
		if (ascii)
			g_string_append(s, ascii);
		else
			g_string_append_unichar(s, c);
	}
	return g_string_free(s, FALSE);
}

/* Cuts `s` to PEOPLE_SLUG_MAX bytes, before the word that does not fit when it can. */
static void slug_cap(GString *s)
{
	if (s->len <= PEOPLE_SLUG_MAX)
		return;
	size_t cut = PEOPLE_SLUG_MAX;
	if (s->str[cut] != '-') {
		const char *dash = g_strrstr_len(s->str, PEOPLE_SLUG_MAX, "-");
		if (dash)
			cut = (size_t)(dash - s->str);
	}
	g_string_truncate(s, cut);
	while (s->len > 0 && s->str[s->len - 1] == '-')
		g_string_truncate(s, s->len - 1);
}

char *people_slug(const char *name)
{
	char *prepared = slug_prepare(name);
	/* "C": the same result in every locale (a German one would turn ü into ue). */
	char *ascii = g_str_to_ascii(prepared, "C");
	GString *s = g_string_new(NULL);
	bool gap = false;
	for (const char *q = ascii; *q; q++) {
		char ch = g_ascii_tolower(*q);
		bool keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
		if (!keep) {
			gap = true;
			continue;
		}
		if (gap && s->len > 0)
			g_string_append_c(s, '-');
		g_string_append_c(s, ch);
		gap = false;
	}
	g_free(ascii);
	g_free(prepared);
	slug_cap(s);
	if (s->len == 0)
		g_string_assign(s, "persoon");
	return g_string_free(s, FALSE);
}

/* Gives every person a slug, unique within their body: the second "jan" becomes "jan-2".
 * Keys are "body/slug" (a body is a slug, so it holds no '/'); `next` remembers the next
 * suffix to try for each base, so that a thousand people of one name take linear time. */
static void assign_slugs(GArray *people)
{
	GHashTable *taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *next = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < people->len; i++) {
		struct person *p = &g_array_index(people, struct person, i);
		char *base = people_slug(p->name);
		char *base_key = g_strconcat(p->body, "/", base, NULL);
		unsigned n = GPOINTER_TO_UINT(g_hash_table_lookup(next, base_key));
		char *slug = g_strdup(base);
		char *key = g_strconcat(p->body, "/", slug, NULL);
		for (n = n ? n : 2; g_hash_table_contains(taken, key); n++) {
			g_free(slug);
			g_free(key);
			slug = g_strdup_printf("%s-%u", base, n);
			key = g_strconcat(p->body, "/", slug, NULL);
		}
		g_hash_table_add(taken, key);
		g_hash_table_replace(next, base_key, GUINT_TO_POINTER(n));
		g_free(base);
		p->slug = slug;
	}
	g_hash_table_destroy(next);
	g_hash_table_destroy(taken);
}

/* ---- errors ---- */

static void errors_add(GArray *errors, const char *file, int line, int column, const char *fmt,
		       ...) __attribute__((format(printf, 5, 6)));

static void errors_add(GArray *errors, const char *file, int line, int column, const char *fmt,
		       ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	struct diag d = {0};
	diag_set(&d, file, line, column, "%s", msg);
	g_free(msg);
	g_array_append_val(errors, d);
}

static void errors_free(GArray *errors)
{
	for (guint i = 0; i < errors->len; i++)
		diag_finish(&g_array_index(errors, struct diag, i));
	g_array_free(errors, TRUE);
}

static void people_array_free(GArray *people)
{
	for (guint i = 0; i < people->len; i++)
		person_finish(&g_array_index(people, struct person, i));
	g_array_free(people, TRUE);
}

/* ---- CSV: the syntax ---- */

struct csv {
	const char *data;
	size_t len, pos;
	int line; /* 1-based line of data[pos] */
	char sep;
};

/* How a field ended. */
enum csv_end { CSV_SEP, CSV_EOL, CSV_EOF, CSV_UNTERMINATED };

/* One record as read, before its fields mean anything. */
struct csv_row {
	GPtrArray *fields;   /* the first PEOPLE_MAX_COLUMNS + 1 fields, owned strings */
	size_t count;        /* every field, also those not kept */
	int line;            /* where the record starts */
	size_t start, end;   /* its bytes in the data */
	char *problem;       /* the first syntax problem, or NULL; owned */
	int problem_line;
	int unterminated_line; /* where the quote that never closes opens, or 0 */
};

/* Steps over "\r\n", "\n" or a lone "\r" (as old Mac spreadsheets wrote). */
static void csv_newline(struct csv *c)
{
	if (c->data[c->pos] == '\r' && c->pos + 1 < c->len && c->data[c->pos + 1] == '\n')
		c->pos++;
	c->pos++;
	c->line++;
}

/* Reads an unquoted field up to the separator or the end of the line. Quotes inside it are
 * plain text, as spreadsheets read them. */
static enum csv_end csv_read_plain(struct csv *c, GString *f)
{
	while (c->pos < c->len) {
		char ch = c->data[c->pos];
		if (ch == c->sep) {
			c->pos++;
			return CSV_SEP;
		}
		if (ch == '\n' || ch == '\r') {
			csv_newline(c);
			return CSV_EOL;
		}
		g_string_append_c(f, ch);
		c->pos++;
	}
	return CSV_EOF;
}

/* After a closing quote only blanks may come before the separator or the line end. */
static enum csv_end csv_after_quote(struct csv *c, struct csv_row *row)
{
	int line = c->line;
	GString *rest = g_string_new(NULL);
	enum csv_end end = csv_read_plain(c, rest);
	g_strstrip(rest->str);
	if (rest->str[0] && !row->problem) {
		row->problem = g_strdup_printf("text after the closing quote of a field ('%s'): "
					       "write \"\" for a quote inside quotes",
					       rest->str);
		row->problem_line = line;
	}
	g_string_free(rest, TRUE);
	return end;
}

/* Reads a quoted field; c->pos is at its opening quote. Line breaks inside it become "\n". */
static enum csv_end csv_read_quoted(struct csv *c, GString *f, struct csv_row *row)
{
	int open_line = c->line;
	c->pos++;
	while (c->pos < c->len) {
		char ch = c->data[c->pos];
		if (ch == '"' && c->pos + 1 < c->len && c->data[c->pos + 1] == '"') {
			g_string_append_c(f, '"');
			c->pos += 2;
		} else if (ch == '"') {
			c->pos++;
			return csv_after_quote(c, row);
		} else if (ch == '\n' || ch == '\r') {
			csv_newline(c);
			g_string_append_c(f, '\n');
		} else {
			g_string_append_c(f, ch);
			c->pos++;
		}
	}
	row->unterminated_line = open_line;
	return CSV_UNTERMINATED;
}

static void csv_row_finish(struct csv_row *row)
{
	if (row->fields)
		g_ptr_array_free(row->fields, TRUE);
	g_free(row->problem);
	*row = (struct csv_row){0};
}

/* Reads the record at c->pos (which is before the end). False when a quote never closes. */
static bool csv_read_row(struct csv *c, struct csv_row *row)
{
	*row = (struct csv_row){.fields = g_ptr_array_new_with_free_func(g_free),
				.line = c->line, .start = c->pos};
	GString *f = g_string_new(NULL);
	enum csv_end end;
	do {
		g_string_truncate(f, 0);
		if (c->pos < c->len && c->data[c->pos] == '"')
			end = csv_read_quoted(c, f, row);
		else
			end = csv_read_plain(c, f);
		if (end == CSV_UNTERMINATED)
			break;
		/* Keep one more than a header may have, so that memory stays bounded. */
		if (row->fields->len <= PEOPLE_MAX_COLUMNS)
			g_ptr_array_add(row->fields, g_strndup(f->str, f->len));
		row->count++;
	} while (end == CSV_SEP);
	g_string_free(f, TRUE);
	row->end = c->pos;
	return end != CSV_UNTERMINATED;
}

/* True when every field holds only blanks: a blank line, or ";;;;" from an empty sheet row. */
static bool csv_row_is_blank(const struct csv_row *row)
{
	if (row->problem)
		return false;
	for (guint i = 0; i < row->fields->len; i++)
		for (const char *q = row->fields->pdata[i]; *q; q++)
			if (!g_ascii_isspace(*q))
				return false;
	return true;
}

/* The line of the first byte of the row that is not UTF-8, or 0 when all of it is. */
static int csv_row_bad_utf8_line(const struct csv *c, const struct csv_row *row)
{
	const char *start = c->data + row->start, *bad = NULL;
	if (g_utf8_validate_len(start, row->end - row->start, &bad))
		return 0;
	int line = row->line;
	for (const char *q = start; q < bad; q++)
		if (*q == '\n' || (*q == '\r' && q[1] != '\n')) /* q + 1 <= bad: readable */
			line++;
	return line;
}

/* ---- CSV: the header ---- */

struct csv_columns {
	const struct people_field *field[PEOPLE_MAX_COLUMNS];
	char *name[PEOPLE_MAX_COLUMNS]; /* as written, trimmed and lower-cased; owned */
	size_t count;
};

static void csv_columns_finish(struct csv_columns *cols)
{
	for (size_t i = 0; i < cols->count; i++)
		g_free(cols->name[i]);
	*cols = (struct csv_columns){0};
}

static const struct people_field *find_column(const char *name)
{
	for (size_t i = 0; i < PEOPLE_N_FIELDS; i++)
	{
		const struct people_field *f = &people_fields[i];
		if (!strcmp(f->dutch, name) || !strcmp(f->english, name))
			return f;
	}
	return NULL;
}

static char *column_names(void)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < PEOPLE_N_FIELDS; i++) {
		const struct people_field *f = &people_fields[i];
		g_string_append_printf(s, "%s%s", i ? ", " : "", f->dutch);
		if (strcmp(f->dutch, f->english))
			g_string_append_printf(s, "|%s", f->english);
	}
	return g_string_free(s, FALSE);
}

/* Steps over a UTF-8 byte order mark and any blank lines before the header. */
static void csv_skip_preamble(struct csv *c)
{
	if (c->len >= 3 && !memcmp(c->data, "\xEF\xBB\xBF", 3))
		c->pos = 3;
	for (;;) {
		size_t q = c->pos;
		while (q < c->len && (c->data[q] == ' ' || c->data[q] == '\t'))
			q++;
		if (q >= c->len) {
			c->pos = c->len;
			return;
		}
		if (c->data[q] != '\n' && c->data[q] != '\r')
			return;
		c->pos = q;
		csv_newline(c);
	}
}

/* ';' or ',': whichever the header line has more of outside quotes (';' on a tie, as Dutch
 * spreadsheets write it). */
static bool csv_detect_separator(struct csv *c, const char *file, struct diag *fatal)
{
	size_t semicolons = 0, commas = 0;
	bool quoted = false;
	for (size_t q = c->pos; q < c->len; q++) {
		char ch = c->data[q];
		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && (ch == '\n' || ch == '\r'))
			break;
		else if (!quoted && ch == ';')
			semicolons++;
		else if (!quoted && ch == ',')
			commas++;
	}
	/* A quote that never closes: reading the header reports it with its line. */
	if (semicolons == 0 && commas == 0 && !quoted)
		return diag_set(fatal, file, c->line, 0,
				"expected a header line with the column names separated by ';' or "
				"',' (naam;bestuur;...), found no separator");
	c->sep = semicolons >= commas ? ';' : ',';
	return true;
}

/* Names column `i` of the header, refusing unknown and repeated names. */
static bool csv_add_column(struct csv_columns *cols, const char *raw, const char *file, int line,
			   struct diag *fatal)
{
	char *trimmed = g_strstrip(g_strdup(raw));
	char *name = g_utf8_strdown(trimmed, -1);
	g_free(trimmed);
	size_t i = cols->count;
	const struct people_field *f = find_column(name);
	bool ok = true;
	if (!name[0]) {
		ok = diag_set(fatal, file, line, 0, "column %zu of the header has no name", i + 1);
	} else if (!f) {
		char *names = column_names();
		ok = diag_set(fatal, file, line, 0, "unknown column '%s' (expected: %s)", name,
			      names);
		g_free(names);
	}
	for (size_t j = 0; ok && j < i; j++)
		if (cols->field[j] == f)
			ok = diag_set(fatal, file, line, 0,
				      "duplicate column '%s': column %zu ('%s') already holds the "
				      "%s", name, j + 1, cols->name[j], f->english);
	if (!ok) {
		g_free(name);
		return false;
	}
	cols->field[i] = f;
	cols->name[i] = name;
	cols->count++;
	return true;
}

static bool csv_check_required(const struct csv_columns *cols, const char *file, int line,
			       struct diag *fatal)
{
	for (size_t i = 0; i < PEOPLE_N_FIELDS; i++) {
		const struct people_field *f = &people_fields[i];
		bool found = false;
		for (size_t j = 0; j < cols->count; j++)
			found = found || cols->field[j] == f;
		if (f->required && !found)
			return diag_set(fatal, file, line, 0,
					"missing required column '%s' (or '%s')", f->dutch,
					f->english);
	}
	return true;
}

/* Reads the header row into `cols`. */
static bool csv_read_header(struct csv *c, const char *file, struct csv_columns *cols,
			    struct diag *fatal)
{
	struct csv_row row;
	bool ok = csv_read_row(c, &row);
	if (!ok)
		ok = diag_set(fatal, file, row.unterminated_line, 0,
			      "unterminated quoted field: the quote opened on this line is never "
			      "closed");
	else if (row.count > PEOPLE_MAX_COLUMNS)
		ok = diag_set(fatal, file, row.line, 0, "the header has %zu columns, more than "
			      "the limit of %d", row.count, PEOPLE_MAX_COLUMNS);
	else if (csv_row_bad_utf8_line(c, &row) > 0)
		ok = diag_set(fatal, file, csv_row_bad_utf8_line(c, &row), 0,
			      "invalid UTF-8 text: save the file as \"CSV UTF-8\"");
	else if (row.problem)
		ok = diag_set(fatal, file, row.problem_line, 0, "%s", row.problem);
	for (guint i = 0; ok && i < row.fields->len; i++)
		ok = csv_add_column(cols, row.fields->pdata[i], file, row.line, fatal);
	if (ok)
		ok = csv_check_required(cols, file, row.line, fatal);
	csv_row_finish(&row);
	return ok;
}

/* ---- CSV: records into people ---- */

/* Stores the fields of a well-formed row in `p`; on a problem returns its message. */
static char *csv_row_person(const struct csv_columns *cols, const struct csv_row *row,
			    struct person *p)
{
	for (size_t i = 0; i < cols->count; i++) {
		const struct people_field *f = cols->field[i];
		char *text = clean_text(row->fields->pdata[i]);
		if (!text[0]) {
			g_free(text);
			continue;
		}
		*field_slot(p, f) = text;
		char *problem = check_value(f->kind, text);
		if (problem) {
			char *msg = g_strdup_printf("%s: %s", cols->name[i], problem);
			g_free(problem);
			return msg;
		}
	}
	for (size_t i = 0; i < cols->count; i++)
		if (cols->field[i]->required && !*field_slot(p, cols->field[i]))
			return g_strdup_printf("%s is empty", cols->name[i]);
	return NULL;
}

/* Turns one non-blank row into a person, or into an error for `errors`. */
static void csv_take_row(const struct csv *c, const char *file, const struct csv_columns *cols,
			 const struct csv_row *row, GArray *people, GArray *errors)
{
	int bad_line = csv_row_bad_utf8_line(c, row);
	if (bad_line) {
		errors_add(errors, file, bad_line, 0,
			   "invalid UTF-8 text: save the file as \"CSV UTF-8\"");
		return;
	}
	if (row->problem) {
		errors_add(errors, file, row->problem_line, 0, "%s", row->problem);
		return;
	}
	if (row->count != cols->count) {
		errors_add(errors, file, row->line, 0, "expected %zu fields, found %zu",
			   cols->count, row->count);
		return;
	}
	struct person p = {.line = row->line};
	char *problem = csv_row_person(cols, row, &p);
	if (problem) {
		errors_add(errors, file, row->line, 0, "%s", problem);
		g_free(problem);
		person_finish(&p);
		return;
	}
	g_array_append_val(people, p);
}

static bool csv_read_records(struct csv *c, const char *file, const struct csv_columns *cols,
			     GArray *people, GArray *errors, struct diag *fatal)
{
	size_t records = 0;
	bool ok = true;
	while (ok && c->pos < c->len) {
		struct csv_row row;
		if (!csv_read_row(c, &row)) {
			ok = diag_set(fatal, file, row.unterminated_line, 0,
				      "unterminated quoted field: the quote opened on this line "
				      "is never closed");
		} else if (!csv_row_is_blank(&row)) {
			records++;
			if (records > PEOPLE_MAX_RECORDS)
				ok = diag_set(fatal, file, row.line, 0,
					      "more than %d people in one file: split it",
					      PEOPLE_MAX_RECORDS);
			else
				csv_take_row(c, file, cols, &row, people, errors);
		}
		csv_row_finish(&row);
	}
	return ok;
}

static bool load_csv(const char *file, const char *data, size_t len, GArray *people,
		     GArray *errors, struct diag *fatal)
{
	struct csv c = {.data = data, .len = len, .line = 1};
	csv_skip_preamble(&c);
	if (c.pos >= c.len)
		return diag_set(fatal, file, 0, 0,
				"the file is empty: expected a header line with the column names "
				"(naam;bestuur;...)");
	if (!csv_detect_separator(&c, file, fatal))
		return false;
	struct csv_columns cols = {0};
	bool ok = csv_read_header(&c, file, &cols, fatal) &&
		  csv_read_records(&c, file, &cols, people, errors, fatal);
	csv_columns_finish(&cols);
	return ok;
}

/* ---- YAML ---- */

/* A YAML null ("notes:", "notes: ~"): for an optional key, the same as leaving it out. */
static bool yaml_is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *s = (const char *)n->data.scalar.value;
	return !s[0] || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

/* Reads text that suits `kind` into the char * at `dst`. An optional value may be null or
 * blank, which leaves it NULL. */
static bool yaml_read_text(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst,
			   enum people_kind kind, bool required)
{
	if (!required && yaml_is_null(n))
		return true;
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	char *s = clean_text(yread_scalar(n)); /* libyaml has checked the UTF-8 */
	char *problem = s[0] ? check_value(kind, s) : NULL;
	bool ok = (s[0] || !required) && !problem;
	if (!s[0] && required)
		yread_fail(y, n, p, "expected a non-empty string, found an empty one");
	else if (problem)
		yread_fail(y, n, p, "%s", problem);
	if (ok && s[0]) {
		char **out = dst;
		g_free(*out);
		*out = s;
	} else {
		g_free(s);
	}
	g_free(problem);
	return ok;
}

static bool yaml_read_name(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	return yaml_read_text(y, n, p, dst, PEOPLE_KIND_LINE, true);
}

static bool yaml_read_body(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	return yaml_read_text(y, n, p, dst, PEOPLE_KIND_BODY, true);
}

static bool yaml_read_email(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	return yaml_read_text(y, n, p, dst, PEOPLE_KIND_EMAIL, false);
}

static bool yaml_read_line(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	return yaml_read_text(y, n, p, dst, PEOPLE_KIND_LINE, false);
}

static bool yaml_read_notes(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	return yaml_read_text(y, n, p, dst, PEOPLE_KIND_NOTES, false);
}

static const struct yfield person_fields[] = {
	{"name", true, yaml_read_name, offsetof(struct person, name)},
	{"body", true, yaml_read_body, offsetof(struct person, body)},
	{"email", false, yaml_read_email, offsetof(struct person, email)},
	{"school", false, yaml_read_line, offsetof(struct person, school)},
	{"maatje", false, yaml_read_line, offsetof(struct person, maatje)},
	{"contact", false, yaml_read_line, offsetof(struct person, contact)},
	{"start", false, yaml_read_line, offsetof(struct person, start_date)},
	{"notes", false, yaml_read_notes, offsetof(struct person, notes)},
	{NULL, false, NULL, 0},
};

/* Reads item `i` of the list into `people`, or its first problem into `errors`. yread keeps
 * the first error of its diag, so each record gets a diag of its own. */
static void yaml_take_item(struct yread *y, yaml_node_t *item, size_t i, GArray *people,
			   GArray *errors)
{
	struct diag *whole = y->diag;
	struct diag d = {0};
	struct ypath here = {.index = i};
	struct person p = {
		.line = (int)item->start_mark.line + 1,
		.column = (int)item->start_mark.column + 1,
	};
	y->diag = &d;
	if (yread_map(y, item, &here, person_fields, &p)) {
		g_array_append_val(people, p);
	} else {
		person_finish(&p);
		g_array_append_val(errors, d);
	}
	y->diag = whole;
}

static bool load_yaml(const char *file, const char *data, size_t len, GArray *people,
		      GArray *errors, struct diag *fatal)
{
	struct yread y;
	if (!yread_open_buffer(&y, file, data, len, fatal))
		return false;
	yaml_node_t *root = yread_root(&y);
	bool ok = yread_expect(&y, root, NULL, YAML_SEQUENCE_NODE);
	yaml_node_item_t *items = ok ? root->data.sequence.items.start : NULL;
	size_t n = ok ? (size_t)(root->data.sequence.items.top - items) : 0;
	if (n > PEOPLE_MAX_RECORDS)
		ok = yread_fail(&y, root, NULL, "more than %d people in one file: split it",
				PEOPLE_MAX_RECORDS);
	for (size_t i = 0; ok && i < n; i++) {
		yaml_take_item(&y, yaml_document_get_node(&y.doc, items[i]), i, people, errors);
	}
	yread_finish(&y);
	return ok;
}

/* ---- the file ---- */

enum people_format { PEOPLE_CSV, PEOPLE_YAML };

static bool people_format_of(const char *file, enum people_format *out, struct diag *fatal)
{
	const char *dot = strrchr(file, '.');
	const char *slash = strrchr(file, '/');
	if (dot && (!slash || dot > slash)) {
		if (!g_ascii_strcasecmp(dot, ".csv")) {
			*out = PEOPLE_CSV;
			return true;
		}
		if (!g_ascii_strcasecmp(dot, ".yaml") || !g_ascii_strcasecmp(dot, ".yml")) {
			*out = PEOPLE_YAML;
			return true;
		}
	}
	return diag_set(fatal, file, 0, 0,
			"expected a list of people in a .csv, .yaml or .yml file");
}

/* Moves the new record errors onto the end of the caller's list. */
static void errors_hand_over(GArray *errors, struct people_errors *out)
{
	if (errors->len == 0) {
		g_array_free(errors, TRUE);
		return;
	}
	out->items = g_renew(struct diag, out->items, out->count + errors->len);
	memcpy(out->items + out->count, errors->data, errors->len * sizeof(struct diag));
	out->count += errors->len;
	g_array_free(errors, TRUE); /* the diags' strings now belong to `out` */
}

bool people_load(const char *file, struct people **out, struct people_errors *errors,
		 struct diag *fatal)
{
	enum people_format format = PEOPLE_CSV;
	char *data = NULL;
	size_t len = 0;
	if (!people_format_of(file, &format, fatal) ||
	    !yread_file_contents(file, PEOPLE_MAX_FILE_BYTES, &data, &len, fatal))
		return false;
	GArray *people = g_array_new(FALSE, TRUE, sizeof(struct person));
	GArray *new_errors = g_array_new(FALSE, TRUE, sizeof(struct diag));
	bool ok = format == PEOPLE_CSV ? load_csv(file, data, len, people, new_errors, fatal)
				       : load_yaml(file, data, len, people, new_errors, fatal);
	g_free(data);
	if (!ok) {
		people_array_free(people);
		errors_free(new_errors);
		return false;
	}
	assign_slugs(people);
	struct people *p = g_new0(struct people, 1);
	p->count = people->len;
	p->items = (struct person *)g_array_free(people, FALSE);
	errors_hand_over(new_errors, errors);
	*out = p;
	return true;
}

void people_destroy(struct people *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->count; i++)
		person_finish(&p->items[i]);
	g_free(p->items);
	g_free(p);
}

void people_errors_finish(struct people_errors *e)
{
	for (size_t i = 0; i < e->count; i++)
		diag_finish(&e->items[i]);
	g_free(e->items);
	*e = (struct people_errors){0};
}
