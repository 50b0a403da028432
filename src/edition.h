/* edition: one factsheet edition, neutral or branded for a body, from layout to files. */
#ifndef TIPSHEET_EDITION_H
#define TIPSHEET_EDITION_H

#include <stdbool.h>
#include <time.h>

#include "body.h"
#include "diag.h"
#include "fonts.h"
#include "hyph.h"
#include "layout.h"
#include "model.h"
#include "output.h"
#include "people.h"
#include "spec.h"

/* Resolution of the index page's thumbnails: an A4 page comes out 165 pixels wide. */
#define EDITION_THUMB_DPI 20.0

/* What every edition of a run shares. All borrowed. */
struct edition_env {
	const struct factsheet *factsheet;
	const char *data_file;
	const struct spec *spec;
	const struct fonts *fonts;
	const struct hyph *hyph; /* with the factsheet's exceptions */
	struct layout_cache *cache; /* measurements to reuse between editions, or NULL */
	const char *output_dir;
	unsigned formats;
	double dpi;
	int page; /* --page N: SVG and PNG of that page only; 0: every page */
	double bleed;            /* points; 0: none */
	time_t now;              /* PDF dates */
	struct body_date today;  /* picks the next information evening */
	int verbosity;
	bool dry_run; /* lay out and check only; write nothing (tipsheet validate) */
	const char *people_file; /* --people FILE, named in messages about a person's page */
	const char *thumbs_dir; /* where index.html's page thumbnails go; NULL: none */
};

enum edition_status {
	EDITION_OK,
	EDITION_INPUT_ERROR,  /* the body or content is wrong: colours, fit, glyphs */
	EDITION_OUTPUT_ERROR, /* a file could not be written */
};

/* Who an edition is for: a body (NULL: the neutral edition), a region's resolved member
 * boards, and for a personal edition the person whose checklist it carries. Borrowed. */
struct edition_for {
	const struct body *body;
	const struct body *const *members;
	size_t n_members;
	const struct person *person;
};

/* Renders an edition into output_dir, a body's into output_dir/<slug>/, a person's into
 * output_dir/<body>/people/<person-slug>.*. Appends what it wrote to `written`. */
enum edition_status edition_render(const struct edition_env *env, const struct edition_for *who,
				   struct output_list *written, struct diag *d);

#endif
