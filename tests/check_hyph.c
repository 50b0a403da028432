/* hyph: soft hyphens from libhyphen's Dutch patterns and the exception words, and the rules
 * of Dutch typography on top. Expected points are written with '|' for U+00AD; they are what
 * hyph_nl_NL.dic (hyphen-nl 7.5.0) gives, after those rules. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hyph.h"
#include "suites.h"
#include "testutil.h"

#ifndef HYPH_TEST_DIC
#define HYPH_TEST_DIC "/usr/share/hyphen/hyph_nl_NL.dic"
#endif

#define SHY "\xc2\xad" /* U+00AD SOFT HYPHEN in UTF-8 */

static struct hyph *hyph;

static void setup(void)
{
	struct diag d = {0};
	bool ok = hyph_create(HYPH_TEST_DIC, &hyph, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "hyph_create(\"%s\") failed: %s", HYPH_TEST_DIC, msg);
	diag_finish(&d);
}

static void teardown(void)
{
	hyph_destroy(hyph);
	hyph = NULL;
}

/* s with every occurrence of `from` replaced by `to`. Caller g_frees. */
static char *replace_all(const char *s, const char *from, const char *to)
{
	char **parts = g_strsplit(s, from, -1);
	char *joined = g_strjoinv(to, parts);
	g_strfreev(parts);
	return joined;
}

/* hyph_text(text) must be `expected`, written with '|' for U+00AD; without soft hyphens,
 * it must equal `text` without them. */
static void expect(const char *text, const char *expected)
{
	char *got = hyph_text(hyph, text);
	char *shown = replace_all(got, SHY, "|");
	char *plain = replace_all(got, SHY, "");
	char *plain_text = replace_all(text, SHY, "");
	char msg[4096];
	g_snprintf(msg, sizeof msg, "hyph_text(\"%s\"):\n  expected \"%s\"\n  got      \"%s\"",
		   text, expected, shown);
	bool same = strcmp(shown, expected) == 0;
	bool round_trip = strcmp(plain, plain_text) == 0;
	g_free(plain_text);
	g_free(plain);
	g_free(shown);
	g_free(got);
	ck_assert_msg(same, "%s", msg);
	ck_assert_msg(round_trip, "%s\n  removing U+00AD does not give the input back", msg);
}

static void add_ok(const char *entry)
{
	struct diag d = {0};
	bool ok = hyph_add_exception(hyph, entry, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "hyph_add_exception(\"%s\") failed: %s", entry, msg);
	diag_finish(&d);
}

/* The entry must be refused with exactly `expected`. */
static void add_refused(const char *entry, const char *expected)
{
	struct diag d = {0};
	char what[256];
	g_snprintf(what, sizeof what, "hyph_add_exception(\"%s\")", entry);
	ck_assert_msg(!hyph_add_exception(hyph, entry, &d), "%s: accepted", what);
	test_assert_diag(&d, what, expected);
	diag_finish(&d);
}

START_TEST(pattern_points)
{
	expect("verantwoordelijk", "ver|ant|woor|de|lijk");
	expect("schoolopleiders", "school|op|lei|ders");
	expect("geschiktheidstest", "ge|schikt|heids|test");
	expect("voorlichtingsbijeenkomsten", "voor|lich|tings|bij|een|kom|sten");
	expect("Arbeidsmarktplatform", "Ar|beids|markt|plat|form");
	expect("studieverleden", "stu|die|ver|le|den");
}
END_TEST

/* The patterns miss the compound boundary "dings-tra". */
START_TEST(exception_opleidingstraject)
{
	expect("opleidingstraject", "op|lei|dingstra|ject");
	add_ok("op-lei-dings-tra-ject");
	expect("opleidingstraject", "op|lei|dings|tra|ject");
	expect("Opleidingstraject.", "Op|lei|dings|tra|ject.");
	/* Whole words only: the plural is another word. */
	expect("opleidingstrajecten", "op|lei|dingstra|jec|ten");
}
END_TEST

/* The patterns give "be-stuur-s-ta-ken": the lone "s" has no vowel, so both points around
 * it go; the exception puts the break at the compound boundary. */
START_TEST(exception_bestuurstaken)
{
	expect("bestuurstaken", "be|stuursta|ken");
	add_ok("be-stuurs-ta-ken");
	expect("bestuurstaken", "be|stuurs|ta|ken");
	expect("Bestuurstaken", "Be|stuurs|ta|ken");
	expect("BESTUURSTAKEN", "BE|STUURS|TA|KEN");
}
END_TEST

