#include "svgpage.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "qr.h"
#include "value.h"

/* What is written while a page is: the glyph outlines it uses (each once) and the page's
 * content, joined at the end because the outlines go first. */
struct writer {
	GString *defs, *body;
	GHashTable *glyphs; /* struct glyph_key * -> GUINT_TO_POINTER(id + 1) */
	guint next_glyph;
	cairo_t *scratch; /* turns a glyph into its outline */
};

struct glyph_key {
	cairo_scaled_font_t *font;
	PangoGlyph glyph;
};

static guint glyph_hash(gconstpointer p)
{
	const struct glyph_key *k = p;
	return g_direct_hash(k->font) ^ (k->glyph * 2654435761u);
}

static gboolean glyph_equal(gconstpointer a, gconstpointer b)
{
	const struct glyph_key *x = a, *y = b;
	return x->font == y->font && x->glyph == y->glyph;
}

/* A coordinate to a hundredth of a point: far below what a screen or printer shows. */
static void put_num(GString *s, double v)
{
	value_append_decimal(s, v, 2);
}

/* " name=\"v\"" */
static void put_attr(GString *s, const char *name, double v)
{
	g_string_append_c(s, ' ');
	g_string_append(s, name);
	g_string_append(s, "=\"");
	put_num(s, v);
	g_string_append_c(s, '"');
}

static void put_colour(GString *s, const char *attr, const struct rgb *c)
{
	char hex[8];
	value_format_rgb(c, hex);
	g_string_append_printf(s, " %s=\"%s\"", attr, hex);
}

static void put_point(GString *s, char command, double x, double y)
{
	g_string_append_c(s, command);
	put_num(s, x);
	g_string_append_c(s, ' ');
	put_num(s, y);
}

/* A cairo path as SVG path data. */
static void put_path_data(GString *s, const cairo_path_t *path)
{
	for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
		const cairo_path_data_t *d = &path->data[i];
		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
			put_point(s, 'M', d[1].point.x, d[1].point.y);
			break;
		case CAIRO_PATH_LINE_TO:
			put_point(s, 'L', d[1].point.x, d[1].point.y);
			break;
		case CAIRO_PATH_CURVE_TO:
			put_point(s, 'C', d[1].point.x, d[1].point.y);
			put_point(s, ' ', d[2].point.x, d[2].point.y);
			put_point(s, ' ', d[3].point.x, d[3].point.y);
			break;
		case CAIRO_PATH_CLOSE_PATH:
			g_string_append_c(s, 'Z');
			break;
		}
	}
}

/* The id of a glyph's outline, defined on first use. */
static guint glyph_id(struct writer *w, cairo_scaled_font_t *font, PangoGlyph glyph)
{
	struct glyph_key key = {font, glyph};
	gpointer found = g_hash_table_lookup(w->glyphs, &key);
	if (found)
		return GPOINTER_TO_UINT(found) - 1;
	guint id = w->next_glyph++;
	g_hash_table_insert(w->glyphs, g_memdup2(&key, sizeof key), GUINT_TO_POINTER(id + 1));
	cairo_set_scaled_font(w->scratch, font);
	cairo_new_path(w->scratch);
	cairo_glyph_t g = {glyph, 0, 0};
	cairo_glyph_path(w->scratch, &g, 1);
	cairo_path_t *path = cairo_copy_path(w->scratch);
	g_string_append_printf(w->defs, "<path id=\"g%u\" d=\"", id);
	put_path_data(w->defs, path);
	g_string_append(w->defs, "\"/>\n");
	cairo_path_destroy(path);
	return id;
}

/* A layout's glyphs, each placed where pango_cairo_show_layout would draw it. */
static void put_text(struct writer *w, const struct plan_item *it)
{
	GString *s = w->body;
	g_string_append(s, "<g");
	put_colour(s, "fill", &it->colour);
	g_string_append(s, ">\n");
	PangoLayoutIter *iter = pango_layout_get_iter(it->text);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
		if (!run)
			continue;
		PangoRectangle logical;
		pango_layout_iter_get_run_extents(iter, NULL, &logical);
		int baseline = pango_layout_iter_get_baseline(iter);
		cairo_scaled_font_t *font =
		    pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font));
		int x = logical.x;
		for (int i = 0; i < run->glyphs->num_glyphs; i++) {
			const PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
			if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
				g_string_append_printf(s, "<use xlink:href=\"#g%u\"",
						       glyph_id(w, font, gi->glyph));
				put_attr(s, "x", it->x + (double)(x + gi->geometry.x_offset) / PANGO_SCALE);
				put_attr(s, "y", it->y + (double)(baseline + gi->geometry.y_offset) / PANGO_SCALE);
				g_string_append(s, "/>\n");
			}
			x += gi->geometry.width;
		}
	} while (pango_layout_iter_next_run(iter));
	pango_layout_iter_free(iter);
	g_string_append(s, "</g>\n");
}

