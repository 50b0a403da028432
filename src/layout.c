#include "layout.h"
#include "flow.h"
#include "layout_parts.h"

#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

/* pango does not count the hyphen it draws at a soft hyphen when it breaks the line, so a
 * hyphenated line may hang over its width by a fraction of a point: invisible, and no fault. */
#define LAYOUT_HANG_TOLERANCE 0.5

/* A last line of at most this many characters in one word is a widow; narrower widths are
 * tried in steps of 3 %, this many times. */
#define LAYOUT_WIDOW_CHARS 10
#define LAYOUT_WIDOW_STEPS 4

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


/* One section box, measured for the column width before it is placed. */
struct box {
	PangoLayout *heading;
	PangoLayout **tips;
	double *tip_heights;
	size_t n_tips;
	double band_height, cont_band_height;
	char *cont_heading; /* the heading with the "(vervolg)" label, for a continuation */
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
		return diag_set(c->diag, layout_file(c), c->text_line, 0,
				"%s: no bundled font has a glyph for U+%04X '%s'", where, ch, utf8);
	}
	PangoRectangle ink, logical;
	pango_layout_get_extents(layout, &ink, &logical);
	/* Too wide a word is content that does not fit, as a too long column is: a tighter
	 * fitting step may still find room for it. */
	c->overflow = from_pango(logical.width) > width + LAYOUT_HANG_TOLERANCE;
	if (c->overflow)
		return diag_set(c->diag, layout_file(c), c->text_line, 0,
				"%s: a word is %.1f pt wider than its %.1f pt line", where,
				from_pango(logical.width) - width, width);
	return true;
}

const char *layout_file(const struct layout_ctx *c)
{
	return c->text_file ? c->text_file : c->in->data_file;
}

/* A paragraph in style `t`; wrapped at `width` points, or on one line when width < 0. */
static PangoLayout *new_text(struct layout_ctx *c, const struct spec_type *t, const char *text,
			     double width)
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
	/* The page reads left to right; a name in Arabic script keeps its own order within
	 * the line, but does not swing the paragraph to the right. */
	pango_layout_set_auto_dir(layout, FALSE);
	pango_layout_set_width(layout, width < 0 ? -1 : to_pango(width));
	pango_layout_set_text(layout, text, -1);
	return layout;
}

/* True if the paragraph's last line holds a single short word (a widow): it reads as an
 * accident. */
static bool ends_in_widow(PangoLayout *layout)
{
	int n = pango_layout_get_line_count(layout);
	if (n < 2)
		return false;
	const PangoLayoutLine *last = pango_layout_get_line_readonly(layout, n - 1);
	const char *text = pango_layout_get_text(layout) + last->start_index;
	int len = last->length;
	while (len > 0 && text[len - 1] == ' ')
		len--;
	return len > 0 && g_utf8_strlen(text, len) <= LAYOUT_WIDOW_CHARS && !memchr(text, ' ', (size_t)len);
}

/* Avoids a widow by wrapping a little narrower, as long as that costs no extra line. */
static void avoid_widow(PangoLayout *layout, double width)
{
	if (!ends_in_widow(layout))
		return;
	int lines = pango_layout_get_line_count(layout);
	for (int step = 1; step <= LAYOUT_WIDOW_STEPS; step++) {
		pango_layout_set_width(layout, to_pango(width * (1.0 - 0.03 * step)));
		if (pango_layout_get_line_count(layout) == lines && !ends_in_widow(layout))
			return;
	}
	pango_layout_set_width(layout, to_pango(width));
}

#define SOFT_HYPHEN "\xC2\xAD" /* U+00AD in UTF-8 */

/* Appends a line's text without its soft hyphens; one at its very end, where the line broke,
 * becomes a real hyphen. */
static void append_line(GString *s, const char *text, int length)
{
	size_t shy = strlen(SOFT_HYPHEN);
	bool broke_here = length >= (int)shy && !memcmp(text + length - shy, SOFT_HYPHEN, shy);
	for (const char *p = text, *end = text + length; p < end;) {
		const char *hit = g_strstr_len(p, end - p, SOFT_HYPHEN);
		const char *stop = hit ? hit : end;
		g_string_append_len(s, p, stop - p);
		p = hit ? hit + shy : end;
	}
	if (broke_here)
		g_string_append_c(s, '-');
}

/* Replaces each wrap of a paragraph by an explicit line break, leaving the lines as they
 * were. cairo 1.16 tags the invisible space at a wrap as a nested span, which cuts the
 * paragraph short for PDF readers that follow the structure tree; and pango maps the hyphen
 * it draws at a soft hyphen to U+00AD, which text extraction would keep. So a used soft
 * hyphen becomes '-' and the unused ones go. */
