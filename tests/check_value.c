/* value: lengths, numbers and colours parsed the same way in every locale; WCAG contrast. */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "suites.h"
#include "testutil.h"
#include "value.h"

/* Written to every out-parameter before a parse that must fail: it must stay untouched. */
#define UNTOUCHED (-4242.0)

static void assert_length(const char *s, double expected_pt)
{
	double pt = UNTOUCHED;
	ck_assert_msg(value_parse_length(s, &pt),
		      "value_parse_length(\"%s\") refused a valid length", s);
	ck_assert_msg(fabs(pt - expected_pt) < 1e-9,
		      "value_parse_length(\"%s\") = %.12g pt, expected %.12g pt", s, pt,
		      expected_pt);
}

static void assert_length_refused(const char *s)
{
	double pt = UNTOUCHED;
	ck_assert_msg(!value_parse_length(s, &pt),
		      "value_parse_length(\"%s\") accepted it as %g pt", s, pt);
	ck_assert_msg(pt == UNTOUCHED, "value_parse_length(\"%s\") failed but wrote %g to *out", s,
		      pt);
}

static void assert_number(const char *s, double expected)
{
	double v = UNTOUCHED;
	ck_assert_msg(value_parse_number(s, &v),
		      "value_parse_number(\"%s\") refused a valid number", s);
	ck_assert_msg(v == expected, "value_parse_number(\"%s\") = %.17g, expected %.17g", s, v,
		      expected);
}

static void assert_number_refused(const char *s)
{
	double v = UNTOUCHED;
	ck_assert_msg(!value_parse_number(s, &v), "value_parse_number(\"%s\") accepted it as %g", s,
		      v);
	ck_assert_msg(v == UNTOUCHED, "value_parse_number(\"%s\") failed but wrote %g to *out", s,
		      v);
}

START_TEST(length_with_unit)
{
	assert_length("12mm", 12.0 * 72.0 / 25.4);
	assert_length("0.5cm", 5.0 * 72.0 / 25.4);
	assert_length("9.5pt", 9.5);
	assert_length("210mm", 595.2755905511812);
	assert_length("0pt", 0.0);
}
END_TEST