/* A corner arc from the current point, a quarter circle of radius r (none when r is 0). */
static void put_corner(GString *s, double r, double x, double y)
{
	if (r <= 0) {
		put_point(s, 'L', x, y);
		return;
	}
	g_string_append_c(s, 'A');
	put_num(s, r);
	g_string_append_c(s, ' ');
	put_num(s, r);
	g_string_append(s, " 0 0 1 ");
	put_num(s, x);
	g_string_append_c(s, ' ');
	put_num(s, y);
}

/* render.c's rounded_rect: top and/or bottom corners rounded. */
static void put_rounded_rect(GString *s, double x, double y, double w, double h, double r,
			     unsigned corners)
{
	double rt, rb;
	plan_corner_radii(w, h, r, corners, &rt, &rb);
	put_point(s, 'M', x + rt, y);
	put_point(s, 'L', x + w - rt, y);
	put_corner(s, rt, x + w, y + rt);
	put_point(s, 'L', x + w, y + h - rb);
	put_corner(s, rb, x + w - rb, y + h);
	put_point(s, 'L', x + rb, y + h);
	put_corner(s, rb, x, y + h - rb);
	put_point(s, 'L', x, y + rt);
	put_corner(s, rt, x + rt, y);
	g_string_append_c(s, 'Z');
}

static void put_rect(GString *s, const struct plan_item *it)
{
	if (it->radius > 0 && it->corners) {
		g_string_append(s, "<path d=\"");
		put_rounded_rect(s, it->x, it->y, it->w, it->h, it->radius, it->corners);
		g_string_append_c(s, '"');
	} else {
		g_string_append(s, "<rect");
		put_attr(s, "x", it->x);
		put_attr(s, "y", it->y);
		put_attr(s, "width", it->w);
		put_attr(s, "height", it->h);
	}
	put_colour(s, "fill", &it->colour);
	g_string_append(s, "/>\n");
}

static void put_dot(GString *s, const struct plan_item *it)
{
	g_string_append(s, "<circle");
	put_attr(s, "cx", it->x + it->w / 2);
	put_attr(s, "cy", it->y + it->h / 2);
	put_attr(s, "r", it->w / 2);
	put_colour(s, "fill", &it->colour);
	g_string_append(s, "/>\n");
}

/* Stroked inside the square, as render.c does. */
static void put_checkbox(GString *s, const struct plan_item *it)
{
	double inset = it->stroke / 2;
	g_string_append(s, "<path d=\"");
	put_rounded_rect(s, it->x + inset, it->y + inset, it->w - 2 * inset, it->h - 2 * inset,
			 it->radius, PLAN_CORNERS_ALL);
	g_string_append(s, "\" fill=\"none\"");
	put_colour(s, "stroke", &it->colour);
	put_attr(s, "stroke-width", it->stroke);
	g_string_append(s, "/>\n");
}

static void put_line(GString *s, const struct plan_item *it)
{
	g_string_append(s, "<path d=\"");
	put_point(s, 'M', it->x, it->y);
	put_point(s, 'L', it->x + it->w, it->y + it->h);
	g_string_append_c(s, '"');
	put_colour(s, "stroke", &it->colour);
	put_attr(s, "stroke-width", it->stroke);
	g_string_append(s, "/>\n");
}

/* The logo's own file as a data: URL: an SVG logo stays vector. A PNG fills the box (the
 * layout gave it the logo's proportions), an SVG keeps its own aspect ratio, as librsvg's
 * rendering of it does. */
static void put_logo(GString *s, const struct plan_item *it)
{
	size_t len;
	const char *mime;
	const unsigned char *data = logo_file(it->logo, &len, &mime);
	g_string_append(s, "<image");
	put_attr(s, "x", it->x);
	put_attr(s, "y", it->y);
	put_attr(s, "width", it->w);
	put_attr(s, "height", it->h);
	if (!strcmp(mime, "image/png"))
		g_string_append(s, " preserveAspectRatio=\"none\"");
	char *base64 = g_base64_encode(data, len);
	g_string_append_printf(s, " xlink:href=\"data:%s;base64,%s\"/>\n", mime, base64);
	g_free(base64);
}

