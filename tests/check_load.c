/* load: data/tips.yaml into the model, and every kind of input error reported once, exactly,
 * with its line and column, leaving the caller's pointer untouched. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "load.h"
#include "suites.h"
#include "testutil.h"

/* A small valid factsheet. The comments give the line numbers the messages below refer to. */
/* clang-format off */
#define SECTIONS \
	"sections:\n"            /*  3 */ \
	"  - id: eerste\n"       /*  4 */ \
	"    heading: Eerste\n"  /*  5 */ \
	"    tips:\n"            /*  6 */ \
	"      - Tip een\n"      /*  7 */ \
	"      - Tip twee\n"     /*  8 */ \
	"  - id: tweede\n"       /*  9 */ \
	"    heading: Tweede\n"  /* 10 */ \
	"    tips:\n"            /* 11 */ \
	"      - Tip drie\n"     /* 12 */ \
	"      - Tip vier\n"     /* 13 */ \
	"      - Tip vijf\n"     /* 14 */

static const char MINIMAL[] =
	"lang: nl\n"     /*  1 */
	"title: Titel\n" /*  2 */
	SECTIONS
	"file_name: test\n"              /* 15 */
	"checklist:\n"                   /* 16 */
	"  section: tweede\n"            /* 17 */
	"  title: Mijn checklist\n"      /* 18 */
	"  name_label: Naam\n"           /* 19 */
	"  date_label: Datum\n"          /* 20 */
	"  notes_label: Aantekeningen\n" /* 21 */
	TEST_EXTRAS_YAML;                /* 22 to the end */
/* clang-format on */

/* Stands in for "not written": a failed load must leave *out pointing here. */
static struct factsheet sentinel;

/* Loads `yaml` (named "t.yaml") and asserts that it fails with exactly `expected`. */
static void expect_error_len(const char *what, const char *yaml, size_t len, const char *expected)
{
	struct factsheet *f = &sentinel;
	struct diag d = {0};
	bool ok = load_factsheet_buffer("t.yaml", yaml, len, &f, &d);
	if (ok)
		model_destroy(f);
	ck_assert_msg(!ok, "%s: loaded, expected the error \"%s\"", what, expected);
	ck_assert_msg(f == &sentinel, "%s: failed, but changed *out", what);
	test_assert_diag(&d, what, expected);
	diag_finish(&d);
}

static void expect_error(const char *what, const char *yaml, const char *expected)
{
	expect_error_len(what, yaml, strlen(yaml), expected);
}

/* MINIMAL with `old` replaced by `new_text` must fail with `expected`. */
static void expect_edit_error(const char *what, const char *old, const char *new_text,
			      const char *expected)
{
	char *yaml = test_replace(MINIMAL, old, new_text);
	expect_error(what, yaml, expected);
	g_free(yaml);
}

static struct factsheet *load_ok(const char *what, const char *yaml)
{
	struct factsheet *f = NULL;
	struct diag d = {0};
	bool ok = load_factsheet_buffer("t.yaml", yaml, strlen(yaml), &f, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "%s: expected to load, failed with \"%s\"", what, msg);
	diag_finish(&d);
	return f;
}

