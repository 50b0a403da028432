#include "svgdoc.h"

#include <stdbool.h>
#include <string.h>

/* cairo numbers ids (glyph0-1, surface5, clip3, ...) from process-wide counters, so the
 * same page gets other ids when something was drawn before it. Renumbering them in order of
 * first appearance makes the file depend on the page alone. */
struct renumber {
	GHashTable *names; /* old id -> new id */
	unsigned next;
};

static const char *new_name(struct renumber *r, const char *old)
{
	const char *known = g_hash_table_lookup(r->names, old);
	if (known)
		return known;
	char *name = g_strdup_printf("i%u", r->next++);
	g_hash_table_insert(r->names, g_strdup(old), name);
	return name;
}

static bool is_id_char(char c)
{
	return g_ascii_isalnum(c) || c == '_' || c == '-';
}

/* Appends the new name of the id starting at `p`; returns the end of the old one. */
static const char *rename_at(struct renumber *r, GString *out, const char *p)
{
	size_t len = 0;
	while (is_id_char(p[len]))
		len++;
	char *old = g_strndup(p, len);
	g_string_append(out, new_name(r, old));
	g_free(old);
	return p + len;
}

/* True if a '#' at `hash` starts a reference: href="#id or url(#id. */
static bool is_reference(const char *svg, const char *hash)
{
	static const char *const before[] = {"href=\"", "url("};
	for (size_t i = 0; i < G_N_ELEMENTS(before); i++) {
		size_t n = strlen(before[i]);
		if ((size_t)(hash - svg) >= n && !strncmp(hash - n, before[i], n))
			return true;
	}
	return false;
}

/* One pass, with the library's fast searches for the two things that name an id (id="
 * and #): the text between them is copied as it is, in bulk. */
static char *renumber_ids(const char *svg)
{
	struct renumber r = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free), 0};
	GString *out = g_string_sized_new(strlen(svg) + 64);
	const char *p = svg;
	const char *id = strstr(p, "id=\""), *hash = strchr(p, '#');
	while (id || hash) {
		bool is_id = id && (!hash || id < hash);
		const char *at = is_id ? id : hash;
		size_t skip = is_id ? 4 : 1;
		g_string_append_len(out, p, at - p + (gssize)skip);
		p = at + skip;
		/* "id=" must be the whole attribute name (not "grid="), "#" a reference. */
		if (is_id ? (at == svg || !is_id_char(at[-1])) : is_reference(svg, at))
			p = rename_at(&r, out, p);
		if (is_id)
			id = strstr(p, "id=\"");
		else
			hash = strchr(p, '#');
		if (id && id < p)
			id = strstr(p, "id=\"");
		if (hash && hash < p)
			hash = strchr(p, '#');
	}
	g_string_append(out, p);
	g_hash_table_destroy(r.names);
	return g_string_free(out, FALSE);
}

/* After the root element's opening tag: the accessible name and description. */
static char *add_title(const char *svg, const char *title, const char *desc, const char *lang)
{
	const char *root = strstr(svg, "<svg");
	const char *end = root ? strchr(root, '>') : NULL;
	if (!end)
		return g_strdup(svg);
	char *t = g_markup_printf_escaped("<title>%s</title>", title);
	char *dsc = desc ? g_markup_printf_escaped("<desc>%s</desc>", desc) : g_strdup("");
	char *attrs = g_markup_printf_escaped(" role=\"img\" xml:lang=\"%s\"", lang);
	char *out = g_strdup_printf("%.*s%s>\n%s%s%s", (int)(end - svg), svg, attrs, t, dsc, end + 1);
	g_free(t);
	g_free(dsc);
	g_free(attrs);
	return out;
}

void svgdoc_finish(GByteArray *svg, const char *title, const char *desc, const char *lang)
{
	g_byte_array_append(svg, (const guint8 *)"", 1); /* terminate, for the string functions */
	char *renamed = renumber_ids((const char *)svg->data);
	char *titled = add_title(renamed, title, desc, lang);
	g_byte_array_set_size(svg, 0);
	g_byte_array_append(svg, (const guint8 *)titled, (guint)strlen(titled));
	g_free(renamed);
	g_free(titled);
}
