#include "spec.h"

#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "yread.h"

static const char *const colour_names[SPEC_COLOUR_COUNT] = {
	"primary",    "accent",     "ink",          "muted",         "paper",
	"tint",       "on_primary", "primary_text", "primary_light",
};

static const char *const role_names[SPEC_ROLE_COUNT] = {
	"header_band", "title",   "subtitle", "intro", "box_fill", "heading_band", "heading",
	"bullet",      "body",    "note",     "rule",  "checkbox", "line",         "label",
	"footer_band", "contact", "qr", "continued_band", "continued_heading",
};

static bool read_choice(struct yread *y, yaml_node_t *n, const struct ypath *p,
			const char *const *names, size_t count, int *out)
{
	if (!yread_expect(y, n, p, YAML_SCALAR_NODE))
		return false;
	for (size_t i = 0; i < count; i++) {
		if (!strcmp(yread_scalar(n), names[i])) {
			*out = (int)i;
			return true;
		}
	}
	GString *valid = g_string_new(NULL);
	for (size_t i = 0; i < count; i++)
		g_string_append_printf(valid, "%s%s", i ? ", " : "", names[i]);
	yread_fail(y, n, p, "expected one of %s, found '%s'", valid->str, yread_scalar(n));
	g_string_free(valid, TRUE);
	return false;
}

static bool read_weight(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const char *const names[] = {"regular", "semibold", "bold"};
	int v;
	if (!read_choice(y, n, p, names, G_N_ELEMENTS(names), &v))
		return false;
	*(enum spec_weight *)dst = (enum spec_weight)v;
	return true;
}

static bool read_italic(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const char *const names[] = {"normal", "italic"};
	int v;
	if (!read_choice(y, n, p, names, G_N_ELEMENTS(names), &v))
		return false;
	*(bool *)dst = v == 1;
	return true;
}

static bool read_line_height(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_number(y, n, p, dst))
		return false;
	double v = *(double *)dst;
	if (v < 0.8 || v > 3.0)
		return yread_fail(y, n, p, "expected a line height from 0.8 to 3.0, found %s",
				  yread_scalar(n));
	return true;
}

static bool read_type(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"size", true, yread_length, offsetof(struct spec_type, size)},
		{"line_height", true, read_line_height, offsetof(struct spec_type, line_height)},
		{"weight", false, read_weight, offsetof(struct spec_type, weight)},
		{"style", false, read_italic, offsetof(struct spec_type, italic)},
		{NULL, false, NULL, 0},
	};
	struct spec_type *t = dst;
	if (!yread_map(y, n, p, fields, t))
		return false;
	if (t->size < 4.0 || t->size > 200.0)
		return yread_fail(y, yread_get(y, n, "size"), p,
				  "expected a type size from 4pt to 200pt");
	return true;
}