START_TEST(real_data_file)
{
	char *path = test_source_path("data/tips.yaml");
	struct factsheet *f = NULL;
	struct diag d = {0};
	bool ok = load_factsheet(path, &f, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "%s did not load: %s", path, msg);
	static const char *const ids[] = {"bestuur", "zij-instromer", "opleiding", "leerkrachten",
					  "schoolleider"};
	static const size_t tips[] = {9, 7, 8, 5, 7};
	ck_assert_uint_eq(f->sections.count, 5);
	for (size_t i = 0; i < 5; i++) {
		const struct section *s = &f->sections.items[i];
		ck_assert_msg(strcmp(s->id, ids[i]) == 0, "sections[%zu].id is '%s', expected '%s'",
			      i, s->id, ids[i]);
		ck_assert_msg(s->tips.count == tips[i], "section '%s' has %zu tips, expected %zu",
			      s->id, s->tips.count, tips[i]);
	}
	ck_assert_uint_eq(model_tip_count(f), 36);
	ck_assert_str_eq(f->lang, "nl");
	ck_assert_str_eq(f->checklist.section, "zij-instromer");
	ck_assert_str_eq(f->file_name, "tips-zij-instromers");
	ck_assert_ptr_eq(model_find_section(f, "zij-instromer"), &f->sections.items[1]);
	ck_assert_ptr_null(model_find_section(f, "onbekend"));
	/* A quoted tip with ": " inside, and a tip with a diaeresis, read as written. */
	ck_assert_str_eq(f->sections.items[4].tips.items[1],
			 "Wees samen verantwoordelijk: de school is de succesfactor");
	ck_assert_str_eq(f->sections.items[1].tips.items[0],
			 "Oriënteer je goed op het werken in het primair onderwijs, loop mee in "
			 "een school");
	model_destroy(f);
	g_free(path);
}
END_TEST

START_TEST(minimal_factsheet)
{
	struct factsheet *f = load_ok("MINIMAL", MINIMAL);
	ck_assert_str_eq(f->title, "Titel");
	ck_assert_ptr_null(f->subtitle); /* optional keys that are absent stay NULL */
	ck_assert_ptr_null(f->intro);
	ck_assert_ptr_null(f->source);
	ck_assert_ptr_null(f->checklist.intro);
	ck_assert_uint_eq(f->sections.count, 2);
	ck_assert_str_eq(f->sections.items[1].heading, "Tweede");
	ck_assert_uint_eq(f->sections.items[1].tips.count, 3);
	ck_assert_str_eq(f->sections.items[1].tips.items[2], "Tip vijf");
	ck_assert_str_eq(f->checklist.notes_label, "Aantekeningen");
	model_destroy(f);
}
END_TEST

START_TEST(text_stored_as_nfc)
{
	/* "e" + U+0308 COMBINING DIAERESIS is stored as the one letter U+00EB. */
	char *yaml = test_replace(MINIMAL, "      - Tip een\n", "      - Orie\xcc\x88nteer je\n");
	struct factsheet *f = load_ok("decomposed ë", yaml);
	ck_assert_str_eq(f->sections.items[0].tips.items[0], "Ori\xc3\xabnteer je");
	model_destroy(f);
	g_free(yaml);
}
END_TEST

START_TEST(wrong_type)
{
	expect_edit_error("a tip that is a mapping", "      - Tip vijf\n", "      - {a: b}\n",
			  "t.yaml:14:9: sections[1].tips[2]: expected a string, found a mapping");
	expect_edit_error("a tip that is a sequence", "      - Tip vijf\n", "      - [a, b]\n",
			  "t.yaml:14:9: sections[1].tips[2]: expected a string, found a sequence");
	expect_edit_error("a title that is a mapping", "title: Titel\n", "title: {a: b}\n",
			  "t.yaml:2:8: title: expected a string, found a mapping");
	expect_edit_error("sections as a string", SECTIONS, "sections: alle tips\n",
			  "t.yaml:3:11: sections: expected a sequence, found a string");
	expect_edit_error("a section that is a string",
			  "  - id: tweede\n    heading: Tweede\n    tips:\n      - Tip drie\n"
			  "      - Tip vier\n      - Tip vijf\n",
			  "  - tweede\n",
			  "t.yaml:9:5: sections[1]: expected a mapping, found a string");
}
END_TEST

START_TEST(unknown_key)
{
	expect_edit_error("unknown top-level key", "title: Titel\n", "title: Titel\ntitel: Fout\n",
			  "t.yaml:3:1: unknown key 'titel' (expected one of: lang, title, "
			  "subtitle, "
			  "intro, sections, source, keywords, checklist, labels, route, hyphenation, "
			  "file_name)");
	expect_edit_error("unknown key in a section", "    heading: Tweede\n",
			  "    heading: Tweede\n    kleur: rood\n",
			  "t.yaml:11:5: sections[1]: unknown key 'kleur' (expected one of: id, "
			  "heading, tips)");
	expect_edit_error("unknown key in the checklist", "  title: Mijn checklist\n",
			  "  title: Mijn checklist\n  subtitle: Voor jou\n",
			  "t.yaml:19:3: checklist: unknown key 'subtitle' (expected one of: "
			  "section, "
			  "title, intro, name_label, date_label, notes_label, route_heading, "
			  "maatje_label, contact_label, school_label, start_label, fields)");
}
END_TEST