/* The patterns give "vel-das-ses-so-ren". */
START_TEST(exception_veldassessoren)
{
	expect("veldassessoren", "vel|das|ses|so|ren");
	add_ok("veld-as-ses-so-ren");
	expect("Werk nauw samen met veldassessoren in de regio",
	       "Werk nauw sa|men met veld|as|ses|so|ren in de re|gio");
}
END_TEST

/* "in-werk-t-ra-ject" from the patterns: a part without a vowel is no syllable. */
START_TEST(part_without_vowel)
{
	expect("inwerktraject", "in|werktra|ject");
}
END_TEST

/* Dutch spelling drops the diaeresis at a break ("ge-interesseerden"), which pango cannot. */
START_TEST(no_break_before_diaeresis)
{
	expect("geïnteresseerden", "geïn|te|res|seer|den");
	expect("Oriënteer", "Oriën|teer");
	expect("ruïne", "ruï|ne");
	/* Decomposed input comes out in NFC. */
	char *got = hyph_text(hyph, "Orie\xcc\x88nteer");
	ck_assert_str_eq(got, "Ori\xc3\xab"
			      "n" SHY "teer");
	g_free(got);
}
END_TEST

START_TEST(hyphenated_compounds)
{
	expect("zij-instromers", "zij-instromers");
	expect("zij-instromers,", "zij-instromers,");
	expect("Tips voor de zij-instromer zelf", "Tips voor de zij-instromer zelf");
	expect("een werk- of studieverleden", "een werk- of stu|die|ver|le|den");
	expect("verantwoordelijk-", "verantwoordelijk-");
	expect("-verantwoordelijk", "-verantwoordelijk");
	expect("e-mail", "e-mail");
	/* U+2010 HYPHEN */
	expect("schoolbesturen\xe2\x80\x90overleg", "schoolbesturen\xe2\x80\x90overleg");
}
END_TEST

/* "ij" is one letter: "bi-jou" from the patterns is not offered. */
START_TEST(ij_is_one_letter)
{
	expect("IJsselmeer", "IJs|sel|meer");
	expect("IJSSELMEER", "IJS|SEL|MEER");
	expect("bijeenkomst", "bij|een|komst");
	expect("bijou", "bijou");
}
END_TEST

START_TEST(capitals_keep_their_case)
{
	expect("VERANTWOORDELIJK", "VER|ANT|WOOR|DE|LIJK");
	expect("UWV", "UWV");
	expect("Arbeidsmarktplatform PO", "Ar|beids|markt|plat|form PO");
}
END_TEST

/* Under 5 letters no break at all ("au-to" from the patterns); at least 2 letters a side. */
START_TEST(short_words)
{
	expect("po", "po");
	expect("pabo", "pabo");
	expect("auto", "auto");
	expect("goede", "goe|de");
	expect("zoals", "zo|als");
	expect("email", "email");
	expect("a", "a");
	expect("", "");
}
END_TEST

START_TEST(punctuation_next_to_words)
{
	expect("(een maatje uit het team)", "(een maatje uit het team)");
	expect("verantwoordelijk: de school is de succesfactor",
	       "ver|ant|woor|de|lijk: de school is de suc|ces|fac|tor");
	expect("project \xe2\x80\x98stimulering regionale aanpak\xe2\x80\x99 in april 2019.",
	       "pro|ject \xe2\x80\x98sti|mu|le|ring re|gi|o|na|le aan|pak\xe2\x80\x99 in april "
	       "2019.");
	expect("collega\xe2\x80\x99s\n\tbijeenkomst!", "col|le|ga\xe2\x80\x99s\n\tbij|een|komst!");
}
END_TEST

START_TEST(one_long_tip)
{
	expect("Bied schoolverlaters een andere opleidingsroute dan mensen met een werk- of "
	       "studieverleden en zorg voor een duidelijk onderscheid tussen deze routes",
	       "Bied school|ver|la|ters een an|de|re op|lei|dings|rou|te dan men|sen met een "
	       "werk- of stu|die|ver|le|den en zorg voor een dui|de|lijk on|der|scheid tus|sen "
	       "deze rou|tes");
}
END_TEST

