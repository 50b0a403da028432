/* Helpers shared by the suites: inputs built from strings and from the source tree, and
 * assertions whose failure messages name the input they were given. */
#ifndef TIPSHEET_TESTS_TESTUTIL_H
#define TIPSHEET_TESTS_TESTUTIL_H

#include <check.h>

#include "diag.h"

/* What every test factsheet needs beyond its own lines, so that a new required key changes
 * only these two: keys indented for the end of the `checklist` mapping, and top-level keys
 * for the end of the file. Test factsheets end with their checklist, then these. */
/* clang-format off */
#define TEST_CHECKLIST_EXTRAS_YAML \
	"  route_heading: Jouw route\n" \
	"  maatje_label: Maatje\n" \
	"  contact_label: Contactpersoon\n" \
	"  school_label: School\n" \
	"  start_label: Start\n" \
	"  fields: {tip: tip, step: stap, date: datum, note: notitie, name: naam, " \
	"maatje: maatje, contact: contactpersoon}\n"
#define TEST_TOP_EXTRAS_YAML \
	"route: [Orienteer je, Vind een werkgever]\n" \
	"labels:\n" \
	"  evening: Informatieavond\n" \
	"  signup: Aanmelden\n" \
	"  scan: Scan en meld je aan\n" \
	"  loket: Regionaal loket\n" \
	"  members: Deelnemende besturen\n" \
	"  continued: (vervolg)\n" \
	"  overview: Overzicht van de edities\n" \
	"  months: [jan, feb, mrt, apr, mei, jun, jul, aug, sep, okt, nov, dec]\n" \
	"  weekdays: [ma, di, wo, do, vr, za, zo]\n"
#define TEST_EXTRAS_YAML TEST_CHECKLIST_EXTRAS_YAML TEST_TOP_EXTRAS_YAML
/* clang-format on */

/* TIPSHEET_DATADIR/relative (data/, layouts/, fonts/ of the source tree). Caller g_frees. */
char *test_source_path(const char *relative);

/* The whole file at `path`; fails the test if it cannot be read. Caller g_frees. */
char *test_read_file(const char *path);

/* `text` with the one occurrence of `old` replaced by `new_text`; fails the test if `old`
 * occurs zero times or more than once. Caller g_frees. */
char *test_replace(const char *text, const char *old, const char *new_text);

/* The number of lines in `text` (each ended by '\n'). */
int test_line_count(const char *text);

/* The 1-based line on which `needle` (which must occur exactly once) starts in `text`. */
int test_line_of(const char *text, const char *needle);

/* A test case, added to `s`, for regression tests: one per bug found and fixed, each naming
 * the bug it guards in a comment. Tagged "regression". */
TCase *test_regressions(Suite *s);

/* Asserts that a call succeeded (`ok`), else fails with `d`'s message; clears `d`. */
void test_assert_ok(bool ok, struct diag *d, const char *what);

/* Asserts that `d` is set and that diag_format(d) is exactly `expected`; `what` names the
 * input in the failure message. */
void test_assert_diag(const struct diag *d, const char *what, const char *expected);

/* Asserts that diag_format(d) contains `part`. */
void test_assert_diag_contains(const struct diag *d, const char *what, const char *part);

/* Runs a program (argv[0] found on PATH, no shell) and returns true if it exited with 0;
 * its standard output in *out (caller g_frees) when `out` is not NULL. */
bool test_run(const char *const *argv, char **out);

#endif
