#include "load.h"

#include <glib.h>
#include <string.h>

#include "hyph.h"
#include "yread.h"

static bool read_section(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"id", true, yread_slug, offsetof(struct section, id)},
		{"heading", true, yread_string, offsetof(struct section, heading)},
		{"tips", true, yread_string_list, offsetof(struct section, tips)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_sections(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	struct section_list *l = dst;
	return yread_seq(y, n, p, sizeof(struct section), 1, read_section, (void **)&l->items,
			 &l->count);
}

static bool read_fields(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"tip", true, yread_slug, offsetof(struct checklist_fields, tip)},
		{"step", true, yread_slug, offsetof(struct checklist_fields, step)},
		{"date", true, yread_slug, offsetof(struct checklist_fields, date)},
		{"note", true, yread_slug, offsetof(struct checklist_fields, note)},
		{"name", true, yread_slug, offsetof(struct checklist_fields, name)},
		{"maatje", true, yread_slug, offsetof(struct checklist_fields, maatje)},
		{"contact", true, yread_slug, offsetof(struct checklist_fields, contact)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_checklist(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"section", true, yread_slug, offsetof(struct checklist, section)},
		{"title", true, yread_string, offsetof(struct checklist, title)},
		{"intro", false, yread_string, offsetof(struct checklist, intro)},
		{"name_label", true, yread_string, offsetof(struct checklist, name_label)},
		{"date_label", true, yread_string, offsetof(struct checklist, date_label)},
		{"notes_label", true, yread_string, offsetof(struct checklist, notes_label)},
		{"route_heading", true, yread_string, offsetof(struct checklist, route_heading)},
		{"maatje_label", true, yread_string, offsetof(struct checklist, maatje_label)},
		{"contact_label", true, yread_string, offsetof(struct checklist, contact_label)},
		{"school_label", true, yread_string, offsetof(struct checklist, school_label)},
		{"start_label", true, yread_string, offsetof(struct checklist, start_label)},
		{"fields", true, read_fields, offsetof(struct checklist, fields)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_names(struct yread *y, yaml_node_t *n, const struct ypath *p, struct ylist *l,
		       size_t want)
{
	if (!yread_string_list(y, n, p, l))
		return false;
	if (l->count != want)
		return yread_fail(y, n, p, "expected %zu names, found %zu", want, l->count);
	return true;
}

static bool read_months(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	return read_names(y, n, p, dst, 12);
}

static bool read_weekdays(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	return read_names(y, n, p, dst, 7);
}

static bool read_labels(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"evening", true, yread_string, offsetof(struct labels, evening)},
		{"signup", true, yread_string, offsetof(struct labels, signup)},
		{"scan", true, yread_string, offsetof(struct labels, scan)},
		{"loket", true, yread_string, offsetof(struct labels, loket)},
		{"members", true, yread_string, offsetof(struct labels, members)},
		{"continued", true, yread_string, offsetof(struct labels, continued)},
		{"overview", true, yread_string, offsetof(struct labels, overview)},
		{"months", true, read_months, offsetof(struct labels, months)},
		{"weekdays", true, read_weekdays, offsetof(struct labels, weekdays)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_lang(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_string(y, n, p, dst))
		return false;
	const char *s = *(char **)dst;
	size_t len = strlen(s);
	bool ok = len >= 2 && len <= 8;
	for (size_t i = 0; ok && i < len; i++)
		ok = g_ascii_isalpha(s[i]) || (i > 0 && s[i] == '-');
	if (!ok)
		return yread_fail(y, n, p, "expected a language tag such as 'nl', found '%s'", s);
	return true;
}

static bool read_exception(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_string(y, n, p, dst))
		return false;
	struct diag d = {0};
	bool ok = hyph_exception_valid(*(char **)dst, &d);
	if (!ok)
		yread_fail(y, n, p, "%s", d.message);
	diag_finish(&d);
	return ok;
}

bool load_hyphenation(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	struct ylist *l = dst;
	return yread_seq(y, n, p, sizeof(char *), 0, read_exception, (void **)&l->items, &l->count);
}

static const struct yfield factsheet_fields[] = {
	{"lang", true, read_lang, offsetof(struct factsheet, lang)},
	{"title", true, yread_string, offsetof(struct factsheet, title)},
	{"subtitle", false, yread_string, offsetof(struct factsheet, subtitle)},
	{"intro", false, yread_string, offsetof(struct factsheet, intro)},
	{"sections", true, read_sections, offsetof(struct factsheet, sections)},
	{"source", false, yread_string, offsetof(struct factsheet, source)},
	{"keywords", false, yread_string, offsetof(struct factsheet, keywords)},
	{"checklist", true, read_checklist, offsetof(struct factsheet, checklist)},
	{"labels", true, read_labels, offsetof(struct factsheet, labels)},
	{"route", true, yread_string_list, offsetof(struct factsheet, route)},
	{"hyphenation", false, load_hyphenation, offsetof(struct factsheet, hyphenation)},
	{"file_name", true, yread_slug, offsetof(struct factsheet, file_name)},
	{NULL, false, NULL, 0},
};

/* Checks that refer across the document: unique section ids, an existing checklist section. */
static bool check_references(struct yread *y, const struct factsheet *f)
{
	yaml_node_t *root = yread_root(y);
	yaml_node_t *sections = yread_get(y, root, "sections");
	struct ypath psections = {.key = "sections"};
	/* Each id with its index + 1: comparing every pair took seconds for the 100,000 sections
	 * a 4 MB file can hold (tests/malformed). */
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < f->sections.count; i++) {
		const char *id = f->sections.items[i].id;
		size_t j = GPOINTER_TO_SIZE(g_hash_table_lookup(seen, id));
		if (!j) {
			g_hash_table_insert(seen, (gpointer)id, GSIZE_TO_POINTER(i + 1));
			continue;
		}
		g_hash_table_destroy(seen);
		struct ypath pi = {.up = &psections, .index = i};
		struct ypath pid = {.up = &pi, .key = "id"};
		yaml_node_t *item = yaml_document_get_node(&y->doc, sections->data.sequence.items.start[i]);
		return yread_fail(y, yread_get(y, item, "id"), &pid,
				  "section id '%s' is used twice (also sections[%zu])", id, j - 1);
	}
	g_hash_table_destroy(seen);
	if (!model_find_section(f, f->checklist.section)) {
		struct ypath pc = {.key = "checklist"};
		struct ypath ps = {.up = &pc, .key = "section"};
		yaml_node_t *n = yread_get(y, yread_get(y, root, "checklist"), "section");
		return yread_fail(y, n, &ps, "no section has the id '%s'", f->checklist.section);
	}
	return true;
}

static bool load_from(struct yread *y, struct factsheet **out)
{
	struct factsheet *f = g_new0(struct factsheet, 1);
	bool ok = yread_map(y, yread_root(y), NULL, factsheet_fields, f) && check_references(y, f);
	if (!ok) {
		model_destroy(f);
		return false;
	}
	*out = f;
	return true;
}

bool load_factsheet(const char *file, struct factsheet **out, struct diag *d)
{
	struct yread y;
	if (!yread_open(&y, file, d))
		return false;
	bool ok = load_from(&y, out);
	yread_finish(&y);
	return ok;
}

bool load_factsheet_buffer(const char *name, const char *data, size_t len,
			   struct factsheet **out, struct diag *d)
{
	struct yread y;
	if (!yread_open_buffer(&y, name, data, len, d))
		return false;
	bool ok = load_from(&y, out);
	yread_finish(&y);
	return ok;
}