/* Every text of the factsheet comes back unchanged once the soft hyphens are removed. */
START_TEST(whole_factsheet_round_trip)
{
	char *path = test_source_path("data/tips.yaml");
	char *text = test_read_file(path);
	char *got = hyph_text(hyph, text);
	char *plain = replace_all(got, SHY, "");
	ck_assert_msg(strcmp(plain, text) == 0, "%s: removing U+00AD does not give it back", path);
	ck_assert_msg(strstr(got, SHY) != NULL, "%s: no soft hyphen at all", path);
	g_free(plain);
	g_free(got);
	g_free(text);
	g_free(path);
}
END_TEST

/* A word the author already hyphenated stays as written; the others still get points. */
START_TEST(existing_soft_hyphens)
{
	expect("ver" SHY "antwoordelijk", "ver|antwoordelijk");
	expect("bijeen" SHY "komst en schoolopleiders", "bijeen|komst en school|op|lei|ders");
}
END_TEST

START_TEST(outside_latin1)
{
	expect("\xc5\x81ukaszewicz", "\xc5\x81ukaszewicz"); /* "Łukaszewicz": Ł is not Latin-1 */
	add_ok("\xc5\x81u-ka-sze-wicz");
	expect("\xc5\x81ukaszewicz", "\xc5\x81u|ka|sze|wicz");
}
END_TEST

/* Addresses must copy out of the document as they are. */
START_TEST(addresses_untouched)
{
	expect("zijinstroom@veldkers.example", "zijinstroom@veldkers.example");
	expect("https://www.veldkers.example/informatieavond",
	       "https://www.veldkers.example/informatieavond");
	expect("Mail naar informatie@onderwijsloket.example of bel het Onderwijsloket.",
	       "Mail naar informatie@onderwijsloket.example of bel het On|der|wijs|lo|ket.");
}
END_TEST

START_TEST(invalid_utf8_copied)
{
	char *got = hyph_text(hyph, "verantwoordelijk \xff");
	ck_assert_str_eq(got, "verantwoordelijk \xff");
	g_free(got);
}
END_TEST

START_TEST(exception_without_points)
{
	add_ok("verantwoordelijk");
	expect("Verantwoordelijk", "Verantwoordelijk");
}
END_TEST

/* A later exception for the same word (a body's list after the shared one) wins. */
START_TEST(exception_overrides_earlier)
{
	add_ok("be-stuur-sta-ken");
	expect("bestuurstaken", "be|stuur|sta|ken");
	add_ok("BE-STUURS-TA-KEN");
	expect("bestuurstaken", "be|stuurs|ta|ken");
	/* An entry typed decomposed matches the word in NFC. */
	add_ok("gei\xcc\x88nte-resseerd");
	expect("geïnteresseerd", "geïnte|resseerd");
}
END_TEST

START_TEST(malformed_exceptions)
{
	add_refused("", "hyphenation exception \"\": empty part");
	add_refused("-bestuur", "hyphenation exception \"-bestuur\": empty part");
	add_refused("be--stuur", "hyphenation exception \"be--stuur\": empty part");
	add_refused("bestuur-", "hyphenation exception \"bestuur-\": empty part");
	add_refused("be stuur",
		    "hyphenation exception \"be stuur\": only letters and '-' may appear, not ' ' "
		    "(U+0020)");
	add_refused("po2-ma", "hyphenation exception \"po2-ma\": only letters and '-' may appear, "
			      "not '2' (U+0032)");
	add_refused("be" SHY "stuur", "hyphenation exception \"be" SHY "stuur\": only letters and "
				      "'-' may appear, not '" SHY "' (U+00AD)");
	add_refused("be\xffstuur", "hyphenation exception: not valid UTF-8");
	/* h is unchanged by a refused entry. */
	expect("bestuurstaken", "be|stuursta|ken");
}
END_TEST

START_TEST(exceptions_follow_the_rules)
{
	add_refused("ui-en", "hyphenation exception \"ui-en\": a word of fewer than 5 letters is "
			     "never broken");
	add_refused("e-mail", "hyphenation exception \"e-mail\": a break needs at least 2 letters "
			      "on each side");
	add_refused("bi-jou",
		    "hyphenation exception \"bi-jou\": \"ij\" is one letter and is never broken");
	add_refused("ge-ïn-te-res-seer-den",
		    "hyphenation exception \"ge-ïn-te-res-seer-den\": no break right before a "
		    "letter with a diaeresis, which Dutch spelling drops there");
	add_refused("be-stuurs-t-aken", "hyphenation exception \"be-stuurs-t-aken\": a part "
					"without a vowel is no syllable");
}
END_TEST

