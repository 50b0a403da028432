#include "render.h"

#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>

static void set_colour(cairo_t *cr, const struct rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

/* A rectangle path whose top and/or bottom corners are rounded with radius r. */
static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r,
			 unsigned corners)
{
	double rt = (corners & PLAN_CORNERS_TOP) ? fmin(r, fmin(w, h) / 2) : 0;
	double rb = (corners & PLAN_CORNERS_BOTTOM) ? fmin(r, fmin(w, h) / 2) : 0;
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - rt, y + rt, rt, -M_PI / 2, 0);
	cairo_arc(cr, x + w - rb, y + h - rb, rb, 0, M_PI / 2);
	cairo_arc(cr, x + rb, y + h - rb, rb, M_PI / 2, M_PI);
	cairo_arc(cr, x + rt, y + rt, rt, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

static void draw_rect(cairo_t *cr, const struct plan_item *it)
{
	if (it->radius > 0 && it->corners)
		rounded_rect(cr, it->x, it->y, it->w, it->h, it->radius, it->corners);
	else
		cairo_rectangle(cr, it->x, it->y, it->w, it->h);
	set_colour(cr, &it->colour);
	cairo_fill(cr);
}

static void draw_dot(cairo_t *cr, const struct plan_item *it)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, it->x + it->w / 2, it->y + it->h / 2, it->w / 2, 0, 2 * M_PI);
	set_colour(cr, &it->colour);
	cairo_fill(cr);
}

static void draw_checkbox(cairo_t *cr, const struct plan_item *it)
{
	/* Stroke inside the square, so that the outer edge is exactly (x, y, w, h). */
	double inset = it->stroke / 2;
	rounded_rect(cr, it->x + inset, it->y + inset, it->w - 2 * inset, it->h - 2 * inset,
		     it->radius, PLAN_CORNERS_ALL);
	set_colour(cr, &it->colour);
	cairo_set_line_width(cr, it->stroke);
	cairo_stroke(cr);
}

static void draw_line(cairo_t *cr, const struct plan_item *it)
{
	cairo_move_to(cr, it->x, it->y);
	cairo_line_to(cr, it->x + it->w, it->y + it->h);
	set_colour(cr, &it->colour);
	cairo_set_line_width(cr, it->stroke);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_stroke(cr);
}

static void draw_text(cairo_t *cr, const struct plan_item *it)
{
	set_colour(cr, &it->colour);
	cairo_move_to(cr, it->x, it->y);
	pango_cairo_show_layout(cr, it->text);
}

/* A 1-bit mask as an image mask, unsmoothed: in a PDF a 1-bit image costs about 1 KB where
 * the same modules as paths cost about 8 (measured here). */
static void draw_mask(cairo_t *cr, const struct plan_item *it)
{
	cairo_save(cr);
	cairo_translate(cr, it->x, it->y);
	cairo_scale(cr, it->w / cairo_image_surface_get_width(it->mask),
		    it->h / cairo_image_surface_get_height(it->mask));
	set_colour(cr, &it->colour);
	cairo_pattern_t *p = cairo_pattern_create_for_surface(it->mask);
	cairo_pattern_set_filter(p, CAIRO_FILTER_NEAREST);
	cairo_mask(cr, p);
	cairo_pattern_destroy(p);
	cairo_restore(cr);
}

/* cairo's tag attributes quote strings with '; a URI must not end that string early. */
static char *link_attributes(const char *uri)
{
	GString *s = g_string_new("uri='");
	for (const char *p = uri; *p; p++) {
		if (*p == '\\' || *p == '\'')
			g_string_append_c(s, '\\');
		g_string_append_c(s, *p);
	}
	g_string_append_c(s, '\'');
	return g_string_free(s, FALSE);
}

static void draw_item(cairo_t *cr, const struct plan_item *it)
{
	switch (it->kind) {
	case PLAN_RECT:
		draw_rect(cr, it);
		break;
	case PLAN_DOT:
		draw_dot(cr, it);
		break;
	case PLAN_CHECKBOX:
		draw_checkbox(cr, it);
		break;
	case PLAN_LINE:
		draw_line(cr, it);
		break;
	case PLAN_TEXT:
		draw_text(cr, it);
		break;
	case PLAN_LOGO:
		logo_draw(it->logo, cr, it->x, it->y, it->w, it->h);
		break;
	case PLAN_MASK:
		draw_mask(cr, it);
		break;
	}
}

/* Decoration is an artifact, not read aloud: background, bands, box fills, rules, crop
 * marks, a checkbox's square and a line to write on (the form field over them is what a
 * reader meets). A list item's bullet is the exception: it is the item's label (Lbl). */
static bool is_artifact(const struct plan_item *it)
{
	bool bullet = it->kind == PLAN_DOT && it->section >= 0 && it->tip >= 0;
	return it->role == PLAN_ROLE_DECORATION && it->kind != PLAN_TEXT && !bullet;
}

/* cairo 1.16 has no Artifact tag (one corrupts the file) and writes untagged drawing as
 * neither content nor artifact. So an artifact is drawn inside a Private element, which
 * holds nothing else: the PDF finishing stage turns its marked content into /Artifact and
 * drops the element. */
