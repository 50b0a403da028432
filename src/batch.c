#include "batch.h"

#include <errno.h>
#include <glib.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hyph.h"

/* Blocks up to this size come from, and go back to, the process's own heap. */
#define BATCH_KEEP_BYTES (64 << 20)

/* A job's result as a worker sends it to the parent: its index, status, diagnostic (file
 * "" and message "" when unset) and the files written. */
#define RESULT_TYPE "(uisiisa(sssiit))"

/* The index of a worker's only result when it cannot render at all (its fonts cannot be
 * set up): the diagnostic is the run's. */
#define RESULT_FATAL G_MAXUINT32

/* "[#####     ] 37/100  12.3 editions/s  about 5 s left", redrawn in place. */
struct progress {
	bool show;
	size_t done, n;
	gint64 start;
};

static void progress_step(struct progress *p)
{
	p->done++;
	if (!p->show)
		return;
	double seconds = (g_get_monotonic_time() - p->start) / 1e6;
	double rate = seconds > 0 ? p->done / seconds : 0;
	int width = 30, filled = (int)(width * p->done / (p->n ? p->n : 1));
	char bar[31];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : ' ';
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu  %.1f editions/s", bar, p->done, p->n, rate);
	if (rate > 0 && p->done < p->n)
		fprintf(stderr, "  about %.0f s left ", (p->n - p->done) / rate);
	else
		fputs("                 ", stderr);
	if (p->done == p->n)
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
	if (!job->body) {
		job->status = edition_render(env, &job->who, &job->written, &job->diag);
		return;
	}
	struct bodyset_hold hold;
	if (!bodyset_acquire(job->bodies, job->body, &hold, &job->diag)) {
		job->status = EDITION_INPUT_ERROR;
		const struct person *p = job->who.person;
		if (p) /* the person's record is where the run was asked for this body */
			diag_set(&job->diag, job->people_file, p->line, p->column,
				 "%s: body '%s' cannot be used: its own file has an error", p->name,
				 p->body);
		return;
	}
	struct edition_for who = {hold.body, hold.members, hold.n_members, job->who.person};
	job->status = edition_render(env, &who, &job->written, &job->diag);
	bodyset_release(job->bodies, &hold);
}

/* ---- A job's result, between processes ---- */

static GVariant *result_pack(const struct batch_job *job, size_t index)
{
	GVariantBuilder files;
	g_variant_builder_init(&files, G_VARIANT_TYPE("a(sssiit)"));
	for (size_t i = 0; i < job->written.count; i++) {
		const struct output_file *f = &job->written.files[i];
		g_variant_builder_add(&files, "(sssiit)", f->edition, f->path, f->sha256,
				      (gint32)f->format, (gint32)f->page, (guint64)f->bytes);
	}
	const struct diag *d = &job->diag;
	return g_variant_ref_sink(g_variant_new(RESULT_TYPE, (guint32)index, (gint32)job->status,
						d->file ? d->file : "", (gint32)d->line,
						(gint32)d->column, d->message ? d->message : "",
						&files));
}

/* Fills the job the result names (or `fatal`, for a worker that could not start); false
 * when the bytes are not a result for these jobs. */
static bool result_unpack(const void *data, size_t len, struct batch_job *jobs, size_t n,
			  struct diag *fatal)
{
	GVariant *v = g_variant_new_from_data(G_VARIANT_TYPE(RESULT_TYPE), data, len, FALSE,
					      NULL, NULL);
	guint32 index;
	gint32 status, line, column;
	const char *file, *message;
	GVariantIter *files;
	g_variant_get(v, "(ui&sii&sa(sssiit))", &index, &status, &file, &line, &column, &message,
		      &files);
	bool ok = index < n || index == RESULT_FATAL;
	if (index == RESULT_FATAL)
		diag_set_first(fatal, *file ? file : NULL, line, column, "%s", message);
	else if (ok) {
		struct batch_job *job = &jobs[index];
		job->status = (enum edition_status)status;
		if (*message)
			diag_set(&job->diag, *file ? file : NULL, line, column, "%s", message);
		const char *edition, *path, *sha;
		gint32 format, page;
		guint64 bytes;
		size_t count = g_variant_iter_n_children(files);
		job->written.files = g_new0(struct output_file, count ? count : 1);
		while (g_variant_iter_next(files, "(&s&s&siit)", &edition, &path, &sha, &format, &page,
					   &bytes)) {
			struct output_file *f = &job->written.files[job->written.count++];
			f->edition = g_strdup(edition);
			f->path = g_strdup(path);
			g_strlcpy(f->sha256, sha, sizeof f->sha256);
			f->format = (enum output_format)format;
			f->page = page;
			f->bytes = (size_t)bytes;
		}
	}
	g_variant_iter_free(files);
	g_variant_unref(v);
	return ok;
}

