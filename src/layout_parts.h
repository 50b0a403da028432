/* layout_parts: what the files of the layout stage share (layout.c lays out the pages,
 * layout_brand.c a body's footer). Not for other stages. */
#ifndef TIPSHEET_LAYOUT_PARTS_H
#define TIPSHEET_LAYOUT_PARTS_H

#include "layout.h"

/* Tolerance for "fits": a hundredth of a point is far below anything visible. */
#define LAYOUT_FIT_EPSILON 0.01

struct layout_ctx {
	const struct layout_input *in;
	const struct spec *spec; /* the layout, possibly tightened to fit (see layout_compute) */
	struct diag *diag;
	bool overflow; /* the last failure was content that did not fit, not a fault */
	bool split;    /* boxes may be split now (the layout allows it, and whole ones failed) */
	bool probe;    /* this fitting attempt only asks whether the content fits: the boxes
			  are flowed but not placed */
	const char *text_file; /* the file the texts being laid out come from; NULL: data_file */
	int text_line;         /* and their line in it, when known (a person's record); else 0 */
	double inner_left, inner_width, column_width;
};

/* A measured paragraph of `text` in type style `t`, wrapped at `width` points; NULL with
 * the diagnostic set when a glyph is missing or a word is wider than the line. `where`
 * names the text in messages. */
PangoLayout *layout_text(struct layout_ctx *c, const struct spec_type *t, const char *text,
			 double width, const char *where);

/* layout_text for running text: hyphenated (Dutch, with the edition's exceptions) first. */
PangoLayout *layout_paragraph(struct layout_ctx *c, const struct spec_type *t, const char *text,
			      double width, const char *where);

/* layout_paragraph (hyphenate) or layout_text, shared between editions through the
 * layout's cache when an earlier one laid out the same text alike: for texts every edition
 * has, such as the checklist's items. A new reference; the layout must not be changed. */
PangoLayout *layout_shared(struct layout_ctx *c, const struct spec_type *t, const char *text,
			   double width, const char *where, bool hyphenate);

/* A line of text that should stay one line: if it is wider than `width`, its type is made
 * smaller to fit, down to `min_share` of its size; past that it wraps like layout_text. */
PangoLayout *layout_text_line(struct layout_ctx *c, const struct spec_type *t, const char *text,
			      double width, double min_share, const char *where);

/* The file named in messages about the texts being laid out. */
const char *layout_file(const struct layout_ctx *c);

double layout_text_height(PangoLayout *layout);
double layout_text_width(PangoLayout *layout);
/* Distance from the layout's top to its first baseline. */
double layout_baseline(PangoLayout *layout);

struct rgb layout_colour(const struct layout_ctx *c, enum spec_role r);

/* Adds a text item; the plan takes over the reference to `layout`. */
struct plan_item *layout_add_text(struct plan_page *page, PangoLayout *layout, double x,
				  double y, enum plan_role role, struct rgb colour, int section,
				  int tip);
void layout_add_rect(struct plan_page *page, double x, double y, double w, double h,
		     struct rgb colour, double radius, unsigned corners, int section);
void layout_add_line(struct plan_page *page, double x, double y, double w, double stroke,
		     struct rgb colour);

/* The coloured band at the top of a page: a title (on one line, made smaller if it must;
 * `title_where` names it in messages) and an optional subtitle. *bottom receives the band's bottom edge. */
bool layout_header(struct layout_ctx *c, struct plan_page *page, const char *title,
		   const char *title_where, const char *subtitle, double *bottom);

/* The footer, standing on the bottom margin; *top receives the highest point it uses.
 * `full` for the factsheet's pages: with the source note and a region's member boards; the
 * checklist page carries the branded band alone. */
bool layout_footer(struct layout_ctx *c, struct plan_page *page, bool full, double *top);

/* The layout with its spacing and type scaled by the given shares, in `font`. Shallow: it
 * borrows the base's strings. */
struct spec layout_fitted_spec(const struct spec *base, const char *font, double spacing,
			       double type);

/* A page that is tightened to fit: `attempt` lays it out with c->spec (a fitted copy) and,
 * when `keep` is false, leaves nothing behind; with c->overflow set on a failure that was
 * only a matter of room. */
struct layout_fit {
	const char *font;
	bool (*attempt)(struct layout_ctx *c, void *target, bool keep);
	void *target;
};

/* Finds the loosest fitting step (spacing first, then type, within the layout's limits) at
 * which the page fits, and lays it out there. On failure `d` holds the message of the
 * tightest step tried. */
bool layout_fit(struct layout_ctx *c, const struct layout_fit *fit, double *spacing,
		double *type);

/* The checklist page, tightened like page 1 when it does not fit (layout_checklist.c). */
bool layout_checklist(struct layout_ctx *c, const char *font, struct plan_page *page);

/* The branded footer band (logo, contact, evening, QR code) and, for a region, the strip of
 * member boards, standing on `bottom`. *top receives the highest point used. */
bool layout_brand(struct layout_ctx *c, struct plan_page *page, double bottom, bool members,
		  double *top);

#endif
