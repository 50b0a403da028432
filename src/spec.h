/* spec: a page layout as data (layouts/<name>.yaml): page size, margins, columns, type
 * scale, spacing, radii and which colour role each element takes. All lengths in points. */
#ifndef TIPSHEET_SPEC_H
#define TIPSHEET_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "value.h"

enum spec_weight { SPEC_WEIGHT_REGULAR, SPEC_WEIGHT_SEMIBOLD, SPEC_WEIGHT_BOLD };

struct spec_type {
	double size;        /* pt */
	double line_height; /* multiple of the size */
	enum spec_weight weight;
	bool italic;
};

struct spec_edges {
	double top, right, bottom, left;
};

/* The named colours of a page. The first five are given; the rest are derived from them by
 * spec_palette_derive, so that a body's own primary colour, dark or light, stays readable:
 * `tint` is primary at `tint_amount` over paper; `on_primary` is paper or ink, whichever
 * reads better on primary; `primary_text` is primary, darkened towards ink until it reads
 * on paper at 4.5:1; `primary_light` is primary at 30 % over paper, for lighter bands. */
enum spec_colour {
	SPEC_PRIMARY,
	SPEC_ACCENT,
	SPEC_INK,
	SPEC_MUTED,
	SPEC_PAPER,
	SPEC_TINT,
	SPEC_ON_PRIMARY,
	SPEC_PRIMARY_TEXT,
	SPEC_PRIMARY_LIGHT,
	SPEC_COLOUR_COUNT
};

struct spec_palette {
	struct rgb colour[SPEC_COLOUR_COUNT];
	double tint_amount;
};

/* Every element that is drawn in a colour. */
enum spec_role {
	SPEC_ROLE_HEADER_BAND,
	SPEC_ROLE_TITLE,
	SPEC_ROLE_SUBTITLE,
	SPEC_ROLE_INTRO,
	SPEC_ROLE_BOX_FILL,
	SPEC_ROLE_HEADING_BAND,
	SPEC_ROLE_HEADING,
	SPEC_ROLE_BULLET,
	SPEC_ROLE_BODY,
	SPEC_ROLE_NOTE,
	SPEC_ROLE_RULE,
	SPEC_ROLE_CHECKBOX,
	SPEC_ROLE_LINE,
	SPEC_ROLE_LABEL,
	SPEC_ROLE_FOOTER_BAND,
	SPEC_ROLE_CONTACT,
	SPEC_ROLE_QR,
	SPEC_ROLE_CONTINUED_BAND,
	SPEC_ROLE_CONTINUED_HEADING,
	SPEC_ROLE_COUNT
};

struct spec_spacing {
	double header_padding; /* below the subtitle, inside the header band */
	double intro_gap;      /* header band to intro */
	double columns_gap;    /* intro to the columns */
	double box_gap;        /* between two boxes in a column */
	double box_padding;    /* inside a box, around the tips */
	double band_padding;   /* above and below a heading inside its band */
	double tip_gap;        /* between two tips */
	double bullet_indent;  /* hanging indent of a tip's text */
	double bullet_size;    /* diameter of a bullet */
	double footer_gap;     /* columns to the footer rule */
	double rule_width;     /* the footer rule */
	double checkbox_size;
	double line_gap;       /* between lines to write on */
};

struct spec_page {
	double width, height;
	struct spec_edges margin;
};

struct spec_columns {
	int count;
	double gutter;
};

struct spec_types {
	struct spec_type title, subtitle, intro, heading, body, note, label, small;
};

struct spec_radius {
	double box;
};

/* How the boxes flow: over how many pages (before the checklist page), and whether a box
 * may continue in the next column when whole boxes cannot fit. */
struct spec_flow {
	int pages;
	bool split;
};

/* How far page 1 may be tightened when its content does not fit: first the spacing, down to
 * `min_spacing` times its size, then the type of the intro, headings and tips, the tips not
 * below `min_body`. */
struct spec_fit {
	double min_spacing; /* 0..1 */
	double min_body;    /* pt */
};

/* The checklist page. */
struct spec_checklist {
	double date_width; /* the date column at each item's right */
	double item_gap;   /* between two items */
};

/* Crop marks for print-shop output (--bleed). */
struct spec_marks {
	double length; /* of each mark */
	double offset; /* from the bleed edge to the mark */
	double width;  /* line width */
};

/* The branded footer and a region's member strip. */
struct spec_footer {
	double logo_height;        /* the body's logo */
	double qr_size;            /* the QR code, quiet zone included */
	double member_logo_height; /* member boards' logos */
	double padding;            /* inside the footer band */
	double max_height;         /* the band may grow to this with long texts, no further */
};

/* Mirrors the layout file, one member per top-level key. */
struct spec {
	char *name;        /* owned */
	char *description; /* owned, one line */
	struct spec_page page;
	struct spec_columns columns;
	char *font_family; /* owned */
	struct spec_types type;
	struct spec_spacing spacing;
	struct spec_radius radius;
	struct spec_footer footer;
	struct spec_fit fit;
	struct spec_flow flow;
	struct spec_marks marks;
	struct spec_checklist checklist;
	struct spec_palette palette;
	enum spec_colour role[SPEC_ROLE_COUNT];
};

/* Reads a layout file. On success *out is new and the caller frees it with spec_destroy. */
bool spec_load(const char *file, struct spec **out, struct diag *d);
bool spec_load_buffer(const char *name, const char *data, size_t len, struct spec **out,
		      struct diag *d);
void spec_destroy(struct spec *s);

/* The colour of a role under a palette. */
struct rgb spec_colour_of(const struct spec *s, const struct spec_palette *p, enum spec_role r);

/* Recomputes the derived colours (tint) after primary or paper changed. */
void spec_palette_derive(struct spec_palette *p);

/* Checks every text role against the colour it stands on (WCAG 2.1: 4.5:1, or 3:1 for
 * large text). On failure `d` names the pair and its ratio; `where` prefixes the message. */
bool spec_check_contrast(const struct spec *s, const struct spec_palette *p, const char *file,
			 struct diag *d);

#endif