START_TEST(missing_required_key)
{
	expect_edit_error("no title", "title: Titel\n", "",
			  "t.yaml:1:1: missing required key 'title'");
	expect_edit_error("a section without heading", "    heading: Tweede\n", "",
			  "t.yaml:9:5: sections[1]: missing required key 'heading'");
	expect_edit_error("a checklist without date_label", "  date_label: Datum\n", "",
			  "t.yaml:17:3: checklist: missing required key 'date_label'");
}
END_TEST

START_TEST(duplicate_key)
{
	expect_edit_error("checklist.title twice", "  title: Mijn checklist\n",
			  "  title: Mijn checklist\n  title: Nog een checklist\n",
			  "t.yaml:19:3: checklist: duplicate key 'title' (first at line 18)");
	expect_edit_error("lang twice", "file_name: test\n", "file_name: test\nlang: en\n",
			  "t.yaml:16:1: duplicate key 'lang' (first at line 1)");
}
END_TEST

START_TEST(empty_text)
{
	expect_edit_error("an empty tip", "      - Tip vijf\n", "      - \"\"\n",
			  "t.yaml:14:9: sections[1].tips[2]: expected a non-empty string, found an "
			  "empty one");
	expect_edit_error("a whitespace-only tip", "      - Tip vijf\n", "      - \" \\t  \"\n",
			  "t.yaml:14:9: sections[1].tips[2]: expected a non-empty string, found an "
			  "empty one");
	expect_edit_error("an empty heading", "    heading: Eerste\n", "    heading: ''\n",
			  "t.yaml:5:14: sections[0].heading: expected a non-empty string, found an "
			  "empty one");
}
END_TEST

/* Regression (fixed; src/yread.c, is_blank): only ASCII white space counts as empty, so a tip of nothing
 * but U+00A0 NO-BREAK SPACE (Unicode White_Space) is accepted and prints as a bare bullet.
 * g_unichar_isspace over the UTF-8 text would catch it. */
START_TEST(unicode_whitespace_tip)
{
	expect_edit_error("a tip of one no-break space", "      - Tip vijf\n",
			  "      - \"\\u00A0\"\n",
			  "t.yaml:14:9: sections[1].tips[2]: expected a non-empty string, found an "
			  "empty one");
}
END_TEST

START_TEST(null_value)
{
	expect_edit_error("a tip '~'", "      - Tip vijf\n", "      - ~\n",
			  "t.yaml:14:9: sections[1].tips[2]: expected a string, found nothing "
			  "(null)");
	expect_edit_error("a tip 'null'", "      - Tip vijf\n", "      - null\n",
			  "t.yaml:14:9: sections[1].tips[2]: expected a string, found nothing "
			  "(null)");
	expect_edit_error("a title left empty", "title: Titel\n", "title:\n",
			  "t.yaml:2:7: title: expected a string, found nothing (null)");
}
END_TEST

START_TEST(broken_syntax)
{
	expect_edit_error("a second ': ' in a plain value", "title: Titel\n",
			  "title: Titel: twee\n",
			  "t.yaml:2:13: YAML syntax error: mapping values are not allowed in this "
			  "context");
	/* A quoted scalar may span lines: the problem shows at the end of the file, on the line
	 * after the last. */
	char *end =
	    g_strdup_printf("t.yaml:%d:1: YAML syntax error: found unexpected end of stream "
			    "while scanning a quoted scalar",
			    test_line_count(MINIMAL) + 1);
	expect_edit_error("an unterminated quote", "      - Tip vijf\n", "      - \"Tip vijf\n",
			  end);
	g_free(end);
	expect_edit_error("a badly indented key", "    heading: Tweede\n", "   heading: Tweede\n",
			  "t.yaml:10:4: YAML syntax error: did not find expected '-' indicator "
			  "while "
			  "parsing a block collection");
}
END_TEST