static bool read_types(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"title", true, read_type, offsetof(struct spec_types, title)},
		{"subtitle", true, read_type, offsetof(struct spec_types, subtitle)},
		{"intro", true, read_type, offsetof(struct spec_types, intro)},
		{"heading", true, read_type, offsetof(struct spec_types, heading)},
		{"body", true, read_type, offsetof(struct spec_types, body)},
		{"note", true, read_type, offsetof(struct spec_types, note)},
		{"label", true, read_type, offsetof(struct spec_types, label)},
		{"small", true, read_type, offsetof(struct spec_types, small)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_edges(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"top", true, yread_length, offsetof(struct spec_edges, top)},
		{"right", true, yread_length, offsetof(struct spec_edges, right)},
		{"bottom", true, yread_length, offsetof(struct spec_edges, bottom)},
		{"left", true, yread_length, offsetof(struct spec_edges, left)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

/* The largest page a PDF may have (200 in, PDF 1.7 annex C), far beyond any poster. Found by
 * tests/malformed: a page of 999999999cm kept layout busy for minutes on gigabytes. */
#define SPEC_MAX_PAGE_PT 14400.0

static bool read_page_length(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_length(y, n, p, dst))
		return false;
	if (*(double *)dst > SPEC_MAX_PAGE_PT)
		return yread_fail(y, n, p, "expected a page side of at most 5080mm (14400pt, the largest PDF page), found '%s'",
				  yread_scalar(n));
	return true;
}

static bool read_page(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"width", true, read_page_length, offsetof(struct spec_page, width)},
		{"height", true, read_page_length, offsetof(struct spec_page, height)},
		{"margin", true, read_edges, offsetof(struct spec_page, margin)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_columns(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"count", true, yread_count, offsetof(struct spec_columns, count)},
		{"gutter", true, yread_length, offsetof(struct spec_columns, gutter)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

#define SPACING(key) {#key, true, yread_length, offsetof(struct spec_spacing, key)}
static bool read_spacing(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		SPACING(header_padding), SPACING(intro_gap),    SPACING(columns_gap),
		SPACING(box_gap),        SPACING(box_padding),  SPACING(band_padding),
		SPACING(tip_gap),        SPACING(bullet_indent), SPACING(bullet_size),
		SPACING(footer_gap),     SPACING(rule_width),   SPACING(checkbox_size),
		SPACING(line_gap),       {NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}
#undef SPACING

/* A share from 0 to 1 (a tint's strength, a lower limit for spacing). */
static bool read_tint(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	if (!yread_number(y, n, p, dst))
		return false;
	if (*(double *)dst > 1.0)
		return yread_fail(y, n, p, "expected a strength from 0 to 1, found %s",
				  yread_scalar(n));
	return true;
}

#define COLOUR(key, idx) {key, true, yread_rgb, offsetof(struct spec_palette, colour) + (idx) * sizeof(struct rgb)}
static bool read_palette(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		COLOUR("primary", SPEC_PRIMARY),
		COLOUR("accent", SPEC_ACCENT),
		COLOUR("ink", SPEC_INK),
		COLOUR("muted", SPEC_MUTED),
		COLOUR("paper", SPEC_PAPER),
		{"tint", true, read_tint, offsetof(struct spec_palette, tint_amount)},
		{NULL, false, NULL, 0},
	};
	if (!yread_map(y, n, p, fields, dst))
		return false;
	spec_palette_derive(dst);
	return true;
}
#undef COLOUR

static bool read_colour_name(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	int v;
	if (!read_choice(y, n, p, colour_names, SPEC_COLOUR_COUNT, &v))
		return false;
	*(enum spec_colour *)dst = (enum spec_colour)v;
	return true;
}

static bool read_roles(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	struct yfield fields[SPEC_ROLE_COUNT + 1];
	for (int i = 0; i < SPEC_ROLE_COUNT; i++)
		fields[i] = (struct yfield){role_names[i], true, read_colour_name,
					    (size_t)i * sizeof(enum spec_colour)};
	fields[SPEC_ROLE_COUNT] = (struct yfield){NULL, false, NULL, 0};
	return yread_map(y, n, p, fields, dst);
}

static bool read_radius(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"box", true, yread_length, offsetof(struct spec_radius, box)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_footer(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"logo_height", true, yread_length, offsetof(struct spec_footer, logo_height)},
		{"qr_size", true, yread_length, offsetof(struct spec_footer, qr_size)},
		{"member_logo_height", true, yread_length, offsetof(struct spec_footer, member_logo_height)},
		{"padding", true, yread_length, offsetof(struct spec_footer, padding)},
		{"max_height", true, yread_length, offsetof(struct spec_footer, max_height)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_fit(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"min_spacing", true, read_tint, offsetof(struct spec_fit, min_spacing)},
		{"min_body", true, yread_length, offsetof(struct spec_fit, min_body)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_bool(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const char *const names[] = {"false", "true"};
	int v;
	if (!read_choice(y, n, p, names, G_N_ELEMENTS(names), &v))
		return false;
	*(bool *)dst = v == 1;
	return true;
}

static bool read_flow(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"pages", true, yread_count, offsetof(struct spec_flow, pages)},
		{"split", true, read_bool, offsetof(struct spec_flow, split)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_marks(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"length", true, yread_length, offsetof(struct spec_marks, length)},
		{"offset", true, yread_length, offsetof(struct spec_marks, offset)},
		{"width", true, yread_length, offsetof(struct spec_marks, width)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static bool read_checklist(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst)
{
	static const struct yfield fields[] = {
		{"date_width", true, yread_length, offsetof(struct spec_checklist, date_width)},
		{"item_gap", true, yread_length, offsetof(struct spec_checklist, item_gap)},
		{NULL, false, NULL, 0},
	};
	return yread_map(y, n, p, fields, dst);
}

static const struct yfield spec_fields[] = {
	{"name", true, yread_slug, offsetof(struct spec, name)},
	{"description", true, yread_string, offsetof(struct spec, description)},
	{"page", true, read_page, offsetof(struct spec, page)},
	{"columns", true, read_columns, offsetof(struct spec, columns)},
	{"font", true, yread_string, offsetof(struct spec, font_family)},
	{"type", true, read_types, offsetof(struct spec, type)},
	{"spacing", true, read_spacing, offsetof(struct spec, spacing)},
	{"radius", true, read_radius, offsetof(struct spec, radius)},
	{"footer", true, read_footer, offsetof(struct spec, footer)},
	{"fit", true, read_fit, offsetof(struct spec, fit)},
	{"flow", true, read_flow, offsetof(struct spec, flow)},
	{"crop_marks", true, read_marks, offsetof(struct spec, marks)},
	{"checklist", true, read_checklist, offsetof(struct spec, checklist)},
	{"colors", true, read_palette, offsetof(struct spec, palette)},
	{"roles", true, read_roles, offsetof(struct spec, role)},
	{NULL, false, NULL, 0},
};

/* Geometry that no single value shows wrong: the margins and gutters must leave room. */
static bool check_geometry(struct yread *y, const struct spec *s)
{
	const struct spec_edges *m = &s->page.margin;
	double inner_w = s->page.width - m->left - m->right;
	double inner_h = s->page.height - m->top - m->bottom;
	double column_w = (inner_w - (s->columns.count - 1) * s->columns.gutter) / s->columns.count;
	struct ypath pp = {.key = "page"};
	if (inner_w < 72.0 || inner_h < 72.0)
		return yread_fail(y, yread_get(y, yread_root(y), "page"), &pp,
				  "the margins leave less than 1 inch for the content");
	struct ypath pc = {.key = "columns"};
	if (column_w < 2.0 * s->spacing.box_padding + s->spacing.bullet_indent + 36.0)
		return yread_fail(y, yread_get(y, yread_root(y), "columns"), &pc,
				  "%d columns with this gutter leave only %.1f pt per column",
				  s->columns.count, column_w);
	return true;
}

static bool load_from(struct yread *y, struct spec **out)
{
	struct spec *s = g_new0(struct spec, 1);
	bool ok = yread_map(y, yread_root(y), NULL, spec_fields, s) && check_geometry(y, s) &&
		  spec_check_contrast(s, &s->palette, y->file, y->diag);
	if (!ok) {
		spec_destroy(s);
		return false;
	}
	*out = s;
	return true;
}

bool spec_load(const char *file, struct spec **out, struct diag *d)
{
	struct yread y;
	if (!yread_open(&y, file, d))
		return false;
	bool ok = load_from(&y, out);
	yread_finish(&y);
	return ok;
}

bool spec_load_buffer(const char *name, const char *data, size_t len, struct spec **out,
		      struct diag *d)
{
	struct yread y;
	if (!yread_open_buffer(&y, name, data, len, d))
		return false;
	bool ok = load_from(&y, out);
	yread_finish(&y);
	return ok;
}

void spec_destroy(struct spec *s)
{
	if (!s)
		return;
	g_free(s->name);
	g_free(s->description);
	g_free(s->font_family);
	g_free(s);
}

struct rgb spec_colour_of(const struct spec *s, const struct spec_palette *p, enum spec_role r)
{
	return p->colour[s->role[r]];
}

/* Readable text needs 4.5:1 (WCAG 2.1 AA for body text); controls and lines 3:1. */
#define READABLE_RATIO 4.5
#define NON_TEXT_RATIO 3.0

void spec_palette_derive(struct spec_palette *p)
{
	const struct rgb *primary = &p->colour[SPEC_PRIMARY], *paper = &p->colour[SPEC_PAPER],
			 *ink = &p->colour[SPEC_INK];
	p->colour[SPEC_TINT] = value_mix(primary, paper, p->tint_amount);
	p->colour[SPEC_ON_PRIMARY] =
		value_contrast(paper, primary) >= value_contrast(ink, primary) ? *paper : *ink;
	/* Primary-coloured text stands on the paper and on the tint (the footer band). */
	const struct rgb *tint = &p->colour[SPEC_TINT];
	struct rgb text = *primary;
	for (int step = 1; step <= 20 && fmin(value_contrast(&text, paper),
					      value_contrast(&text, tint)) < READABLE_RATIO;
	     step++)
		text = value_mix(ink, primary, step / 20.0);
	p->colour[SPEC_PRIMARY_TEXT] = text;
	p->colour[SPEC_PRIMARY_LIGHT] = value_mix(primary, paper, 0.3);
}

/* WCAG 2.1 calls text large from 18 pt, or 14 pt when bold; large text needs 3:1. */
static double required_ratio(const struct spec_type *t)
{
	bool large = t->size >= 18.0 || (t->size >= 14.0 && t->weight == SPEC_WEIGHT_BOLD);
	return large ? 3.0 : READABLE_RATIO;
}

bool spec_check_contrast(const struct spec *s, const struct spec_palette *p, const char *file,
			 struct diag *d)
{
	/* Text roles, the background they are drawn on (-1: the paper), and their type; a
	 * control (type NULL) needs the 3:1 of WCAG 2.1's non-text contrast. */
	const struct {
		enum spec_role text;
		int background;
		const struct spec_type *type;
	} pairs[] = {
		{SPEC_ROLE_CHECKBOX, -1, NULL},
		{SPEC_ROLE_LINE, -1, NULL},
		{SPEC_ROLE_TITLE, SPEC_ROLE_HEADER_BAND, &s->type.title},
		{SPEC_ROLE_SUBTITLE, SPEC_ROLE_HEADER_BAND, &s->type.subtitle},
		{SPEC_ROLE_INTRO, -1, &s->type.intro},
		{SPEC_ROLE_HEADING, SPEC_ROLE_HEADING_BAND, &s->type.heading},
		{SPEC_ROLE_BODY, SPEC_ROLE_BOX_FILL, &s->type.body},
		{SPEC_ROLE_NOTE, -1, &s->type.note},
		{SPEC_ROLE_LABEL, -1, &s->type.label},
		{SPEC_ROLE_CONTACT, SPEC_ROLE_FOOTER_BAND, &s->type.small},
		{SPEC_ROLE_LABEL, SPEC_ROLE_FOOTER_BAND, &s->type.label},
		/* A QR code needs strong contrast to scan; 4.5:1 is well within what readers take. */
		{SPEC_ROLE_QR, SPEC_ROLE_FOOTER_BAND, &s->type.small},
		{SPEC_ROLE_CONTINUED_HEADING, SPEC_ROLE_CONTINUED_BAND, &s->type.heading},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
		struct rgb fg = spec_colour_of(s, p, pairs[i].text);
		struct rgb bg = pairs[i].background < 0
					? p->colour[SPEC_PAPER]
					: spec_colour_of(s, p, (enum spec_role)pairs[i].background);
		double ratio = value_contrast(&fg, &bg);
		double need = pairs[i].type ? required_ratio(pairs[i].type) : NON_TEXT_RATIO;
		if (ratio + 1e-9 >= need)
			continue;
		char fg_hex[8], bg_hex[8];
		value_format_rgb(&fg, fg_hex);
		value_format_rgb(&bg, bg_hex);
		const char *bg_role = pairs[i].background < 0 ? "page" : role_names[pairs[i].background];
		const char *bg_colour = pairs[i].background < 0
						? "paper"
						: colour_names[s->role[pairs[i].background]];
		return diag_set(d, file, 0, 0,
				"unreadable colour pair: %s text (%s %s) on %s (%s %s) has contrast %.2f:1, needs at least %.1f:1 (WCAG 2.1 AA)",
				role_names[pairs[i].text], colour_names[s->role[pairs[i].text]], fg_hex,
				bg_role, bg_colour, bg_hex, ratio, need);
	}
	return true;
}
