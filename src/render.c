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
	double rt, rb;
	plan_corner_radii(w, h, r, corners, &rt, &rb);
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

/* In a thumbnail, text whose lines come out lower than this many pixels is drawn as bars
 * ("greeked"), as page-layout programs draw thumbnails: at that size glyphs are a smear of a
 * few pixels either way, and rasterising them was a third of a thumbnail's cost. */
#define RENDER_GREEK_BELOW_PX 6.0

/* Each line as a bar from its baseline up, as high as a lowercase letter, in the text's
 * colour at three quarters strength. */
static void greek_text(cairo_t *cr, const struct plan_item *it)
{
	cairo_set_source_rgba(cr, it->colour.r, it->colour.g, it->colour.b, 0.75);
	PangoLayoutIter *iter = pango_layout_get_iter(it->text);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(iter, NULL, &logical);
		double baseline = (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
		double height = 0.45 * logical.height / PANGO_SCALE;
		cairo_rectangle(cr, it->x + (double)logical.x / PANGO_SCALE, it->y + baseline - height,
				(double)logical.width / PANGO_SCALE, height);
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
	cairo_fill(cr);
}

static void draw_text(cairo_t *cr, const struct plan_item *it, bool thumbnail)
{
	if (!thumbnail) {
		set_colour(cr, &it->colour);
		cairo_move_to(cr, it->x, it->y);
		pango_cairo_show_layout(cr, it->text);
		return;
	}
	/* The first line's height in device pixels: the scale is the same on both axes. */
	PangoLayoutIter *iter = pango_layout_get_iter(it->text);
	PangoRectangle first;
	pango_layout_iter_get_line_extents(iter, NULL, &first);
	pango_layout_iter_free(iter);
	double dx = (double)first.height / PANGO_SCALE, dy = 0;
	cairo_user_to_device_distance(cr, &dx, &dy);
	if (fabs(dx) < RENDER_GREEK_BELOW_PX) {
		greek_text(cr, it);
		return;
	}
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

static void draw_item(cairo_t *cr, const struct plan_item *it, bool thumbnail)
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
		draw_text(cr, it, thumbnail);
		break;
	case PLAN_LOGO:
		logo_draw(it->logo, cr, it->x, it->y, it->w, it->h);
		break;
	case PLAN_MASK:
		draw_mask(cr, it);
		break;
	}
}

void render_page(cairo_t *cr, const struct plan_page *page, bool thumbnail)
{
	cairo_save(cr);
	for (size_t i = 0; i < page->count; i++)
		draw_item(cr, &page->items[i], thumbnail);
	cairo_restore(cr);
}