static void break_explicitly(PangoLayout *layout)
{
	const char *text = pango_layout_get_text(layout);
	bool has_shy = strstr(text, SOFT_HYPHEN) != NULL;
	/* Broken already (a measured tip kept between editions is broken when first placed). */
	if (pango_layout_get_width(layout) < 0 && !has_shy)
		return;
	if (pango_layout_get_line_count(layout) < 2 && !has_shy)
		return;
	GString *s = g_string_new(NULL);
	for (GSList *l = pango_layout_get_lines_readonly(layout); l; l = l->next) {
		const PangoLayoutLine *line = l->data;
		/* The space at the end of a line stays: it keeps words apart in extracted text. */
		if (s->len)
			g_string_append_c(s, '\n');
		append_line(s, text + line->start_index, line->length);
	}
	/* With the breaks explicit, a width would only re-wrap a line whose end space hangs
	 * over the edge. */
	pango_layout_set_width(layout, -1);
	pango_layout_set_text(layout, s->str, (int)s->len);
	g_string_free(s, TRUE);
}

/* A paragraph wrapped and checked, its lines as pango broke them: enough to know its height.
 * break_explicitly makes it ready to draw. */
static PangoLayout *measure_text(struct layout_ctx *c, const struct spec_type *t,
				 const char *text, double width, const char *where)
{
	PangoLayout *layout = new_text(c, t, text, width);
	if (!check_text(c, layout, width, where)) {
		g_object_unref(layout);
		return NULL;
	}
	avoid_widow(layout, width);
	return layout;
}

PangoLayout *layout_text(struct layout_ctx *c, const struct spec_type *t, const char *text,
			 double width, const char *where)
{
	PangoLayout *layout = measure_text(c, t, text, width, where);
	if (layout)
		break_explicitly(layout);
	return layout;
}

/* measure_text for running text, hyphenated first. */
static PangoLayout *measure_paragraph(struct layout_ctx *c, const struct spec_type *t,
				      const char *text, double width, const char *where)
{
	if (!c->in->hyph)
		return measure_text(c, t, text, width, where);
	char *hyphenated = hyph_text(c->in->hyph, text);
	PangoLayout *l = measure_text(c, t, hyphenated, width, where);
	g_free(hyphenated);
	return l;
}

PangoLayout *layout_paragraph(struct layout_ctx *c, const struct spec_type *t, const char *text,
			      double width, const char *where)
{
	PangoLayout *layout = measure_paragraph(c, t, text, width, where);
	if (layout)
		break_explicitly(layout);
	return layout;
}

PangoLayout *layout_text_line(struct layout_ctx *c, const struct spec_type *t, const char *text,
			      double width, double min_share, const char *where)
{
	PangoLayout *line = new_text(c, t, text, -1);
	double natural = layout_text_width(line);
	g_object_unref(line);
	/* It fits as it is, or is too long to shrink: lay it out (wrapping) as it comes. */
	if (natural <= width + LAYOUT_FIT_EPSILON || natural * min_share > width)
		return layout_text(c, t, text, width, where);
	struct spec_type smaller = *t;
	/* Text width is proportional to the size; a hair less keeps rounding from overflowing.
	 * Shrunk in whole percents: pango and cairo keep every size a font was used at, and a
	 * size made to measure for each body's name made a national run's memory grow with
	 * every edition. */
	smaller.size = t->size * floor(width / natural * 0.999 * 100) / 100;
	return layout_text(c, &smaller, text, width, where);
}

double layout_text_height(PangoLayout *layout)
{
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	return from_pango(logical.height);
}

double layout_text_width(PangoLayout *layout)
{
	PangoRectangle logical;
	pango_layout_get_extents(layout, NULL, &logical);
	return from_pango(logical.width);
}

/* Distance from the layout's top to the first baseline. */
double layout_baseline(PangoLayout *layout)
{
	return from_pango(pango_layout_get_baseline(layout));
}

struct rgb layout_colour(const struct layout_ctx *c, enum spec_role r)
{
	return spec_colour_of(c->spec, c->in->palette, r);
}

struct plan_item *layout_add_text(struct plan_page *page, PangoLayout *layout, double x,
				  double y, enum plan_role role, struct rgb colour, int section,
				  int tip)
{
	return plan_add(page, &(struct plan_item){
			       .kind = PLAN_TEXT, .role = role, .x = x, .y = y,
			       .w = layout_text_width(layout), .h = layout_text_height(layout), .colour = colour,
			       .text = layout, .section = section, .tip = tip, .column = -1,
		       });
}

void layout_add_rect(struct plan_page *page, double x, double y, double w, double h,
		     struct rgb colour, double radius, unsigned corners, int section)
{
	plan_add(page, &(struct plan_item){
			       .kind = PLAN_RECT, .role = PLAN_ROLE_DECORATION, .x = x, .y = y,
			       .w = w, .h = h, .colour = colour, .radius = radius,
			       .corners = corners, .section = section, .tip = -1, .column = -1,
		       });
}

