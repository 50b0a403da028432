/* batch: renders a list of editions on several threads, each with its own fonts, and gives
 * every result back in the list's order, so that a run's files, manifest and messages do
 * not depend on how the work was shared out. */
#ifndef TIPSHEET_BATCH_H
#define TIPSHEET_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "edition.h"
#include "output.h"

struct batch_job {
	struct edition_for who;  /* borrowed */
	const struct diag *skip; /* borrowed: a problem found before rendering; the job is
				    reported as failed with it and not rendered */
	/* Results, filled by batch_run: */
	enum edition_status status;
	struct diag diag;           /* why it failed */
	struct output_list written; /* what it wrote */
};

struct batch_options {
	int threads;           /* at least 1 */
	const char *fonts_dir; /* each thread registers the fonts here for itself */
	bool progress;         /* draw a progress bar on stderr (a terminal) */
};

/* Renders every job with `env` (whose fonts are replaced by each thread's own). False only
 * when the threads' fonts cannot be set up (`d` set); each job's outcome is in the job. */
bool batch_run(const struct edition_env *env, struct batch_job *jobs, size_t n,
	       const struct batch_options *opt, struct diag *d);

/* Frees what batch_run put in the jobs. */
void batch_jobs_finish(struct batch_job *jobs, size_t n);

#endif
