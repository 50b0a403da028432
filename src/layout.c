#include "layout.h"

#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>

/* Geometry is in points; pango counts in units of 1/PANGO_SCALE of a point (the measuring
 * context runs at 72 dpi). These two helpers are the only conversions. */
static int to_pango(double pt)
{
	return (int)lround(pt * PANGO_SCALE);
}

static double from_pango(int units)
{
	return (double)units / PANGO_SCALE;
}

/* Tolerance for "fits": a hundredth of a point is far below anything visible. */
#define FIT_EPSILON 0.01

struct layout_ctx {
	const struct layout_input *in;
	const struct spec *spec;
	struct diag *diag;
	double inner_left, inner_width, column_width;
};

/* One section box, measured for the column width before it is placed. */
struct box {
	PangoLayout *heading;
	PangoLayout **tips;
	size_t n_tips;
	double band_height, height;
};

static PangoFontDescription *font_for(const struct spec *s, const struct spec_type *t)
{
	static const PangoWeight weights[] = {
		[SPEC_WEIGHT_REGULAR] = PANGO_WEIGHT_NORMAL,
		[SPEC_WEIGHT_SEMIBOLD] = PANGO_WEIGHT_SEMIBOLD,
		[SPEC_WEIGHT_BOLD] = PANGO_WEIGHT_BOLD,
	};
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, s->font_family);
	pango_font_description_set_absolute_size(fd, to_pango(t->size));
	pango_font_description_set_weight(fd, weights[t->weight]);
	pango_font_description_set_style(fd, t->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	return fd;
}

/* The first character no bundled font has, from the glyphs pango marked unknown. */
static gunichar first_unknown_char(PangoLayout *layout)
{
	gunichar found = 0;
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		for (int i = 0; run && !found && i < run->glyphs->num_glyphs; i++) {
			PangoGlyph g = run->glyphs->glyphs[i].glyph;
			if (g & PANGO_GLYPH_UNKNOWN_FLAG)
				found = g & ~PANGO_GLYPH_UNKNOWN_FLAG;
		}
	} while (!found && pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	return found;
}

/* Refuses text that would print wrong: a glyph no font has, or a word wider than its line. */
static bool check_text(struct layout_ctx *c, PangoLayout *layout, double width, const char *where)
{
	if (pango_layout_get_unknown_glyphs_count(layout) > 0) {
		gunichar ch = first_unknown_char(layout);
		char utf8[8] = {0};
		g_unichar_to_utf8(ch, utf8);
		return diag_set(c->diag, c->in->data_file, 0, 0,
				"%s: no bundled font has a glyph for U+%04X '%s'", where, ch, utf8);
	}
	PangoRectangle ink, logical;
	pango_layout_get_extents(layout, &ink, &logical);
	if (from_pango(logical.width) > width + FIT_EPSILON)
		return diag_set(c->diag, c->in->data_file, 0, 0,
				"%s: a word is %.1f pt wider than its %.1f pt line", where,
				from_pango(logical.width) - width, width);
	return true;
}

/* A measured paragraph of `text` in type style `t`, wrapped at `width` points. */
static PangoLayout *make_text(struct layout_ctx *c, const struct spec_type *t, const char *text,
			      double width, const char *where)
{
	PangoLayout *layout = pango_layout_new(c->in->fonts->context);
	PangoFontDescription *fd = font_for(c->spec, t);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	PangoAttrList *attrs = pango_attr_list_new();
	/* An absolute line height gives CSS-like leading, the same for every font. */
	pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute(
					      to_pango(t->size * t->line_height)));
	pango_layout_set_attributes(layout, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
	pango_layout_set_width(layout, to_pango(width));
	pango_layout_set_text(layout, text, -1);
	if (!check_text(c, layout, width, where)) {
		g_object_unref(layout);
		return NULL;
	}
	return layout;
}

static double text_height(PangoLayout *layout)
{
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	return from_pango(logical.height);
}

static double text_width(PangoLayout *layout)
{
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	return from_pango(logical.width);
}

/* Distance from the layout's top to the first baseline. */
static double first_baseline(PangoLayout *layout)
{
	return from_pango(pango_layout_get_baseline(layout));
}

static struct rgb role_colour(const struct layout_ctx *c, enum spec_role r)
{
	return spec_colour_of(c->spec, c->in->palette, r);
}

/* Adds a text item; the plan takes over the reference to `layout`. */
static void add_text(struct plan_page *page, PangoLayout *layout, double x, double y,
		     enum plan_role role, struct rgb colour, int section, int tip)
{
	plan_add(page, &(struct plan_item){
			       .kind = PLAN_TEXT, .role = role, .x = x, .y = y,
			       .w = text_width(layout), .h = text_height(layout), .colour = colour,
			       .text = layout, .section = section, .tip = tip, .column = -1,
		       });
}

