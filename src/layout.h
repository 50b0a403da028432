/* layout: the factsheet model on a layout spec, measured with pango, into a plan of
 * positioned items. Never draws. Page 1 is the factsheet, page 2 the checklist. */
#ifndef TIPSHEET_LAYOUT_H
#define TIPSHEET_LAYOUT_H

#include <stdbool.h>

#include "body.h"
#include "diag.h"
#include "fonts.h"
#include "hyph.h"
#include "model.h"
#include "people.h"
#include "plan.h"
#include "spec.h"

struct layout_input {
	const struct factsheet *factsheet;
	const char *data_file; /* where the factsheet came from, for messages */
	const struct spec *spec;
	const struct spec_palette *palette;
	const struct fonts *fonts;
	/* Branding; all NULL/0 for the neutral edition. Borrowed; they outlive the plan. */
	const struct body *body;
	const struct body_evening *evening; /* the next information evening, or NULL */
	const struct body *const *members;  /* a region's member boards */
	size_t n_members;
	const struct person *person; /* whose checklist it is; NULL: a blank one */
	const char *people_file;     /* where the person was read from, for messages */
	const struct hyph *hyph;     /* Dutch hyphenation for paragraphs; NULL: none */
	/* Measurements to reuse between editions; NULL: none. Not for an edition whose
	 * hyphenation differs from the shared one (a body's own exception list). */
	struct layout_cache *cache;
};

/* A cache of measured boxes for one process's editions: the factsheet's tips are measured
 * once for each font, type scale and column width, not once per edition. */
struct layout_cache *layout_cache_create(void);
void layout_cache_destroy(struct layout_cache *c);

/* Lays out both pages. On success *out is a new plan the caller frees with plan_destroy;
 * if the content does not fit, `d` says which section and by how much. */
bool layout_compute(const struct layout_input *in, struct plan **out, struct diag *d);

/* Prepares the plan for a print shop: every page grows by `bleed` plus room for crop marks
 * on each side, backgrounds that touch the trim edge run on into the bleed, and crop marks
 * are drawn outside it. `mark_length` and `mark_offset` come from the layout. */
void layout_add_bleed(struct plan *plan, double bleed, const struct spec *spec);

/* The sections of the edition: the factsheet's, then the body's local section if any. */
size_t layout_section_count(const struct layout_input *in);
const struct section *layout_section(const struct layout_input *in, size_t i);

#endif
