/* output: a plan written as PDF (all pages), SVG and PNG (one file a page). Every file is
 * written beside its destination under a temporary name and renamed into place only when
 * all files of the edition are complete; on failure none of them is left behind. */
#ifndef TIPSHEET_OUTPUT_H
#define TIPSHEET_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "diag.h"
#include "plan.h"

enum output_format {
	OUTPUT_PDF = 1 << 0,
	OUTPUT_SVG = 1 << 1,
	OUTPUT_PNG = 1 << 2,
};

/* Parses "pdf,svg,png" (any subset, any order) into a mask of output_format bits. */
bool output_parse_formats(const char *s, unsigned *out);

struct output_request {
	const char *edition; /* the edition's name, recorded with every file */
	const char *dir;  /* folder for the files; created if missing */
	const char *stem; /* file name without extension */
	unsigned formats; /* output_format bits */
	double dpi;       /* PNG resolution */
	int page;         /* SVG and PNG of this page only (1-based); 0: of every page */
	bool thumbnail;   /* PNG for the index: text too small to read drawn as bars */
	const char *title, *author, *subject, *keywords, *creator; /* PDF metadata */
	const char *lang; /* document language */
	time_t date;      /* PDF creation date */
};

struct output_file {
	char *edition; /* owned */
	char *path;    /* owned */
	char sha256[65]; /* hex digest of the bytes written */
	enum output_format format;
	int page;   /* 1-based; 0 for a file holding every page */
	size_t bytes;
};

struct output_list {
	struct output_file *files;
	size_t count;
};

/* Writes the plan; appends every file written to `written`. */
bool output_write(const struct plan *plan, const struct output_request *req,
		  struct output_list *written, struct diag *d);

void output_list_finish(struct output_list *l);

/* Writes all of `len` bytes to `fd`, retrying after signals and short writes; false (with
 * errno set) when the descriptor cannot take them. */
bool output_write_fd(int fd, const void *bytes, size_t len);

/* Appends every file of `from` to `to`, leaving `from` empty. */
void output_list_move(struct output_list *to, struct output_list *from);

/* The path of the first file of `format` in the list, or NULL. Borrowed. */
const char *output_list_find(const struct output_list *l, enum output_format format);

#endif
