/* fonts: the program's own fontconfig, holding the bundled fonts and no system font. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "fonts.h"
#include "suites.h"
#include "testutil.h"

/* Stands in for "not written": a failed fonts_create must leave *out pointing here. */
static struct fonts sentinel;

static struct fonts *create_ok(const char *dir)
{
	struct fonts *f = NULL;
	struct diag d = {0};
	bool ok = fonts_create(dir, "nl", &f, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "fonts_create(\"%s\") failed: %s", dir, msg);
	diag_finish(&d);
	return f;
}

START_TEST(bundled_fonts_only)
{
	char *dir = test_source_path("fonts");
	struct fonts *f = create_ok(dir);
	ck_assert(fonts_has_family(f, "Open Sans"));
	ck_assert(fonts_has_family(f, "open sans")); /* family names ignore case */
	ck_assert(fonts_has_family(f, "Noto Sans Arabic"));
	/* Installed fonts never leak in, whatever the machine has. */
	ck_assert(!fonts_has_family(f, "DejaVu Sans"));
	ck_assert(!fonts_has_family(f, "Liberation Serif"));
	fonts_destroy(f);
	fonts_destroy(NULL);
	g_free(dir);
}
END_TEST

/* Regression (fixed; src/fonts.c, fonts_create): "no fonts found" is decided by counting the font map's
 * families, but pango 1.50 always lists the generic families Sans, Serif, Monospace and
 * System-ui, so the count is never 0: an empty or missing font folder is accepted. The
 * program then fails later, at layout, with "the font 'Open Sans' is not among the bundled
 * fonts" and exit 65 (input error) instead of 70 (installation error, cli.h's own example). */
START_TEST(folder_without_fonts)
{
	char *dir = g_dir_make_tmp("tipsheet-fonts-XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	struct fonts *f = &sentinel;
	struct diag d = {0};
	bool ok = fonts_create(dir, "nl", &f, &d);
	g_rmdir(dir);
	if (ok)
		fonts_destroy(f);
	ck_assert_msg(!ok, "fonts_create accepted an empty folder");
	ck_assert_ptr_eq(f, &sentinel);
	char *expected = g_strdup_printf("%s: no fonts found in this folder", dir);
	test_assert_diag(&d, "an empty font folder", expected);
	g_free(expected);
	diag_finish(&d);
	g_free(dir);
}
END_TEST

START_TEST(missing_folder)
{
	struct fonts *f = &sentinel;
	struct diag d = {0};
	bool ok = fonts_create("/nonexistent/tipsheet/fonts", "nl", &f, &d);
	if (ok)
		fonts_destroy(f);
	ck_assert_msg(!ok, "fonts_create accepted a folder that does not exist (see "
			   "folder_without_fonts)");
	ck_assert_ptr_eq(f, &sentinel);
	test_assert_diag_contains(&d, "a missing font folder", "/nonexistent/tipsheet/fonts");
	diag_finish(&d);
}
END_TEST

/* Regression (fixed; src/fonts.c, configure): the path of fonts.conf is handed to FcConfigParseAndLoad as
 * built from `dir`; fontconfig looks a relative name up in its own configuration folders,
 * not in the working directory, so a relative font folder fails ("cannot read this
 * fontconfig file"). The program then exits 70 whenever TIPSHEET_DATADIR is relative, e.g.
 * `TIPSHEET_DATADIR=. tipsheet`. Making `dir` absolute first would fix it. */
START_TEST(relative_folder)
{
	char *cwd = g_get_current_dir();
	ck_assert_int_eq(chdir(TIPSHEET_DATADIR), 0);
	struct fonts *f = NULL;
	struct diag d = {0};
	bool ok = fonts_create("fonts", "nl", &f, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_int_eq(chdir(cwd), 0);
	g_free(cwd);
	ck_assert_msg(ok, "fonts_create(\"fonts\") in %s failed: %s", TIPSHEET_DATADIR, msg);
	ck_assert(fonts_has_family(f, "Open Sans"));
	fonts_destroy(f);
}
END_TEST

Suite *fonts_suite(void)
{
	Suite *s = suite_create("fonts");
	TCase *tc = tcase_create("create");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, bundled_fonts_only);
	suite_add_tcase(s, tc);
	TCase *bugs = test_regressions(s);
	tcase_add_test(bugs, folder_without_fonts);
	tcase_add_test(bugs, missing_folder);
	tcase_add_test(bugs, relative_folder);
	return s;
}
