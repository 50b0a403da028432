/* tipsheet: YAML tip data to a designed infographic in PDF, SVG and PNG, one edition per
 * school board or region. main reads the command line, runs the stages in order and is the
 * only place that prints errors and decides the exit code. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bodyset.h"
#include "cli.h"
#include "edition.h"
#include "fonts.h"
#include "hyph.h"
#include "load.h"
#include "manifest.h"
#include "output.h"
#include "people.h"
#include "spec.h"
#include "value.h"

#ifndef TIPSHEET_VERSION
#error "TIPSHEET_VERSION must be defined by the build"
#endif

/* Everything one run creates; released in one place. */
struct run {
	const struct options *options;
	struct factsheet *factsheet;
	struct spec *spec;
	struct fonts *fonts;
	struct hyph *hyph;
	struct bodyset *bodies;
	struct output_list written;
	size_t editions, failed;
	int first_failure; /* exit code of the first edition that failed */
};

static void run_finish(struct run *r)
{
	bodyset_destroy(r->bodies);
	hyph_destroy(r->hyph);
	fonts_destroy(r->fonts);
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
	char *fonts_dir = g_build_filename(o->datadir, "fonts", NULL);
	ok = fonts_create(fonts_dir, r->factsheet->lang, &r->fonts, d) && load_hyphenation_patterns(r, d);
	g_free(fonts_dir);
	return ok ? CLI_EXIT_OK : CLI_EXIT_SOFTWARE;
}

/* An edition's error is reported at once; the run goes on with the next one. */
static void edition_failed(struct run *r, const struct diag *d, int code)
{
	report_error(d, code);
	if (r->failed++ == 0)
		r->first_failure = code;
}

static bool render_one(struct run *r, const struct edition_env *env, const struct edition_for *who)
{
	struct diag d = {0};
	enum edition_status status = edition_render(env, who, &r->written, &d);
	if (status == EDITION_OK)
		r->editions++;
	else
		edition_failed(r, &d, status == EDITION_INPUT_ERROR ? CLI_EXIT_INPUT : CLI_EXIT_OUTPUT);
	diag_finish(&d);
	return status == EDITION_OK;
}

static void render_entry(struct run *r, const struct edition_env *env, struct bodyset_entry *e)
{
	if (!e->body) {
		edition_failed(r, &e->error, CLI_EXIT_INPUT);
		return;
	}
	struct edition_for who = {e->body, e->members, e->n_members, NULL};
	render_one(r, env, &who);
}

/* The bodies named with --body, or every body of the folder. */
static void render_bodies(struct run *r, const struct edition_env *env)
{
	char **only = r->options->only;
	if (!only[0]) {
		for (size_t i = 0; i < r->bodies->count; i++)
			render_entry(r, env, &r->bodies->entries[i]);
		return;
	}
	for (char **slug = only; *slug; slug++) {
		struct bodyset_entry *e = bodyset_find(r->bodies, *slug);
		if (e) {
			render_entry(r, env, e);
			continue;
		}
		struct diag d = {0};
		diag_set(&d, r->options->bodies, 0, 0, "--body %s: there is no %s.yaml here", *slug, *slug);
		edition_failed(r, &d, CLI_EXIT_INPUT);
		diag_finish(&d);
	}
}

/* One personal edition for a person whose body exists; the row for people.csv. */
static void render_person(struct run *r, const struct edition_env *env, const struct person *p,
			  GString *people_csv)
{
	struct bodyset_entry *e = bodyset_find(r->bodies, p->body);
	if (!e || !e->body) {
		struct diag d = {0};
		diag_set(&d, r->options->people, p->line, p->column, "%s: body '%s' %s", p->name, p->body,
			 e ? "has an error of its own (reported above)" : "does not exist in the bodies folder");
		edition_failed(r, &d, CLI_EXIT_INPUT);
		diag_finish(&d);
		return;
	}
	size_t first = r->written.count;
	struct edition_for who = {e->body, e->members, e->n_members, p};
	if (!render_one(r, env, &who))
		return;
	const char *pdf = "";
	for (size_t i = first; i < r->written.count; i++)
		if (r->written.files[i].format == OUTPUT_PDF)
			pdf = r->written.files[i].path;
	const char *fields[] = {p->name, p->email ? p->email : "", p->body, pdf};
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		if (i)
			g_string_append_c(people_csv, ',');
		manifest_csv_field(people_csv, fields[i]);
	}
	g_string_append_c(people_csv, '\n');
}

