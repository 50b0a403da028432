#include "pdfdoc.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "logo.h"
#include "pdffont.h"
#include "pdfobj.h"
#include "qr.h"

/* Each section heading is the destination named this and its index ("section-2"). */
#define PDFDOC_SECTION_DEST "section-"

/* Text fields: 9 pt Helvetica, smaller only when the box is too low for it. */
#define PDFDOC_FIELD_TEXT_SIZE 9.0

/* A Bézier quarter circle of radius 1 puts its control points this far from the ends. */
#define PDFDOC_KAPPA 0.5522847498

/* --- The structure tree, built while the pages are drawn ---------------------------------- */

enum kid_kind { KID_ELEM, KID_MCID, KID_OBJR };

struct kid {
	enum kid_kind kind;
	int value; /* element index, MCID, or the annotation's object number */
	int page;  /* KID_MCID, KID_OBJR: the page it is on */
};

struct elem {
	const char *type; /* a standard structure type: "P", "H1", ... */
	int parent;       /* index, -1 for the Document */
	int page;         /* the page of its first marked content or object, -1 while none */
	char *alt;        /* owned, or NULL */
	char *actual;     /* owned: the text in reading order, for right-to-left text; or NULL */
	GArray *kids;     /* struct kid */
	int num;          /* object number, given when the tree is written */
};

/* A form field as pdfdoc_write meets it. */
struct field {
	const struct plan_item *item;
	int page;
	int num; /* the field's (and its widget's) object number */
	int key; /* its ParentTree key */
};

/* A section heading, for the destinations and the bookmarks. */
struct heading {
	int section;
	int page;
	double y;   /* top of the heading, y down */
	char *text; /* owned, on one line */
};

struct doc {
	const struct plan *plan;
	const struct pdfdoc_request *req;
	struct diag *d;
	struct pdfw *w;
	struct pdffonts *fonts;
	int *page_nums; /* object number of each page */
	GArray *elems;  /* struct elem; 0 is the Document */
	int current;    /* the innermost open element */
	GPtrArray *page_marks; /* per page, GArray of int: the element of each MCID */
	GArray *annot_keys;    /* int: element of each annotation's ParentTree key, in order */
	GArray *fields;        /* struct field */
	GArray *headings;      /* struct heading */
	GHashTable *logos;     /* const struct logo * -> object number of its form XObject */
	GHashTable *appearances; /* "w h|content" -> object number of that appearance */
};

/* What is written while a page is drawn. */
struct page {
	int index;
	double height;
	GString *content;
	GHashTable *fonts;    /* font id + 1 -> object number, for /Resources */
	GHashTable *xobjects; /* "Lg3", "Im1" -> object number */
	GArray *annots;       /* int: object numbers, in drawing order */
	int next_image;
	/* The tips' lists: the open L, LI and LBody (element indices, -1 when none). */
	int list_section, list_tip;
	bool in_body;
};

static int elem_add(struct doc *doc, const char *type)
{
	struct elem e = {.type = type, .parent = doc->current, .page = -1,
			 .kids = g_array_new(FALSE, FALSE, sizeof(struct kid))};
	g_array_append_val(doc->elems, e);
	int index = (int)doc->elems->len - 1;
	if (doc->current >= 0) {
		struct kid k = {KID_ELEM, index, -1};
		g_array_append_val(g_array_index(doc->elems, struct elem, doc->current).kids, k);
	}
	return index;
}

static struct elem *elem_at(struct doc *doc, int index)
{
	return &g_array_index(doc->elems, struct elem, index);
}

static void elem_open(struct doc *doc, const char *type)
{
	doc->current = elem_add(doc, type);
}

static void elem_close(struct doc *doc)
{
	doc->current = elem_at(doc, doc->current)->parent;
}

static void elem_add_kid(struct doc *doc, struct kid k)
{
	struct elem *e = elem_at(doc, doc->current);
	if (e->page < 0)
		e->page = k.page;
	g_array_append_val(e->kids, k);
}

/* --- Page content ----------------------------------------------------------------------- */

static void put_nums(GString *s, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			g_string_append_c(s, ' ');
		pdf_num(s, v[i]);
	}
}

static void put_op(GString *s, const double *v, size_t n, const char *op)
{
	put_nums(s, v, n);
	g_string_append_c(s, ' ');
	g_string_append(s, op);
	g_string_append_c(s, '\n');
}

static void put_colour(GString *s, const struct rgb *c, const char *op)
{
	put_op(s, (const double[]){c->r, c->g, c->b}, 3, op);
}

/* Starts marked content that belongs to the current element: a new MCID on the page. */
static void mark_begin(struct doc *doc, struct page *pg)
{
	GArray *marks = g_ptr_array_index(doc->page_marks, pg->index);
	int mcid = (int)marks->len;
	g_array_append_val(marks, doc->current);
	elem_add_kid(doc, (struct kid){KID_MCID, mcid, pg->index});
	pdf_name(pg->content, elem_at(doc, doc->current)->type);
	g_string_append_printf(pg->content, " <</MCID %d>> BDC\n", mcid);
}

static void mark_end(struct page *pg)
{
	g_string_append(pg->content, "EMC\n");
}

/* render.c's rounded_rect: top and/or bottom corners rounded with radius r. */
static void put_rounded_rect(GString *s, double x, double y, double w, double h, double r,
			     unsigned corners)
{
	double rt, rb;
	plan_corner_radii(w, h, r, corners, &rt, &rb);
	double kt = rt * PDFDOC_KAPPA, kb = rb * PDFDOC_KAPPA;
	put_op(s, (const double[]){x + rt, y}, 2, "m");
	put_op(s, (const double[]){x + w - rt, y}, 2, "l");
	if (rt > 0)
		put_op(s, (const double[]){x + w - rt + kt, y, x + w, y + rt - kt, x + w, y + rt}, 6, "c");
	put_op(s, (const double[]){x + w, y + h - rb}, 2, "l");
	if (rb > 0)
		put_op(s, (const double[]){x + w, y + h - rb + kb, x + w - rb + kb, y + h, x + w - rb, y + h}, 6, "c");
	put_op(s, (const double[]){x + rb, y + h}, 2, "l");
	if (rb > 0)
		put_op(s, (const double[]){x + rb - kb, y + h, x, y + h - rb + kb, x, y + h - rb}, 6, "c");
	put_op(s, (const double[]){x, y + rt}, 2, "l");
	if (rt > 0)
		put_op(s, (const double[]){x, y + rt - kt, x + rt - kt, y, x + rt, y}, 6, "c");
	g_string_append(s, "h\n");
}

