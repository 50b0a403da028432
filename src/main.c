/* tipsheet: YAML tip data to a designed infographic in PDF, SVG and PNG, one edition per
 * school board or region. main reads the command line, runs the stages in order and is the
 * only place that prints errors and decides the exit code. */
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "bodyset.h"
#include "cli.h"
#include "edition.h"
#include "fonts.h"
#include "hyph.h"
#include "index.h"
#include "load.h"
#include "manifest.h"
#include "output.h"
#include "paths.h"
#include "people.h"
#include "spec.h"
#include "value.h"
#include "watch.h"

#ifndef TIPSHEET_VERSION
#error "TIPSHEET_VERSION must be defined by the build"
#endif

/* Everything one run creates; released in one place. */
struct run {
	const struct options *options;
	struct factsheet *factsheet;
	struct spec *spec;
	struct hyph *hyph;
	struct bodyset *bodies;
	struct people *people;
	struct people_errors people_errors;
	GArray *jobs;     /* struct batch_job, in the order results are reported */
	GPtrArray *notes; /* owned struct diag *: problems found while choosing the jobs */
	struct output_list written; /* every file of the run, in job order */
	size_t editions, failed;
	int first_failure; /* exit code of the first edition that failed */
};

static void free_note(gpointer p)
{
	diag_finish(p);
	g_free(p);
}

static void run_finish(struct run *r)
{
	if (r->jobs) {
		batch_jobs_finish((struct batch_job *)(void *)r->jobs->data, r->jobs->len);
		g_array_free(r->jobs, TRUE);
	}
	if (r->notes)
		g_ptr_array_free(r->notes, TRUE);
	people_errors_finish(&r->people_errors);
	people_destroy(r->people);
	bodyset_destroy(r->bodies);
	hyph_destroy(r->hyph);
	spec_destroy(r->spec);
	model_destroy(r->factsheet);
	output_list_finish(&r->written);
}

static int report_error(const struct diag *d, int code)
{
	char *msg = diag_format(d);
	fprintf(stderr, "tipsheet: %s\n", msg);
	g_free(msg);
	return code;
}

