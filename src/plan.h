/* plan: the laid-out pages, the contract between layout and render. Pure data: positioned
 * shapes and measured text, in points, origin at the page's top-left corner. */
#ifndef TIPSHEET_PLAN_H
#define TIPSHEET_PLAN_H

#include <pango/pango.h>
#include <stddef.h>

#include <cairo.h>

#include "logo.h"
#include "value.h"

enum plan_kind {
	PLAN_RECT,     /* filled rectangle, optionally rounded */
	PLAN_TEXT,     /* a measured pango layout, its top-left at (x, y) */
	PLAN_DOT,      /* filled circle inside (x, y, w, h) */
	PLAN_CHECKBOX, /* stroked, rounded square */
	PLAN_LINE,     /* line from (x, y) to (x + w, y + h), `stroke` thick */
	PLAN_LOGO,     /* a logo filling (x, y, w, h) */
	PLAN_MASK,     /* a 1-bit mask (a QR code) filling (x, y, w, h) in `colour` */
};

/* What an item means to a reader; decoration has no meaning. */
enum plan_role {
	PLAN_ROLE_DECORATION,
	PLAN_ROLE_TITLE,
	PLAN_ROLE_SUBTITLE,
	PLAN_ROLE_INTRO,
	PLAN_ROLE_HEADING,
	PLAN_ROLE_TIP,
	PLAN_ROLE_NOTE,
	PLAN_ROLE_LABEL,
	PLAN_ROLE_CHECK_ITEM,
	PLAN_ROLE_CONTACT, /* a body's name, address, evening and desk */
	PLAN_ROLE_FIGURE,  /* a logo or QR code; `alt` says what it shows */
};

/* Corners of a PLAN_RECT to round. */
enum {
	PLAN_CORNERS_TOP = 1,
	PLAN_CORNERS_BOTTOM = 2,
	PLAN_CORNERS_ALL = 3,
};

struct plan_item {
	enum plan_kind kind;
	enum plan_role role;
	double x, y, w, h; /* pt */
	double radius;     /* PLAN_RECT, PLAN_CHECKBOX */
	unsigned corners;  /* PLAN_RECT */
	double stroke;     /* PLAN_LINE, PLAN_CHECKBOX: line width in pt */
	struct rgb colour;
	PangoLayout *text; /* PLAN_TEXT: owned reference */
	const struct logo *logo; /* PLAN_LOGO: borrowed; outlives the plan */
	cairo_surface_t *mask;   /* PLAN_MASK: owned reference */
	char *link;        /* owned URI the item links to, or NULL */
	char *alt;         /* owned alternative text of a figure, or NULL */
	/* A form field over this item (a checkbox to tick, a line to write on): its name,
	 * owned, or NULL; and the rectangle a reader clicks or types in. */
	char *field;
	char *field_label; /* owned: what the field is for, in words */
	struct plan_rect {
		double x, y, w, h;
	} field_box;
	int section;       /* index of the section, or -1 */
	int tip;           /* index of the tip in its section, or -1 */
	int column;        /* column on the page, or -1 */
};

struct plan_page {
	double width, height; /* pt */
	char *title;       /* owned: what the page is, for an SVG's <title> */
	char *description; /* owned or NULL: what it holds, for an SVG's <desc> */
	struct plan_item *items;
	size_t count, capacity;
};

struct plan {
	struct plan_page *pages;
	size_t n_pages;
	/* For print: the page as cut (trim) sits `margin` points inside the sheet, and
	 * backgrounds run `bleed` points past the trim. Both 0 for office printing. */
	double bleed, margin;
	/* What fitting did to page 1: the share of the layout's spacing and type sizes used
	 * (1.0 and 1.0 when it fit as written). */
	double fit_spacing, fit_type;
	bool fit_split; /* a box had to continue in the next column */
};

/* The radii of a rounded rectangle's top and bottom corners, as every format draws them:
 * `radius` where `corners` asks for it, never more than half the shorter side. */
void plan_corner_radii(double w, double h, double radius, unsigned corners, double *top,
		       double *bottom);

struct plan *plan_create(size_t n_pages, double width, double height);
void plan_destroy(struct plan *p);

/* Appends a copy of `item` (taking over its text, mask, link, alt and field) and returns it. */
struct plan_item *plan_add(struct plan_page *page, const struct plan_item *item);

/* Drops the items from index `count` on. */
void plan_truncate(struct plan_page *page, size_t count);

/* Moves every item of `from` to the end of `to`, leaving `from` empty and freed. */
void plan_move_items(struct plan_page *to, struct plan_page *from);

#endif