static void add_rect(struct plan_page *page, double x, double y, double w, double h,
		     struct rgb colour, double radius, unsigned corners, int section)
{
	plan_add(page, &(struct plan_item){
			       .kind = PLAN_RECT, .role = PLAN_ROLE_DECORATION, .x = x, .y = y,
			       .w = w, .h = h, .colour = colour, .radius = radius,
			       .corners = corners, .section = section, .tip = -1, .column = -1,
		       });
}

static void add_line(struct plan_page *page, double x, double y, double w, double stroke,
		     struct rgb colour)
{
	plan_add(page, &(struct plan_item){
			       .kind = PLAN_LINE, .role = PLAN_ROLE_DECORATION, .x = x, .y = y,
			       .w = w, .stroke = stroke, .colour = colour, .section = -1,
			       .tip = -1, .column = -1,
		       });
}

/* The coloured band at the top of a page: a title and an optional subtitle. Returns the
 * band's bottom edge. */
static bool lay_header(struct layout_ctx *c, struct plan_page *page, const char *title,
		       const char *subtitle, double *bottom)
{
	const struct spec *s = c->spec;
	PangoLayout *t = make_text(c, &s->type.title, title, c->inner_width, "title");
	if (!t)
		return false;
	PangoLayout *st = NULL;
	if (subtitle && !(st = make_text(c, &s->type.subtitle, subtitle, c->inner_width, "subtitle"))) {
		g_object_unref(t);
		return false;
	}
	double y = s->page.margin.top;
	double band_h = y + text_height(t) + (st ? text_height(st) : 0) + s->spacing.header_padding;
	add_rect(page, 0, 0, page->width, band_h, role_colour(c, SPEC_ROLE_HEADER_BAND), 0, 0, -1);
	add_text(page, t, c->inner_left, y, PLAN_ROLE_TITLE, role_colour(c, SPEC_ROLE_TITLE), -1, -1);
	if (st) {
		add_text(page, st, c->inner_left, y + text_height(t), PLAN_ROLE_SUBTITLE, role_colour(c, SPEC_ROLE_SUBTITLE), -1, -1);
	}
	*bottom = band_h;
	return true;
}

/* The footer: an accent rule, then the source note, standing on the bottom margin. Returns
 * the rule's top edge, the lowest point the content above may reach. */
static bool lay_footer(struct layout_ctx *c, struct plan_page *page, double *top)
{
	const struct spec *s = c->spec;
	double bottom = page->height - s->page.margin.bottom;
	double rule_y = bottom;
	const char *source = c->in->factsheet->source;
	if (source) {
		PangoLayout *note = make_text(c, &s->type.note, source, c->inner_width, "source");
		if (!note)
			return false;
		double note_y = bottom - text_height(note);
		add_text(page, note, c->inner_left, note_y, PLAN_ROLE_NOTE, role_colour(c, SPEC_ROLE_NOTE), -1, -1);
		rule_y = note_y - s->spacing.footer_gap / 2;
	}
	add_line(page, c->inner_left, rule_y, c->inner_width, s->spacing.rule_width,
		 role_colour(c, SPEC_ROLE_RULE));
	*top = rule_y - s->spacing.rule_width / 2;
	return true;
}

static void box_finish(struct box *b)
{
	if (b->heading)
		g_object_unref(b->heading);
	for (size_t i = 0; i < b->n_tips; i++)
		if (b->tips[i])
			g_object_unref(b->tips[i]);
	g_free(b->tips);
}

/* Measures a section box at the column width. */
static bool measure_box(struct layout_ctx *c, size_t index, struct box *b)
{
	const struct spec *s = c->spec;
	const struct section *sec = &c->in->factsheet->sections.items[index];
	double inner = c->column_width - 2 * s->spacing.box_padding;
	char *where = g_strdup_printf("sections[%zu].heading", index);
	b->heading = make_text(c, &s->type.heading, sec->heading, inner, where);
	g_free(where);
	if (!b->heading)
		return false;
	b->band_height = text_height(b->heading) + 2 * s->spacing.band_padding;
	b->height = b->band_height + 2 * s->spacing.box_padding;
	b->tips = g_new0(PangoLayout *, sec->tips.count);
	b->n_tips = sec->tips.count;
	for (size_t i = 0; i < sec->tips.count; i++) {
		where = g_strdup_printf("sections[%zu].tips[%zu]", index, i);
		b->tips[i] = make_text(c, &s->type.body, sec->tips.items[i],
				       inner - s->spacing.bullet_indent, where);
		g_free(where);
		if (!b->tips[i])
			return false;
		b->height += text_height(b->tips[i]) + (i ? s->spacing.tip_gap : 0);
	}
	return true;
}

