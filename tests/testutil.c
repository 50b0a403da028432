#include "testutil.h"

#include <check.h>
#include <glib.h>
#include <string.h>

char *test_source_path(const char *relative)
{
	return g_build_filename(TIPSHEET_DATADIR, relative, NULL);
}

char *test_read_file(const char *path)
{
	char *text = NULL;
	GError *err = NULL;
	gboolean ok = g_file_get_contents(path, &text, NULL, &err);
	ck_assert_msg(ok, "cannot read %s: %s", path, err ? err->message : "?");
	return text;
}

static size_t count_occurrences(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

char *test_replace(const char *text, const char *old, const char *new_text)
{
	size_t n = count_occurrences(text, old);
	ck_assert_msg(n == 1, "test input: expected \"%s\" once in the text, found it %zu times",
		      old, n);
	const char *at = strstr(text, old);
	GString *s = g_string_new_len(text, at - text);
	g_string_append(s, new_text);
	g_string_append(s, at + strlen(old));
	return g_string_free(s, FALSE);
}

int test_line_count(const char *text)
{
	int lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	return lines;
}

int test_line_of(const char *text, const char *needle)
{
	size_t n = count_occurrences(text, needle);
	ck_assert_msg(n == 1, "test input: expected \"%s\" once in the text, found it %zu times",
		      needle, n);
	int line = 1;
	for (const char *p = text, *end = strstr(text, needle); p < end; p++)
		if (*p == '\n')
			line++;
	return line;
}

TCase *test_regressions(Suite *s)
{
	TCase *tc = tcase_create("regressions");
	tcase_set_tags(tc, "regression");
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return tc;
}

void test_assert_diag(const struct diag *d, const char *what, const char *expected)
{
	ck_assert_msg(diag_is_set(d), "%s: expected the error \"%s\", but no error was recorded",
		      what, expected);
	char *got = diag_format(d);
	bool same = strcmp(got, expected) == 0;
	/* Copy into the message before freeing: a failing assertion does not return. */
	char msg[2048];
	g_snprintf(msg, sizeof msg, "%s:\n  expected \"%s\"\n  got      \"%s\"", what, expected,
		   got);
	g_free(got);
	ck_assert_msg(same, "%s", msg);
}

void test_assert_diag_contains(const struct diag *d, const char *what, const char *part)
{
	ck_assert_msg(diag_is_set(d),
		      "%s: expected an error containing \"%s\", but none was recorded", what, part);
	char *got = diag_format(d);
	bool found = strstr(got, part) != NULL;
	char msg[2048];
	g_snprintf(msg, sizeof msg, "%s:\n  expected a message containing \"%s\"\n  got \"%s\"",
		   what, part, got);
	g_free(got);
	ck_assert_msg(found, "%s", msg);
}

void test_assert_ok(bool ok, struct diag *d, const char *what)
{
	char *msg = ok ? NULL : diag_format(d);
	ck_assert_msg(ok, "%s failed: %s", what, msg);
	diag_finish(d);
}

bool test_run(const char *const *argv, char **out)
{
	int status = -1;
	GError *error = NULL;
	gboolean ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
				   NULL, &status, &error);
	ck_assert_msg(ok, "cannot run %s: %s", argv[0], ok ? "" : error->message);
	return g_spawn_check_wait_status(status, NULL);
}