/* Regression (fixed; src/yread.c, parser_failed): libyaml reports a reader error (invalid UTF-8, a control
 * character) through problem_offset, not problem_mark, which stays zero; the message then
 * always points at 1:1 instead of the bad byte (here line 14, column 18). */
START_TEST(invalid_utf8)
{
	expect_edit_error("a 0xFF byte in a tip", "      - Tip vijf\n", "      - Tip vijf \xff\n",
			  "t.yaml:14:18: YAML syntax error: invalid leading UTF-8 octet");
}
END_TEST

/* Regression (fixed; src/yread.c, yread_open_buffer): only the first YAML document is read (and checked for
 * aliases); whatever follows a "---" or "..." marker is dropped without a word, so a stray
 * "---" in the middle of the file silently loses every section after it. A data file holds
 * one document: a second one should be an error at its start (the line after MINIMAL). */
START_TEST(second_document_refused)
{
	static const char *const tails[] = {"---\nlang: en\n", "...\nrommel: &x 1\n"};
	/* "---" is refused where it stands; after "...", libyaml itself refuses the content
	 * that follows without a "---", on its own line. */
	static const int offsets[] = {1, 2};
	for (size_t i = 0; i < G_N_ELEMENTS(tails); i++) {
		char *yaml = g_strconcat(MINIMAL, tails[i], NULL);
		struct factsheet *f = &sentinel;
		struct diag d = {0};
		bool ok = load_factsheet_buffer("t.yaml", yaml, strlen(yaml), &f, &d);
		if (ok)
			model_destroy(f);
		ck_assert_msg(!ok, "a second document after \"%.3s\" was ignored without an error",
			      tails[i]);
		ck_assert_ptr_eq(f, &sentinel);
		char *msg = diag_format(&d);
		char *where = g_strdup_printf("t.yaml:%d:1: ", test_line_count(MINIMAL) + offsets[i]);
		bool at_marker = g_str_has_prefix(msg, where);
		char copy[512];
		g_snprintf(copy, sizeof copy, "second document: expected an error at %s got \"%s\"",
			   where, msg);
		g_free(where);
		g_free(msg);
		ck_assert_msg(at_marker, "%s", copy);
		diag_finish(&d);
		g_free(yaml);
	}
}
END_TEST

START_TEST(anchor_and_alias_refused)
{
	char *with_anchor = test_replace(MINIMAL, "      - Tip een\n", "      - &tip Tip een\n");
	char *yaml = test_replace(with_anchor, "      - Tip vijf\n", "      - *tip\n");
	expect_error("an anchor and an alias", yaml,
		     "t.yaml:7:9: anchors and aliases (&tip, *tip) are not supported: write the "
		     "value out");
	g_free(yaml);
	g_free(with_anchor);
}
END_TEST

START_TEST(empty_file)
{
	expect_error("an empty file", "", "t.yaml:1:1: the file is empty: expected a mapping");
	expect_error("only a comment", "# niets\n",
		     "t.yaml:1:1: the file is empty: expected a mapping");
}
END_TEST

START_TEST(root_not_a_mapping)
{
	expect_error("a sequence at the root", "- a\n- b\n",
		     "t.yaml:1:1: expected a mapping, found a sequence");
	expect_error("a string at the root", "Tips\n",
		     "t.yaml:1:1: expected a mapping, found a string");
}
END_TEST

START_TEST(bad_names)
{
	expect_edit_error("a section id with capitals", "  - id: tweede\n", "  - id: Tweede_Deel\n",
			  "t.yaml:9:9: sections[1].id: expected a name of lower-case letters, "
			  "digits "
			  "and '-' (e.g. tips-zij-instromers), found 'Tweede_Deel'");
	expect_edit_error("a file name starting with '-'", "file_name: test\n",
			  "file_name: -test\n",
			  "t.yaml:15:12: file_name: expected a name of lower-case letters, digits "
			  "and '-' (e.g. tips-zij-instromers), found '-test'");
	expect_edit_error("a language tag with a digit", "lang: nl\n", "lang: n1\n",
			  "t.yaml:1:7: lang: expected a language tag such as 'nl', found 'n1'");
}
END_TEST