/* Sends a result framed by its length (native order: both ends are this program). */
static bool result_send(int fd, const struct batch_job *job, size_t index)
{
	GVariant *v = result_pack(job, index);
	uint32_t len = (uint32_t)g_variant_get_size(v);
	bool ok = output_write_fd(fd, &len, sizeof len) && output_write_fd(fd, g_variant_get_data(v), len);
	g_variant_unref(v);
	return ok;
}

/* ---- Workers ---- */

/* What rendering needs in a process: the fonts (pango's font map is the process's own) and
 * a measurement cache that uses them. */
static bool setup(const struct edition_env *env, const struct batch_options *opt,
		  struct edition_env *own, struct fonts **fonts, struct diag *d)
{
	if (!fonts_create(opt->fonts_dir, env->factsheet->lang, fonts, d))
		return false;
	*own = *env;
	own->fonts = *fonts;
	own->cache = layout_cache_create();
	return true;
}

static void teardown(struct edition_env *own, struct fonts *fonts)
{
	layout_cache_destroy(own->cache); /* its layouts use these fonts */
	fonts_destroy(fonts);
}

/* Worker k of `workers` renders every workers-th job from the k-th: a fixed share, so that
 * it knows which bodies it will need and can free each after its last use. It sets up its
 * own fonts: pango's font map runs threads of its own, which must not exist when the parent
 * forks (a lock held by one would stay held in the child). Runs in the forked child and
 * never returns. */
static void work(const struct edition_env *env, const struct batch_options *opt,
		 struct batch_job *jobs, size_t n, size_t k, size_t workers, int fd)
{
	for (size_t i = 0; i < n; i++)
		if (i % workers != k && jobs[i].body)
			bodyset_unreserve(jobs[i].bodies, jobs[i].body);
	struct edition_env own;
	struct fonts *fonts;
	struct batch_job fatal = {0};
	if (!setup(env, opt, &own, &fonts, &fatal.diag)) {
		bool sent = result_send(fd, &fatal, RESULT_FATAL);
		_exit(sent ? 0 : 1);
	}
	bool ok = true;
	for (size_t i = k; ok && i < n; i += workers) {
		run_job(&own, &jobs[i]);
		ok = result_send(fd, &jobs[i], i);
	}
	teardown(&own, fonts);
	fflush(stderr);
	_exit(ok ? 0 : 1);
}

struct child {
	pid_t pid;
	int fd;
	GByteArray *buf; /* bytes read and not yet taken as results */
};

/* Takes the complete results out of `c->buf`. False on a malformed one. */
static bool take_results(struct child *c, struct batch_job *jobs, size_t n, struct progress *p,
			 struct diag *fatal)
{
	size_t at = 0;
	bool ok = true;
	while (ok && c->buf->len - at >= sizeof(uint32_t)) {
		uint32_t len;
		memcpy(&len, c->buf->data + at, sizeof len);
		if (c->buf->len - at - sizeof len < len)
			break;
		/* GVariant wants its data aligned: copy it out of the stream. */
		void *data = g_memdup2(c->buf->data + at + sizeof len, len);
		ok = result_unpack(data, len, jobs, n, fatal);
		g_free(data);
		at += sizeof len + len;
		progress_step(p);
	}
	g_byte_array_remove_range(c->buf, 0, (guint)at);
	return ok;
}

/* Reads every worker's results until all have closed their pipes; a worker that could not
 * start says why in `fatal`. */