static void put_rect(GString *s, const struct plan_item *it)
{
	put_colour(s, &it->colour, "rg");
	if (it->radius > 0 && it->corners)
		put_rounded_rect(s, it->x, it->y, it->w, it->h, it->radius, it->corners);
	else
		put_op(s, (const double[]){it->x, it->y, it->w, it->h}, 4, "re");
	g_string_append(s, "f\n");
}

static void put_dot(GString *s, const struct plan_item *it)
{
	double r = it->w / 2, k = r * PDFDOC_KAPPA;
	double cx = it->x + r, cy = it->y + it->h / 2;
	put_colour(s, &it->colour, "rg");
	put_op(s, (const double[]){cx + r, cy}, 2, "m");
	put_op(s, (const double[]){cx + r, cy + k, cx + k, cy + r, cx, cy + r}, 6, "c");
	put_op(s, (const double[]){cx - k, cy + r, cx - r, cy + k, cx - r, cy}, 6, "c");
	put_op(s, (const double[]){cx - r, cy - k, cx - k, cy - r, cx, cy - r}, 6, "c");
	put_op(s, (const double[]){cx + k, cy - r, cx + r, cy - k, cx + r, cy}, 6, "c");
	g_string_append(s, "f\n");
}

/* Stroked inside the square, so that its outer edge is exactly (x, y, w, h). */
static void put_checkbox(GString *s, const struct plan_item *it)
{
	double inset = it->stroke / 2;
	put_colour(s, &it->colour, "RG");
	put_op(s, &it->stroke, 1, "w");
	put_rounded_rect(s, it->x + inset, it->y + inset, it->w - 2 * inset, it->h - 2 * inset,
			 it->radius, PLAN_CORNERS_ALL);
	g_string_append(s, "S\n");
}

static void put_line(GString *s, const struct plan_item *it)
{
	put_colour(s, &it->colour, "RG");
	put_op(s, &it->stroke, 1, "w");
	put_op(s, (const double[]){it->x, it->y}, 2, "m");
	put_op(s, (const double[]){it->x + it->w, it->y + it->h}, 2, "l");
	g_string_append(s, "S\n");
}

/* --- Text --------------------------------------------------------------------------------- */

/* Where the text being shown stands: the font and size set, the pen after the last glyph,
 * the baseline. Glyphs are placed where pango put them; a TJ adjustment makes up the
 * difference between pango's advance and the font's /W width when it is worth one. */
struct pen {
	int font; /* -1: no font set in this BT */
	double size, x, y;
	bool in_array; /* a TJ array is open */
	bool in_hex;   /* a <...> glyph string is open inside it */
};

static void pen_close_hex(GString *s, struct pen *p)
{
	if (p->in_hex)
		g_string_append_c(s, '>');
	p->in_hex = false;
}

static void pen_close_array(GString *s, struct pen *p)
{
	pen_close_hex(s, p);
	if (p->in_array)
		g_string_append(s, "] TJ\n");
	p->in_array = false;
}

/* Moves the pen to (x, y) on a new text matrix. Text space is flipped back up, since the
 * page is drawn y down. */
static void pen_move(GString *s, struct pen *p, double x, double y)
{
	pen_close_array(s, p);
	g_string_append(s, "1 0 0 -1 ");
	put_nums(s, (const double[]){x, y}, 2);
	g_string_append(s, " Tm\n");
	p->x = x, p->y = y;
}

static void pen_glyph(GString *s, struct pen *p, unsigned glyph, double advance)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!p->in_array)
		g_string_append_c(s, '[');
	if (!p->in_hex)
		g_string_append_c(s, '<');
	p->in_array = p->in_hex = true;
	for (int shift = 12; shift >= 0; shift -= 4)
		g_string_append_c(s, hex[(glyph >> shift) & 15]);
	p->x += advance;
}

/* Places a glyph at (x, y): a TJ adjustment if it is on the pen's baseline and close, a
 * new text matrix if not. */
static void pen_place(GString *s, struct pen *p, double x, double y)
{
	double gap = x - p->x;
	if (fabs(y - p->y) > 1e-3 || fabs(gap) > p->size) {
		pen_move(s, p, x, y);
		return;
	}
	/* In thousandths of the font size, as TJ counts; below half a unit, nothing. */
	long adjust = lround(-gap * 1000.0 / p->size);
	if (adjust == 0)
		return;
	pen_close_hex(s, p);
	if (!p->in_array)
		g_string_append_c(s, '[');
	p->in_array = true;
	g_string_append_printf(s, "%ld", adjust);
	p->x -= (double)adjust * p->size / 1000.0;
}

/* The bytes of the text `glyph` i of `run` stands for: its cluster, given to the cluster's
 * first glyph (in logical order) only. */
static void glyph_text(const PangoLayoutRun *run, const char *layout_text, int i,
		       const char **text, size_t *len)
{
	const PangoGlyphString *gs = run->glyphs;
	const PangoItem *item = run->item;
	bool rtl = item->analysis.level % 2;
	int start = gs->log_clusters[i];
	int before = rtl ? i + 1 : i - 1;
	*len = 0;
	*text = NULL;
	if (before >= 0 && before < gs->num_glyphs && gs->log_clusters[before] == start)
		return; /* not the cluster's first glyph */
	int end = item->length;
	for (int j = rtl ? i - 1 : i + 1; j >= 0 && j < gs->num_glyphs; j += rtl ? -1 : 1) {
		if (gs->log_clusters[j] != start) {
			end = gs->log_clusters[j];
			break;
		}
	}
	*text = layout_text + item->offset + start;
	*len = (size_t)(end - start);
}