static void draw_marked(cairo_t *cr, const struct plan_item *it)
{
	bool artifact = is_artifact(it);
	if (artifact)
		cairo_tag_begin(cr, "Private", "");
	draw_item(cr, it);
	if (artifact)
		cairo_tag_end(cr, "Private");
}

/* Draws an item, inside a Link element when it links somewhere. An item that carries a
 * form field is followed by an empty Form element, which the PDF finishing stage joins to
 * the field's widget. */
static void draw_linked(cairo_t *cr, const struct plan_item *it)
{
	if (it->field) {
		draw_marked(cr, it);
		cairo_tag_begin(cr, "Form", "");
		cairo_tag_end(cr, "Form");
		return;
	}
	if (!it->link) {
		draw_marked(cr, it);
		return;
	}
	char *attrs = link_attributes(it->link);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
	draw_marked(cr, it);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	g_free(attrs);
}

/* The structure element a role becomes in a tagged PDF; NULL for decoration. */
static const char *tag_for(enum plan_role role)
{
	switch (role) {
	case PLAN_ROLE_TITLE:
		return "H1";
	case PLAN_ROLE_HEADING:
		return "H2";
	case PLAN_ROLE_FIGURE:
		return "Figure";
	case PLAN_ROLE_DECORATION:
		return NULL;
	default:
		return "P";
	}
}

/* Builds the structure tree while drawing, from the items' roles and their section and tip
 * numbers: the tips of a section become a list (L) of items (LI), each with its bullet or
 * checkbox as label (Lbl; a checkbox's square is an artifact beside its Form element) and
 * its text as body (LBody). Tags are no-ops on surfaces other than PDF. */
struct tagger {
	cairo_t *cr;
	int list_section; /* section of the open L, or -1 */
	int list_tip;     /* tip of the open LI, or -1 */
	bool in_body;     /* an LBody is open */
};

static void close_list_item(struct tagger *t)
{
	if (t->in_body)
		cairo_tag_end(t->cr, "LBody");
	if (t->list_tip >= 0)
		cairo_tag_end(t->cr, "LI");
	t->in_body = false;
	t->list_tip = -1;
}

static void close_list(struct tagger *t)
{
	close_list_item(t);
	if (t->list_section >= 0)
		cairo_tag_end(t->cr, "L");
	t->list_section = -1;
}

static void draw_list_part(struct tagger *t, const struct plan_item *it)
{
	if (t->list_section != it->section) {
		close_list(t);
		cairo_tag_begin(t->cr, "L", "");
		t->list_section = it->section;
	}
	if (t->list_tip != it->tip) {
		close_list_item(t);
		cairo_tag_begin(t->cr, "LI", "");
		t->list_tip = it->tip;
	}
	const char *tag = it->kind == PLAN_TEXT ? "P" : (it->kind == PLAN_DOT || it->kind == PLAN_CHECKBOX) ? "Lbl" : NULL;
	if (tag && it->kind == PLAN_TEXT && !t->in_body) {
		cairo_tag_begin(t->cr, "LBody", "");
		t->in_body = true;
	}
	if (tag)
		cairo_tag_begin(t->cr, tag, "");
	draw_linked(t->cr, it);
	if (tag)
		cairo_tag_end(t->cr, tag);
}

/* A heading is also a destination, so that the PDF's outline can point to it. */
static void draw_heading(cairo_t *cr, const struct plan_item *it)
{
	char *dest = g_strdup_printf("name='%s%d'", RENDER_SECTION_DEST, it->section);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, dest);
	draw_linked(cr, it);
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	g_free(dest);
}

static void draw_tagged(struct tagger *t, const struct plan_item *it)
{
	if (it->section >= 0 && it->tip >= 0) {
		draw_list_part(t, it);
		return;
	}
	close_list(t);
	const char *tag = tag_for(it->role);
	if (tag)
		cairo_tag_begin(t->cr, tag, "");
	if (it->role == PLAN_ROLE_HEADING && it->section >= 0)
		draw_heading(t->cr, it);
	else
		draw_linked(t->cr, it);
	if (tag)
		cairo_tag_end(t->cr, tag);
}

/* cairo 1.16 drops all a PDF page has recorded so far, its tags included, when an opaque
 * fill covers the whole page (a background on a page of whole points, such as 612 x 792):
 * the surface then fails with CAIRO_STATUS_TAG_ERROR. It does not under a clip. PDF only:
 * on a PNG a clip at a fractional edge would change the last column's pixels. */
static void clip_pdf_page(cairo_t *cr, const struct plan_page *page)
{
	if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_PDF)
		return;
	cairo_rectangle(cr, 0, 0, page->width, page->height);
	cairo_clip(cr);
}

void render_page(cairo_t *cr, const struct plan_page *page)
{
	struct tagger t = {.cr = cr, .list_section = -1, .list_tip = -1};
	cairo_save(cr);
	clip_pdf_page(cr, page);
	for (size_t i = 0; i < page->count; i++)
		draw_tagged(&t, &page->items[i]);
	close_list(&t);
	cairo_restore(cr);
}