void layout_add_line(struct plan_page *page, double x, double y, double w, double stroke,
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
bool layout_header(struct layout_ctx *c, struct plan_page *page, const char *title,
		   const char *title_where, const char *subtitle, double *bottom)
{
	const struct spec *s = c->spec;
	/* A title (a person's name on a checklist) stays on one line while it can. */
	PangoLayout *t = layout_text_line(c, &s->type.title, title, c->inner_width, 0.6, title_where);
	if (!t)
		return false;
	PangoLayout *st = NULL;
	if (subtitle && !(st = layout_text(c, &s->type.subtitle, subtitle, c->inner_width, "subtitle"))) {
		g_object_unref(t);
		return false;
	}
	double y = s->page.margin.top;
	double band_h = y + layout_text_height(t) + (st ? layout_text_height(st) : 0) + s->spacing.header_padding;
	layout_add_rect(page, 0, 0, page->width, band_h, layout_colour(c, SPEC_ROLE_HEADER_BAND), 0, 0, -1);
	layout_add_text(page, t, c->inner_left, y, PLAN_ROLE_TITLE, layout_colour(c, SPEC_ROLE_TITLE), -1, -1);
	if (st) {
		layout_add_text(page, st, c->inner_left, y + layout_text_height(t), PLAN_ROLE_SUBTITLE, layout_colour(c, SPEC_ROLE_SUBTITLE), -1, -1);
	}
	*bottom = band_h;
	return true;
}

/* The footer, standing on the bottom margin: an accent rule, the source note, and for a
 * body its branded band. Returns the rule's top edge, the lowest point the content above may
 * reach. */
bool layout_footer(struct layout_ctx *c, struct plan_page *page, bool full, double *top)
{
	const struct spec *s = c->spec;
	double bottom = page->height - s->page.margin.bottom;
	if (c->in->body) {
		double band_bottom = bottom;
		if (!layout_brand(c, page, bottom, full, &bottom))
			return false;
		double band = band_bottom - bottom;
		if (band > s->footer.max_height)
			return diag_set(c->diag, c->in->body->file, 0, 0,
					"the footer grows to %.0f mm with this body's texts (name, contact, desk, evenings); the layout '%s' allows %.0f mm: shorten them",
					band / VALUE_PT_PER_MM, s->name, s->footer.max_height / VALUE_PT_PER_MM);
		bottom -= s->spacing.footer_gap / 2;
	}
	double rule_y = bottom;
	/* The source note belongs to the factsheet's pages. */
	const char *source = full ? c->in->factsheet->source : NULL;
	if (source) {
		PangoLayout *note = layout_paragraph(c, &s->type.note, source, c->inner_width, "source");
		if (!note)
			return false;
		double note_y = bottom - layout_text_height(note);
		layout_add_text(page, note, c->inner_left, note_y, PLAN_ROLE_NOTE, layout_colour(c, SPEC_ROLE_NOTE), -1, -1);
		rule_y = note_y - s->spacing.footer_gap / 2;
	}
	layout_add_line(page, c->inner_left, rule_y, c->inner_width, s->spacing.rule_width,
		 layout_colour(c, SPEC_ROLE_RULE));
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
	g_free(b->tip_heights);
	g_free(b->cont_heading);
}

/* The heading band of a continued box: the heading and "(vervolg)", in the lighter style. */
static PangoLayout *continued_heading(struct layout_ctx *c, const struct box *b, size_t index)
{
	double inner = c->column_width - 2 * c->spec->spacing.box_padding;
	char *where = g_strdup_printf("sections[%zu].heading", index);
	PangoLayout *l = layout_text(c, &c->spec->type.heading, b->cont_heading, inner, where);
	g_free(where);
	return l;
}

/* Measures a section box at the column width. */
static bool measure_box(struct layout_ctx *c, size_t index, struct box *b)
{
	const struct spec *s = c->spec;
	const struct section *sec = layout_section(c->in, index);
	double inner = c->column_width - 2 * s->spacing.box_padding;
	char *where = g_strdup_printf("sections[%zu].heading", index);
	b->heading = layout_text(c, &s->type.heading, sec->heading, inner, where);
	g_free(where);
	if (!b->heading)
		return false;
	b->band_height = layout_text_height(b->heading) + 2 * s->spacing.band_padding;
	b->cont_heading = g_strdup_printf("%s %s", sec->heading, c->in->factsheet->labels.continued);
	PangoLayout *cont = continued_heading(c, b, index);
	if (!cont)
		return false;
	b->cont_band_height = layout_text_height(cont) + 2 * s->spacing.band_padding;
	g_object_unref(cont);
	b->tips = g_new0(PangoLayout *, sec->tips.count);
	b->tip_heights = g_new0(double, sec->tips.count);
	b->n_tips = sec->tips.count;
	for (size_t i = 0; i < sec->tips.count; i++) {
		where = g_strdup_printf("sections[%zu].tips[%zu]", index, i);
		/* Measured only: a tip's lines are made explicit when it is first placed, so
		 * that fitting steps that are only tried do not pay for it. */
		b->tips[i] = measure_paragraph(c, &s->type.body, sec->tips.items[i],
					       inner - s->spacing.bullet_indent, where);
		g_free(where);
		if (!b->tips[i])
			return false;
		b->tip_heights[i] = layout_text_height(b->tips[i]);
	}
	return true;
}

/* The band at the top of a piece: the heading, or for a continuation its lighter form. */
static bool place_band(struct layout_ctx *c, struct plan_page *page, struct box *b,
		       const struct flow_piece *piece, double x, double y)
{
	const struct spec *s = c->spec;
	bool cont = piece->continued;
	PangoLayout *heading = cont ? continued_heading(c, b, piece->box) : b->heading;
	if (!heading)
		return false;
	if (!cont)
		g_object_ref(heading); /* the box keeps its own: it may be cached for the next edition */
	double band_h = cont ? b->cont_band_height : b->band_height;
	layout_add_rect(page, x, y, c->column_width, band_h,
			layout_colour(c, cont ? SPEC_ROLE_CONTINUED_BAND : SPEC_ROLE_HEADING_BAND),
			s->radius.box, PLAN_CORNERS_TOP, (int)piece->box);
	layout_add_text(page, heading, x + s->spacing.box_padding, y + s->spacing.band_padding,
			cont ? PLAN_ROLE_LABEL : PLAN_ROLE_HEADING,
			layout_colour(c, cont ? SPEC_ROLE_CONTINUED_HEADING : SPEC_ROLE_HEADING),
			(int)piece->box, -1);
	return true;
}

/* Places one piece of a measured box with its top-left corner at (x, y); the plan takes the
 * piece's texts. */
static bool place_piece(struct layout_ctx *c, struct plan_page *page, struct box *b,
			const struct flow_piece *piece, int column, double x, double y)
{
	const struct spec *s = c->spec;
	const struct spec_spacing *sp = &s->spacing;
	int section = (int)piece->box;
	size_t first = page->count;
	layout_add_rect(page, x, y, c->column_width, piece->height,
			layout_colour(c, SPEC_ROLE_BOX_FILL), s->radius.box, PLAN_CORNERS_ALL, section);
	if (!place_band(c, page, b, piece, x, y))
		return false;
	double ty = y + (piece->continued ? b->cont_band_height : b->band_height) + sp->box_padding;
	for (size_t i = piece->first_tip; i < piece->first_tip + piece->n_tips; i++) {
		/* The bullet sits on the middle of the first line's lower-case letters. */
		double cy = ty + layout_baseline(b->tips[i]) - 0.27 * s->type.body.size;
		plan_add(page, &(struct plan_item){
				       .kind = PLAN_DOT, .role = PLAN_ROLE_DECORATION,
				       .x = x + sp->box_padding, .y = cy - sp->bullet_size / 2,
				       .w = sp->bullet_size, .h = sp->bullet_size,
				       .colour = layout_colour(c, SPEC_ROLE_BULLET), .section = section,
				       .tip = (int)i, .column = -1,
			       });
		break_explicitly(b->tips[i]);
		layout_add_text(page, g_object_ref(b->tips[i]), x + sp->box_padding + sp->bullet_indent,
				ty, PLAN_ROLE_TIP, layout_colour(c, SPEC_ROLE_BODY), section, (int)i);
		ty += b->tip_heights[i] + sp->tip_gap;
	}
	for (size_t i = first; i < page->count; i++)
		page->items[i].column = column;
	return true;
}

/* Where the columns of each factsheet page begin and end. */
struct frame {
	double *top, *bottom; /* per factsheet page */
	size_t pages;
};

static void report_overflow(struct layout_ctx *c, const struct flow_failure *fail)
{
	/* A body's own local section is the body file's to fix. */
	bool local = fail->box >= c->in->factsheet->sections.count;
	diag_set(c->diag, local ? c->in->body->file : c->in->data_file, 0, 0,
		 "section '%s' does not fit: %.1f mm of content is left over with the layout '%s' (past its fitting limits)",
		 layout_section(c->in, fail->box)->heading, fail->excess / VALUE_PT_PER_MM,
		 c->spec->name);
	c->overflow = true;
}

static bool place_pieces(struct layout_ctx *c, struct plan *plan, const struct frame *fr,
			 struct box *boxes, const struct flow_result *r)
{
	size_t k = (size_t)c->spec->columns.count;
	for (size_t i = 0; i < r->count; i++) {
		const struct flow_piece *piece = &r->pieces[i];
		size_t page = piece->slot / k, col = piece->slot % k;
		double x = c->inner_left + (double)col * (c->column_width + c->spec->columns.gutter);
		if (!place_piece(c, &plan->pages[page], &boxes[piece->box], piece, (int)col, x,
				 fr->top[page] + piece->y))
			return false;
	}
	return true;
}

static struct flow_box *flow_boxes(const struct layout_ctx *c, const struct box *boxes, size_t n)
{
	const struct spec_spacing *sp = &c->spec->spacing;
	struct flow_box *fb = g_new0(struct flow_box, n);
	for (size_t i = 0; i < n; i++)
		fb[i] = (struct flow_box){
			.head = boxes[i].band_height + 2 * sp->box_padding,
			.cont_head = boxes[i].cont_band_height + 2 * sp->box_padding,
			.tips = boxes[i].tip_heights, .n_tips = boxes[i].n_tips,
		};
	return fb;
}

/* Measures every box, flows them over the columns of the factsheet pages and places them. */
/* Measured boxes kept between editions (see layout_cache_create): the factsheet's sections
 * measured for one font, type scale, column width and hyphenation. */
struct cache_entry {
	char *key;
	struct box *boxes;
	size_t n;
};

struct layout_cache {
	GPtrArray *entries; /* struct cache_entry *, oldest first */
	GHashTable *texts;  /* layout_shared: key (style, width, text) -> PangoLayout * */
};

/* Enough for page 1's intro and the checklist's items and labels at every fitting step of a
 * few layouts; beyond it the table starts over. */
#define LAYOUT_CACHE_TEXTS 512

/* Enough for every fitting step of a few layouts; the oldest is dropped beyond it. */
#define LAYOUT_CACHE_ENTRIES 24

static void cache_entry_free(gpointer p)
{
	struct cache_entry *e = p;
	for (size_t i = 0; i < e->n; i++)
		box_finish(&e->boxes[i]);
	g_free(e->boxes);
	g_free(e->key);
	g_free(e);
}

struct layout_cache *layout_cache_create(void)
{
	struct layout_cache *c = g_new0(struct layout_cache, 1);
	c->entries = g_ptr_array_new_with_free_func(cache_entry_free);
	c->texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
	return c;
}

void layout_cache_destroy(struct layout_cache *c)
{
	if (!c)
		return;
	g_ptr_array_free(c->entries, TRUE);
	g_hash_table_destroy(c->texts);
	g_free(c);
}

/* Everything a box's measurement depends on besides the (shared) texts. */
static char *cache_key(const struct layout_ctx *c)
{
	const struct spec *s = c->spec;
	return g_strdup_printf("%s|%.4f|%.4f|%.4f|%.4f|%.4f|%.4f", s->font_family, s->type.body.size,
			       s->type.heading.size, c->column_width, s->spacing.box_padding,
			       s->spacing.band_padding, s->spacing.bullet_indent);
}

/* The factsheet's boxes measured for this context: from the cache when an earlier edition
 * measured them alike (borrowed), else measured now and cached. NULL on failure. */
static struct box *factsheet_boxes(struct layout_ctx *c, bool *owned)
{
	size_t n = c->in->factsheet->sections.count;
	struct layout_cache *cache = c->in->cache;
	char *key = cache ? cache_key(c) : NULL;
	for (guint i = 0; cache && i < cache->entries->len; i++) {
		struct cache_entry *e = g_ptr_array_index(cache->entries, i);
		if (!strcmp(e->key, key)) {
			g_free(key);
			*owned = false;
			return e->boxes;
		}
	}
	struct box *boxes = g_new0(struct box, n);
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		ok = measure_box(c, i, &boxes[i]);
	if (!ok || !cache) {
		*owned = true;
		g_free(key);
		if (ok)
			return boxes;
		for (size_t i = 0; i < n; i++)
			box_finish(&boxes[i]);
		g_free(boxes);
		return NULL;
	}
	if (cache->entries->len >= LAYOUT_CACHE_ENTRIES)
		g_ptr_array_remove_index(cache->entries, 0);
	struct cache_entry *e = g_new(struct cache_entry, 1);
	*e = (struct cache_entry){key, boxes, n};
	g_ptr_array_add(cache->entries, e);
	*owned = false;
	return boxes;
}

PangoLayout *layout_shared(struct layout_ctx *c, const struct spec_type *t, const char *text,
			   double width, const char *where, bool hyphenate)
{
	struct layout_cache *cache = c->in->cache;
	char *key = cache ? g_strdup_printf("%s|%d|%d|%.4f|%.4f|%.4f|%d|%s", c->spec->font_family,
					    (int)t->weight, (int)t->italic, t->size, t->line_height,
					    width, (int)hyphenate, text)
			  : NULL;
	PangoLayout *l = key ? g_hash_table_lookup(cache->texts, key) : NULL;
	if (l) {
		g_free(key);
		return g_object_ref(l);
	}
	l = hyphenate ? layout_paragraph(c, t, text, width, where) : layout_text(c, t, text, width, where);
	if (l && key) {
		if (g_hash_table_size(cache->texts) >= LAYOUT_CACHE_TEXTS)
			g_hash_table_remove_all(cache->texts);
		g_hash_table_insert(cache->texts, key, g_object_ref(l));
		key = NULL; /* the table's now */
	}
	g_free(key);
	return l;
}

static bool lay_columns(struct layout_ctx *c, struct plan *plan, const struct frame *fr)
{
	size_t n = layout_section_count(c->in), k = (size_t)c->spec->columns.count;
	size_t shared = c->in->factsheet->sections.count;
	bool owned;
	struct box *measured = factsheet_boxes(c, &owned);
	if (!measured)
		return false;
	/* The edition's boxes: the factsheet's (shallow copies) and a body's local section. */
	struct box *boxes = g_new0(struct box, n);
	memcpy(boxes, measured, shared * sizeof *boxes);
	bool ok = true;
	for (size_t i = shared; ok && i < n; i++)
		ok = measure_box(c, i, &boxes[i]);
	double *heights = g_new(double, fr->pages * k);
	for (size_t i = 0; i < fr->pages * k; i++)
		heights[i] = fr->bottom[i / k] - fr->top[i / k];
	struct flow_params params = {
		.slot_heights = heights, .n_slots = fr->pages * k, .box_gap = c->spec->spacing.box_gap,
		.tip_gap = c->spec->spacing.tip_gap, .split = c->split,
	};
	struct flow_box *fb = ok ? flow_boxes(c, boxes, n) : NULL;
	struct flow_result r = {0};
	struct flow_failure fail;
	if (ok && !flow_place(fb, n, &params, &r, &fail)) {
		report_overflow(c, &fail);
		ok = false;
	}
	if (ok && !c->probe)
		ok = place_pieces(c, plan, fr, boxes, &r);
	flow_result_finish(&r);
	for (size_t i = owned ? 0 : shared; i < n; i++)
		box_finish(&boxes[i]);
	if (owned)
		g_free(measured);
	g_free(fb);
	g_free(heights);
	g_free(boxes);
	return ok;
}

/* Page 1's header and intro; returns where its columns start. */
static bool lay_opening(struct layout_ctx *c, struct plan_page *page, double *top)
{
	const struct factsheet *f = c->in->factsheet;
	const struct spec *s = c->spec;
	double y;
	if (!layout_header(c, page, f->title, "title", f->subtitle, &y))
		return false;
	y += s->spacing.intro_gap;
	if (f->intro) {
		/* The same at every fitting step with the same type size, and in every edition. */
		PangoLayout *intro = layout_shared(c, &s->type.intro, f->intro, c->inner_width,
						   "intro", true);
		if (!intro)
			return false;
		layout_add_text(page, intro, c->inner_left, y, PLAN_ROLE_INTRO,
				layout_colour(c, SPEC_ROLE_INTRO), -1, -1);
		y += layout_text_height(intro) + s->spacing.columns_gap;
	}
	*top = y;
	return true;
}

/* The footers of the factsheet pages, laid out once, aside: fitting does not change them,
 * the columns end where they start, and they come last in reading order. */
struct footers {
	struct plan_page *pages;
	double *tops;
	size_t n;
};

static bool lay_footers(struct layout_ctx *c, struct footers *f)
{
	const struct spec *s = c->spec;
	f->n = (size_t)s->flow.pages;
	f->pages = g_new0(struct plan_page, f->n);
	f->tops = g_new0(double, f->n);
	bool ok = true;
	for (size_t i = 0; ok && i < f->n; i++) {
		f->pages[i] = (struct plan_page){.width = s->page.width, .height = s->page.height};
		ok = layout_footer(c, &f->pages[i], true, &f->tops[i]);
	}
	return ok;
}

/* Appends the footers to the plan's pages (taking their items) and frees them. */
static void footers_finish(struct footers *f, struct plan *plan)
{
	for (size_t i = 0; i < f->n; i++) {
		if (plan)
			plan_move_items(&plan->pages[i], &f->pages[i]);
		else
			plan_truncate(&f->pages[i], 0);
		g_free(f->pages[i].items);
	}
	g_free(f->pages);
	g_free(f->tops);
}

/* The factsheet pages of one fitting attempt: page 1's header and intro and the boxes
 * flowed over the columns of every factsheet page, down to the footers. */
static bool lay_factsheet(struct layout_ctx *c, struct plan *plan, const struct footers *f)
{
	size_t pages = f->n;
	struct frame fr = {g_new0(double, pages), g_new0(double, pages), pages};
	bool ok = lay_opening(c, &plan->pages[0], &fr.top[0]);
	for (size_t i = 0; i < pages; i++) {
		if (i > 0)
			fr.top[i] = c->spec->page.margin.top;
		fr.bottom[i] = f->tops[i] - c->spec->spacing.footer_gap;
	}
	ok = ok && lay_columns(c, plan, &fr);
	g_free(fr.top);
	g_free(fr.bottom);
	return ok;
}

/* A background that touches an edge of the trimmed page runs on into the bleed there. */
static void bleed_item(struct plan_item *it, double w, double h, double bleed)
{
	if (it->kind != PLAN_RECT)
		return;
	const double e = 0.01;
	double right = it->x + it->w, bottom = it->y + it->h;
	if (it->x <= e) {
		it->x -= bleed;
		it->w += bleed;
	}
	if (it->y <= e) {
		it->y -= bleed;
		it->h += bleed;
	}
	if (right >= w - e)
		it->w += bleed;
	if (bottom >= h - e)
		it->h += bleed;
}

/* Two marks at each corner of the trim box, on the lines of its edges. */
static void add_crop_marks(struct plan_page *page, double m, double w, double h,
			   const struct spec_marks *marks, double bleed)
{
	const struct rgb black = {0, 0, 0};
	double gap = bleed + marks->offset, len = marks->length;
	double xs[2] = {m, m + w}, ys[2] = {m, m + h};
	for (int i = 0; i < 2; i++) {
		for (int j = 0; j < 2; j++) {
			double sx = i ? 1 : -1, sy = j ? 1 : -1;
			plan_add(page, &(struct plan_item){
					       .kind = PLAN_LINE, .x = xs[i] + sx * gap, .y = ys[j],
					       .w = sx * len, .stroke = marks->width, .colour = black,
					       .section = -1, .tip = -1, .column = -1});
			plan_add(page, &(struct plan_item){
					       .kind = PLAN_LINE, .x = xs[i], .y = ys[j] + sy * gap,
					       .h = sy * len, .stroke = marks->width, .colour = black,
					       .section = -1, .tip = -1, .column = -1});
		}
	}
}

void layout_add_bleed(struct plan *plan, double bleed, const struct spec *spec)
{
	double m = bleed + spec->marks.offset + spec->marks.length;
	plan->bleed = bleed;
	plan->margin = m;
	for (size_t i = 0; i < plan->n_pages; i++) {
		struct plan_page *page = &plan->pages[i];
		double w = page->width, h = page->height;
		for (size_t j = 0; j < page->count; j++) {
			struct plan_item *it = &page->items[j];
			bleed_item(it, w, h, bleed);
			it->x += m;
			it->y += m;
			it->field_box.x += m;
			it->field_box.y += m;
		}
		add_crop_marks(page, m, w, h, &spec->marks, bleed);
		page->width = w + 2 * m;
		page->height = h + 2 * m;
	}
}

size_t layout_section_count(const struct layout_input *in)
{
	bool local = in->body && in->body->local.heading;
	return in->factsheet->sections.count + (local ? 1 : 0);
}

const struct section *layout_section(const struct layout_input *in, size_t i)
{
	if (i < in->factsheet->sections.count)
		return &in->factsheet->sections.items[i];
	return &in->body->local;
}

/* The layout with page 1's spacing and type scaled by the given shares. */
struct spec layout_fitted_spec(const struct spec *base, const char *font, double spacing,
			       double type)
{
	struct spec s = *base; /* shallow: borrows the strings, never freed */
	if (font)
		s.font_family = (char *)font;
	double *gaps[] = {&s.spacing.intro_gap,   &s.spacing.columns_gap, &s.spacing.box_gap,
			  &s.spacing.box_padding, &s.spacing.band_padding, &s.spacing.tip_gap};
	for (size_t i = 0; i < G_N_ELEMENTS(gaps); i++)
		*gaps[i] *= spacing;
	s.checklist.item_gap *= spacing;
	s.type.intro.size *= type;
	s.type.heading.size *= type;
	s.type.body.size *= type;
	return s;
}

static struct plan *new_plan(const struct layout_input *in)
{
	const struct spec *s = in->spec;
	/* The factsheet's pages, then the checklist page. */
	struct plan *p = plan_create((size_t)s->flow.pages + 1, s->page.width, s->page.height);
	for (size_t i = 0; i < p->n_pages; i++)
		layout_add_rect(&p->pages[i], 0, 0, s->page.width, s->page.height,
				in->palette->colour[SPEC_PAPER], 0, 0, -1);
	return p;
}

/* The fitting steps, loosest first: spacing in steps of a tenth down to the layout's
 * limit, then type in steps of 3 % down to its smallest body size. */
static size_t fit_steps(const struct spec *s, double *spacing, double *type, size_t max)
{
	size_t n = 0;
	for (double sp = 1.0; sp >= s->fit.min_spacing - 1e-9 && n < max; sp -= 0.1)
		spacing[n] = sp, type[n++] = 1.0;
	double last = n ? spacing[n - 1] : 1.0;
	for (double t = 0.97; s->type.body.size * t >= s->fit.min_body - 1e-9 && n < max; t -= 0.03)
		spacing[n] = last, type[n++] = t;
	return n;
}

/* One try at a fitting step; `keep` says whether a success is the result or only a probe. */
static bool try_step(struct layout_ctx *c, const struct layout_fit *fit, double spacing,
		     double type, bool keep)
{
	struct spec s = layout_fitted_spec(c->in->spec, fit->font, spacing, type);
	c->spec = &s;
	c->overflow = false;
	c->probe = !keep;
	bool ok = fit->attempt(c, fit->target, keep);
	c->probe = false;
	c->spec = c->in->spec;
	return ok;
}

/* Narrows (*lo, *hi] to the loosest step that fits, *lo known not to fit: *hi is taken to
 * fit until a probe shows a looser one does (*found). False when a probe failed for another
 * reason than running out of room. */
static bool bisect(struct layout_ctx *c, const struct layout_fit *fit, const double *sp,
		   const double *ty, size_t *lo, size_t *hi, bool *found)
{
	while (*hi - *lo > 1) {
		size_t mid = (*lo + *hi) / 2;
		bool ok = try_step(c, fit, sp[mid], ty[mid], false);
		if (!ok && !c->overflow)
			return false;
		diag_finish(c->diag);
		if (ok)
			*hi = mid, *found = true;
		else
			*lo = mid;
	}
	return true;
}

/* The loosest spacing step that fits at full type, `tightest` known to fit and step 0 not
 * to: its neighbour first, then a bisection of the rest if the neighbour fits too. */
static bool settle_spacing(struct layout_ctx *c, const struct layout_fit *fit, const double *sp,
			   const double *ty, size_t tightest, size_t *hi)
{
	*hi = tightest;
	if (tightest < 2)
		return true;
	bool ok = try_step(c, fit, sp[tightest - 1], ty[tightest - 1], false);
	if (!ok && !c->overflow)
		return false;
	diag_finish(c->diag);
	if (!ok)
		return true;
	*hi = tightest - 1;
	size_t lo = 0;
	bool found = true;
	return bisect(c, fit, sp, ty, &lo, hi, &found);
}

/* Searches the fitting steps, as layout_fit describes, with boxes split or not. */
static bool fit_search(struct layout_ctx *c, const struct layout_fit *fit, double *spacing_out,
		       double *type_out)
{
	double sp[64], ty[64];
	size_t n = fit_steps(c->in->spec, sp, ty, G_N_ELEMENTS(sp));
	if (try_step(c, fit, sp[0], ty[0], true)) {
		*spacing_out = sp[0];
		*type_out = ty[0];
		return true;
	}
	if (!c->overflow || n == 1)
		return false;
	diag_finish(c->diag);
	size_t full_type = 0;
	while (full_type + 1 < n && ty[full_type + 1] == 1.0)
		full_type++;
	/* The tightest spacing at full type first, then its looser neighbour: most editions
	 * that do not fit as written fit there and not one step looser (a body's local section
	 * overflows page 1 by more than a step or two gives), and each step tried measures the
	 * tips anew (the paddings follow the spacing, the sizes the type). Two tries settle
	 * those, where bisecting took three; one sends the others on to smaller type. */
	size_t lo = 0, hi = n - 1;
	bool found = false;
	if (full_type > 0) {
		bool ok = try_step(c, fit, sp[full_type], ty[full_type], false);
		if (!ok && (!c->overflow || full_type == n - 1))
			return false; /* past the limits: the tightest step's message stands */
		diag_finish(c->diag);
		if (!ok)
			lo = full_type;
		else if (!settle_spacing(c, fit, sp, ty, full_type, &hi))
			return false;
		found = ok;
	}
	/* Then smaller type: the tightest step first, whose message stands if it does not fit
	 * either. */
	if (!found) {
		if (!try_step(c, fit, sp[hi], ty[hi], false))
			return false;
		if (!bisect(c, fit, sp, ty, &lo, &hi, &found))
			return false;
	}
	*spacing_out = sp[hi];
	*type_out = ty[hi];
	return try_step(c, fit, sp[hi], ty[hi], true);
}

struct factsheet_attempt {
	const struct footers *footers;
	struct plan *plan; /* the attempt kept */
};

bool layout_fit(struct layout_ctx *c, const struct layout_fit *fit, double *spacing_out,
		double *type_out)
{
	/* Whole boxes at any fitting step come before split ones at the loosest: a box is
	 * continued in the next column only when no tightening lets the boxes stay whole. */
	c->split = false;
	bool ok = fit_search(c, fit, spacing_out, type_out);
	if (ok || !c->overflow || !c->in->spec->flow.split)
		return ok;
	diag_finish(c->diag);
	c->split = true;
	ok = fit_search(c, fit, spacing_out, type_out);
	c->split = false;
	return ok;
}

/* The factsheet pages of a fitting attempt; a plan kept only when asked. */
static bool attempt_factsheet(struct layout_ctx *c, void *target, bool keep)
{
	struct factsheet_attempt *a = target;
	struct plan *p = new_plan(c->in);
	bool ok = lay_factsheet(c, p, a->footers);
	p->fit_split = c->split;
	if (ok && keep)
		a->plan = p;
	else
		plan_destroy(p);
	return ok;
}

/* Lays out the factsheet pages, tightened as far as needed to fit. */
static struct plan *lay_fitted(struct layout_ctx *c, const char *font)
{
	struct spec base = layout_fitted_spec(c->in->spec, font, 1.0, 1.0);
	struct footers footers = {0};
	c->spec = &base;
	bool ok = lay_footers(c, &footers);
	c->spec = c->in->spec;
	struct factsheet_attempt a = {&footers, NULL};
	struct layout_fit fit = {font, attempt_factsheet, &a};
	double spacing, type;
	ok = ok && layout_fit(c, &fit, &spacing, &type);
	footers_finish(&footers, ok ? a.plan : NULL);
	if (!ok)
		return NULL;
	a.plan->fit_spacing = spacing;
	a.plan->fit_type = type;
	return a.plan;
}

bool layout_compute(const struct layout_input *in, struct plan **out, struct diag *d)
{
	const struct spec *s = in->spec;
	const char *font = in->body && in->body->font ? in->body->font : s->font_family;
	struct layout_ctx c = {.in = in, .spec = s, .diag = d};
	c.inner_left = s->page.margin.left;
	c.inner_width = s->page.width - s->page.margin.left - s->page.margin.right;
	c.column_width = (c.inner_width - (s->columns.count - 1) * s->columns.gutter) /
			 s->columns.count;
	if (!fonts_has_family(in->fonts, font))
		return diag_set(d, in->body ? in->body->file : NULL, 0, 0,
				"the font '%s' is not among the bundled fonts", font);
	struct plan *p = lay_fitted(&c, font);
	if (!p)
		return false;
	const struct factsheet *f = in->factsheet;
	struct plan_page *checklist = &p->pages[p->n_pages - 1];
	for (size_t i = 0; i + 1 < p->n_pages; i++) {
		p->pages[i].title = in->body ? g_strdup_printf("%s – %s", f->title, in->body->name)
					     : g_strdup(f->title);
		p->pages[i].description = i == 0 ? g_strdup(f->intro) : NULL;
	}
	checklist->title = g_strdup_printf("%s – %s", f->checklist.title, f->title);
	checklist->description = g_strdup(f->checklist.intro);
	if (!layout_checklist(&c, font, checklist)) {
		plan_destroy(p);
		return false;
	}
	*out = p;
	return true;
}