static void put_run(struct doc *doc, struct page *pg, struct pen *pen, const struct plan_item *it,
		    PangoLayoutIter *iter, const PangoLayoutRun *run)
{
	GString *s = pg->content;
	PangoRectangle logical;
	pango_layout_iter_get_run_extents(iter, NULL, &logical);
	double baseline = it->y + (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE;
	PangoFont *font = run->item->analysis.font;
	cairo_matrix_t m;
	cairo_scaled_font_get_font_matrix(pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)), &m);
	int object;
	int id = pdffonts_font(doc->fonts, font, &object);
	g_hash_table_insert(pg->fonts, GINT_TO_POINTER(id + 1), GINT_TO_POINTER(object));
	if (id != pen->font || m.xx != pen->size) {
		pen_close_array(s, pen);
		g_string_append_printf(s, "/F%d ", id);
		pdf_num(s, m.xx);
		g_string_append(s, " Tf\n");
		pen->font = id, pen->size = m.xx;
		pen_move(s, pen, it->x + (double)logical.x / PANGO_SCALE, baseline);
	}
	const char *text = pango_layout_get_text(it->text);
	int x = logical.x;
	for (int i = 0; i < run->glyphs->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
		if (gi->glyph != PANGO_GLYPH_EMPTY && !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
			const char *t;
			size_t len;
			glyph_text(run, text, i, &t, &len);
			pdffonts_use(doc->fonts, id, gi->glyph, t, len);
			pen_place(s, pen, it->x + (double)(x + gi->geometry.x_offset) / PANGO_SCALE,
				  baseline + (double)gi->geometry.y_offset / PANGO_SCALE);
			double advance = pdffonts_width(doc->fonts, id, gi->glyph) * pen->size / 1000.0;
			pen_glyph(s, pen, gi->glyph, advance);
		}
		x += gi->geometry.width;
	}
}

static void put_text(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	GString *s = pg->content;
	put_colour(s, &it->colour, "rg");
	g_string_append(s, "BT\n");
	struct pen pen = {.font = -1};
	PangoLayoutIter *iter = pango_layout_get_iter(it->text);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
		if (run)
			put_run(doc, pg, &pen, it, iter, run);
	} while (pango_layout_iter_next_run(iter));
	pango_layout_iter_free(iter);
	pen_close_array(s, &pen);
	g_string_append(s, "ET\n");
}

/* --- Images and logos --------------------------------------------------------------------- */

/* A 1-bit mask (a QR code) as an image mask: about 1 KB where the modules as paths cost
 * about 8 (measured). Painted in the item's colour, unsmoothed. */
static void put_mask(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	cairo_surface_flush(it->mask);
	int w = cairo_image_surface_get_width(it->mask), h = cairo_image_surface_get_height(it->mask);
	size_t stride = (size_t)(w + 7) / 8;
	guint8 *bits = g_malloc0(stride * (size_t)h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (qr_is_dark(it->mask, x, y))
				bits[(size_t)y * stride + (size_t)x / 8] |= (guint8)(0x80 >> (x % 8));
	int num = pdfw_reserve(doc->w);
	/* /Decode [1 0]: a set bit (a dark module) is painted. */
	char *entries = g_strdup_printf("/Type /XObject /Subtype /Image /Width %d /Height %d "
					"/ImageMask true /BitsPerComponent 1 /Decode [1 0]",
					w, h);
	pdfw_stream(doc->w, num, entries, bits, stride * (size_t)h, PDFW_DEFLATE);
	g_free(entries);
	g_free(bits);
	char *name = g_strdup_printf("Im%d", pg->next_image++);
	g_hash_table_insert(pg->xobjects, g_strdup(name), GINT_TO_POINTER(num));
	GString *s = pg->content;
	g_string_append(s, "q\n");
	put_colour(s, &it->colour, "rg");
	/* The image's first row at the top: y down, so the unit square is flipped. */
	put_op(s, (const double[]){it->w, 0, 0, -it->h, it->x, it->y + it->h}, 6, "cm");
	pdf_name(s, name);
	g_string_append(s, " Do\nQ\n");
	g_free(name);
}

static bool put_logo(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	gpointer known = g_hash_table_lookup(doc->logos, it->logo);
	int num = GPOINTER_TO_INT(known);
	if (!known) {
		double fw, fh;
		const struct pdffrag *frag = logo_pdf(it->logo, &fw, &fh, doc->d);
		if (!frag)
			return false;
		num = pdfw_fragment(doc->w, frag);
		g_hash_table_insert(doc->logos, (gpointer)it->logo, GINT_TO_POINTER(num));
	}
	char *name = g_strdup_printf("Lg%d", num);
	g_hash_table_insert(pg->xobjects, g_strdup(name), GINT_TO_POINTER(num));
	double m[6];
	logo_pdf_placement(it->logo, it->x, it->y, it->w, it->h, m);
	GString *s = pg->content;
	g_string_append(s, "q\n");
	/* A large logo in a small box has a small scale: six decimals keep it exact. */
	for (int i = 0; i < 6; i++) {
		pdf_num_digits(s, m[i], 6);
		g_string_append_c(s, ' ');
	}
	g_string_append(s, "cm\n");
	pdf_name(s, name);
	g_string_append(s, " Do\nQ\n");
	g_free(name);
	return true;
}

/* --- Annotations -------------------------------------------------------------------------- */

/* A rectangle given y down from the page's top as PDF's [x0 y0 x1 y1], y up. */
static void put_annot_rect(GString *s, double page_height, double x, double y, double w,
			   double h)
{
	g_string_append(s, "/Rect [");
	put_nums(s, (const double[]){x, page_height - y - h, x + w, page_height - y}, 4);
	g_string_append(s, "]");
}

/* Gives the annotation `num` a ParentTree key owned by the current element, and the element
 * an object reference to it. Returns the key. */
static int annot_join(struct doc *doc, struct page *pg, int num)
{
	int key = (int)doc->annot_keys->len + (int)doc->plan->n_pages;
	g_array_append_val(doc->annot_keys, doc->current);
	elem_add_kid(doc, (struct kid){KID_OBJR, num, pg->index});
	g_array_append_val(pg->annots, num);
	return key;
}

static void put_link_annot(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	int num = pdfw_reserve(doc->w);
	int key = annot_join(doc, pg, num);
	GString *s = g_string_new("<< /Type /Annot /Subtype /Link ");
	put_annot_rect(s, pg->height, it->x, it->y, it->w, it->h);
	g_string_append(s, " /Border [0 0 0] /F 4 /Contents ");
	pdf_text(s, it->link);
	g_string_append(s, " /A << /S /URI /URI ");
	/* A URI is ASCII (the loader checks it); as a text string it would get a BOM. */
	pdf_text(s, it->link);
	g_string_append_printf(s, " >> /StructParent %d >>", key);
	pdfw_object(doc->w, num, s->str, s->len);
	g_string_free(s, TRUE);
}

/* --- The page's items, tagged -------------------------------------------------------------- */

/* Decoration is an artifact, not read aloud: background, bands, box fills, rules, crop
 * marks, a checkbox's square and a line to write on (the form field over them is what a
 * reader meets). A list item's bullet is the exception: it is the item's label (Lbl). */
static bool is_artifact(const struct plan_item *it)
{
	bool bullet = it->kind == PLAN_DOT && it->section >= 0 && it->tip >= 0;
	return it->role == PLAN_ROLE_DECORATION && it->kind != PLAN_TEXT && !bullet;
}

static bool put_drawing(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	GString *s = pg->content;
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
		put_text(doc, pg, it);
		break;
	case PLAN_LOGO:
		return put_logo(doc, pg, it);
	case PLAN_MASK:
		put_mask(doc, pg, it);
		break;
	}
	return true;
}