START_TEST(length_without_unit_or_malformed_refused)
{
	static const char *const bad[] = {
	    "12", /* a bare number: the unit is required */
	    "12 mm", "mm", "-3mm", "1,5mm", "", "12in", "12mmm", " 12mm", "12mm ", "1e2pt",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_length_refused(bad[i]);
}
END_TEST

START_TEST(number_plain_decimal)
{
	assert_number("1.25", 1.25);
	assert_number("0", 0.0);
	assert_number("42", 42.0);
	assert_number("0.5", 0.5);
	assert_number("150", 150.0);
}
END_TEST

START_TEST(number_malformed_refused)
{
	static const char *const bad[] = {
	    "", "abc", "1,5", "-1", "+1", "1e3", " 1", "1 ", "1.2.3", "0x10", "nan", "inf", "1.5mm",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_number_refused(bad[i]);
}
END_TEST

/* Regression (fixed; src/value.c, parse_decimal): digits after the point are added as digit * 0.1^k with a
 * running product, which accumulates rounding error, so "0.3" does not give the double
 * nearest to 0.3 (0.30000000000000004 instead) and "0.7" gives 0.70000000000000007. A
 * correctly rounded parse (e.g. g_ascii_strtod after checking the syntax) gives the literal. */
START_TEST(number_correctly_rounded)
{
	assert_number("0.3", 0.3);
	assert_number("0.7", 0.7);
	assert_number("1.1", 1.1);
	assert_number("2.675", 2.675);
}
END_TEST

static void assert_rgb_round_trip(const char *s, const char *expected_hex)
{
	struct rgb c = {UNTOUCHED, UNTOUCHED, UNTOUCHED};
	ck_assert_msg(value_parse_rgb(s, &c), "value_parse_rgb(\"%s\") refused a valid colour", s);
	char buf[8];
	value_format_rgb(&c, buf);
	ck_assert_msg(strcmp(buf, expected_hex) == 0,
		      "value_parse_rgb(\"%s\") then value_format_rgb gave \"%s\", expected \"%s\"",
		      s, buf, expected_hex);
}

static void assert_rgb_refused(const char *s)
{
	struct rgb c = {UNTOUCHED, UNTOUCHED, UNTOUCHED};
	ck_assert_msg(!value_parse_rgb(s, &c), "value_parse_rgb(\"%s\") accepted it", s);
	ck_assert_msg(c.r == UNTOUCHED && c.g == UNTOUCHED && c.b == UNTOUCHED,
		      "value_parse_rgb(\"%s\") failed but wrote to *out", s);
}

START_TEST(rgb_parse_and_format_round_trip)
{
	struct rgb c;
	ck_assert(value_parse_rgb("#1F5A96", &c));
	ck_assert_double_eq_tol(c.r, 0x1F / 255.0, 1e-12);
	ck_assert_double_eq_tol(c.g, 0x5A / 255.0, 1e-12);
	ck_assert_double_eq_tol(c.b, 0x96 / 255.0, 1e-12);
	assert_rgb_round_trip("#1F5A96", "#1F5A96");
	assert_rgb_round_trip("#000000", "#000000");
	assert_rgb_round_trip("#FFFFFF", "#FFFFFF");
	assert_rgb_round_trip("#e09a00", "#E09A00"); /* lower case in, upper case out */
}
END_TEST

START_TEST(rgb_malformed_refused)
{
	static const char *const bad[] = {
	    "1F5A96", "#12345", "#1234567", "#GGGGGG", "", "#", "red", "#1F5A9 ", "rgb(1,2,3)",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_rgb_refused(bad[i]);
}
END_TEST

static double contrast_of(const char *a, const char *b)
{
	struct rgb ca, cb;
	ck_assert_msg(value_parse_rgb(a, &ca) && value_parse_rgb(b, &cb), "bad colours %s, %s", a,
		      b);
	double ab = value_contrast(&ca, &cb), ba = value_contrast(&cb, &ca);
	ck_assert_msg(ab == ba, "contrast(%s, %s) = %g but contrast(%s, %s) = %g", a, b, ab, b, a,
		      ba);
	return ab;
}

START_TEST(contrast_wcag_reference_values)
{
	ck_assert_double_eq_tol(contrast_of("#FFFFFF", "#000000"), 21.0, 1e-9);
	ck_assert_double_eq_tol(contrast_of("#1F5A96", "#1F5A96"), 1.0, 1e-12);
	/* #767676 is the lightest grey that passes AA (4.5:1) on white. */
	double grey = contrast_of("#767676", "#FFFFFF");
	ck_assert_msg(fabs(grey - 4.54) < 0.005, "contrast(#767676, #FFFFFF) = %.4f, expected 4.54",
		      grey);
	ck_assert_double_eq_tol(value_luminance(&(struct rgb){1, 1, 1}), 1.0, 1e-12);
	ck_assert_double_eq_tol(value_luminance(&(struct rgb){0, 0, 0}), 0.0, 1e-12);
}
END_TEST

START_TEST(mix_weights_the_first_colour)
{
	struct rgb black = {0, 0, 0}, white = {1, 1, 1};
	struct rgb m = value_mix(&black, &white, 0.25);
	ck_assert_double_eq_tol(m.r, 0.75, 1e-12);
	ck_assert_double_eq_tol(m.g, 0.75, 1e-12);
	ck_assert_double_eq_tol(m.b, 0.75, 1e-12);
}
END_TEST

/* Switches to a locale whose decimal separator is a comma; NULL if none is installed. */
static const char *use_comma_locale(void)
{
	static const char *const candidates[] = {
	    "nl_NL.UTF-8", "nl_NL.utf8", "de_DE.UTF-8", "de_DE.utf8",
	    "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL",       "de_DE",
	};
	for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
		if (setlocale(LC_ALL, candidates[i]) &&
		    strcmp(localeconv()->decimal_point, ",") == 0)
			return candidates[i];
	}
	setlocale(LC_ALL, "C");
	return NULL;
}

START_TEST(numbers_ignore_a_comma_decimal_locale)
{
	const char *name = use_comma_locale();
	if (!name) {
		fprintf(stderr,
			"value: skipped numbers_ignore_a_comma_decimal_locale: no comma-decimal "
			"locale (nl_NL.UTF-8, de_DE.UTF-8, fr_FR.UTF-8) is installed; see `locale "
			"-a`\n");
		return;
	}
	double v = UNTOUCHED;
	bool ok = value_parse_number("1.25", &v);
	double pt = UNTOUCHED;
	bool ok_length = value_parse_length("12.5pt", &pt);
	bool comma_refused = !value_parse_number("1,25", &(double){0});
	setlocale(LC_ALL, "C");
	ck_assert_msg(ok && v == 1.25, "under %s, value_parse_number(\"1.25\") gave %s %g", name,
		      ok ? "" : "failure,", v);
	ck_assert_msg(ok_length && pt == 12.5, "under %s, value_parse_length(\"12.5pt\") gave %g",
		      name, pt);
	ck_assert_msg(comma_refused, "under %s, value_parse_number(\"1,25\") was accepted", name);
}
END_TEST

Suite *value_suite(void)
{
	Suite *s = suite_create("value");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, length_with_unit);
	tcase_add_test(tc, length_without_unit_or_malformed_refused);
	tcase_add_test(tc, number_plain_decimal);
	tcase_add_test(tc, number_malformed_refused);
	tcase_add_test(tc, rgb_parse_and_format_round_trip);
	tcase_add_test(tc, rgb_malformed_refused);
	tcase_add_test(tc, numbers_ignore_a_comma_decimal_locale);
	suite_add_tcase(s, tc);
	TCase *colour = tcase_create("colour");
	tcase_add_test(colour, contrast_wcag_reference_values);
	tcase_add_test(colour, mix_weights_the_first_colour);
	suite_add_tcase(s, colour);
	TCase *bugs = test_regressions(s);
	tcase_add_test(bugs, number_correctly_rounded);
	return s;
}