/* Places a measured box with its top-left corner at (x, y); the plan takes its texts. */
static void place_box(struct layout_ctx *c, struct plan_page *page, struct box *b, int section,
		      int column, double x, double y)
{
	const struct spec *s = c->spec;
	const struct spec_spacing *sp = &s->spacing;
	size_t first = page->count;
	add_rect(page, x, y, c->column_width, b->height, role_colour(c, SPEC_ROLE_BOX_FILL),
		 s->radius.box, PLAN_CORNERS_ALL, section);
	add_rect(page, x, y, c->column_width, b->band_height,
		 role_colour(c, SPEC_ROLE_HEADING_BAND), s->radius.box, PLAN_CORNERS_TOP, section);
	add_text(page, b->heading, x + sp->box_padding, y + sp->band_padding, PLAN_ROLE_HEADING,
		 role_colour(c, SPEC_ROLE_HEADING), section, -1);
	b->heading = NULL;
	double ty = y + b->band_height + sp->box_padding;
	for (size_t i = 0; i < b->n_tips; i++) {
		/* The bullet sits on the middle of the first line's lower-case letters. */
		double cy = ty + first_baseline(b->tips[i]) - 0.27 * s->type.body.size;
		plan_add(page, &(struct plan_item){
				       .kind = PLAN_DOT, .role = PLAN_ROLE_DECORATION,
				       .x = x + sp->box_padding, .y = cy - sp->bullet_size / 2,
				       .w = sp->bullet_size, .h = sp->bullet_size,
				       .colour = role_colour(c, SPEC_ROLE_BULLET), .section = section,
				       .tip = (int)i, .column = -1,
			       });
		add_text(page, b->tips[i], x + sp->box_padding + sp->bullet_indent, ty, PLAN_ROLE_TIP,
			 role_colour(c, SPEC_ROLE_BODY), section, (int)i);
		ty += text_height(b->tips[i]) + sp->tip_gap;
		b->tips[i] = NULL;
	}
	for (size_t i = first; i < page->count; i++)
		page->items[i].column = column;
}

double layout_balance(const double *heights, size_t n, size_t k, double gap, size_t *first)
{
	/* best[j][i]: the least tallest-column height for items 0..i-1 over j columns;
	 * cut[j][i]: where the last of those columns starts. */
	double *prefix = g_new0(double, n + 1);
	for (size_t i = 0; i < n; i++)
		prefix[i + 1] = prefix[i] + heights[i];
	double *best = g_new(double, (k + 1) * (n + 1));
	size_t *cut = g_new0(size_t, (k + 1) * (n + 1));
#define AT(j, i) ((j) * (n + 1) + (i))
	for (size_t i = 0; i <= n; i++)
		best[AT(1, i)] = prefix[i] + (i > 1 ? (double)(i - 1) * gap : 0);
	for (size_t j = 2; j <= k; j++) {
		for (size_t i = 0; i <= n; i++) {
			best[AT(j, i)] = best[AT(j - 1, i)];
			cut[AT(j, i)] = i;
			for (size_t m = 0; m < i; m++) {
				double last = prefix[i] - prefix[m] + (double)(i - m - 1) * gap;
				double worst = fmax(best[AT(j - 1, m)], last);
				if (worst < best[AT(j, i)] - 1e-9) {
					best[AT(j, i)] = worst;
					cut[AT(j, i)] = m;
				}
			}
		}
	}
	double result = best[AT(k, n)];
	first[k] = n;
	for (size_t j = k, i = n; j >= 1; j--) {
		first[j - 1] = j == 1 ? 0 : cut[AT(j, i)];
		i = first[j - 1];
	}
#undef AT
	g_free(prefix);
	g_free(best);
	g_free(cut);
	return result;
}

/* The message for content that does not fit: the first section that crosses the foot. */
static bool report_overflow(struct layout_ctx *c, const struct box *boxes, const size_t *first,
			    double available)
{
	const struct section *sections = c->in->factsheet->sections.items;
	for (int col = 0; col < c->spec->columns.count; col++) {
		double y = 0;
		for (size_t i = first[col]; i < first[col + 1]; i++) {
			y += boxes[i].height;
			if (y > available + FIT_EPSILON)
				return diag_set(c->diag, c->in->data_file, 0, 0,
						"section '%s' does not fit on the page: column %d is %.1f mm too tall (the columns have %.1f mm; the layout '%s' has no room for it)",
						sections[i].heading, col + 1,
						(y - available) / VALUE_PT_PER_MM,
						available / VALUE_PT_PER_MM, c->spec->name);
			y += c->spec->spacing.box_gap;
		}
	}
	return true;
}

