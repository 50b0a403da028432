/* tipsheet: YAML tip data to a designed infographic in PDF, SVG and PNG. main reads the
 * command line, runs the stages in order and is the only place that prints errors and
 * decides the exit code. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "fonts.h"
#include "layout.h"
#include "load.h"
#include "output.h"
#include "spec.h"

#ifndef TIPSHEET_VERSION
#error "TIPSHEET_VERSION must be defined by the build"
#endif

/* Everything one run creates; released in one place. */
struct run {
	struct factsheet *factsheet;
	struct spec *spec;
	struct fonts *fonts;
	struct plan *plan;
	struct output_list written;
};

static void run_finish(struct run *r)
{
	plan_destroy(r->plan);
	fonts_destroy(r->fonts);
	spec_destroy(r->spec);
	model_destroy(r->factsheet);
	output_list_finish(&r->written);
}

/* SOURCE_DATE_EPOCH, when set, stands for "now", so that builds are reproducible. */
static time_t run_date(void)
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

static int load_inputs(const struct options *o, struct run *r, struct diag *d)
{
	char *layout = cli_layout_path(o);
	bool ok = load_factsheet(o->data, &r->factsheet, d) && spec_load(layout, &r->spec, d);
	g_free(layout);
	if (!ok)
		return CLI_EXIT_INPUT;
	char *fonts_dir = g_build_filename(o->datadir, "fonts", NULL);
	ok = fonts_create(fonts_dir, r->factsheet->lang, &r->fonts, d);
	g_free(fonts_dir);
	return ok ? CLI_EXIT_OK : CLI_EXIT_SOFTWARE;
}

static int render_edition(const struct options *o, struct run *r, struct diag *d)
{
	struct layout_input in = {
		.factsheet = r->factsheet,
		.data_file = o->data,
		.spec = r->spec,
		.palette = &r->spec->palette,
		.fonts = r->fonts,
	};
	if (!layout_compute(&in, &r->plan, d))
		return CLI_EXIT_INPUT;
	struct output_request req = {
		.dir = o->output,
		.stem = r->factsheet->file_name,
		.formats = o->formats,
		.dpi = o->dpi,
		.title = r->factsheet->title,
		.subject = r->factsheet->subtitle,
		.creator = "tipsheet " TIPSHEET_VERSION,
		.lang = r->factsheet->lang,
		.date = run_date(),
	};
	return output_write(r->plan, &req, &r->written, d) ? CLI_EXIT_OK : CLI_EXIT_OUTPUT;
}

static void report_written(const struct output_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		printf("wrote %s (%zu bytes)\n", l->files[i].path, l->files[i].bytes);
}

static int report_error(const struct diag *d, int code)
{
	char *msg = diag_format(d);
	fprintf(stderr, "tipsheet: %s\n", msg);
	g_free(msg);
	return code;
}

int main(int argc, char **argv)
{
	struct options o;
	struct diag d = {0};
	struct run r = {0};
	int code = CLI_EXIT_OK;
	if (!cli_parse(argc, argv, &o, &d)) {
		code = report_error(&d, CLI_EXIT_USAGE);
	} else if (o.help) {
		fputs(cli_usage(), stdout);
	} else if (o.version) {
		puts("tipsheet " TIPSHEET_VERSION);
	} else if ((code = load_inputs(&o, &r, &d)) != CLI_EXIT_OK ||
		   (code = render_edition(&o, &r, &d)) != CLI_EXIT_OK) {
		report_error(&d, code);
	} else {
		report_written(&r.written);
	}
	run_finish(&r);
	cli_finish(&o);
	diag_finish(&d);
	return code;
}
