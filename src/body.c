#include "body.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "yread.h"

bool body_parse_date(const char *s, struct body_date *out)
{
	/* Exactly YYYY-MM-DD, digits only: sscanf alone would take "2027-+1-14". */
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !g_ascii_isdigit(s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (!g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y))
		return false;
	*out = (struct body_date){y, m, d};
	return true;
}

int body_date_compare(const struct body_date *a, const struct body_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

int body_date_weekday(const struct body_date *d)
{
	GDate date;
	g_date_clear(&date, 1);
	g_date_set_dmy(&date, (GDateDay)d->day, (GDateMonth)d->month, (GDateYear)d->year);
	return (int)g_date_get_weekday(&date) - G_DATE_MONDAY;
}

static bool read_kind(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	const char *v = yread_scalar(n);
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	if (!strcmp(v, "bestuur"))
		*(enum body_kind *)dst = BODY_BESTUUR;
	else if (!strcmp(v, "regio"))
		*(enum body_kind *)dst = BODY_REGIO;
	else
		return yread_fail(y, n, p, "expected one of bestuur, regio, found '%s'", v);
	return true;
}

static bool read_url(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_string(y, n, p, dst))
		return false;
	const char *s = *(char **)dst;
	const char *host = g_str_has_prefix(s, "https://") ? s + 8
			   : g_str_has_prefix(s, "http://") ? s + 7
							    : NULL;
	/* A host of at least "x.y" after the scheme. */
	bool has_host = host && host[0] && host[0] != '/' && strchr(host, '.') &&
			strchr(host, '.') < (strchr(host, '/') ? strchr(host, '/') : host + strlen(host));
	if (!has_host || strpbrk(s, " \t\n'\"<>") || strlen(s) > 512)
		return yread_fail(y, n, p, "expected a web address starting with https://, found '%s'", s);
	return true;
}

static bool read_email(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_string(y, n, p, dst))
		return false;
	const char *s = *(char **)dst, *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || strpbrk(s, " \t\n'\"<>:/"))
		return yread_fail(y, n, p, "expected an e-mail address such as naam@voorbeeld.nl, found '%s'", s);
	return true;
}

static bool read_date(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	if (!body_parse_date(yread_scalar(n), dst))
		return yread_fail(y, n, p, "expected a date as YYYY-MM-DD, found '%s'", yread_scalar(n));
	return true;
}

