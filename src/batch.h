/* batch: renders a list of editions, in worker processes when asked for more than one at a
 * time, and gives every result back in the list's order, so that a run's files, manifest
 * and messages do not depend on how the work was shared out.
 *
 * Processes, not threads: cairo 1.16 shares scaled fonts (and their glyph caches) between
 * threads even when each thread has its own pango font map, and two threads drawing text at
 * once were measured here to break a line differently one time in eight and, in one run of
 * 1,000 editions (with glibc's arena_max=1), to abort in cairo_scaled_font_destroy. A worker
 * process has cairo, pango and fontconfig to itself and sets up its own fonts: the parent
 * forks before it touches pango, whose font map runs threads of its own. */
#ifndef TIPSHEET_BATCH_H
#define TIPSHEET_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "bodyset.h"
#include "diag.h"
#include "edition.h"
#include "output.h"

struct batch_job {
	struct edition_for who;     /* borrowed; body and members are filled in from `body` */
	struct bodyset *bodies;     /* borrowed: where `body` comes from */
	struct bodyset_entry *body; /* the edition's body, reserved for this job; NULL: none */
	const char *people_file;    /* where who.person comes from, for messages */
	const struct diag *skip;    /* borrowed: a problem found before rendering; the job is
				       reported as failed with it and not rendered */
	/* Results, filled by batch_run: */
	enum edition_status status;
	struct diag diag;           /* why it failed */
	struct output_list written; /* what it wrote */
};

struct batch_options {
	int jobs;              /* editions at once: worker processes when more than 1 */
	const char *fonts_dir; /* the bundled fonts, registered once before the workers start */
	bool progress;         /* draw a progress bar on stderr (a terminal) */
	bool renders_again;    /* the process will call batch_run again (watch): with more
				  than one job allowed, even one edition goes to a worker */
};

/* Renders every job with `env` (its fonts and layout cache are set up in each worker).
 * False (with `d` set) when the fonts cannot be set up or a worker process fails as a whole
 * (killed, crashed); each job's own outcome is in the job. Must be called while the process
 * has a single thread (it forks): before anything has used pango or librsvg. */
bool batch_run(const struct edition_env *env, struct batch_job *jobs, size_t n,
	       const struct batch_options *opt, struct diag *d);

/* Frees what batch_run put in the jobs. */
void batch_jobs_finish(struct batch_job *jobs, size_t n);

#endif