static bool lay_columns(struct layout_ctx *c, struct plan_page *page, double top, double bottom)
{
	size_t n = c->in->factsheet->sections.count, k = (size_t)c->spec->columns.count;
	struct box *boxes = g_new0(struct box, n);
	double *heights = g_new(double, n);
	size_t *first = g_new(size_t, k + 1);
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		ok = measure_box(c, i, &boxes[i]);
		heights[i] = boxes[i].height;
	}
	if (ok) {
		double tallest = layout_balance(heights, n, k, c->spec->spacing.box_gap, first);
		if (tallest > bottom - top + FIT_EPSILON) {
			report_overflow(c, boxes, first, bottom - top);
			ok = false;
		}
	}
	for (size_t col = 0; ok && col < k; col++) {
		double x = c->inner_left + (double)col * (c->column_width + c->spec->columns.gutter);
		double y = top;
		for (size_t i = first[col]; i < first[col + 1]; i++) {
			place_box(c, page, &boxes[i], (int)i, (int)col, x, y);
			y += boxes[i].height + c->spec->spacing.box_gap;
		}
	}
	for (size_t i = 0; i < n; i++)
		box_finish(&boxes[i]);
	g_free(boxes);
	g_free(heights);
	g_free(first);
	return ok;
}

static bool lay_factsheet_page(struct layout_ctx *c, struct plan_page *page)
{
	const struct factsheet *f = c->in->factsheet;
	const struct spec *s = c->spec;
	double y, footer_top;
	if (!lay_header(c, page, f->title, f->subtitle, &y))
		return false;
	y += s->spacing.intro_gap;
	if (f->intro) {
		PangoLayout *intro = make_text(c, &s->type.intro, f->intro, c->inner_width, "intro");
		if (!intro)
			return false;
		add_text(page, intro, c->inner_left, y, PLAN_ROLE_INTRO, role_colour(c, SPEC_ROLE_INTRO), -1, -1);
		y += text_height(intro) + s->spacing.columns_gap;
	}
	if (!lay_footer(c, page, &footer_top))
		return false;
	return lay_columns(c, page, y, footer_top - s->spacing.footer_gap);
}

/* A label followed by a line to write on, reaching `right`. Returns the row's height. */
static bool lay_write_line(struct layout_ctx *c, struct plan_page *page, const char *label,
			   double x, double y, double right, double *height)
{
	const struct spec *s = c->spec;
	PangoLayout *l = make_text(c, &s->type.label, label, right - x, label);
	if (!l)
		return false;
	double baseline = y + first_baseline(l);
	double line_x = x + text_width(l) + s->spacing.bullet_indent;
	add_text(page, l, x, y, PLAN_ROLE_LABEL, role_colour(c, SPEC_ROLE_LABEL), -1, -1);
	add_line(page, line_x, baseline + s->spacing.rule_width, right - line_x,
		 s->spacing.rule_width / 2, role_colour(c, SPEC_ROLE_LINE));
	*height = text_height(l);
	return true;
}

/* One checklist item: a box to tick, the tip, and a date line on the right. */
static bool lay_check_item(struct layout_ctx *c, struct plan_page *page, const char *text,
			   int section, int tip, double *y)
{
	const struct spec *s = c->spec;
	const struct spec_spacing *sp = &s->spacing;
	double date_width = c->column_width;
	double text_x = c->inner_left + sp->checkbox_size + sp->bullet_indent;
	double text_w = c->inner_width - (text_x - c->inner_left) - date_width - c->spec->columns.gutter;
	char *where = g_strdup_printf("sections[%d].tips[%d]", section, tip);
	PangoLayout *l = make_text(c, &s->type.intro, text, text_w, where);
	g_free(where);
	if (!l)
		return false;
	double box_y = *y + first_baseline(l) - 0.35 * s->type.intro.size - sp->checkbox_size / 2;
	plan_add(page, &(struct plan_item){
			       .kind = PLAN_CHECKBOX, .role = PLAN_ROLE_DECORATION,
			       .x = c->inner_left, .y = box_y, .w = sp->checkbox_size,
			       .h = sp->checkbox_size, .radius = sp->checkbox_size / 6,
			       .stroke = sp->rule_width, .colour = role_colour(c, SPEC_ROLE_CHECKBOX),
			       .section = section, .tip = tip, .column = -1,
		       });
	double h = text_height(l);
	add_text(page, l, text_x, *y, PLAN_ROLE_CHECK_ITEM, role_colour(c, SPEC_ROLE_BODY), section, tip);
	double row_h;
	double date_x = c->inner_left + c->inner_width - date_width;
	if (!lay_write_line(c, page, c->in->factsheet->checklist.date_label, date_x, *y,
			    c->inner_left + c->inner_width, &row_h))
		return false;
	*y += fmax(h, fmax(row_h, sp->checkbox_size)) + 2.5 * sp->tip_gap;
	return true;
}

