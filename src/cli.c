#include "cli.h"

#include <getopt.h>
#include <glib.h>
#include <string.h>

#include "body.h"
#include "output.h"
#include "paths.h"
#include "value.h"


const char *cli_usage(void)
{
	return "Usage: tipsheet [OPTION]...\n"
	       "       tipsheet validate [OPTION]...\n"
	       "       tipsheet watch [OPTION]...\n"
	       "       tipsheet new-body SLUG --name NAME [--bodies DIR]\n"
	       "Lays out the tips of data/tips.yaml as an infographic and writes it as PDF, SVG and PNG,\n"
	       "one edition per body in data/bodies (a school board or region), or the neutral one.\n"
	       "\n"
	       "Commands:\n"
	       "  validate               check every input (tips, layout, bodies, people) and lay out\n"
	       "                         every edition, reporting all problems; write nothing\n"
	       "  watch                  render, then re-render the editions an edited input affects\n"
	       "  new-body SLUG          write data/bodies/SLUG.yaml, every field explained\n"
	       "\n"
	       "Options:\n"
	       "  -d, --data FILE        the factsheet (default: data/tips.yaml)\n"
	       "  -l, --layout NAME|FILE a layout from layouts/ or a layout file (default: a4-portrait)\n"
	       "  -f, --format LIST      any of pdf,svg,png, comma-separated (default: all three)\n"
	       "  -o, --output DIR       where the files go (default: output)\n"
	       "  -r, --dpi N            PNG resolution, 36 to 1200 (default: 150)\n"
	       "      --page N           SVG and PNG of page N only (1: the factsheet, 2: the\n"
	       "                         checklist); the PDF keeps every page\n"
	       "  -b, --bodies DIR       the body files, one edition each (default: data/bodies)\n"
	       "  -B, --body SLUG        render only this body; repeat for more\n"
	       "  -n, --neutral          render only the unbranded edition\n"
	       "      --bleed[=MM]       for a print shop: MM of bleed (3 if no value is given),\n"
	       "                         crop marks, and TrimBox and BleedBox in the PDF\n"
	       "  -p, --people FILE      a personal edition (PDF unless --format says more) for each\n"
	       "                         person in FILE (.csv or .yaml), and output/people.csv\n"
	       "      --date YYYY-MM-DD  the day that counts as today, for the next information\n"
	       "                         evening (default: today, or SOURCE_DATE_EPOCH's day)\n"
	       "  -j, --jobs N           render N editions at once (default: the number of CPUs)\n"
	       "      --shard K/N        render only every N-th edition, from the K-th (1 <= K <= N),\n"
	       "                         to spread a national run over N machines\n"
	       "  -q, --quiet            print nothing but errors\n"
	       "  -v, --verbose          say what each stage did, e.g. how a page was fitted\n"
	       "      --list-layouts     list the layouts in layouts/ with a description, and exit\n"
	       "      --name NAME        the new body's name (new-body)\n"
	       "  -h, --help             show this help and exit\n"
	       "  -V, --version          show the version and exit\n"
	       "\n"
	       "Exit status: 0 written; 64 usage error; 65 input error (data or layout file, or the\n"
	       "content does not fit); 70 installation error; 73 output could not be written.\n"
	       "The data folder is TIPSHEET_DATADIR if set, else the one tipsheet was built with.\n";
}

static void set_defaults(struct options *o)
{
	*o = (struct options){
		.datadir = paths_default_datadir(),
		.layout = g_strdup("a4-portrait"),
		.output = g_strdup("output"),
		.formats = OUTPUT_PDF | OUTPUT_SVG | OUTPUT_PNG,
		.dpi = 150.0,
		.jobs = (int)g_get_num_processors(),
		.shard = 1,
		.shard_count = 1,
	};
	o->data = g_build_filename(o->datadir, "data", "tips.yaml", NULL);
	o->bodies = g_build_filename(o->datadir, "data", "bodies", NULL);
	o->only = g_new0(char *, 1);
}

