#include "yread.h"

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* libyaml marks are 0-based; messages are 1-based. */
static int mark_line(yaml_mark_t m)
{
	return (int)m.line + 1;
}

static int mark_column(yaml_mark_t m)
{
	return (int)m.column + 1;
}

bool yread_file_contents(const char *file, size_t max, char **data, size_t *len, struct diag *d)
{
	FILE *f = fopen(file, "rb");
	if (!f)
		return diag_set(d, file, 0, 0, "cannot open: %s", g_strerror(errno));
	GString *buf = g_string_new(NULL);
	char chunk[16384];
	size_t n;
	bool ok = true;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf->len + n > max) {
			ok = diag_set(d, file, 0, 0, "file is larger than the limit of %zu bytes", max);
			break;
		}
		g_string_append_len(buf, chunk, (gssize)n);
	}
	if (ok && ferror(f))
		ok = diag_set(d, file, 0, 0, "cannot read: %s", g_strerror(errno));
	fclose(f);
	if (!ok) {
		g_string_free(buf, TRUE);
		return false;
	}
	*len = buf->len;
	*data = g_string_free(buf, FALSE);
	return true;
}

/* libyaml's reader (encoding) errors carry a byte offset, not a mark: count the lines. */
static yaml_mark_t mark_at_offset(const char *data, size_t len, size_t offset)
{
	yaml_mark_t m = {0};
	for (size_t i = 0; i < offset && i < len; i++) {
		if (data[i] == '\n') {
			m.line++;
			m.column = 0;
		} else {
			m.column++;
		}
	}
	return m;
}

static bool parser_failed(const yaml_parser_t *parser, const char *file, const char *data,
			  size_t len, struct diag *d)
{
	const char *problem = parser->problem ? parser->problem : "malformed YAML";
	if (parser->error == YAML_READER_ERROR) {
		yaml_mark_t m = mark_at_offset(data, len, parser->problem_offset);
		return diag_set(d, file, mark_line(m), mark_column(m), "YAML syntax error: %s", problem);
	}
	if (parser->context)
		return diag_set(d, file, mark_line(parser->problem_mark),
				mark_column(parser->problem_mark), "YAML syntax error: %s %s",
				problem, parser->context);
	return diag_set(d, file, mark_line(parser->problem_mark), mark_column(parser->problem_mark),
			"YAML syntax error: %s", problem);
}

/* The deepest nesting of sequences and mappings a file may have: ours need 4. libyaml's
 * scanner takes time quadratic in the depth (a 4 MB file of '[' ran for hours; 40,000 took
 * 4 s), so the event pass below stops at this depth, before the scanner gets far. */
#define YREAD_MAX_DEPTH 64

/* The document API resolves aliases silently into shared nodes; a data file has no use for
 * them and they open the door to "billion laughs" expansions, so an event pass refuses them
 * (and anchors) at their position before the document is built, and a second document,
 * which the document API would silently ignore, and nesting deeper than YREAD_MAX_DEPTH. */
static bool refuse_aliases(const char *file, const char *data, size_t len, struct diag *d)
{
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	bool ok = true, done = false;
	int documents = 0, depth = 0;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			ok = parser_failed(&parser, file, data, len, d);
			break;
		}
		const unsigned char *anchor = NULL;
		if (ev.type == YAML_ALIAS_EVENT)
			anchor = ev.data.alias.anchor;
		else if (ev.type == YAML_SCALAR_EVENT)
			anchor = ev.data.scalar.anchor;
		else if (ev.type == YAML_SEQUENCE_START_EVENT)
			anchor = ev.data.sequence_start.anchor;
		else if (ev.type == YAML_MAPPING_START_EVENT)
			anchor = ev.data.mapping_start.anchor;
		if (anchor)
			ok = diag_set(d, file, mark_line(ev.start_mark), mark_column(ev.start_mark),
				      "anchors and aliases (&%s, *%s) are not supported: write the value out",
				      (const char *)anchor, (const char *)anchor);
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		if (ok && depth > YREAD_MAX_DEPTH)
			ok = diag_set(d, file, mark_line(ev.start_mark), mark_column(ev.start_mark),
				      "nested more than %d levels deep", YREAD_MAX_DEPTH);
		/* The document API reads the first document only; a second would be lost. */
		if (ok && ev.type == YAML_DOCUMENT_START_EVENT && ++documents > 1)
			ok = diag_set(d, file, mark_line(ev.start_mark), mark_column(ev.start_mark),
				      "a second YAML document begins here: a file holds one document (remove the '---')");
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ok;
}