/* SOURCE_DATE_EPOCH, when set, stands for "now", so that output is reproducible. */
static time_t run_now(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end;
		long long v = g_ascii_strtoll(epoch, &end, 10);
		if (*end == '\0' && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

/* --date, else the day of SOURCE_DATE_EPOCH (UTC), else today where the user is. */
static struct body_date run_today(const struct options *o, time_t now)
{
	struct body_date today;
	if (o->date && body_parse_date(o->date, &today))
		return today;
	struct tm tm;
	if (getenv("SOURCE_DATE_EPOCH"))
		gmtime_r(&now, &tm);
	else
		localtime_r(&now, &tm);
	return (struct body_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/* The patterns for the factsheet's language ("nl": hyph_nl_NL.dic), with its exceptions. */
static bool load_hyphenation_patterns(struct run *r, struct diag *d)
{
	const char *lang = r->factsheet->lang;
	char *upper = g_ascii_strup(lang, -1);
	char *name = g_strdup_printf("hyph_%s_%s.dic", lang, upper);
	char *path = g_build_filename(TIPSHEET_HYPHEN_DIR, name, NULL);
	bool ok = hyph_create(path, &r->hyph, d);
	for (size_t i = 0; ok && i < r->factsheet->hyphenation.count; i++)
		hyph_add_exception(r->hyph, r->factsheet->hyphenation.items[i], d); /* checked when loaded */
	g_free(path);
	g_free(name);
	g_free(upper);
	return ok;
}

static int load_inputs(struct run *r, struct diag *d)
{
	const struct options *o = r->options;
	char *layout = cli_layout_path(o);
	bool ok = load_factsheet(o->data, &r->factsheet, d) && spec_load(layout, &r->spec, d);
	g_free(layout);
	if (!ok)
		return CLI_EXIT_INPUT;
	/* The factsheet's pages and the checklist page. */
	int pages = r->spec->flow.pages + 1;
	if (o->page > pages) {
		diag_set(d, NULL, 0, 0, "--page %d: the layout '%s' has %d pages", o->page,
			 r->spec->name, pages);
		return CLI_EXIT_USAGE;
	}
	return load_hyphenation_patterns(r, d) ? CLI_EXIT_OK : CLI_EXIT_SOFTWARE;
}

/* --shard K/N: this machine's share of a national run is every N-th candidate from K. */
static bool in_shard(const struct options *o, size_t index)
{
	return o->shard_count <= 1 || index % (size_t)o->shard_count == (size_t)(o->shard - 1);
}

static void add_job(struct run *r, const struct edition_for *who, const struct diag *skip)
{
	struct batch_job job = {.who = *who, .skip = skip};
	g_array_append_val(r->jobs, job);
}

/* A problem found while choosing the jobs, kept until it is reported in its place. */
static const struct diag *note(struct run *r, const char *file, int line, int column, char *msg)
{
	struct diag *d = g_new0(struct diag, 1);
	diag_set(d, file, line, column, "%s", msg);
	g_free(msg);
	g_ptr_array_add(r->notes, d);
	return d;
}

/* The edition of body `e`, for `person` or for the body itself (person NULL). */
static void add_body_job(struct run *r, struct bodyset_entry *e, const struct person *person)
{
	bodyset_reserve(r->bodies, e);
	struct batch_job job = {.who = {.person = person}, .bodies = r->bodies, .body = e,
				.people_file = r->options->people};
	g_array_append_val(r->jobs, job);
}

/* The bodies named with --body, or every body of the folder. */
static void collect_bodies(struct run *r)
{
	const struct options *o = r->options;
	char **only = o->only;
	for (size_t i = 0; !only[0] && i < r->bodies->count; i++)
		if (in_shard(o, i))
			add_body_job(r, &r->bodies->entries[i], NULL);
	for (size_t i = 0; only[i]; i++) {
		struct bodyset_entry *e = bodyset_find(r->bodies, only[i]);
		if (!in_shard(o, i))
			continue;
		if (e)
			add_body_job(r, e, NULL);
		else
			add_job(r, &(struct edition_for){0},
				note(r, o->bodies, 0, 0,
				     g_strdup_printf("--body %s: there is no %s.yaml here", only[i], only[i])));
	}
}

/* --people: a personal edition for everyone on the list whose body exists. */
static int collect_people(struct run *r, struct diag *d)
{
	const struct options *o = r->options;
	if (!people_load(o->people, &r->people, &r->people_errors, d))
		return CLI_EXIT_INPUT;
	if (r->people->count == 0 && r->people_errors.count == 0) {
		diag_set(d, o->people, 0, 0, "the list holds no people");
		return CLI_EXIT_INPUT;
	}
	for (size_t i = 0; i < r->people_errors.count; i++)
		add_job(r, &(struct edition_for){0}, &r->people_errors.items[i]);
	for (size_t i = 0; i < r->people->count; i++) {
		const struct person *p = &r->people->items[i];
		struct bodyset_entry *e = bodyset_find(r->bodies, p->body);
		if (!in_shard(o, i))
			continue;
		if (e)
			add_body_job(r, e, p);
		else
			add_job(r, &(struct edition_for){.person = p},
				note(r, o->people, p->line, p->column,
				     g_strdup_printf("%s: body '%s' does not exist in the bodies folder",
						     p->name, p->body)));
	}
	return CLI_EXIT_OK;
}

/* The editions of this run: personal ones (--people), branded ones when there is a bodies
 * folder with bodies in it (or --body asks for one), else the neutral edition. */
static int collect_jobs(struct run *r, struct diag *d)
{
	const struct options *o = r->options;
	r->jobs = g_array_new(FALSE, TRUE, sizeof(struct batch_job));
	r->notes = g_ptr_array_new_with_free_func(free_note);
	bool want_bodies = o->people || (!o->neutral && (o->only[0] || g_file_test(o->bodies, G_FILE_TEST_IS_DIR)));
	if (want_bodies && !bodyset_load(o->bodies, &r->bodies, d))
		return CLI_EXIT_INPUT;
	if (o->people)
		return collect_people(r, d);
	if (want_bodies && (r->bodies->count > 0 || o->only[0]))
		collect_bodies(r);
	else
		add_job(r, &(struct edition_for){0}, NULL);
	return CLI_EXIT_OK;
}

/* Reports each job's outcome in order and gathers the files written. */
static void collect_results(struct run *r)
{
	for (guint i = 0; i < r->jobs->len; i++) {
		struct batch_job *job = &g_array_index(r->jobs, struct batch_job, i);
		if (job->status == EDITION_OK) {
			r->editions++;
		} else {
			int code = job->status == EDITION_OUTPUT_ERROR ? CLI_EXIT_OUTPUT : CLI_EXIT_INPUT;
			report_error(&job->diag, code);
			if (r->failed++ == 0)
				r->first_failure = code;
		}
		output_list_move(&r->written, &job->written);
	}
}

/* output/people.csv: name, e-mail, body and PDF of every person rendered, for a mail merge. */
static bool write_people_csv(struct run *r, struct diag *d)
{
	GString *csv = g_string_new("name,email,body,pdf\n");
	size_t rows = 0;
	for (guint i = 0; i < r->jobs->len; i++) {
		const struct batch_job *job = &g_array_index(r->jobs, struct batch_job, i);
		const struct person *p = job->who.person;
		const char *pdf = output_list_find(&job->written, OUTPUT_PDF);
		if (!p || job->status != EDITION_OK)
			continue;
		const char *rel = pdf ? manifest_relative(pdf, r->options->output) : "";
		const char *fields[] = {p->name, p->email ? p->email : "", p->body, rel};
		for (size_t f = 0; f < G_N_ELEMENTS(fields); f++) {
			if (f)
				g_string_append_c(csv, ',');
			manifest_csv_field(csv, fields[f]);
		}
		g_string_append_c(csv, '\n');
		rows++;
	}
	char *path = g_build_filename(r->options->output, "people.csv", NULL);
	/* Not when no one was rendered: a failed run leaves the folder as it was. */
	bool ok = rows == 0 || manifest_write_text(path, csv->str, d);
	g_free(path);
	g_string_free(csv, TRUE);
	return ok;
}

static void report_summary(const struct run *r, double seconds)
{
	const struct options *o = r->options;
	size_t bytes = 0;
	for (size_t i = 0; i < r->written.count; i++) {
		bytes += r->written.files[i].bytes;
		if (o->verbosity > 0)
			printf("wrote %s (%zu bytes)\n", r->written.files[i].path, r->written.files[i].bytes);
	}
	if (o->verbosity < 0)
		return;
	printf("wrote %zu edition%s (%zu files, %.1f MB) to %s in %.2f s", r->editions,
	       r->editions == 1 ? "" : "s", r->written.count, bytes / 1e6, o->output, seconds);
	if (r->failed)
		printf("; %zu failed", r->failed);
	putchar('\n');
}

/* tipsheet validate: every problem has been printed as it was found; one line to close. */
static int report_validation(struct run *r)
{
	collect_results(r);
	if (r->failed) {
		fprintf(stderr, "tipsheet: %zu problem%s found in %u edition%s checked\n", r->failed,
			r->failed == 1 ? "" : "s", r->jobs->len, r->jobs->len == 1 ? "" : "s");
		return r->first_failure;
	}
	if (r->options->verbosity >= 0)
		printf("all valid: %zu edition%s laid out without a problem\n", r->editions,
		       r->editions == 1 ? "" : "s");
	return CLI_EXIT_OK;
}

/* The folder of index.html's thumbnails, inside the output folder. */
#define INDEX_THUMBS "index-files"

/* output/index.html, with this run's problems at the top. */
static bool write_index(struct run *r, struct diag *d)
{
	GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < r->jobs->len; i++) {
		const struct batch_job *job = &g_array_index(r->jobs, struct batch_job, i);
		if (job->status != EDITION_OK)
			g_ptr_array_add(warnings, diag_format(&job->diag));
	}
	bool ok = index_write(r->options->output, INDEX_THUMBS, r->factsheet->labels.overview,
			      (const char *const *)warnings->pdata, warnings->len, d);
	g_ptr_array_free(warnings, TRUE);
	return ok;
}

static int run(struct run *r, struct diag *d)
{
	const struct options *o = r->options;
	int code = load_inputs(r, d);
	if (code == CLI_EXIT_OK)
		code = collect_jobs(r, d);
	if (code != CLI_EXIT_OK)
		return report_error(d, code);
	gint64 start = g_get_monotonic_time();
	time_t now = run_now();
	struct edition_env env = {
		.factsheet = r->factsheet, .data_file = o->data, .spec = r->spec, .hyph = r->hyph,
		.output_dir = o->output, .formats = o->formats, .dpi = o->dpi, .page = o->page,
		.bleed = o->bleed * VALUE_PT_PER_MM, .now = now, .today = run_today(o, now),
		.verbosity = o->verbosity, .dry_run = o->command == CLI_VALIDATE,
		.people_file = o->people,
	};
	char *thumbs = g_build_filename(o->output, INDEX_THUMBS, NULL);
	env.thumbs_dir = thumbs;
	char *fonts_dir = g_build_filename(o->datadir, "fonts", NULL);
	struct batch_options bo = {.jobs = o->jobs, .fonts_dir = fonts_dir,
				   .renders_again = o->command == CLI_WATCH,
				   .progress = o->verbosity >= 0 && isatty(STDERR_FILENO)};
	bool ok = batch_run(&env, (struct batch_job *)(void *)r->jobs->data, r->jobs->len, &bo, d);
	g_free(fonts_dir);
	g_free(thumbs);
	if (!ok)
		return report_error(d, CLI_EXIT_SOFTWARE);
	if (o->command == CLI_VALIDATE)
		return report_validation(r);
	/* people.csv reads each job's own files, before collect_results gathers them. */
	if (o->people && !write_people_csv(r, d))
		return report_error(d, CLI_EXIT_OUTPUT);
	collect_results(r);
	if (r->written.count > 0) {
		char *path = g_build_filename(o->output, "manifest.csv", NULL);
		ok = manifest_write(path, &r->written, d);
		g_free(path);
		if (!ok)
			return report_error(d, CLI_EXIT_OUTPUT);
	}
	/* The overview follows the manifest: none while the folder has nothing to show. */
	char *manifest = g_build_filename(o->output, "manifest.csv", NULL);
	bool have_manifest = g_file_test(manifest, G_FILE_TEST_IS_REGULAR);
	g_free(manifest);
	if (have_manifest && !write_index(r, d))
		return report_error(d, CLI_EXIT_OUTPUT);
	report_summary(r, (g_get_monotonic_time() - start) / 1e6);
	return r->failed ? r->first_failure : CLI_EXIT_OK;
}

/* tipsheet new-body: the commented template of data/ with the slug and name filled in,
 * written only where no body file is yet, and checked by loading it. */
static int new_body(const struct options *o)
{
	struct diag d = {0};
	char *template = g_build_filename(o->datadir, "data", "body-template.yaml", NULL);
	char *file = g_strconcat(o->new_slug, ".yaml", NULL);
	char *path = g_build_filename(o->bodies, file, NULL);
	char *text = NULL;
	int code = CLI_EXIT_OK;
	if (!g_file_get_contents(template, &text, NULL, NULL))
		code = report_error(&(struct diag){.file = template, .message = "cannot read the body template"},
				    CLI_EXIT_SOFTWARE);
	else if (g_file_test(path, G_FILE_TEST_EXISTS))
		code = report_error(&(struct diag){.file = path, .message = "exists already: edit it, or choose another slug"},
				    CLI_EXIT_OUTPUT);
	if (code == CLI_EXIT_OK) {
		/* The name as it is in comments, and as a double-quoted YAML string in values. */
		GString *s = g_string_new(text), *quoted = g_string_new("\"");
		for (const char *c = o->new_name; *c; c++) {
			if (*c == '"' || *c == '\\')
				g_string_append_c(quoted, '\\');
			g_string_append_c(quoted, *c);
		}
		g_string_append_c(quoted, '"');
		g_string_replace(s, "{{slug}}", o->new_slug, 0);
		g_string_replace(s, "{{name_yaml}}", quoted->str, 0);
		g_string_replace(s, "{{name}}", o->new_name, 0);
		g_string_free(quoted, TRUE);
		struct body *b = NULL;
		if (g_mkdir_with_parents(o->bodies, 0777) != 0 || !manifest_write_text(path, s->str, &d)) {
			code = report_error(&d, CLI_EXIT_OUTPUT);
		} else if (!body_load(path, &b, &d)) {
			g_unlink(path); /* a file that does not load is no start */
			code = report_error(&d, CLI_EXIT_INPUT);
		} else {
			printf("wrote %s: edit it, then check it with 'tipsheet validate'\n", path);
		}
		body_destroy(b);
		g_string_free(s, TRUE);
	}
	g_free(text);
	g_free(path);
	g_free(file);
	g_free(template);
	diag_finish(&d);
	return code;
}

/* --list-layouts: every layout file with its description; a broken one is reported. */
static int list_layouts(const struct options *o)
{
	char *dir = g_build_filename(o->datadir, "layouts", NULL);
	GPtrArray *names = paths_yaml_files(dir, NULL);
	if (!names)
		names = g_ptr_array_new_with_free_func(g_free);
	int code = names->len ? CLI_EXIT_OK : CLI_EXIT_SOFTWARE;
	for (guint i = 0; i < names->len; i++) {
		char *path = g_build_filename(dir, names->pdata[i], NULL);
		struct spec *s = NULL;
		struct diag d = {0};
		if (spec_load(path, &s, &d))
			printf("%-14s %s\n", s->name, s->description);
		else
			code = report_error(&d, CLI_EXIT_INPUT);
		spec_destroy(s);
		diag_finish(&d);
		g_free(path);
	}
	g_ptr_array_free(names, TRUE);
	g_free(dir);
	return code;
}

/* One render for watch: the same run, restricted to some bodies when `only` is given. */
static int render_for_watch(const struct options *o, char **only)
{
	struct options narrowed = *o;
	if (only)
		narrowed.only = only;
	narrowed.command = CLI_RENDER;
	struct run r = {.options = &narrowed};
	struct diag d = {0};
	int code = run(&r, &d);
	run_finish(&r);
	diag_finish(&d);
	fflush(stdout);
	return code;
}

int main(int argc, char **argv)
{
	/* Past a file size limit (ulimit -f) a write should fail with EFBIG, reported like any
	 * other write error, instead of the signal ending the run mid-file. */
	signal(SIGXFSZ, SIG_IGN);
	struct options o;
	struct diag d = {0};
	int code = CLI_EXIT_OK;
	if (!cli_parse(argc, argv, &o, &d)) {
		code = report_error(&d, CLI_EXIT_USAGE);
	} else if (o.help) {
		fputs(cli_usage(), stdout);
	} else if (o.version) {
		puts("tipsheet " TIPSHEET_VERSION);
	} else if (o.list_layouts) {
		code = list_layouts(&o);
	} else if (o.command == CLI_NEW_BODY) {
		code = new_body(&o);
	} else if (o.command == CLI_WATCH) {
		code = watch_run(&o, render_for_watch);
	} else {
		struct run r = {.options = &o};
		code = run(&r, &d);
		run_finish(&r);
	}
	cli_finish(&o);
	diag_finish(&d);
	return code;
}