/* --body SLUG: a slug is a file name, never a path. */
static bool add_body(struct options *o, const char *slug, struct diag *d)
{
	if (!value_is_slug(slug))
		return diag_set(d, NULL, 0, 0, "--body: expected a slug of lower-case letters, digits and '-', found '%s'", slug);
	guint n = g_strv_length(o->only);
	o->only = g_renew(char *, o->only, n + 2);
	o->only[n] = g_strdup(slug);
	o->only[n + 1] = NULL;
	return true;
}

static void replace(char **field, const char *value)
{
	g_free(*field);
	*field = g_strdup(value);
}

static bool parse_int(const char *s, int min, int max, int *out)
{
	double v;
	if (!value_parse_number(s, &v) || v != (int)v || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

/* "K/N" with 1 <= K <= N. */
static bool parse_shard(const char *s, struct options *o, struct diag *d)
{
	char **parts = g_strsplit(s, "/", 3);
	int k = 0, n = 0;
	bool ok = g_strv_length(parts) == 2 && parse_int(parts[0], 1, 100000, &k) &&
		  parse_int(parts[1], 1, 100000, &n) && k <= n;
	g_strfreev(parts);
	if (!ok)
		return diag_set(d, NULL, 0, 0, "--shard: expected K/N with 1 <= K <= N, e.g. 2/4, found '%s'", s);
	o->shard = k;
	o->shard_count = n;
	return true;
}

static bool apply_option(int opt, const char *arg, struct options *o, struct diag *d)
{
	switch (opt) {
	case 'd':
		replace(&o->data, arg);
		return true;
	case 'l':
		replace(&o->layout, arg);
		return true;
	case 'o':
		replace(&o->output, arg);
		return true;
	case 'p':
		replace(&o->people, arg);
		return true;
	case 'j':
		if (!parse_int(arg, 1, 256, &o->jobs))
			return diag_set(d, NULL, 0, 0, "--jobs: expected a number from 1 to 256, found '%s'", arg);
		return true;
	case 'S':
		return parse_shard(arg, o, d);
	case 'f':
		o->formats_given = true;
		if (!output_parse_formats(arg, &o->formats))
			return diag_set(d, NULL, 0, 0, "--format: expected pdf, svg and/or png separated by commas, found '%s'", arg);
		return true;
	case 'r':
		if (!value_parse_number(arg, &o->dpi) || o->dpi < 36 || o->dpi > 1200)
			return diag_set(d, NULL, 0, 0, "--dpi: expected a number from 36 to 1200, found '%s'", arg);
		return true;
	case 'G':
		if (!parse_int(arg, 1, 64, &o->page))
			return diag_set(d, NULL, 0, 0, "--page: expected a page number from 1, found '%s'", arg);
		return true;
	case 'b':
		replace(&o->bodies, arg);
		return true;
	case 'B':
		return add_body(o, arg, d);
	case 'n':
		o->neutral = true;
		return true;
	case 'D':
		if (!body_parse_date(arg, &(struct body_date){0}))
			return diag_set(d, NULL, 0, 0, "--date: expected a date as YYYY-MM-DD, found '%s'", arg);
		replace(&o->date, arg);
		return true;
	case 'q':
		o->verbosity = -1;
		return true;
	case 'v':
		o->verbosity = 1;
		return true;
	case 'L':
		o->list_layouts = true;
		return true;
	case 'N':
		replace(&o->new_name, arg);
		return true;
	case 'M':
		if (!value_parse_number(arg ? arg : "3", &o->bleed) || o->bleed <= 0 || o->bleed > 20)
			return diag_set(d, NULL, 0, 0, "--bleed: expected millimetres from 0.1 to 20, found '%s'", arg);
		return true;
	case 'h':
		o->help = true;
		return true;
	case 'V':
		o->version = true;
		return true;
	default:
		return diag_set(d, NULL, 0, 0, "unknown option; try 'tipsheet --help'");
	}
}

/* What follows the options (getopt moves the words after them): a command and, for
 * new-body, its slug. */
static bool parse_command(int argc, char **argv, struct options *o, struct diag *d)
{
	static const struct {
		const char *word;
		enum cli_command command;
	} commands[] = {{"validate", CLI_VALIDATE}, {"watch", CLI_WATCH}, {"new-body", CLI_NEW_BODY}};
	int i = optind;
	for (size_t c = 0; i < argc && c < G_N_ELEMENTS(commands); c++)
		if (!strcmp(argv[i], commands[c].word))
			o->command = commands[c].command;
	if (i < argc && o->command != CLI_RENDER)
		i++;
	if (o->command == CLI_NEW_BODY) {
		if (i >= argc || !value_is_slug(argv[i]))
			return diag_set(d, NULL, 0, 0, "new-body: expected a slug of lower-case letters, digits and '-', found '%s'",
					i < argc ? argv[i] : "nothing");
		replace(&o->new_slug, argv[i++]);
		if (!o->new_name)
			return diag_set(d, NULL, 0, 0, "new-body: give the body's name with --name \"...\"");
	} else if (o->new_name) {
		return diag_set(d, NULL, 0, 0, "--name belongs to the new-body command");
	}
	if (i < argc)
		return diag_set(d, NULL, 0, 0, "unexpected argument '%s'; try 'tipsheet --help'",
				argv[i]);
	return true;
}

bool cli_parse(int argc, char **argv, struct options *o, struct diag *d)
{
	static const struct option longopts[] = {
		{"data", required_argument, NULL, 'd'},   {"layout", required_argument, NULL, 'l'},
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"dpi", required_argument, NULL, 'r'},    {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},      {"bodies", required_argument, NULL, 'b'},
		{"body", required_argument, NULL, 'B'},   {"neutral", no_argument, NULL, 'n'},
		{"date", required_argument, NULL, 'D'},   {"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},      {"list-layouts", no_argument, NULL, 'L'},
		{"bleed", optional_argument, NULL, 'M'},  {"people", required_argument, NULL, 'p'},
		{"jobs", required_argument, NULL, 'j'},   {"shard", required_argument, NULL, 'S'},
		{"page", required_argument, NULL, 'G'},
		{"name", required_argument, NULL, 'N'},   {NULL, 0, NULL, 0},
	};
	set_defaults(o);
	opterr = 0; /* we report errors ourselves, once */
	optind = 0; /* 0, not 1: glibc then also forgets where it was inside an option group */
	int opt;
	while ((opt = getopt_long(argc, argv, ":d:l:f:o:r:b:B:p:j:nqvhV", longopts, NULL)) != -1) {
		/* A long option is named by its word; a short one by optopt, since inside a group
		 * ("-xh") argv[optind - 1] is not the option. */
		char shortopt[3] = {'-', (char)optopt, '\0'};
		const char *last = argv[optind - 1];
		const char *name = g_str_has_prefix(last, "--") || !optopt ? last : shortopt;
		if (opt == ':')
			return diag_set(d, NULL, 0, 0, "option '%s' needs a value", name);
		if (opt == '?')
			return diag_set(d, NULL, 0, 0, "unknown option '%s'; try 'tipsheet --help'", name);
		const char *arg = optarg;
		/* "--bleed 5" as well as "--bleed=5": an optional value may follow as a word. */
		if (opt == 'M' && !arg && optind < argc && g_ascii_isdigit(argv[optind][0]))
			arg = argv[optind++];
		if (!apply_option(opt, arg, o, d))
			return false;
	}
	if (o->neutral && o->only[0])
		return diag_set(d, NULL, 0, 0, "--neutral and --body exclude each other");
	if (o->people && (o->neutral || o->only[0]))
		return diag_set(d, NULL, 0, 0, "--people renders personal editions; it takes no --neutral or --body");
	if (o->people && !o->formats_given)
		o->formats = OUTPUT_PDF;
	return parse_command(argc, argv, o, d);
}

void cli_finish(struct options *o)
{
	g_free(o->data);
	g_free(o->layout);
	g_free(o->output);
	g_free(o->datadir);
	g_free(o->bodies);
	g_strfreev(o->only);
	g_free(o->date);
	g_free(o->people);
	g_free(o->new_slug);
	g_free(o->new_name);
	*o = (struct options){0};
}

char *cli_layout_path(const struct options *o)
{
	if (strchr(o->layout, '/') || g_str_has_suffix(o->layout, ".yaml"))
		return g_strdup(o->layout);
	char *file = g_strconcat(o->layout, ".yaml", NULL);
	char *path = g_build_filename(o->datadir, "layouts", file, NULL);
	g_free(file);
	return path;
}