bool yread_open_buffer(struct yread *y, const char *name, const char *data, size_t len,
		       struct diag *d)
{
	*y = (struct yread){.diag = d};
	if (!refuse_aliases(name, data, len, d))
		return false;
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	bool ok = yaml_parser_load(&parser, &y->doc);
	if (!ok) {
		parser_failed(&parser, name, data, len, d);
	} else if (!yaml_document_get_root_node(&y->doc)) {
		yaml_document_delete(&y->doc);
		ok = diag_set(d, name, 1, 1, "the file is empty: expected a mapping");
	}
	yaml_parser_delete(&parser);
	if (!ok)
		return false;
	y->has_doc = true;
	y->file = g_strdup(name);
	return true;
}

bool yread_open(struct yread *y, const char *file, struct diag *d)
{
	char *data = NULL;
	size_t len = 0;
	*y = (struct yread){.diag = d};
	if (!yread_file_contents(file, YREAD_MAX_FILE_BYTES, &data, &len, d))
		return false;
	bool ok = yread_open_buffer(y, file, data, len, d);
	g_free(data);
	return ok;
}

void yread_finish(struct yread *y)
{
	if (y->has_doc)
		yaml_document_delete(&y->doc);
	g_free(y->file);
	*y = (struct yread){0};
}

yaml_node_t *yread_root(struct yread *y)
{
	return yaml_document_get_root_node(&y->doc);
}

static void ypath_append(GString *s, const struct ypath *p)
{
	if (!p)
		return;
	ypath_append(s, p->up);
	if (p->key) {
		if (s->len > 0)
			g_string_append_c(s, '.');
		g_string_append(s, p->key);
	} else {
		g_string_append_printf(s, "[%zu]", p->index);
	}
}

char *ypath_format(const struct ypath *p)
{
	GString *s = g_string_new(NULL);
	ypath_append(s, p);
	return g_string_free(s, FALSE);
}

bool yread_fail(struct yread *y, yaml_node_t *n, const struct ypath *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	char *path = ypath_format(p);
	int line = n ? mark_line(n->start_mark) : 0;
	int column = n ? mark_column(n->start_mark) : 0;
	if (path[0])
		diag_set_first(y->diag, y->file, line, column, "%s: %s", path, msg);
	else
		diag_set_first(y->diag, y->file, line, column, "%s", msg);
	g_free(path);
	g_free(msg);
	return false;
}

static bool is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)n->data.scalar.value;
	return !v[0] || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

static const char *node_kind(const yaml_node_t *n)
{
	if (is_null(n))
		return "nothing (null)";
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a string";
	case YAML_SEQUENCE_NODE:
		return "a sequence";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "an empty node";
	}
}

static const char *wanted_kind(yaml_node_type_t t)
{
	switch (t) {
	case YAML_SEQUENCE_NODE:
		return "a sequence";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "a string";
	}
}

bool yread_expect(struct yread *y, yaml_node_t *n, const struct ypath *p, yaml_node_type_t want)
{
	if (n->type == want && !is_null(n))
		return true;
	return yread_fail(y, n, p, "expected %s, found %s", wanted_kind(want), node_kind(n));
}

const char *yread_scalar(yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const struct yfield *find_field(const struct yfield *fields, const char *key)
{
	for (const struct yfield *f = fields; f->key; f++)
		if (!strcmp(f->key, key))
			return f;
	return NULL;
}

static char *field_names(const struct yfield *fields)
{
	GString *s = g_string_new(NULL);
	for (const struct yfield *f = fields; f->key; f++)
		g_string_append_printf(s, "%s%s", s->len ? ", " : "", f->key);
	return g_string_free(s, FALSE);
}

/* Refuses a key that appeared earlier in the same mapping: libyaml accepts them silently. */
static bool check_duplicate(struct yread *y, yaml_node_t *map, yaml_node_pair_t *pair,
			    const struct ypath *p)
{
	yaml_node_t *key = yaml_document_get_node(&y->doc, pair->key);
	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < pair; q++) {
		yaml_node_t *other = yaml_document_get_node(&y->doc, q->key);
		if (!strcmp(yread_scalar(other), yread_scalar(key)))
			return yread_fail(y, key, p, "duplicate key '%s' (first at line %d)",
					  yread_scalar(key), mark_line(other->start_mark));
	}
	return true;
}