static bool read_colors(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"primary", true, yread_rgb, offsetof(struct body_colors, primary)},
		{"accent", true, yread_rgb, offsetof(struct body_colors, accent)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_logo(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"file", true, yread_string, offsetof(struct body_logo_ref, file)},
		{"alt", true, yread_string, offsetof(struct body_logo_ref, alt)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_contact(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"organisation", false, yread_string, offsetof(struct body_contact, organisation)},
		{"address", false, yread_string, offsetof(struct body_contact, address)},
		{"phone", false, yread_string, offsetof(struct body_contact, phone)},
		{"email", false, read_email, offsetof(struct body_contact, email)},
		{"website", false, read_url, offsetof(struct body_contact, website)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_loket(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"name", true, yread_string, offsetof(struct body_loket, name)},
		{"contact", true, yread_string, offsetof(struct body_loket, contact)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_evening(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"date", true, read_date, offsetof(struct body_evening, date)},
		{"time", true, yread_string, offsetof(struct body_evening, time)},
		{"place", true, yread_string, offsetof(struct body_evening, place)},
		{"signup", false, read_url, offsetof(struct body_evening, signup)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_evenings(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	struct body_evening_list *l = dst;
	return yread_seq(y, n, p, sizeof(struct body_evening), 0, read_evening, (void **)&l->items,
			 &l->count);
}

static bool read_local(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"heading", true, yread_string, offsetof(struct section, heading)},
		{"tips", true, yread_string_list, offsetof(struct section, tips)},
		{NULL, false, NULL, 0},
	};
	struct section *s = dst;
	if (!yread_map(y, n, p, fields, s))
		return false;
	s->id = g_strdup("local");
	return true;
}

static bool read_member(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	struct body_member *m = dst;
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	if (!value_is_slug(yread_scalar(n)))
		return yread_fail(y, n, p, "expected the slug of a member board (its file name without .yaml), found '%s'",
				  yread_scalar(n));
	m->slug = g_strdup(yread_scalar(n));
	m->line = (int)n->start_mark.line + 1;
	m->column = (int)n->start_mark.column + 1;
	return true;
}

static bool read_members(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	struct body_member_list *l = dst;
	return yread_seq(y, n, p, sizeof(struct body_member), 1, read_member, (void **)&l->items,
			 &l->count);
}

static const struct yfield body_fields[] = {
	{"name", true, yread_string, offsetof(struct body, name)},
	{"kind", true, read_kind, offsetof(struct body, kind)},
	{"colors", true, read_colors, offsetof(struct body, colors)},
	{"logo", false, read_logo, offsetof(struct body, logo_ref)},
	{"font", false, yread_string, offsetof(struct body, font)},
	{"contact", true, read_contact, offsetof(struct body, contact)},
	{"loket", false, read_loket, offsetof(struct body, loket)},
	{"evenings", false, read_evenings, offsetof(struct body, evenings)},
	{"local_section", false, read_local, offsetof(struct body, local)},
	{"members", false, read_members, offsetof(struct body, members)},
	{"route", false, yread_string_list, offsetof(struct body, route)},
	{"hyphenation", false, load_hyphenation, offsetof(struct body, hyphenation)},
	{NULL, false, NULL, 0},
};

/* Rules between fields: members belong to a region only. */
static bool check_body(struct yread *y, const struct body *b)
{
	if (b->members.count && b->kind != BODY_REGIO) {
		struct ypath p = {.key = "members"};
		return yread_fail(y, yread_get(y, yread_root(y), "members"), &p,
				  "only a body of kind 'regio' lists member boards");
	}
	return true;
}

/* Decodes the logo named in the file: a relative path from the body file's folder, an
 * absolute one as it is (g_build_filename would have put it under the folder). */
static bool load_logo(struct yread *y, struct body *b)
{
	if (!b->logo_ref.file)
		return true;
	char *dir = g_path_get_dirname(b->file);
	char *path = g_path_is_absolute(b->logo_ref.file) ? g_strdup(b->logo_ref.file)
							   : g_build_filename(dir, b->logo_ref.file, NULL);
	struct diag inner = {0};
	bool ok = logo_load(path, &b->logo, &inner);
	if (!ok) {
		struct ypath pl = {.key = "logo"}, pf = {.up = &pl, .key = "file"};
		yread_fail(y, yread_get(y, yread_get(y, yread_root(y), "logo"), "file"), &pf,
			   "%s: %s", path, inner.message);
	}
	diag_finish(&inner);
	g_free(path);
	g_free(dir);
	return ok;
}

static char *slug_of(const char *file)
{
	char *base = g_path_get_basename(file);
	if (!g_str_has_suffix(base, ".yaml")) {
		g_free(base);
		return NULL;
	}
	base[strlen(base) - 5] = '\0';
	if (!value_is_slug(base)) {
		g_free(base);
		return NULL;
	}
	return base;
}

bool body_load(const char *file, struct body **out, struct diag *d)
{
	char *slug = slug_of(file);
	if (!slug)
		return diag_set(d, file, 0, 0,
				"a body file is named <slug>.yaml, with a slug of lower-case letters, digits and '-'");
	struct yread y;
	if (!yread_open(&y, file, d)) {
		g_free(slug);
		return false;
	}
	struct body *b = g_new0(struct body, 1);
	b->slug = slug;
	b->file = g_strdup(file);
	bool ok = yread_map(&y, yread_root(&y), NULL, body_fields, b) && check_body(&y, b) &&
		  load_logo(&y, b);
	yread_finish(&y);
	if (!ok) {
		body_destroy(b);
		return false;
	}
	*out = b;
	return true;
}

static void free_contact(struct body_contact *c)
{
	g_free(c->organisation);
	g_free(c->address);
	g_free(c->phone);
	g_free(c->email);
	g_free(c->website);
}

void body_destroy(struct body *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->evenings.count; i++) {
		g_free(b->evenings.items[i].time);
		g_free(b->evenings.items[i].place);
		g_free(b->evenings.items[i].signup);
	}
	g_free(b->evenings.items);
	for (size_t i = 0; i < b->members.count; i++)
		g_free(b->members.items[i].slug);
	g_free(b->members.items);
	free_contact(&b->contact);
	g_free(b->loket.name);
	g_free(b->loket.contact);
	model_section_finish(&b->local);
	ylist_finish(&b->route);
	ylist_finish(&b->hyphenation);
	g_free(b->logo_ref.file);
	g_free(b->logo_ref.alt);
	logo_destroy(b->logo);
	g_free(b->font);
	g_free(b->name);
	g_free(b->file);
	g_free(b->slug);
	g_free(b);
}

const struct body_evening *body_next_evening(const struct body *b, const struct body_date *today)
{
	const struct body_evening *next = NULL;
	for (size_t i = 0; i < b->evenings.count; i++) {
		const struct body_evening *e = &b->evenings.items[i];
		if (body_date_compare(&e->date, today) >= 0 &&
		    (!next || body_date_compare(&e->date, &next->date) < 0))
			next = e;
	}
	return next;
}

const char *body_qr_url(const struct body *b, const struct body_evening *next)
{
	if (next && next->signup)
		return next->signup;
	return b->contact.website;
}