/* Lines to write notes on, from `top` down to `bottom`. */
static bool lay_notes(struct layout_ctx *c, struct plan_page *page, double top, double bottom)
{
	const struct spec *s = c->spec;
	PangoLayout *l = make_text(c, &s->type.label, c->in->factsheet->checklist.notes_label,
				   c->inner_width, "checklist.notes_label");
	if (!l)
		return false;
	add_text(page, l, c->inner_left, top, PLAN_ROLE_LABEL, role_colour(c, SPEC_ROLE_LABEL), -1, -1);
	for (double y = top + text_height(l) + s->spacing.line_gap; y <= bottom;
	     y += s->spacing.line_gap)
		add_line(page, c->inner_left, y, c->inner_width, s->spacing.rule_width / 2,
			 role_colour(c, SPEC_ROLE_LINE));
	return true;
}

static bool lay_checklist_items(struct layout_ctx *c, struct plan_page *page, double *y)
{
	const struct factsheet *f = c->in->factsheet;
	const struct section *sec = model_find_section(f, f->checklist.section);
	int index = (int)(sec - f->sections.items);
	for (size_t i = 0; i < sec->tips.count; i++)
		if (!lay_check_item(c, page, sec->tips.items[i], index, (int)i, y))
			return false;
	return true;
}

static bool lay_checklist_page(struct layout_ctx *c, struct plan_page *page)
{
	const struct factsheet *f = c->in->factsheet;
	const struct spec *s = c->spec;
	double y, h, footer_top;
	if (!lay_header(c, page, f->checklist.title, f->title, &y))
		return false;
	y += s->spacing.intro_gap;
	if (!lay_write_line(c, page, f->checklist.name_label, c->inner_left, y,
			    c->inner_left + c->inner_width, &h))
		return false;
	y += h + s->spacing.columns_gap;
	if (f->checklist.intro) {
		PangoLayout *intro = make_text(c, &s->type.intro, f->checklist.intro, c->inner_width,
					       "checklist.intro");
		if (!intro)
			return false;
		add_text(page, intro, c->inner_left, y, PLAN_ROLE_INTRO, role_colour(c, SPEC_ROLE_INTRO), -1, -1);
		y += text_height(intro) + s->spacing.columns_gap;
	}
	if (!lay_checklist_items(c, page, &y) || !lay_footer(c, page, &footer_top))
		return false;
	double notes_top = y + s->spacing.columns_gap;
	if (notes_top > footer_top - s->spacing.footer_gap + FIT_EPSILON)
		return diag_set(c->diag, c->in->data_file, 0, 0,
				"the checklist does not fit on page 2: it is %.1f mm too long",
				(notes_top - footer_top + s->spacing.footer_gap) / VALUE_PT_PER_MM);
	return lay_notes(c, page, notes_top, footer_top - s->spacing.footer_gap);
}

bool layout_compute(const struct layout_input *in, struct plan **out, struct diag *d)
{
	const struct spec *s = in->spec;
	struct layout_ctx c = {.in = in, .spec = s, .diag = d};
	c.inner_left = s->page.margin.left;
	c.inner_width = s->page.width - s->page.margin.left - s->page.margin.right;
	c.column_width = (c.inner_width - (s->columns.count - 1) * s->columns.gutter) /
			 s->columns.count;
	if (!fonts_has_family(in->fonts, s->font_family))
		return diag_set(d, NULL, 0, 0,
				"layout '%s': the font '%s' is not among the bundled fonts", s->name,
				s->font_family);
	struct plan *p = plan_create(2, s->page.width, s->page.height);
	for (size_t i = 0; i < p->n_pages; i++)
		add_rect(&p->pages[i], 0, 0, s->page.width, s->page.height,
			 in->palette->colour[SPEC_PAPER], 0, 0, -1);
	if (!lay_factsheet_page(&c, &p->pages[0]) || !lay_checklist_page(&c, &p->pages[1])) {
		plan_destroy(p);
		return false;
	}
	*out = p;
	return true;
}
