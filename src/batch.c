#include "batch.h"

#include <glib.h>
#include <stdio.h>

/* What the threads share. Jobs are taken in order by an atomic counter; each job's results
 * are written only by the thread that took it. */
struct shared {
	const struct edition_env *env;
	struct batch_job *jobs;
	size_t n;
	gint next;
	/* Progress: guarded by `lock`. */
	GMutex lock;
	size_t done;
	gint64 start;
	bool progress;
	GMutex layout_lock; /* see edition_env.layout_lock */
};

struct worker {
	struct shared *shared;
	struct fonts *fonts; /* this thread's own: pango's font maps are not shared */
	struct layout_cache *cache; /* measurements made with those fonts */
};

/* "[#####     ] 37/100  12.3 editions/s  about 5 s left", redrawn in place. */
static void show_progress(struct shared *s)
{
	double seconds = (g_get_monotonic_time() - s->start) / 1e6;
	double rate = seconds > 0 ? s->done / seconds : 0;
	int width = 30, filled = (int)(width * s->done / (s->n ? s->n : 1));
	char bar[31];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : ' ';
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu  %.1f editions/s", bar, s->done, s->n, rate);
	if (rate > 0 && s->done < s->n)
		fprintf(stderr, "  about %.0f s left ", (s->n - s->done) / rate);
	else
		fputs("                 ", stderr);
	if (s->done == s->n)
		fputc('\n', stderr);
	fflush(stderr);
}

static void run_job(const struct edition_env *env, struct batch_job *job)
{
	if (job->skip) {
		job->status = EDITION_INPUT_ERROR;
		diag_set(&job->diag, job->skip->file, job->skip->line, job->skip->column, "%s",
			 job->skip->message);
		return;
	}
	job->status = edition_render(env, &job->who, &job->written, &job->diag);
}

static gpointer work(gpointer data)
{
	struct worker *w = data;
	struct shared *s = w->shared;
	struct edition_env env = *s->env;
	env.fonts = w->fonts;
	env.cache = w->cache;
	env.layout_lock = s->n > 1 ? &s->layout_lock : NULL;
	for (;;) {
		gint i = g_atomic_int_add(&s->next, 1);
		if ((size_t)i >= s->n)
			break;
		run_job(&env, &s->jobs[i]);
		g_mutex_lock(&s->lock);
		s->done++;
		if (s->progress)
			show_progress(s);
		g_mutex_unlock(&s->lock);
	}
	return NULL;
}

bool batch_run(const struct edition_env *env, struct batch_job *jobs, size_t n,
	       const struct batch_options *opt, struct diag *d)
{
	size_t threads = (size_t)(opt->threads < 1 ? 1 : opt->threads);
	if (threads > n)
		threads = n ? n : 1;
	struct shared s = {.env = env, .jobs = jobs, .n = n, .start = g_get_monotonic_time(),
			   .progress = opt->progress && n > 1};
	g_mutex_init(&s.lock);
	g_mutex_init(&s.layout_lock);
	struct worker *workers = g_new0(struct worker, threads);
	bool ok = true;
	/* Fonts are set up here, before any thread starts: fontconfig wants its configurations
	 * made in one thread. */
	for (size_t i = 0; ok && i < threads; i++) {
		workers[i].shared = &s;
		workers[i].cache = layout_cache_create();
		ok = fonts_create(opt->fonts_dir, env->factsheet->lang, &workers[i].fonts, d);
	}
	GThread **t = g_new0(GThread *, threads);
	for (size_t i = 1; ok && i < threads; i++)
		t[i] = g_thread_new("edition", work, &workers[i]);
	if (ok)
		work(&workers[0]);
	for (size_t i = 1; i < threads; i++)
		if (t[i])
			g_thread_join(t[i]);
	for (size_t i = 0; i < threads; i++) {
		layout_cache_destroy(workers[i].cache); /* its layouts use the worker's fonts */
		fonts_destroy(workers[i].fonts);
	}
	g_free(t);
	g_free(workers);
	g_mutex_clear(&s.lock);
	g_mutex_clear(&s.layout_lock);
	return ok;
}

void batch_jobs_finish(struct batch_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		diag_finish(&jobs[i].diag);
		output_list_finish(&jobs[i].written);
	}
}