static bool put_marked(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	if (is_artifact(it)) {
		g_string_append(pg->content, "/Artifact BMC\n");
		bool ok = put_drawing(doc, pg, it);
		mark_end(pg);
		return ok;
	}
	mark_begin(doc, pg);
	bool ok = put_drawing(doc, pg, it);
	mark_end(pg);
	return ok;
}

/* An item, inside a Link element when it links somewhere; one that carries a form field is
 * followed by a Form element holding the field's widget. */
static bool put_linked(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	if (it->field) {
		bool ok = put_marked(doc, pg, it);
		elem_open(doc, "Form");
		struct field f = {.item = it, .page = pg->index, .num = pdfw_reserve(doc->w)};
		f.key = annot_join(doc, pg, f.num);
		g_array_append_val(doc->fields, f);
		elem_at(doc, doc->current)->alt = g_strdup(it->field_label);
		elem_close(doc);
		return ok;
	}
	if (!it->link)
		return put_marked(doc, pg, it);
	elem_open(doc, "Link");
	bool ok = put_marked(doc, pg, it);
	put_link_annot(doc, pg, it);
	elem_close(doc);
	return ok;
}

/* The structure element a role becomes; NULL for decoration. */
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

static void close_list_item(struct doc *doc, struct page *pg)
{
	if (pg->in_body)
		elem_close(doc); /* LBody */
	if (pg->list_tip >= 0)
		elem_close(doc); /* LI */
	pg->in_body = false;
	pg->list_tip = -1;
}

static void close_list(struct doc *doc, struct page *pg)
{
	close_list_item(doc, pg);
	if (pg->list_section >= 0)
		elem_close(doc); /* L */
	pg->list_section = -1;
}

/* The tips of a section are a list (L) of items (LI), each with its bullet or checkbox as
 * label (Lbl) and its text as body (LBody). */
static bool put_list_part(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	if (pg->list_section != it->section) {
		close_list(doc, pg);
		elem_open(doc, "L");
		pg->list_section = it->section;
	}
	if (pg->list_tip != it->tip) {
		close_list_item(doc, pg);
		elem_open(doc, "LI");
		pg->list_tip = it->tip;
	}
	const char *tag = it->kind == PLAN_TEXT ? "P"
			  : (it->kind == PLAN_DOT || it->kind == PLAN_CHECKBOX) ? "Lbl"
										: NULL;
	if (tag && it->kind == PLAN_TEXT && !pg->in_body) {
		elem_open(doc, "LBody");
		pg->in_body = true;
	}
	if (tag)
		elem_open(doc, tag);
	bool ok = put_linked(doc, pg, it);
	if (tag)
		elem_close(doc);
	return ok;
}

/* A section heading is also a destination, and its bookmark points there. */
static void note_heading(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	char *text = g_strdup(pango_layout_get_text(it->text));
	g_strdelimit(text, "\n", ' ');
	struct heading h = {it->section, pg->index, it->y, text};
	g_array_append_val(doc->headings, h);
}

/* True if any of the layout's text runs right to left. */
static bool has_rtl(PangoLayout *layout)
{
	bool rtl = false;
	PangoLayoutIter *iter = pango_layout_get_iter(layout);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
		rtl = run && run->item->analysis.level % 2;
	} while (!rtl && pango_layout_iter_next_run(iter));
	pango_layout_iter_free(iter);
	return rtl;
}

/* Glyphs are drawn in visual order, and readers put right-to-left text back together each
 * their own way (poppler and mupdf differently): an element holding such text (a name in
 * Arabic script) also carries it in reading order, for screen readers. */
static void note_rtl(struct doc *doc, const struct plan_item *it)
{
	if (it->kind != PLAN_TEXT || !has_rtl(it->text))
		return;
	char *text = g_strdup(pango_layout_get_text(it->text));
	g_strdelimit(text, "\n", ' ');
	elem_at(doc, doc->current)->actual = text;
}

static bool put_item(struct doc *doc, struct page *pg, const struct plan_item *it)
{
	if (it->section >= 0 && it->tip >= 0)
		return put_list_part(doc, pg, it);
	close_list(doc, pg);
	const char *tag = tag_for(it->role);
	if (tag)
		elem_open(doc, tag);
	if (it->role == PLAN_ROLE_FIGURE && it->alt)
		elem_at(doc, doc->current)->alt = g_strdup(it->alt);
	if (tag)
		note_rtl(doc, it);
	if (it->role == PLAN_ROLE_HEADING && it->section >= 0)
		note_heading(doc, pg, it);
	bool ok = put_linked(doc, pg, it);
	if (tag)
		elem_close(doc);
	return ok;
}

