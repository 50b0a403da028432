/* spec: the real A4 layout, and layout-file errors made by changing one line of it. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "spec.h"
#include "suites.h"
#include "testutil.h"

#define NAME "layout.yaml"

/* The text of layouts/a4-portrait.yaml. Caller g_frees. */
static char *a4_text(void)
{
	char *path = test_source_path("layouts/a4-portrait.yaml");
	char *text = test_read_file(path);
	g_free(path);
	return text;
}

/* Stands in for "not written": a failed load must leave *out pointing here. */
static struct spec sentinel;

/* a4-portrait.yaml with the line `old` replaced by `new_text` must fail, as NAME, with
 * `message` at the line where `line_at` (NULL: `old`) stands in the real file and at
 * `column`; column 0 means a message without a position. The line is looked up, so that an
 * edit elsewhere in the layout file does not break the test. */
static void expect_edit_error(const char *what, const char *old, const char *new_text,
			      const char *line_at, int column, const char *message)
{
	char *text = a4_text();
	int line = test_line_of(text, line_at ? line_at : old);
	char *yaml = test_replace(text, old, new_text);
	char *expected = column ? g_strdup_printf("%s:%d:%d: %s", NAME, line, column, message)
				: g_strdup_printf("%s: %s", NAME, message);
	struct spec *s = &sentinel;
	struct diag d = {0};
	bool ok = spec_load_buffer(NAME, yaml, strlen(yaml), &s, &d);
	if (ok)
		spec_destroy(s);
	ck_assert_msg(!ok, "%s: loaded, expected \"%s\"", what, expected);
	ck_assert_msg(s == &sentinel, "%s: failed, but changed *out", what);
	test_assert_diag(&d, what, expected);
	diag_finish(&d);
	g_free(expected);
	g_free(yaml);
	g_free(text);
}

START_TEST(a4_portrait)
{
	char *path = test_source_path("layouts/a4-portrait.yaml");
	struct spec *s = NULL;
	struct diag d = {0};
	bool ok = spec_load(path, &s, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "%s did not load: %s", path, msg);
	ck_assert_str_eq(s->name, "a4-portrait");
	ck_assert_str_eq(s->font_family, "Open Sans");
	ck_assert_int_eq(s->columns.count, 3);
	ck_assert_double_eq_tol(s->page.width, 595.28, 0.01);
	ck_assert_double_eq_tol(s->page.height, 841.89, 0.01);
	/* The tint is derived: primary at tint_amount over paper. */
	const struct rgb *c = s->palette.colour;
	struct rgb tint = value_mix(&c[SPEC_PRIMARY], &c[SPEC_PAPER], s->palette.tint_amount);
	char want[8], got[8];
	value_format_rgb(&tint, want);
	value_format_rgb(&c[SPEC_TINT], got);
	ck_assert_str_eq(got, want);
	/* The real layout passes its own contrast check. */
	ck_assert(spec_check_contrast(s, &s->palette, path, &d));
	spec_destroy(s);
	g_free(path);
}
END_TEST

START_TEST(length_without_unit)
{
	expect_edit_error("page width without a unit", "  width: 210mm\n", "  width: 210\n", NULL,
			  10,
			  "page.width: expected a length with a unit (e.g. 12mm, 9.5pt, 1cm), "
			  "found '210'");
	expect_edit_error("gutter without a unit", "  gutter: 4.5mm\n", "  gutter: 4.5\n", NULL, 11,
			  "columns.gutter: expected a length with a unit (e.g. 12mm, 9.5pt, 1cm), "
			  "found '4.5'");
}
END_TEST

START_TEST(unknown_colour_role)
{
	expect_edit_error("roles.heading: white", "  heading: on_primary\n", "  heading: white\n",
			  NULL, 12,
			  "roles.heading: expected one of primary, accent, ink, muted, paper, "
			  "tint, on_primary, primary_text, primary_light, found 'white'");
}
END_TEST

START_TEST(missing_key)
{
	/* The error points at the mapping that lacks the key, which starts at its first key. */
	expect_edit_error("no columns.gutter", "  gutter: 4.5mm\n", "", "  count: 3\n", 3,
			  "columns: missing required key 'gutter'");
}
END_TEST

START_TEST(bad_colour)
{
	expect_edit_error("a five-digit colour", "  ink: \"#1D232B\"\n", "  ink: \"#12345\"\n",
			  NULL, 8, "colors.ink: expected a colour as \"#RRGGBB\", found '#12345'");
}
END_TEST

START_TEST(line_height_out_of_range)
{
	const char *body = "  body:     {size: 8.6pt, line_height: 1.32}\n";
	expect_edit_error("line height 5", body, "  body: {size: 8.6pt, line_height: 5}\n", NULL,
			  36,
			  "type.body.line_height: expected a line height from 0.8 to 3.0, found 5");
	expect_edit_error("line height 0.5", body, "  body: {size: 8.6pt, line_height: 0.5}\n",
			  NULL, 36,
			  "type.body.line_height: expected a line height from 0.8 to 3.0, found "
			  "0.5");
}
END_TEST

START_TEST(unreadable_colour_pair)
{
	/* Contrast errors carry no line: they are about two roles together. Body text in the
	 * accent colour on the tinted box fill: */
	expect_edit_error("accent body text", "  body: ink\n", "  body: accent\n", NULL, 0,
			  "unreadable colour pair: body text (accent #E09A00) on box_fill (tint "
			  "#EBF0F6) has contrast 2.09:1, needs at least 4.5:1 (WCAG 2.1 AA)");
}
END_TEST

START_TEST(paper_text_on_a_light_primary)
{
	/* White title text on a light blue header band: 21 pt bold is large text, for which
	 * 3:1 suffices, but 1.82:1 does not. (The layout's own roles use on_primary, which
	 * would pick ink here; the title is pinned to paper to make the pair unreadable.) */
	char *text = a4_text();
	char *light = test_replace(text, "  primary: \"#1F5A96\"\n", "  primary: \"#A0C4E8\"\n");
	char *yaml = test_replace(light, "  title: on_primary\n", "  title: paper\n");
	struct spec *s = &sentinel;
	struct diag d = {0};
	ck_assert_msg(!spec_load_buffer(NAME, yaml, strlen(yaml), &s, &d),
		      "paper title on #A0C4E8 was accepted");
	ck_assert_ptr_eq(s, &sentinel);
	test_assert_diag(&d, "paper title on a light primary",
			 NAME ": unreadable colour pair: title text (paper #FFFFFF) on header_band "
			      "(primary #A0C4E8) has contrast 1.82:1, needs at least 3.0:1 (WCAG "
			      "2.1 AA)");
	diag_finish(&d);
	g_free(yaml);
	g_free(light);
	g_free(text);
}
END_TEST

Suite *spec_suite(void)
{
	Suite *s = suite_create("spec");
	TCase *tc = tcase_create("load");
	tcase_add_test(tc, a4_portrait);
	tcase_add_test(tc, length_without_unit);
	tcase_add_test(tc, unknown_colour_role);
	tcase_add_test(tc, missing_key);
	tcase_add_test(tc, bad_colour);
	tcase_add_test(tc, line_height_out_of_range);
	tcase_add_test(tc, unreadable_colour_pair);
	tcase_add_test(tc, paper_text_on_a_light_primary);
	suite_add_tcase(s, tc);
	return s;
}