/* Stands in for "not written": a failed hyph_create must leave *out pointing here. */
static char sentinel_byte;
static struct hyph *const sentinel = (struct hyph *)(void *)&sentinel_byte;

START_TEST(missing_dictionary)
{
	struct hyph *h = sentinel;
	struct diag d = {0};
	ck_assert(!hyph_create("/nonexistent/hyph_nl_NL.dic", &h, &d));
	ck_assert_ptr_eq(h, sentinel);
	test_assert_diag_contains(&d, "a missing dictionary",
				  "/nonexistent/hyph_nl_NL.dic: cannot open the hyphenation "
				  "dictionary: ");
	diag_finish(&d);
	hyph_destroy(NULL);
}
END_TEST

static void expect_refused_file(const char *name, const char *content, const char *message)
{
	char *dir = g_dir_make_tmp("tipsheet-hyph-XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	char *path = g_build_filename(dir, name, NULL);
	ck_assert(g_file_set_contents(path, content, -1, NULL));
	struct hyph *h = sentinel;
	struct diag d = {0};
	bool ok = hyph_create(path, &h, &d);
	char *expected = g_strdup_printf("%s%s", path, message);
	g_unlink(path);
	g_rmdir(dir);
	ck_assert_msg(!ok, "%s was accepted", name);
	ck_assert_ptr_eq(h, sentinel);
	test_assert_diag(&d, name, expected);
	diag_finish(&d);
	g_free(expected);
	g_free(path);
	g_free(dir);
}

START_TEST(not_a_latin1_dictionary)
{
	expect_refused_file("utf8.dic", "UTF-8\n1a1\n",
			    ":1: not a hyphenation dictionary in ISO8859-1: its first line is "
			    "\"UTF-8\"");
	expect_refused_file("empty.dic", "",
			    ":1: not a hyphenation dictionary in ISO8859-1: its first line is "
			    "\"\"");
}
END_TEST

START_TEST(directory_as_dictionary)
{
	char *dir = g_dir_make_tmp("tipsheet-hyph-XXXXXX", NULL);
	ck_assert_ptr_nonnull(dir);
	struct hyph *h = sentinel;
	struct diag d = {0};
	bool ok = hyph_create(dir, &h, &d);
	char *expected = g_strdup_printf("%s: cannot read the hyphenation dictionary", dir);
	g_rmdir(dir);
	ck_assert_msg(!ok, "a directory was accepted");
	ck_assert_ptr_eq(h, sentinel);
	test_assert_diag(&d, "a directory", expected);
	diag_finish(&d);
	g_free(expected);
	g_free(dir);
}
END_TEST

Suite *hyph_suite(void)
{
	Suite *s = suite_create("hyph");
	TCase *words = tcase_create("words");
	tcase_add_checked_fixture(words, setup, teardown);
	tcase_set_timeout(words, 30);
	tcase_add_test(words, pattern_points);
	tcase_add_test(words, exception_opleidingstraject);
	tcase_add_test(words, exception_bestuurstaken);
	tcase_add_test(words, exception_veldassessoren);
	tcase_add_test(words, part_without_vowel);
	tcase_add_test(words, no_break_before_diaeresis);
	tcase_add_test(words, hyphenated_compounds);
	tcase_add_test(words, ij_is_one_letter);
	tcase_add_test(words, capitals_keep_their_case);
	tcase_add_test(words, short_words);
	tcase_add_test(words, punctuation_next_to_words);
	tcase_add_test(words, one_long_tip);
	tcase_add_test(words, whole_factsheet_round_trip);
	tcase_add_test(words, existing_soft_hyphens);
	tcase_add_test(words, outside_latin1);
	tcase_add_test(words, addresses_untouched);
	tcase_add_test(words, invalid_utf8_copied);
	suite_add_tcase(s, words);

	TCase *exceptions = tcase_create("exceptions");
	tcase_add_checked_fixture(exceptions, setup, teardown);
	tcase_set_timeout(exceptions, 30);
	tcase_add_test(exceptions, exception_without_points);
	tcase_add_test(exceptions, exception_overrides_earlier);
	tcase_add_test(exceptions, malformed_exceptions);
	tcase_add_test(exceptions, exceptions_follow_the_rules);
	suite_add_tcase(s, exceptions);

	TCase *files = tcase_create("dictionary file");
	tcase_add_test(files, missing_dictionary);
	tcase_add_test(files, not_a_latin1_dictionary);
	tcase_add_test(files, directory_as_dictionary);
	suite_add_tcase(s, files);
	return s;
}