/* --- Pages ----------------------------------------------------------------------------------- */

static gint compare_ints(gconstpointer a, gconstpointer b)
{
	return GPOINTER_TO_INT(a) - GPOINTER_TO_INT(b);
}

static gint compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(a, b);
}

/* " /Font << /F0 5 0 R ... >>": fonts are keyed by id + 1, XObjects by name; sorted, so
 * that the same page gives the same bytes. */
static void put_resource_dict(GString *s, const char *key, GHashTable *names, bool fonts)
{
	if (g_hash_table_size(names) == 0)
		return;
	GList *keys = g_list_sort(g_hash_table_get_keys(names), fonts ? compare_ints : compare_strings);
	g_string_append_printf(s, " /%s <<", key);
	for (GList *k = keys; k; k = k->next) {
		g_string_append_c(s, ' ');
		if (fonts)
			g_string_append_printf(s, "/F%d", GPOINTER_TO_INT(k->data) - 1);
		else
			pdf_name(s, k->data);
		g_string_append_c(s, ' ');
		pdf_ref(s, GPOINTER_TO_INT(g_hash_table_lookup(names, k->data)));
	}
	g_string_append(s, " >>");
	g_list_free(keys);
}

static void put_box(GString *s, const char *name, double x0, double y0, double x1, double y1)
{
	g_string_append_printf(s, " /%s [", name);
	put_nums(s, (const double[]){x0, y0, x1, y1}, 4);
	g_string_append_c(s, ']');
}

/* The page dictionary: boxes, resources, content, annotations. */
static void write_page_dict(struct doc *doc, const struct plan_page *page, struct page *pg,
			    int pages, int content)
{
	GString *s = g_string_new("<< /Type /Page ");
	g_string_append_printf(s, "/Parent %d 0 R", pages);
	put_box(s, "MediaBox", 0, 0, page->width, page->height);
	double m = doc->plan->margin, inner = m - doc->plan->bleed;
	if (m > 0) {
		/* Printers cut at the TrimBox and print up to the BleedBox; crop marks lie
		 * outside it. */
		put_box(s, "TrimBox", m, m, page->width - m, page->height - m);
		put_box(s, "BleedBox", inner, inner, page->width - inner, page->height - inner);
	}
	g_string_append(s, " /Resources <<");
	put_resource_dict(s, "Font", pg->fonts, true);
	put_resource_dict(s, "XObject", pg->xobjects, false);
	g_string_append_printf(s, " >> /Contents %d 0 R /StructParents %d", content, pg->index);
	if (pg->annots->len) {
		/* Tab through the annotations in structure order, as PDF/UA asks. */
		g_string_append(s, " /Tabs /S /Annots [");
		for (guint i = 0; i < pg->annots->len; i++) {
			g_string_append_c(s, ' ');
			pdf_ref(s, g_array_index(pg->annots, int, i));
		}
		g_string_append(s, " ]");
	}
	g_string_append(s, " >>");
	pdfw_object(doc->w, doc->page_nums[pg->index], s->str, s->len);
	g_string_free(s, TRUE);
}

static bool write_page(struct doc *doc, int index, int pages)
{
	const struct plan_page *page = &doc->plan->pages[index];
	struct page pg = {
		.index = index,
		.height = page->height,
		.content = g_string_sized_new(64 * 1024),
		.fonts = g_hash_table_new(g_direct_hash, g_direct_equal),
		.xobjects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.annots = g_array_new(FALSE, FALSE, sizeof(int)),
		.list_section = -1,
		.list_tip = -1,
	};
	g_ptr_array_add(doc->page_marks, g_array_new(FALSE, FALSE, sizeof(int)));
	/* y down from the page's top-left corner, as the plan has it. */
	put_op(pg.content, (const double[]){1, 0, 0, -1, 0, page->height}, 6, "cm");
	bool ok = true;
	for (size_t i = 0; ok && i < page->count; i++)
		ok = put_item(doc, &pg, &page->items[i]);
	close_list(doc, &pg);
	if (ok) {
		int content = pdfw_reserve(doc->w);
		pdfw_stream(doc->w, content, "", pg.content->str, pg.content->len, PDFW_DEFLATE);
		write_page_dict(doc, page, &pg, pages, content);
	}
	g_string_free(pg.content, TRUE);
	g_hash_table_destroy(pg.fonts);
	g_hash_table_destroy(pg.xobjects);
	g_array_free(pg.annots, TRUE);
	return ok;
}

/* --- Form fields ------------------------------------------------------------------------------ */

/* A form XObject of w × h points drawing `content`, for a widget's /AP. Fields of the same
 * size and look share one. */
static int appearance(struct doc *doc, double w, double h, const char *content)
{
	GString *key = g_string_new(NULL);
	put_nums(key, (const double[]){w, h}, 2);
	g_string_append_printf(key, "|%s", content);
	gpointer known = g_hash_table_lookup(doc->appearances, key->str);
	if (known) {
		g_string_free(key, TRUE);
		return GPOINTER_TO_INT(known);
	}
	int num = pdfw_reserve(doc->w);
	g_hash_table_insert(doc->appearances, g_string_free(key, FALSE), GINT_TO_POINTER(num));
	GString *entries = g_string_new("/Type /XObject /Subtype /Form /Resources << >>");
	put_box(entries, "BBox", 0, 0, w, h);
	pdfw_stream(doc->w, num, entries->str, content, strlen(content), PDFW_DEFLATE);
	g_string_free(entries, TRUE);
	return num;
}

/* A checkbox look made of paths only, so that no font is needed: `ticked` adds a tick in
 * the field's colour, `down` (while pressed) a light grey square inside the page's own
 * drawn border. Never empty: some readers call an empty stream damaged. */