static bool collect(struct child *children, size_t workers, struct batch_job *jobs, size_t n,
		    struct progress *p, struct diag *fatal)
{
	struct pollfd *fds = g_new0(struct pollfd, workers);
	size_t open = workers;
	bool ok = true;
	guint8 chunk[65536];
	while (open > 0) {
		for (size_t i = 0; i < workers; i++)
			fds[i] = (struct pollfd){.fd = children[i].fd, .events = POLLIN};
		if (poll(fds, workers, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (size_t i = 0; i < workers; i++) {
			if (children[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t k = read(children[i].fd, chunk, sizeof chunk);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				close(children[i].fd);
				children[i].fd = -1;
				open--;
				continue;
			}
			g_byte_array_append(children[i].buf, chunk, (guint)k);
			ok = take_results(&children[i], jobs, n, p, fatal) && ok;
		}
	}
	g_free(fds);
	return ok;
}

/* Waits for every worker; false (with `d` set) if one did not finish its share. */
static bool reap(struct child *children, size_t workers, bool collected, struct diag *d)
{
	bool ok = collected;
	for (size_t i = 0; i < workers; i++) {
		int status = 0;
		while (waitpid(children[i].pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status))
			ok = diag_set_first(d, NULL, 0, 0,
					    "worker process %zu of %zu was ended by signal %d (%s): its remaining editions were not rendered",
					    i + 1, workers, WTERMSIG(status), strsignal(WTERMSIG(status)));
		else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			ok = diag_set_first(d, NULL, 0, 0,
					    "worker process %zu of %zu could not hand back its results",
					    i + 1, workers);
		g_byte_array_free(children[i].buf, TRUE);
	}
	if (!ok && !diag_is_set(d))
		diag_set(d, NULL, 0, 0, "a worker process sent back a result that makes no sense");
	return ok;
}

/* Starts the workers; those that could not be started are left out (`*started` says how
 * many were, `*error` why the next one was not). */
static struct child *spawn(const struct edition_env *env, const struct batch_options *opt,
			   struct batch_job *jobs, size_t n, size_t workers, size_t *started,
			   int *error)
{
	struct child *children = g_new0(struct child, workers);
	fflush(NULL); /* nothing buffered may be written twice */
	*started = 0;
	for (size_t k = 0; k < workers; k++) {
		int pipefd[2];
		if (pipe(pipefd) < 0) {
			*error = errno;
			break;
		}
		pid_t pid = fork();
		if (pid < 0) {
			*error = errno;
			close(pipefd[0]);
			close(pipefd[1]);
			break;
		}
		if (pid == 0) {
			/* A worker goes with its parent (a run killed with SIGKILL stops at once,
			 * as a single process would). */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(pipefd[0]);
			for (size_t j = 0; j < *started; j++)
				close(children[j].fd);
			work(env, opt, jobs, n, k, workers, pipefd[1]);
		}
		close(pipefd[1]);
		children[k] = (struct child){pid, pipefd[0], g_byte_array_new()};
		(*started)++;
	}
	return children;
}

/* Every job in this process: with --jobs 1, for a single edition, or when no worker could
 * be started. */
static bool run_here(const struct edition_env *env, const struct batch_options *opt,
		     struct batch_job *jobs, size_t n, struct progress *p, struct diag *d)
{
	struct edition_env own;
	struct fonts *fonts;
	if (!setup(env, opt, &own, &fonts, d))
		return false;
	for (size_t i = 0; i < n; i++) {
		run_job(&own, &jobs[i]);
		progress_step(p);
	}
	teardown(&own, fonts);
	return true;
}

bool batch_run(const struct edition_env *env, struct batch_job *jobs, size_t n,
	       const struct batch_options *opt, struct diag *d)
{
	/* Every page is drawn into a buffer of several megabytes and deflated into another.
	 * glibc would give such blocks back to the kernel on each free and fault them in again,
	 * page by page, on the next edition: a third of a worker's time, measured. Kept. */
	mallopt(M_MMAP_THRESHOLD, BATCH_KEEP_BYTES);
	mallopt(M_TRIM_THRESHOLD, BATCH_KEEP_BYTES);
	struct progress p = {opt->progress && n > 1, 0, n, g_get_monotonic_time()};
	size_t workers = (size_t)(opt->jobs < 1 ? 1 : opt->jobs);
	if (workers > n)
		workers = n ? n : 1;
	size_t started = 0;
	int spawn_error = 0;
	/* One edition renders here (a worker would cost 30 ms of forking and faulting in, a
	 * fifth of a cold run), unless the process renders again later (watch): then it must
	 * not have used pango itself when it next forks. */
	bool fork_workers = opt->jobs > 1 && n > 0 && (n > 1 || opt->renders_again);
	/* The hyphenation patterns are still being parsed in a thread, which a fork would
	 * leave behind: workers get them parsed. */
	if (fork_workers && !hyph_wait(env->hyph, d))
		return false;
	struct child *children =
	    fork_workers ? spawn(env, opt, jobs, n, workers, &started, &spawn_error) : NULL;
	bool ok;
	if (started == 0) {
		ok = run_here(env, opt, jobs, n, &p, d);
	} else {
		ok = collect(children, started, jobs, n, &p, d);
		ok = reap(children, started, ok, d) && !diag_is_set(d);
		/* Some workers could not be started: their shares went unrendered. */
		if (ok && started < workers)
			ok = diag_set(d, NULL, 0, 0, "could start only %zu of %zu worker processes: %s",
				      started, workers, g_strerror(spawn_error));
	}
	g_free(children);
	return ok;
}

void batch_jobs_finish(struct batch_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		diag_finish(&jobs[i].diag);
		output_list_finish(&jobs[i].written);
	}
}