START_TEST(duplicate_section_id)
{
	expect_edit_error("two sections 'eerste'", "  - id: tweede\n", "  - id: eerste\n",
			  "t.yaml:9:9: sections[1].id: section id 'eerste' is used twice (also "
			  "sections[0])");
}
END_TEST

START_TEST(checklist_section_missing)
{
	expect_edit_error("checklist of an unknown section", "  section: tweede\n",
			  "  section: derde\n",
			  "t.yaml:17:12: checklist.section: no section has the id 'derde'");
}
END_TEST

START_TEST(empty_lists)
{
	expect_edit_error("no sections", SECTIONS, "sections: []\n",
			  "t.yaml:3:11: sections: expected at least 1 item, found 0");
	expect_edit_error("a section without tips",
			  "    tips:\n      - Tip een\n      - Tip twee\n", "    tips: []\n",
			  "t.yaml:6:11: sections[0].tips: expected at least 1 item, found 0");
}
END_TEST

START_TEST(unreadable_file)
{
	char *dir = g_dir_make_tmp("tipsheet-test-XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	char *missing = g_build_filename(dir, "missing.yaml", NULL);
	char *big = g_build_filename(dir, "big.yaml", NULL);
	/* One byte over the limit, all of it a comment. */
	size_t len = YREAD_MAX_FILE_BYTES + 1;
	char *data = g_malloc(len);
	memset(data, '#', len);
	ck_assert(g_file_set_contents(big, data, (gssize)len, NULL));

	struct factsheet *f = &sentinel;
	struct diag d = {0};
	ck_assert(!load_factsheet(missing, &f, &d));
	char *expected = g_strdup_printf("%s: cannot open: No such file or directory", missing);
	test_assert_diag(&d, "a file that does not exist", expected);
	g_free(expected);
	diag_finish(&d);

	ck_assert(!load_factsheet(big, &f, &d));
	expected = g_strdup_printf("%s: file is larger than the limit of 4194304 bytes", big);
	test_assert_diag(&d, "a file of 4 MiB + 1 byte", expected);
	ck_assert_ptr_eq(f, &sentinel);

	g_free(expected);
	diag_finish(&d);
	g_unlink(big);
	g_rmdir(dir);
	g_free(data);
	g_free(big);
	g_free(missing);
	g_free(dir);
}
END_TEST

Suite *load_suite(void)
{
	Suite *s = suite_create("load");
	TCase *ok = tcase_create("valid");
	tcase_add_test(ok, real_data_file);
	tcase_add_test(ok, minimal_factsheet);
	tcase_add_test(ok, text_stored_as_nfc);
	suite_add_tcase(s, ok);
	TCase *err = tcase_create("errors");
	tcase_add_test(err, wrong_type);
	tcase_add_test(err, unknown_key);
	tcase_add_test(err, missing_required_key);
	tcase_add_test(err, duplicate_key);
	tcase_add_test(err, empty_text);
	tcase_add_test(err, null_value);
	tcase_add_test(err, broken_syntax);
	tcase_add_test(err, anchor_and_alias_refused);
	tcase_add_test(err, empty_file);
	tcase_add_test(err, root_not_a_mapping);
	tcase_add_test(err, bad_names);
	tcase_add_test(err, duplicate_section_id);
	tcase_add_test(err, checklist_section_missing);
	tcase_add_test(err, empty_lists);
	tcase_add_test(err, unreadable_file);
	suite_add_tcase(s, err);
	TCase *bugs = test_regressions(s);
	tcase_add_test(bugs, invalid_utf8);
	tcase_add_test(bugs, unicode_whitespace_tip);
	tcase_add_test(bugs, second_document_refused);
	return s;
}