/* --people: a personal edition for everyone on the list, then output/people.csv for a mail
 * merge. A person with a problem is reported and skipped; the others are still rendered. */
static int render_people(struct run *r, const struct edition_env *env, struct diag *d)
{
	const struct options *o = r->options;
	struct people *people = NULL;
	struct people_errors errors = {0};
	if (!bodyset_load(o->bodies, &r->bodies, d) || !people_load(o->people, &people, &errors, d))
		return CLI_EXIT_INPUT;
	for (size_t i = 0; i < errors.count; i++)
		edition_failed(r, &errors.items[i], CLI_EXIT_INPUT);
	for (size_t i = 0; i < r->bodies->count; i++)
		if (!r->bodies->entries[i].body)
			report_error(&r->bodies->entries[i].error, CLI_EXIT_INPUT);
	GString *csv = g_string_new("name,email,body,pdf\n");
	for (size_t i = 0; i < people->count; i++)
		render_person(r, env, &people->items[i], csv);
	char *path = g_build_filename(o->output, "people.csv", NULL);
	bool ok = manifest_write_text(path, csv->str, d);
	g_free(path);
	g_string_free(csv, TRUE);
	people_errors_finish(&errors);
	people_destroy(people);
	return ok ? CLI_EXIT_OK : CLI_EXIT_OUTPUT;
}

/* Branded editions when there is a bodies folder with bodies in it (or --body asks for
 * one), else the neutral edition. */
static int render_all(struct run *r, const struct edition_env *env, struct diag *d)
{
	const struct options *o = r->options;
	if (o->people)
		return render_people(r, env, d);
	bool want_bodies = !o->neutral && (o->only[0] || g_file_test(o->bodies, G_FILE_TEST_IS_DIR));
	if (want_bodies && !bodyset_load(o->bodies, &r->bodies, d))
		return CLI_EXIT_INPUT;
	if (want_bodies && (r->bodies->count > 0 || o->only[0]))
		render_bodies(r, env);
	else
		render_one(r, env, &(struct edition_for){0});
	return CLI_EXIT_OK;
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

static int run(struct run *r, struct diag *d)
{
	int code = load_inputs(r, d);
	if (code != CLI_EXIT_OK)
		return report_error(d, code);
	gint64 start = g_get_monotonic_time();
	time_t now = run_now();
	struct edition_env env = {
		.factsheet = r->factsheet, .data_file = r->options->data, .spec = r->spec,
		.fonts = r->fonts, .hyph = r->hyph, .output_dir = r->options->output, .formats = r->options->formats,
		.dpi = r->options->dpi, .bleed = r->options->bleed * VALUE_PT_PER_MM, .now = now, .today = run_today(r->options, now),
		.verbosity = r->options->verbosity,
	};
	if ((code = render_all(r, &env, d)) != CLI_EXIT_OK)
		return report_error(d, code);
	if (r->written.count > 0) {
		char *path = g_build_filename(r->options->output, "manifest.csv", NULL);
		bool ok = manifest_write(path, &r->written, d);
		g_free(path);
		if (!ok)
			return report_error(d, CLI_EXIT_OUTPUT);
	}
	report_summary(r, (g_get_monotonic_time() - start) / 1e6);
	return r->failed ? r->first_failure : CLI_EXIT_OK;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --list-layouts: every layout file with its description; a broken one is reported. */
static int list_layouts(const struct options *o)
{
	char *dir = g_build_filename(o->datadir, "layouts", NULL);
	GDir *g = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while (g && (name = g_dir_read_name(g)))
		if (g_str_has_suffix(name, ".yaml"))
			g_ptr_array_add(names, g_strdup(name));
	if (g)
		g_dir_close(g);
	qsort(names->pdata, names->len, sizeof(char *), compare_strings);
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

int main(int argc, char **argv)
{
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
	} else {
		struct run r = {.options = &o};
		code = run(&r, &d);
		run_finish(&r);
	}
	cli_finish(&o);
	diag_finish(&d);
	return code;
}