static bool read_pair(struct yread *y, yaml_node_t *map, yaml_node_pair_t *pair,
		      const struct ypath *p, const struct yfield *fields, void *base)
{
	yaml_node_t *key = yaml_document_get_node(&y->doc, pair->key);
	if (key->type != YAML_SCALAR_NODE)
		return yread_fail(y, key, p, "expected a key (a string), found %s", node_kind(key));
	if (!check_duplicate(y, map, pair, p))
		return false;
	const struct yfield *f = find_field(fields, yread_scalar(key));
	if (!f) {
		char *names = field_names(fields);
		yread_fail(y, key, p, "unknown key '%s' (expected one of: %s)", yread_scalar(key),
			   names);
		g_free(names);
		return false;
	}
	struct ypath here = {.up = p, .key = f->key};
	yaml_node_t *value = yaml_document_get_node(&y->doc, pair->value);
	return f->read(y, value, &here, (char *)base + f->offset);
}

bool yread_map(struct yread *y, yaml_node_t *n, const struct ypath *p,
	       const struct yfield *fields, void *base)
{
	if (!yread_expect(y, n, p, YAML_MAPPING_NODE))
		return false;
	for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < n->data.mapping.pairs.top; q++)
		if (!read_pair(y, n, q, p, fields, base))
			return false;
	for (const struct yfield *f = fields; f->key; f++)
		if (f->required && !yread_get(y, n, f->key))
			return yread_fail(y, n, p, "missing required key '%s'", f->key);
	return true;
}

bool yread_seq(struct yread *y, yaml_node_t *n, const struct ypath *p, size_t elem_size,
	       size_t min, yread_fn read, void **items, size_t *count)
{
	if (!yread_expect(y, n, p, YAML_SEQUENCE_NODE))
		return false;
	size_t len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (len < min)
		return yread_fail(y, n, p, "expected at least %zu item%s, found %zu", min,
				  min == 1 ? "" : "s", len);
	*items = g_malloc0_n(len ? len : 1, elem_size);
	*count = len;
	for (size_t i = 0; i < len; i++) {
		struct ypath here = {.up = p, .index = i};
		yaml_node_t *item = yaml_document_get_node(&y->doc, n->data.sequence.items.start[i]);
		if (!read(y, item, &here, (char *)*items + i * elem_size))
			return false;
	}
	return true;
}

/* Text that holds only whitespace counts as empty. */
static bool is_blank(const char *s)
{
	/* Unicode white space too: a no-break space alone would print as an empty bullet. */
	for (; *s; s = g_utf8_next_char(s))
		if (!g_unichar_isspace(g_utf8_get_char(s)))
			return false;
	return true;
}

bool yread_string(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	const char *s = yread_scalar(n);
	if (is_blank(s))
		return yread_fail(y, n, p, "expected a non-empty string, found an empty one");
	char **out = dst;
	g_free(*out);
	*out = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	if (!*out)
		return yread_fail(y, n, p, "expected UTF-8 text");
	return true;
}

bool yread_length(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	if (!value_parse_length(yread_scalar(n), dst))
		return yread_fail(y, n, p, "expected a length with a unit (e.g. 12mm, 9.5pt, 1cm), found '%s'",
				  yread_scalar(n));
	return true;
}

bool yread_number(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	if (!value_parse_number(yread_scalar(n), dst))
		return yread_fail(y, n, p, "expected a number (e.g. 1.25), found '%s'",
				  yread_scalar(n));
	return true;
}

bool yread_count(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	double v;
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	if (!value_parse_number(yread_scalar(n), &v) || v != (int)v || v < 1 || v > 100)
		return yread_fail(y, n, p, "expected a whole number from 1 to 100, found '%s'",
				  yread_scalar(n));
	*(int *)dst = (int)v;
	return true;
}

bool yread_rgb(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	if (!value_parse_rgb(yread_scalar(n), dst))
		return yread_fail(y, n, p, "expected a colour as \"#RRGGBB\", found '%s'",
				  yread_scalar(n));
	return true;
}

bool yread_string_list(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	struct ylist *l = dst;
	return yread_seq(y, n, p, sizeof(char *), 1, yread_string, (void **)&l->items, &l->count);
}

void ylist_finish(struct ylist *l)
{
	for (size_t i = 0; i < l->count; i++)
		g_free(l->items[i]);
	g_free(l->items);
	*l = (struct ylist){0};
}

yaml_node_t *yread_get(struct yread *y, yaml_node_t *map, const char *key)
{
	if (map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < map->data.mapping.pairs.top;
	     q++) {
		const char *k = yread_scalar(yaml_document_get_node(&y->doc, q->key));
		if (k && !strcmp(k, key))
			return yaml_document_get_node(&y->doc, q->value);
	}
	return NULL;
}

bool yread_slug(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	if (!value_is_slug(yread_scalar(n)))
		return yread_fail(y, n, p,
				  "expected a name of lower-case letters, digits and '-' (e.g. tips-zij-instromers), found '%s'",
				  yread_scalar(n));
	char **out = dst;
	g_free(*out);
	*out = g_strdup(yread_scalar(n));
	return true;
}
