/* paths: where the data folder is found, from the environment, an installed prefix or the
 * build. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "paths.h"
#include "suites.h"

/* Each test sets TIPSHEET_DATADIR as it needs; none leaves it set for the next suite. */
static void unset_datadir(void)
{
	g_unsetenv("TIPSHEET_DATADIR");
}

START_TEST(environment_wins)
{
	g_setenv("TIPSHEET_DATADIR", "/opt/tipsheet", TRUE);
	char *dir = paths_default_datadir();
	ck_assert_str_eq(dir, "/opt/tipsheet");
	g_free(dir);
}
END_TEST

/* Taken as given, relative or not: the user's own folder. */
START_TEST(environment_relative)
{
	g_setenv("TIPSHEET_DATADIR", "eigen/data", TRUE);
	char *dir = paths_default_datadir();
	ck_assert_str_eq(dir, "eigen/data");
	g_free(dir);
}
END_TEST

/* Unset or empty: the test program is not in a bin/ folder, so the build's folder. */
START_TEST(environment_unset_or_empty)
{
	char *dir = paths_default_datadir();
	ck_assert_str_eq(dir, TIPSHEET_DATADIR);
	g_free(dir);
	g_setenv("TIPSHEET_DATADIR", "", TRUE);
	dir = paths_default_datadir();
	ck_assert_str_eq(dir, TIPSHEET_DATADIR);
	g_free(dir);
}
END_TEST

/* A file at `root`/`relative`, its folders made as needed. */
static void make_file(const char *root, const char *relative)
{
	char *path = g_build_filename(root, relative, NULL);
	char *dir = g_path_get_dirname(path);
	ck_assert_int_eq(g_mkdir_with_parents(dir, 0755), 0);
	ck_assert_msg(g_file_set_contents(path, "", 0, NULL), "cannot write %s", path);
	g_free(dir);
	g_free(path);
}

static void remove_file(const char *root, const char *relative)
{
	char *path = g_build_filename(root, relative, NULL);
	ck_assert_int_eq(g_remove(path), 0);
	g_free(path);
}

/* <prefix>/bin/tipsheet finds <prefix>/share/tipsheet only when its tips.yaml is there. */
START_TEST(installed_prefix)
{
	char *prefix = g_dir_make_tmp("check_paths-XXXXXX", NULL);
	ck_assert_ptr_nonnull(prefix);
	char *exe = g_build_filename(prefix, "bin", "tipsheet", NULL);
	char *expected = g_build_filename(prefix, "share", "tipsheet", NULL);
	ck_assert_ptr_null(paths_installed_datadir(exe));

	make_file(prefix, "share/tipsheet/data/tips.yaml");
	char *dir = paths_installed_datadir(exe);
	ck_assert_ptr_nonnull(dir);
	ck_assert_str_eq(dir, expected);
	g_free(dir);

	/* Not a bin/ folder, or not an absolute path: not an installation. */
	char *elsewhere = g_build_filename(prefix, "robin", "tipsheet", NULL);
	ck_assert_ptr_null(paths_installed_datadir(elsewhere));
	ck_assert_ptr_null(paths_installed_datadir("bin/tipsheet"));
	ck_assert_ptr_null(paths_installed_datadir("tipsheet"));

	remove_file(prefix, "share/tipsheet/data/tips.yaml");
	const char *dirs[] = {"share/tipsheet/data", "share/tipsheet", "share", ""};
	for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++)
		remove_file(prefix, dirs[i]);
	g_free(elsewhere);
	g_free(expected);
	g_free(exe);
	g_free(prefix);
}
END_TEST

Suite *paths_suite(void)
{
	Suite *s = suite_create("paths");
	TCase *tc = tcase_create("datadir");
	tcase_add_checked_fixture(tc, unset_datadir, unset_datadir);
	tcase_add_test(tc, environment_wins);
	tcase_add_test(tc, environment_relative);
	tcase_add_test(tc, environment_unset_or_empty);
	tcase_add_test(tc, installed_prefix);
	suite_add_tcase(s, tc);
	return s;
}