static char *checkbox_content(const struct plan_item *it, bool ticked, bool down)
{
	double w = it->field_box.w, h = it->field_box.h, m = fmin(w, h);
	GString *s = g_string_new("");
	if (down) {
		g_string_append(s, "q 0.85 g ");
		put_op(s, (const double[]){0.15 * w, 0.15 * h, 0.7 * w, 0.7 * h}, 4, "re f Q");
	}
	if (ticked) {
		g_string_append(s, "q ");
		put_colour(s, &it->colour, "RG");
		put_op(s, (const double[]){0.12 * m}, 1, "w 1 J 1 j");
		put_op(s, (const double[]){0.22 * w, 0.52 * h}, 2, "m");
		put_op(s, (const double[]){0.42 * w, 0.3 * h}, 2, "l");
		put_op(s, (const double[]){0.78 * w, 0.74 * h}, 2, "l S Q");
	}
	if (s->len == 0)
		g_string_append(s, "q Q\n");
	return g_string_free(s, FALSE);
}

/* " /N << /Yes … /Off … >>" for one of the /AP states (/N normal, /D pressed). */
static void put_checkbox_states(struct doc *doc, GString *s, const struct plan_item *it,
				bool down)
{
	g_string_append(s, down ? " /D <<" : " /N <<");
	for (int ticked = 1; ticked >= 0; ticked--) {
		char *content = checkbox_content(it, ticked, down);
		g_string_append_printf(s, ticked ? " /Yes %d 0 R" : " /Off %d 0 R",
				       appearance(doc, it->field_box.w, it->field_box.h, content));
		g_free(content);
	}
	g_string_append(s, " >>");
}

/* The field and its one widget annotation, merged into one dictionary. The tick is drawn by
 * our own appearances; /DA and /MK /CA (ZapfDingbats "4", a tick) are for viewers that
 * redraw fields themselves, as they do once a program has set /NeedAppearances. A text
 * field is empty: viewers draw what is typed with /DA's font, which /AcroForm's /DR holds. */
static void write_field(struct doc *doc, const struct field *f)
{
	const struct plan_item *it = f->item;
	const struct plan_rect *b = &it->field_box;
	bool checkbox = it->kind == PLAN_CHECKBOX;
	GString *s = g_string_new("<< /Type /Annot /Subtype /Widget /F 4 ");
	put_annot_rect(s, doc->plan->pages[f->page].height, b->x, b->y, b->w, b->h);
	g_string_append(s, " /MK << /BC [");
	put_nums(s, (const double[]){it->colour.r, it->colour.g, it->colour.b}, 3);
	g_string_append(s, checkbox ? "] /CA (4) >> /T " : "] >> /T ");
	pdf_text(s, it->field);
	g_string_append(s, " /TU ");
	pdf_text(s, it->field_label);
	g_string_append_printf(s, " /P %d 0 R /StructParent %d", doc->page_nums[f->page], f->key);
	if (checkbox) {
		g_string_append(s, " /FT /Btn /V /Off /AS /Off /DA (/ZaDb 0 Tf ");
		put_nums(s, (const double[]){it->colour.r, it->colour.g, it->colour.b}, 3);
		g_string_append(s, " rg) /AP <<");
		put_checkbox_states(doc, s, it, false);
		put_checkbox_states(doc, s, it, true);
		g_string_append(s, " >>");
	} else {
		double size = fmin(PDFDOC_FIELD_TEXT_SIZE, b->h / 1.25);
		g_string_append(s, " /FT /Tx /DA (/Helv ");
		pdf_num(s, size);
		g_string_append_printf(s, " Tf 0 g) /AP << /N %d 0 R >>",
				       appearance(doc, b->w, b->h, "/Tx BMC\nEMC\n"));
	}
	g_string_append(s, " >>");
	pdfw_object(doc->w, f->num, s->str, s->len);
	g_string_free(s, TRUE);
}

/* The fonts the fields' /DA strings name, none embedded: our own appearances draw no text,
 * so these serve only viewers that draw a field themselves. */
static void put_acroform(struct doc *doc, GString *s)
{
	bool text = false, checkbox = false;
	g_string_append(s, " /AcroForm << /NeedAppearances false /Fields [");
	for (guint i = 0; i < doc->fields->len; i++) {
		const struct field *f = &g_array_index(doc->fields, struct field, i);
		write_field(doc, f);
		g_string_append_c(s, ' ');
		pdf_ref(s, f->num);
		text = text || f->item->kind != PLAN_CHECKBOX;
		checkbox = checkbox || f->item->kind == PLAN_CHECKBOX;
	}
	g_string_append(s, " ] /DR << /Font <<");
	if (text) {
		static const char helvetica[] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
						"/Encoding /WinAnsiEncoding >>";
		int num = pdfw_reserve(doc->w);
		pdfw_object(doc->w, num, helvetica, sizeof helvetica - 1);
		g_string_append_printf(s, " /Helv %d 0 R", num);
	}
	if (checkbox) {
		static const char dingbats[] = "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>";
		int num = pdfw_reserve(doc->w);
		pdfw_object(doc->w, num, dingbats, sizeof dingbats - 1);
		g_string_append_printf(s, " /ZaDb %d 0 R", num);
	}
	g_string_append(s, " >> >>");
	if (text)
		g_string_append(s, " /DA (/Helv 0 Tf 0 g)");
	g_string_append(s, " >>");
}

/* Refuses fields a reader could not use: no name, a '.' (which makes /T a path of parent
 * fields), no label, or a name given twice. */
static bool check_fields(struct doc *doc)
{
	GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
	bool ok = true;
	for (guint i = 0; ok && i < doc->fields->len; i++) {
		const struct plan_item *it = g_array_index(doc->fields, struct field, i).item;
		if (!*it->field)
			ok = diag_set(doc->d, doc->req->name, 0, 0, "form field %u has no name", i + 1);
		else if (strchr(it->field, '.'))
			ok = diag_set(doc->d, doc->req->name, 0, 0,
				      "form field \"%s\": a name cannot hold '.'", it->field);
		else if (!it->field_label || !*it->field_label)
			ok = diag_set(doc->d, doc->req->name, 0, 0, "form field \"%s\" has no label",
				      it->field);
		else if (!g_hash_table_add(names, it->field))
			ok = diag_set(doc->d, doc->req->name, 0, 0,
				      "two form fields are named \"%s\"", it->field);
	}
	g_hash_table_destroy(names);
	return ok;
}

/* --- The structure tree --------------------------------------------------------------------- */

