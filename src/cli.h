/* cli: the command line, parsed into options; no side effects beyond the struct. */
#ifndef TIPSHEET_CLI_H
#define TIPSHEET_CLI_H

#include <stdbool.h>

#include "diag.h"

/* Exit codes, after BSD's sysexits.h, so that scripts can tell failures apart. */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_USAGE = 64,    /* wrong command line */
	CLI_EXIT_INPUT = 65,    /* a data or layout file is wrong, or the content does not fit */
	CLI_EXIT_SOFTWARE = 70, /* an installation problem, e.g. the bundled fonts are missing */
	CLI_EXIT_OUTPUT = 73,   /* an output file could not be written */
};

/* What a run does: render (no command), or one of the commands. */
enum cli_command {
	CLI_RENDER,
	CLI_VALIDATE, /* check every input and lay every edition out; write nothing */
	CLI_WATCH,    /* render, then re-render what an edited input affects */
	CLI_NEW_BODY, /* write a commented body file to start from */
};

struct options {
	enum cli_command command;
	char *new_slug, *new_name; /* owned: new-body SLUG --name NAME */
	char *data;    /* owned: the factsheet file */
	char *layout;  /* owned: a layout name or a path to a layout file */
	char *output;  /* owned: the output folder */
	char *datadir; /* owned: where data/, layouts/ and fonts/ are found */
	char *bodies;  /* owned: the folder of body files */
	char **only;   /* owned, NULL-terminated: --body slugs; empty for every body */
	char *date;    /* owned: --date as given, or NULL for today */
	char *people;  /* owned: --people FILE, or NULL */
	unsigned formats;
	bool formats_given; /* --format was used: personal editions default to PDF only */
	int jobs;      /* editions rendered at once (worker processes); default: the CPUs */
	int shard, shard_count; /* --shard K/N: this run's share; 1/1 by default */
	double dpi;
	int page;      /* --page N: SVG and PNG of page N only; 0: every page */
	double bleed;  /* mm of bleed for a print shop; 0: none */
	bool neutral;  /* --neutral: the unbranded edition only */
	int verbosity; /* -1 quiet, 0 normal, 1 verbose */
	bool help, version, list_layouts;
};

/* Fills `o` from argv. On a usage error returns false with `d` set; `o` must still be
 * finished. */
bool cli_parse(int argc, char **argv, struct options *o, struct diag *d);
void cli_finish(struct options *o);

/* The text of --help. */
const char *cli_usage(void);

/* The layout file for a name ("a4-portrait") or a path (containing '/' or ending in .yaml). */
char *cli_layout_path(const struct options *o);

#endif
