/* people: the list of candidates (zij-instromers) who each receive a personal edition, read
 * from a CSV file as spreadsheets export it or from a YAML file. A record with a problem is
 * reported and skipped; the other people still load.
 *
 * CSV: UTF-8, with or without a byte order mark; CRLF, LF or CR line ends; the separator is
 * ';' or ',', whichever the header line uses outside quotes; RFC 4180 quoting ("" for a
 * quote; separators and line breaks inside quotes, so a record may span lines). The header
 * names the columns, case-insensitive, in Dutch or English, in any order:
 *   naam|name (required), bestuur|body (required), e-mail|email, school, maatje|buddy,
 *   contactpersoon|contact, startdatum|start, notities|notes.
 * Rows whose fields are all empty (blank lines, ";;;;") are skipped without a message.
 *
 * YAML: a top-level sequence of mappings with the keys name, body (required), email, school,
 * maatje, contact, start, notes (the CSV's English names, except maatje). An optional key
 * may be left empty ("notes:"), which is the same as leaving it out.
 *
 * Every value is trimmed and stored as NFC. Only notes may span lines. body must be a slug
 * (value_is_slug); whether that body exists is for the caller to check. */
#ifndef TIPSHEET_PEOPLE_H
#define TIPSHEET_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Limits on one file: far above any real list, low enough to bound memory. */
#define PEOPLE_MAX_RECORDS 10000
#define PEOPLE_MAX_COLUMNS 64
#define PEOPLE_MAX_FILE_BYTES (4u * 1024u * 1024u)
/* The longest slug people_slug returns. */
#define PEOPLE_SLUG_MAX 48

struct person {
	char *name;  /* required, as given (trimmed), NFC */
	char *body;  /* required: the slug of the body (school board) */
	char *email; /* optional (NULL when empty), looks like an address */
	char *school, *maatje, *contact; /* optional, one line each */
	char *start_date; /* optional free text, as given (e.g. "2025-09-01") */
	char *notes;      /* optional, may span lines ("\n") */
	char *slug;  /* file-name-safe, unique within its body: people_slug(name), then -2, -3... */
	int line;    /* 1-based line where the record starts, for messages */
	int column;  /* 1-based column for YAML records, 0 for CSV */
};

struct people {
	struct person *items; /* in file order */
	size_t count;
};

/* Problems with single records, in file order; each diag has the file and line (and, for
 * YAML, the column). Start from {0}; people_load appends. */
struct people_errors {
	struct diag *items;
	size_t count;
};

/* Reads `file`: CSV when its name ends in .csv, YAML when in .yaml or .yml (any case).
 * On success *out is new (caller frees with people_destroy; it may hold no one) and the
 * problems with single records, whose records were skipped, are appended to `errors`.
 * On a fatal problem (cannot read, too large, not CSV or YAML, a missing, unknown or
 * duplicate column, an unterminated quote, too many records) returns false with `fatal` set,
 * and leaves *out and `errors` untouched. */
bool people_load(const char *file, struct people **out, struct people_errors *errors,
		 struct diag *fatal);

/* Frees the list and every string it owns; accepts NULL. */
void people_destroy(struct people *p);

/* Frees every diagnostic and clears `e` to {0}. */
void people_errors_finish(struct people_errors *e);

/* A file-name slug for `name` (valid UTF-8): transliterated to ASCII (g_str_to_ascii, plus a
 * few letters it leaves out, such as the Turkish dotless i), lower case, each run of
 * characters other than [a-z0-9] turned into one '-', no '-' at either end, at most
 * PEOPLE_SLUG_MAX bytes (cut at a word boundary when there is one). "persoon" when nothing
 * is left, as for a name in Arabic script. Always a valid slug; caller g_frees. */
char *people_slug(const char *name);

#endif