/* A 1-bit mask (a QR code) as one path of horizontal runs: crisp in every viewer. */
static void put_mask(GString *s, const struct plan_item *it)
{
	cairo_surface_flush(it->mask);
	int w = cairo_image_surface_get_width(it->mask), h = cairo_image_surface_get_height(it->mask);
	double sx = it->w / w, sy = it->h / h;
	g_string_append(s, "<path d=\"");
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w;) {
			if (!qr_is_dark(it->mask, x, y)) {
				x++;
				continue;
			}
			int run = x;
			while (run < w && qr_is_dark(it->mask, run, y))
				run++;
			put_point(s, 'M', it->x + x * sx, it->y + y * sy);
			g_string_append_c(s, 'h');
			put_num(s, (run - x) * sx);
			g_string_append_c(s, 'v');
			put_num(s, sy);
			g_string_append_c(s, 'h');
			put_num(s, -(run - x) * sx);
			g_string_append_c(s, 'Z');
			x = run;
		}
	g_string_append_c(s, '"');
	put_colour(s, "fill", &it->colour);
	g_string_append(s, "/>\n");
}

static void put_item(struct writer *w, const struct plan_item *it)
{
	GString *s = w->body;
	if (it->link) {
		char *href = g_markup_escape_text(it->link, -1);
		g_string_append_printf(s, "<a xlink:href=\"%s\">\n", href);
		g_free(href);
	}
	switch (it->kind) {
	case PLAN_RECT:
		put_rect(s, it);
		break;
	case PLAN_DOT:
		put_dot(s, it);
		break;
	case PLAN_CHECKBOX:
		put_checkbox(s, it);
		break;
	case PLAN_LINE:
		put_line(s, it);
		break;
	case PLAN_TEXT:
		put_text(w, it);
		break;
	case PLAN_LOGO:
		put_logo(s, it);
		break;
	case PLAN_MASK:
		put_mask(s, it);
		break;
	}
	if (it->link)
		g_string_append(s, "</a>\n");
}

/* The root element with the page's size in points, its accessible name and description. */
static void put_head(GString *s, const struct plan_page *page, const char *lang)
{
	g_string_append(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
			   "xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
	g_string_append(s, " width=\"");
	put_num(s, page->width);
	g_string_append(s, "pt\" height=\"");
	put_num(s, page->height);
	g_string_append(s, "pt\" viewBox=\"0 0 ");
	put_num(s, page->width);
	g_string_append_c(s, ' ');
	put_num(s, page->height);
	char *head = g_markup_printf_escaped("\" role=\"img\" xml:lang=\"%s\">\n<title>%s</title>\n",
					     lang, page->title ? page->title : "");
	g_string_append(s, head);
	g_free(head);
	if (page->description) {
		char *desc = g_markup_printf_escaped("<desc>%s</desc>\n", page->description);
		g_string_append(s, desc);
		g_free(desc);
	}
}

void svgpage_write(const struct plan_page *page, const char *lang, GByteArray *out)
{
	cairo_surface_t *one = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	struct writer w = {
		.defs = g_string_sized_new(64 * 1024),
		.body = g_string_sized_new(256 * 1024),
		.glyphs = g_hash_table_new_full(glyph_hash, glyph_equal, g_free, NULL),
		.scratch = cairo_create(one),
	};
	for (size_t i = 0; i < page->count; i++)
		put_item(&w, &page->items[i]);
	GString *head = g_string_new(NULL);
	put_head(head, page, lang);
	g_byte_array_append(out, (const guint8 *)head->str, (guint)head->len);
	if (w.defs->len) {
		g_byte_array_append(out, (const guint8 *)"<defs>\n", 7);
		g_byte_array_append(out, (const guint8 *)w.defs->str, (guint)w.defs->len);
		g_byte_array_append(out, (const guint8 *)"</defs>\n", 8);
	}
	g_byte_array_append(out, (const guint8 *)w.body->str, (guint)w.body->len);
	g_byte_array_append(out, (const guint8 *)"</svg>\n", 7);
	g_string_free(head, TRUE);
	g_string_free(w.defs, TRUE);
	g_string_free(w.body, TRUE);
	g_hash_table_destroy(w.glyphs);
	cairo_destroy(w.scratch);
	cairo_surface_destroy(one);
}