static void put_kid(struct doc *doc, GString *s, const struct elem *e, const struct kid *k)
{
	g_string_append_c(s, ' ');
	if (k->kind == KID_ELEM) {
		pdf_ref(s, elem_at(doc, k->value)->num);
	} else if (k->kind == KID_MCID && k->page == e->page) {
		g_string_append_printf(s, "%d", k->value);
	} else if (k->kind == KID_MCID) {
		g_string_append_printf(s, "<< /Type /MCR /Pg %d 0 R /MCID %d >>",
				       doc->page_nums[k->page], k->value);
	} else {
		g_string_append_printf(s, "<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>", k->value,
				       doc->page_nums[k->page]);
	}
}

static void write_elem(struct doc *doc, const struct elem *e, int tree)
{
	GString *s = g_string_new("<< /Type /StructElem /S ");
	pdf_name(s, e->type);
	g_string_append(s, " /P ");
	pdf_ref(s, e->parent >= 0 ? elem_at(doc, e->parent)->num : tree);
	if (e->page >= 0)
		g_string_append_printf(s, " /Pg %d 0 R", doc->page_nums[e->page]);
	if (e->alt) {
		g_string_append(s, " /Alt ");
		pdf_text(s, e->alt);
	}
	if (e->actual) {
		g_string_append(s, " /ActualText ");
		pdf_text(s, e->actual);
	}
	g_string_append(s, " /K [");
	for (guint i = 0; i < e->kids->len; i++)
		put_kid(doc, s, e, &g_array_index(e->kids, struct kid, i));
	g_string_append(s, " ] >>");
	pdfw_object(doc->w, e->num, s->str, s->len);
	g_string_free(s, TRUE);
}

/* The ParentTree: for each page (key = its /StructParents) the element of every MCID, then
 * one key per annotation, in the order the keys were handed out. */
static void put_parent_tree(struct doc *doc, GString *s)
{
	g_string_append(s, " /ParentTree << /Nums [");
	for (guint p = 0; p < doc->page_marks->len; p++) {
		GArray *marks = g_ptr_array_index(doc->page_marks, p);
		g_string_append_printf(s, " %u [", p);
		for (guint i = 0; i < marks->len; i++) {
			g_string_append_c(s, ' ');
			pdf_ref(s, elem_at(doc, g_array_index(marks, int, i))->num);
		}
		g_string_append(s, " ]");
	}
	for (guint i = 0; i < doc->annot_keys->len; i++) {
		g_string_append_printf(s, " %zu ", doc->plan->n_pages + i);
		pdf_ref(s, elem_at(doc, g_array_index(doc->annot_keys, int, i))->num);
	}
	g_string_append_printf(s, " ] >> /ParentTreeNextKey %u",
			       (unsigned)doc->plan->n_pages + doc->annot_keys->len);
}

static int write_structure(struct doc *doc)
{
	int tree = pdfw_reserve(doc->w);
	for (guint i = 0; i < doc->elems->len; i++)
		elem_at(doc, (int)i)->num = pdfw_reserve(doc->w);
	for (guint i = 0; i < doc->elems->len; i++)
		write_elem(doc, elem_at(doc, (int)i), tree);
	GString *s = g_string_new("<< /Type /StructTreeRoot /K ");
	pdf_ref(s, elem_at(doc, 0)->num);
	put_parent_tree(doc, s);
	g_string_append(s, " >>");
	pdfw_object(doc->w, tree, s->str, s->len);
	g_string_free(s, TRUE);
	return tree;
}

/* --- Destinations and bookmarks ------------------------------------------------------------- */

static gint compare_headings(gconstpointer a, gconstpointer b)
{
	char ka[32], kb[32];
	g_snprintf(ka, sizeof ka, PDFDOC_SECTION_DEST "%d", ((const struct heading *)a)->section);
	g_snprintf(kb, sizeof kb, PDFDOC_SECTION_DEST "%d", ((const struct heading *)b)->section);
	return strcmp(ka, kb);
}

/* " /Names << /Dests << /Names [...] >> >>": a name tree's keys go in byte order. */
static void put_dests(struct doc *doc, GString *s)
{
	if (doc->headings->len == 0)
		return;
	GArray *sorted = g_array_copy(doc->headings);
	g_array_sort(sorted, compare_headings);
	g_string_append(s, " /Names << /Dests << /Names [");
	for (guint i = 0; i < sorted->len; i++) {
		const struct heading *h = &g_array_index(sorted, struct heading, i);
		g_string_append_printf(s, " (" PDFDOC_SECTION_DEST "%d) [%d 0 R /XYZ 0 ", h->section,
				       doc->page_nums[h->page]);
		pdf_num(s, doc->plan->pages[h->page].height - h->y);
		g_string_append(s, " null]");
	}
	g_string_append(s, " ] >> >>");
	g_array_free(sorted, TRUE);
}

/* A bookmark per section heading, in page order, pointing at its destination. */
static void put_outline(struct doc *doc, GString *s)
{
	guint n = doc->headings->len;
	if (n == 0)
		return;
	int root = pdfw_reserve(doc->w);
	int first = pdfw_reserve(doc->w);
	for (guint i = 1; i < n; i++)
		pdfw_reserve(doc->w);
	for (guint i = 0; i < n; i++) {
		const struct heading *h = &g_array_index(doc->headings, struct heading, i);
		GString *o = g_string_new("<< /Title ");
		pdf_text(o, h->text);
		g_string_append_printf(o, " /Parent %d 0 R", root);
		if (i > 0)
			g_string_append_printf(o, " /Prev %d 0 R", first + (int)i - 1);
		if (i + 1 < n)
			g_string_append_printf(o, " /Next %d 0 R", first + (int)i + 1);
		g_string_append_printf(o, " /Dest (" PDFDOC_SECTION_DEST "%d) >>", h->section);
		pdfw_object(doc->w, first + (int)i, o->str, o->len);
		g_string_free(o, TRUE);
	}
	char *r = g_strdup_printf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %u >>",
				  first, first + (int)n - 1, n);
	pdfw_object(doc->w, root, r, strlen(r));
	g_free(r);
	g_string_append_printf(s, " /Outlines %d 0 R", root);
}

/* --- The document ------------------------------------------------------------------------- */

static int write_info(struct doc *doc)
{
	const struct pdfdoc_request *req = doc->req;
	const struct {
		const char *key, *value;
	} entries[] = {
		{"Title", req->title},       {"Author", req->author},   {"Subject", req->subject},
		{"Keywords", req->keywords}, {"Creator", req->creator},
		{"Producer", "tipsheet " TIPSHEET_VERSION},
	};
	GString *s = g_string_new("<<");
	for (size_t i = 0; i < G_N_ELEMENTS(entries); i++) {
		if (!entries[i].value)
			continue;
		g_string_append_printf(s, " /%s ", entries[i].key);
		pdf_text(s, entries[i].value);
	}
	struct tm tm;
	char date[32];
	gmtime_r(&req->date, &tm);
	strftime(date, sizeof date, "D:%Y%m%d%H%M%SZ", &tm);
	g_string_append_printf(s, " /CreationDate (%s) /ModDate (%s) >>", date, date);
	int num = pdfw_reserve(doc->w);
	pdfw_object(doc->w, num, s->str, s->len);
	g_string_free(s, TRUE);
	return num;
}

static int write_catalog(struct doc *doc, int pages)
{
	int tree = write_structure(doc);
	GString *s = g_string_new("<< /Type /Catalog");
	g_string_append_printf(s, " /Pages %d 0 R /StructTreeRoot %d 0 R", pages, tree);
	g_string_append(s, " /MarkInfo << /Marked true >> /ViewerPreferences << /DisplayDocTitle true >>");
	/* Decimal page labels from 1: the plan names no parts that would want a prefix. */
	g_string_append(s, " /PageLabels << /Nums [0 << /S /D >>] >>");
	if (doc->req->lang) {
		g_string_append(s, " /Lang ");
		pdf_text(s, doc->req->lang);
	}
	put_dests(doc, s);
	put_outline(doc, s);
	if (doc->fields->len)
		put_acroform(doc, s);
	g_string_append(s, " >>");
	int num = pdfw_reserve(doc->w);
	pdfw_object(doc->w, num, s->str, s->len);
	g_string_free(s, TRUE);
	return num;
}

static void write_pages_node(struct doc *doc, int pages)
{
	GString *s = g_string_new("<< /Type /Pages /Kids [");
	for (size_t i = 0; i < doc->plan->n_pages; i++) {
		g_string_append_c(s, ' ');
		pdf_ref(s, doc->page_nums[i]);
	}
	g_string_append_printf(s, " ] /Count %zu >>", doc->plan->n_pages);
	pdfw_object(doc->w, pages, s->str, s->len);
	g_string_free(s, TRUE);
}

/* A print sheet's margin must leave a page, and the bleed must lie inside the margin. */
static bool check_geometry(struct doc *doc)
{
	const struct plan *p = doc->plan;
	if (!isfinite(p->margin) || !(p->bleed >= 0) || !(p->bleed <= p->margin))
		return diag_set(doc->d, doc->req->name, 0, 0,
				"the bleed (%g pt) must be 0 or more, and no wider than the margin "
				"(%g pt)",
				p->bleed, p->margin);
	for (size_t i = 0; i < p->n_pages; i++)
		if (p->pages[i].width <= 2 * p->margin || p->pages[i].height <= 2 * p->margin)
			return diag_set(doc->d, doc->req->name, 0, 0,
					"page %zu is too small for a margin of %g pt", i + 1, p->margin);
	return true;
}

static void heading_clear(gpointer p)
{
	g_free(((struct heading *)p)->text);
}

static void elem_clear(gpointer p)
{
	struct elem *e = p;
	g_free(e->alt);
	g_free(e->actual);
	g_array_free(e->kids, TRUE);
}

static void doc_init(struct doc *doc, const struct plan *plan, const struct pdfdoc_request *req,
		     struct diag *d)
{
	*doc = (struct doc){.plan = plan, .req = req, .d = d, .current = -1};
	doc->w = pdfw_create();
	doc->fonts = pdffonts_create(doc->w);
	doc->page_nums = g_new0(int, plan->n_pages);
	doc->elems = g_array_new(FALSE, FALSE, sizeof(struct elem));
	g_array_set_clear_func(doc->elems, elem_clear);
	doc->page_marks = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	doc->annot_keys = g_array_new(FALSE, FALSE, sizeof(int));
	doc->fields = g_array_new(FALSE, FALSE, sizeof(struct field));
	doc->headings = g_array_new(FALSE, FALSE, sizeof(struct heading));
	g_array_set_clear_func(doc->headings, heading_clear);
	doc->logos = g_hash_table_new(g_direct_hash, g_direct_equal);
	doc->appearances = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void doc_finish(struct doc *doc)
{
	pdffonts_destroy(doc->fonts);
	pdfw_destroy(doc->w);
	g_free(doc->page_nums);
	g_array_free(doc->elems, TRUE);
	g_ptr_array_free(doc->page_marks, TRUE);
	g_array_free(doc->annot_keys, TRUE);
	g_array_free(doc->fields, TRUE);
	g_array_free(doc->headings, TRUE);
	g_hash_table_destroy(doc->logos);
	g_hash_table_destroy(doc->appearances);
}

bool pdfdoc_write(const struct plan *plan, const struct pdfdoc_request *req, GByteArray *out,
		  struct diag *d)
{
	struct doc doc;
	doc_init(&doc, plan, req, d);
	bool ok = check_geometry(&doc);
	int pages = pdfw_reserve(doc.w);
	for (size_t i = 0; i < plan->n_pages; i++)
		doc.page_nums[i] = pdfw_reserve(doc.w);
	elem_open(&doc, "Document");
	for (size_t i = 0; ok && i < plan->n_pages; i++)
		ok = write_page(&doc, (int)i, pages);
	ok = ok && check_fields(&doc) && pdffonts_finish(doc.fonts, d);
	if (ok) {
		write_pages_node(&doc, pages);
		int catalog = write_catalog(&doc, pages);
		int info = write_info(&doc);
		pdfw_finish(doc.w, catalog, info, out);
	}
	doc_finish(&doc);
	return ok;
}
