/* body and bodyset: the three sample bodies of data/bodies, every kind of body-file error
 * (each written as <slug>.yaml into a temporary folder, since body_load takes a path) with
 * its exact message, the next information evening and the QR code's address, the colour
 * check a body's primary colour must pass, and a folder of bodies where one is broken. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "body.h"
#include "bodyset.h"
#include "spec.h"
#include "suites.h"
#include "testutil.h"
#include "value.h"

/* A small valid body. The comments give the line numbers the messages below refer to. */
/* clang-format off */
static const char BODY[] =
	"name: Stichting Proef\n"                          /*  1 */
	"kind: bestuur\n"                                  /*  2 */
	"colors:\n"                                        /*  3 */
	"  primary: \"#1B4D3E\"\n"                         /*  4 */
	"  accent: \"#E8A33D\"\n"                          /*  5 */
	"contact:\n"                                       /*  6 */
	"  email: info@proef.example\n"                    /*  7 */
	"  website: https://www.proef.example\n"           /*  8 */
	"evenings:\n"                                      /*  9 */
	"  - date: 2027-01-14\n"                           /* 10 */
	"    time: 19.30 uur\n"                            /* 11 */
	"    place: Basisschool De Proef\n"                /* 12 */
	"    signup: https://www.proef.example/avond\n";   /* 13 */
/* The logo lines a logo test appends (lines 14 to 16). */
#define LOGO_LINES(file) \
	"logo:\n"                                          /* 14 */ \
	"  file: " file "\n"                               /* 15 */ \
	"  alt: Logo van Stichting Proef\n"                /* 16 */
/* clang-format on */

/* A temporary folder for body files and their logos; every file in it is removed with it. */
static char *tmp_create(void)
{
	GError *err = NULL;
	char *dir = g_dir_make_tmp("check_body-XXXXXX", &err);
	ck_assert_msg(dir != NULL, "cannot make a temporary folder: %s", err ? err->message : "?");
	return dir;
}

static void tmp_remove(char *dir)
{
	GDir *g = g_dir_open(dir, 0, NULL);
	const char *name;
	while (g && (name = g_dir_read_name(g))) {
		char *path = g_build_filename(dir, name, NULL);
		g_unlink(path);
		g_free(path);
	}
	if (g)
		g_dir_close(g);
	g_rmdir(dir);
	g_free(dir);
}

/* Writes `len` bytes as dir/name; returns the path (caller g_frees). */
static char *tmp_write_len(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = g_build_filename(dir, name, NULL);
	GError *err = NULL;
	gboolean ok = g_file_set_contents(path, data, (gssize)len, &err);
	ck_assert_msg(ok, "cannot write %s: %s", path, err ? err->message : "?");
	return path;
}

static char *tmp_write(const char *dir, const char *name, const char *text)
{
	return tmp_write_len(dir, name, text, strlen(text));
}

/* Stands in for "not written": a failed load must leave *out pointing here. */
static struct body sentinel;

/* body_load of `path`, which must fail with exactly `expected`. */
static void expect_load_error(const char *what, const char *path, const char *expected)
{
	struct body *b = &sentinel;
	struct diag d = {0};
	bool ok = body_load(path, &b, &d);
	if (ok)
		body_destroy(b);
	ck_assert_msg(!ok, "%s: loaded, expected the error \"%s\"", what, expected);
	ck_assert_msg(b == &sentinel, "%s: failed, but changed *out", what);
	test_assert_diag(&d, what, expected);
	diag_finish(&d);
}

/* `yaml` as dir/proef.yaml must fail with `message` at line:column of that file. */
static void expect_yaml_error(const char *what, const char *yaml, int line, int column,
			      const char *message)
{
	char *dir = tmp_create();
	char *path = tmp_write(dir, "proef.yaml", yaml);
	char *expected = g_strdup_printf("%s:%d:%d: %s", path, line, column, message);
	expect_load_error(what, path, expected);
	g_free(expected);
	g_free(path);
	tmp_remove(dir);
}

/* BODY with `old` replaced by `new_text` must fail with `message` at line:column. */
static void expect_edit_error(const char *what, const char *old, const char *new_text, int line,
			      int column, const char *message)
{
	char *yaml = test_replace(BODY, old, new_text);
	expect_yaml_error(what, yaml, line, column, message);
	g_free(yaml);
}

/* BODY plus a logo `logo_name` holding `len` bytes of `data` (data NULL: no such file) must
 * fail at its `file:` line (15:9) with "logo.file: <logo path>: " and then `message`. */
static void expect_logo_error(const char *what, const char *logo_name, const char *data,
			      size_t len, const char *message)
{
	char *dir = tmp_create();
	char *yaml = g_strdup_printf("%slogo:\n  file: %s\n  alt: Logo van Stichting Proef\n", BODY,
				     logo_name);
	char *path = tmp_write(dir, "proef.yaml", yaml);
	char *logo = g_build_filename(dir, logo_name, NULL);
	if (data)
		g_free(tmp_write_len(dir, logo_name, data, len));
	char *expected = g_strdup_printf("%s:15:9: logo.file: %s: %s", path, logo, message);
	expect_load_error(what, path, expected);
	g_free(expected);
	g_free(logo);
	g_free(path);
	g_free(yaml);
	tmp_remove(dir);
}

static struct body *load_ok(const char *what, const char *path)
{
	struct body *b = NULL;
	struct diag d = {0};
	bool ok = body_load(path, &b, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "%s: expected to load, failed with \"%s\"", what, msg);
	diag_finish(&d);
	return b;
}

/* data/bodies/<slug>.yaml, loaded. */
static struct body *load_sample(const char *slug)
{
	char *relative = g_strdup_printf("data/bodies/%s.yaml", slug);
	char *path = test_source_path(relative);
	struct body *b = load_ok(relative, path);
	g_free(path);
	g_free(relative);
	return b;
}

/* Asserts that `c` is the colour `hex`. */
static void expect_colour(const char *what, const struct rgb *c, const char *hex)
{
	char got[8];
	value_format_rgb(c, got);
	ck_assert_msg(!strcmp(got, hex), "%s is %s, expected %s", what, got, hex);
}

static void expect_date(const char *what, const struct body_date *d, int year, int month, int day)
{
	ck_assert_msg(d->year == year && d->month == month && d->day == day,
		      "%s is %04d-%02d-%02d, expected %04d-%02d-%02d", what, d->year, d->month,
		      d->day, year, month, day);
}

static struct body_date date_of(const char *s)
{
	struct body_date d = {0};
	ck_assert_msg(body_parse_date(s, &d), "test input: '%s' is not a date", s);
	return d;
}

/* ---- The sample bodies ---- */

START_TEST(sample_veldkers)
{
	struct body *b = load_sample("veldkers");
	ck_assert_str_eq(b->slug, "veldkers");
	ck_assert_str_eq(b->name, "Stichting Veldkers Onderwijs");
	ck_assert_int_eq(b->kind, BODY_BESTUUR);
	expect_colour("veldkers primary", &b->colors.primary, "#1B4D3E");
	expect_colour("veldkers accent", &b->colors.accent, "#E8A33D");
	/* The SVG logo is decoded once, at load; it is wider than high or square, never empty. */
	ck_assert_str_eq(b->logo_ref.file, "logos/veldkers.svg");
	ck_assert_str_eq(b->logo_ref.alt,
			 "Logo van Stichting Veldkers Onderwijs, een groen en oranje blad");
	ck_assert_ptr_nonnull(b->logo);
	ck_assert_msg(logo_aspect(b->logo) > 0.1 && logo_aspect(b->logo) < 10,
		      "veldkers logo aspect %g", logo_aspect(b->logo));
	ck_assert_str_eq(b->contact.email, "zij-instroom@veldkers.example");
	ck_assert_str_eq(b->contact.website, "https://www.veldkers.example/zij-instroom");
	ck_assert_str_eq(b->loket.name, "Onderwijsloket Duinhaven");
	ck_assert_ptr_null(b->local.heading);
	ck_assert_uint_eq(b->members.count, 0);
	/* Two evenings, in file order, each with its sign-up page. */
	ck_assert_uint_eq(b->evenings.count, 2);
	const struct body_evening *jan = &b->evenings.items[0], *mar = &b->evenings.items[1];
	expect_date("veldkers evenings[0]", &jan->date, 2027, 1, 14);
	expect_date("veldkers evenings[1]", &mar->date, 2027, 3, 11);
	ck_assert_str_eq(jan->time, "19.30–21.00 uur");
	ck_assert_str_eq(jan->place, "Basisschool De Kers, Kersenlaan 6, Amersfoort");
	ck_assert_str_eq(jan->signup, "https://www.veldkers.example/informatieavond-januari");
	ck_assert_str_eq(mar->signup, "https://www.veldkers.example/informatieavond-maart");
	body_destroy(b);
}
END_TEST

START_TEST(sample_zandloper)
{
	struct body *b = load_sample("zandloper");
	ck_assert_str_eq(b->name, "Scholengroep Zandloper");
	ck_assert_int_eq(b->kind, BODY_BESTUUR);
	expect_colour("zandloper primary", &b->colors.primary, "#F2C94C");
	expect_colour("zandloper accent", &b->colors.accent, "#1F6F8B");
	ck_assert_str_eq(b->logo_ref.file, "logos/zandloper.png"); /* a PNG logo */
	ck_assert_ptr_nonnull(b->logo);
	ck_assert_ptr_null(b->contact.organisation);
	ck_assert_str_eq(b->contact.website, "https://werkenbij.zandloper.example");
	/* One evening without a sign-up page. */
	ck_assert_uint_eq(b->evenings.count, 1);
	expect_date("zandloper evenings[0]", &b->evenings.items[0].date, 2027, 2, 4);
	ck_assert_ptr_null(b->evenings.items[0].signup);
	/* The local section: one more box, after the factsheet's. */
	ck_assert_str_eq(b->local.heading, "Zo werkt het bij Zandloper");
	ck_assert_str_eq(b->local.id, "local");
	ck_assert_uint_eq(b->local.tips.count, 3);
	ck_assert_str_eq(b->local.tips.items[1],
			 "Elke zij-instromer krijgt een maatje en een vaste schoolopleider");
	body_destroy(b);
}
END_TEST

START_TEST(sample_duinhaven)
{
	char *path = test_source_path("data/bodies/duinhaven.yaml");
	char *text = test_read_file(path);
	struct body *b = load_sample("duinhaven");
	ck_assert_str_eq(b->name, "Regio Duinhaven Zij-instroom");
	ck_assert_int_eq(b->kind, BODY_REGIO);
	expect_colour("duinhaven primary", &b->colors.primary, "#6A2C70");
	ck_assert_ptr_nonnull(b->logo);
	ck_assert_str_eq(b->contact.organisation, "Projectbureau Regio Duinhaven");
	ck_assert_str_eq(b->loket.contact, "loket@duinhaven.example");
	/* The members by slug, each with where it was named, for messages. */
	ck_assert_uint_eq(b->members.count, 2);
	ck_assert_str_eq(b->members.items[0].slug, "veldkers");
	ck_assert_str_eq(b->members.items[1].slug, "zandloper");
	ck_assert_int_eq(b->members.items[0].line, test_line_of(text, "  - veldkers\n"));
	ck_assert_int_eq(b->members.items[1].line, test_line_of(text, "  - zandloper\n"));
	ck_assert_int_eq(b->members.items[0].column, 5);
	body_destroy(b);
	g_free(text);
	g_free(path);
}
END_TEST

/* ---- Errors in a body file ---- */

START_TEST(unknown_key)
{
	char *yaml = g_strdup_printf("%skleur: rood\n", BODY);
	expect_yaml_error("an unknown top-level key", yaml, 14, 1,
			  "unknown key 'kleur' (expected one of: name, kind, colors, logo, font, "
			  "contact, loket, evenings, local_section, members, route, hyphenation)");
	g_free(yaml);
	expect_edit_error("an unknown key in contact", "  email: info@proef.example\n",
			  "  email: info@proef.example\n  fax: 012 345\n", 8, 3,
			  "contact: unknown key 'fax' (expected one of: organisation, address, "
			  "phone, email, website)");
}
END_TEST

START_TEST(missing_name)
{
	expect_edit_error("no name", "name: Stichting Proef\n", "", 1, 1,
			  "missing required key 'name'");
}
END_TEST

START_TEST(wrong_kind)
{
	expect_edit_error("kind: school", "kind: bestuur\n", "kind: school\n", 2, 7,
			  "kind: expected one of bestuur, regio, found 'school'");
}
END_TEST

START_TEST(bad_colour)
{
	expect_edit_error("a primary colour of 5 digits", "  primary: \"#1B4D3E\"\n",
			  "  primary: \"#12345\"\n", 4, 12,
			  "colors.primary: expected a colour as \"#RRGGBB\", found '#12345'");
	expect_edit_error("no accent colour", "  accent: \"#E8A33D\"\n", "", 4, 3,
			  "colors: missing required key 'accent'");
}
END_TEST

START_TEST(bad_url)
{
	expect_edit_error("a website without https://", "  website: https://www.proef.example\n",
			  "  website: www.proef.example\n", 8, 12,
			  "contact.website: expected a web address starting with https://, found "
			  "'www.proef.example'");
	expect_edit_error("a sign-up address with a space",
			  "    signup: https://www.proef.example/avond\n",
			  "    signup: https://www.proef.example/avond in januari\n", 13, 13,
			  "evenings[0].signup: expected a web address starting with https://, "
			  "found 'https://www.proef.example/avond in januari'");
}
END_TEST

START_TEST(bad_email)
{
	expect_edit_error("an e-mail address without @", "  email: info@proef.example\n",
			  "  email: info-at-proef.example\n", 7, 10,
			  "contact.email: expected an e-mail address such as naam@voorbeeld.nl, "
			  "found 'info-at-proef.example'");
	expect_edit_error("an e-mail address with two @", "  email: info@proef.example\n",
			  "  email: info@proef@example.nl\n", 7, 10,
			  "contact.email: expected an e-mail address such as naam@voorbeeld.nl, "
			  "found 'info@proef@example.nl'");
}
END_TEST

START_TEST(bad_date)
{
	expect_edit_error("30 February", "  - date: 2027-01-14\n", "  - date: 2027-02-30\n", 10, 11,
			  "evenings[0].date: expected a date as YYYY-MM-DD, found '2027-02-30'");
	expect_edit_error("a Dutch date", "  - date: 2027-01-14\n", "  - date: 14-01-2027\n", 10,
			  11,
			  "evenings[0].date: expected a date as YYYY-MM-DD, found '14-01-2027'");
}
END_TEST

START_TEST(members_on_a_bestuur)
{
	char *yaml = g_strdup_printf("%smembers:\n  - veldkers\n", BODY);
	expect_yaml_error("members on a bestuur", yaml, 15, 3,
			  "members: only a body of kind 'regio' lists member boards");
	g_free(yaml);
}
END_TEST

START_TEST(logo_missing)
{
	expect_logo_error("a logo file that does not exist", "geen.svg", NULL, 0,
			  "cannot read the logo: No such file or directory");
}
END_TEST

START_TEST(logo_broken_svg)
{
	static const char broken[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
				     "height=\"10\"><rect width=\"10\" height=\"10\"";
	char *dir = tmp_create();
	char *yaml = g_strdup_printf("%s" LOGO_LINES("kapot.svg"), BODY);
	char *path = tmp_write(dir, "proef.yaml", yaml);
	g_free(tmp_write(dir, "kapot.svg", broken));
	char *logo = g_build_filename(dir, "kapot.svg", NULL);
	/* After "not a readable SVG image: " comes librsvg's own text, which differs by version. */
	char *expected =
		g_strdup_printf("%s:15:9: logo.file: %s: not a readable SVG image: ", path, logo);
	struct body *b = &sentinel;
	struct diag d = {0};
	ck_assert(!body_load(path, &b, &d));
	ck_assert_ptr_eq(b, &sentinel);
	char *got = diag_format(&d);
	ck_assert_msg(g_str_has_prefix(got, expected) && strlen(got) > strlen(expected),
		      "a truncated SVG: expected \"%s<librsvg's reason>\", got \"%s\"", expected,
		      got);
	g_free(got);
	diag_finish(&d);
	g_free(expected);
	g_free(logo);
	g_free(path);
	g_free(yaml);
	tmp_remove(dir);
}
END_TEST

START_TEST(logo_text_file)
{
	/* The bytes decide, not the name: a text file renamed to .png is neither. */
	static const char text[] = "Dit is het logo, echt waar.\n";
	expect_logo_error("a text file named logo.png", "logo.png", text, strlen(text),
			  "not a PNG or SVG image");
}
END_TEST

static guint32 crc32_of(const unsigned char *p, size_t len)
{
	guint32 crc = 0xFFFFFFFFu;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return crc ^ 0xFFFFFFFFu;
}

static void put_be32(unsigned char *p, guint32 v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

START_TEST(logo_png_too_large)
{
	/* A PNG signature and a correct IHDR chunk (with its CRC) for 100000 x 100000 pixels,
	 * and no image data: the size must be refused from the header, before any decoding. */
	unsigned char png[8 + 25] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char *chunk = png + 8;
	put_be32(chunk, 13);
	memcpy(chunk + 4, "IHDR", 4);
	put_be32(chunk + 8, 100000);
	put_be32(chunk + 12, 100000);
	chunk[16] = 8; /* bit depth */
	chunk[17] = 6; /* RGBA */
	put_be32(chunk + 21, crc32_of(chunk + 4, 17));
	expect_logo_error("a PNG of 100000 x 100000 pixels", "reus.png", (const char *)png,
			  sizeof png,
			  "PNG of 100000 x 100000 pixels: at most 16777216 pixels are allowed");
}
END_TEST

START_TEST(logo_svg_filter)
{
	static const char svg[] =
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
		"<filter id=\"f\"><feGaussianBlur stdDeviation=\"2\"/></filter>"
		"<rect width=\"10\" height=\"10\" filter=\"url(#f)\"/></svg>\n";
	expect_logo_error("an SVG with a blur filter", "wazig.svg", svg, strlen(svg),
			  "SVG filters (<filter>) print blurred; draw the logo without them");
}
END_TEST

START_TEST(file_name_not_a_slug)
{
	char *dir = tmp_create();
	char *path = tmp_write(dir, "Foo Bar.yaml", BODY);
	char *expected = g_strdup_printf("%s: a body file is named <slug>.yaml, with a slug of "
					 "lower-case letters, digits and '-'",
					 path);
	expect_load_error("a body file named 'Foo Bar.yaml'", path, expected);
	g_free(expected);
	g_free(path);
	path = tmp_write(dir, "proef.yml", BODY);
	expected = g_strdup_printf("%s: a body file is named <slug>.yaml, with a slug of "
				   "lower-case letters, digits and '-'",
				   path);
	expect_load_error("a body file named 'proef.yml'", path, expected);
	g_free(expected);
	g_free(path);
	tmp_remove(dir);
}
END_TEST

/* ---- Dates, the next evening and the QR code's address ---- */

START_TEST(parse_date)
{
	struct body_date d = {1, 1, 1};
	ck_assert(body_parse_date("2024-02-29", &d));
	expect_date("2024-02-29", &d, 2024, 2, 29);
	static const char *const bad[] = {"2027-02-29", "2027-02-30", "2027-13-01", "2027-00-10",
					  "2027-1-14",  "27-01-14",   "2027/01/14", "2027-01-14x",
					  "",	       "14-01-2027"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		struct body_date untouched = {1, 2, 3};
		ck_assert_msg(!body_parse_date(bad[i], &untouched), "'%s' was taken for a date",
			      bad[i]);
		expect_date(bad[i], &untouched, 1, 2, 3);
	}
}
END_TEST

START_TEST(weekday)
{
	static const struct {
		const char *date;
		int weekday; /* 0 = Monday */
	} cases[] = {
		{"2027-01-14", 3}, /* a Thursday: the first veldkers evening */
		{"2026-11-29", 6}, /* a Sunday */
		{"2024-02-29", 3}, /* a leap day, a Thursday */
		{"2027-03-08", 0}, /* a Monday */
		{"2000-01-01", 5}, /* a Saturday */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct body_date d = date_of(cases[i].date);
		ck_assert_msg(body_date_weekday(&d) == cases[i].weekday,
			      "%s: weekday %d, expected %d", cases[i].date, body_date_weekday(&d),
			      cases[i].weekday);
	}
}
END_TEST

/* The date of body_next_evening(b, today), or "none". */
static void expect_next(const struct body *b, const char *today, const char *expected)
{
	struct body_date t = date_of(today);
	const struct body_evening *next = body_next_evening(b, &t);
	char got[16] = "none";
	if (next)
		g_snprintf(got, sizeof got, "%04d-%02d-%02d", next->date.year, next->date.month,
			   next->date.day);
	ck_assert_msg(!strcmp(got, expected), "%s on %s: next evening %s, expected %s", b->slug,
		      today, got, expected);
}

START_TEST(next_evening)
{
	struct body *b = load_sample("veldkers");
	expect_next(b, "2026-11-29", "2027-01-14"); /* before all evenings */
	expect_next(b, "2027-01-14", "2027-01-14"); /* on the day itself */
	expect_next(b, "2027-01-15", "2027-03-11"); /* between the two */
	expect_next(b, "2027-03-11", "2027-03-11");
	expect_next(b, "2027-03-12", "none");       /* after all evenings */
	expect_next(b, "2030-01-01", "none");
	body_destroy(b);

	/* Evenings need not be in date order in the file. */
	char *dir = tmp_create();
	char *yaml = g_strdup_printf("%s"
				     "  - date: 2026-12-01\n"
				     "    time: 20.00 uur\n"
				     "    place: Het Gemeentehuis\n",
				     BODY);
	char *path = tmp_write(dir, "proef.yaml", yaml);
	b = load_ok("evenings out of order", path);
	expect_next(b, "2026-11-29", "2026-12-01");
	expect_next(b, "2026-12-02", "2027-01-14");
	body_destroy(b);
	g_free(path);
	g_free(yaml);
	tmp_remove(dir);
}
END_TEST

START_TEST(qr_url)
{
	struct body_date before = date_of("2026-11-29"), after = date_of("2027-03-12");
	struct body *b = load_sample("veldkers");
	/* The next evening's sign-up page... */
	ck_assert_str_eq(body_qr_url(b, body_next_evening(b, &before)),
			 "https://www.veldkers.example/informatieavond-januari");
	/* ...else, with no evening to come, the website. */
	ck_assert_ptr_null(body_next_evening(b, &after));
	ck_assert_str_eq(body_qr_url(b, NULL), "https://www.veldkers.example/zij-instroom");
	body_destroy(b);

	/* An evening without a sign-up page: the website. */
	b = load_sample("zandloper");
	const struct body_evening *next = body_next_evening(b, &before);
	ck_assert_ptr_nonnull(next);
	ck_assert_str_eq(body_qr_url(b, next), "https://werkenbij.zandloper.example");
	body_destroy(b);

	/* Neither a sign-up page nor a website: no QR code. */
	char *dir = tmp_create();
	char *yaml = test_replace(BODY, "  website: https://www.proef.example\n", "");
	char *cut = test_replace(yaml, "    signup: https://www.proef.example/avond\n", "");
	char *path = tmp_write(dir, "proef.yaml", cut);
	b = load_ok("no website, no sign-up page", path);
	ck_assert_ptr_null(body_qr_url(b, body_next_evening(b, &before)));
	body_destroy(b);
	g_free(path);
	g_free(cut);
	g_free(yaml);
	tmp_remove(dir);
}
END_TEST

/* ---- A body's colours on a layout ---- */

/* a4-portrait's palette with the body colours, derived and checked as for an edition. */
static bool check_body_colours(const char *primary, const char *accent, struct diag *d)
{
	char *path = test_source_path("layouts/a4-portrait.yaml");
	struct spec *s = NULL;
	struct diag load = {0};
	bool loaded = spec_load(path, &s, &load);
	ck_assert_msg(loaded, "%s did not load", path);
	struct spec_palette p = s->palette;
	ck_assert(value_parse_rgb(primary, &p.colour[SPEC_PRIMARY]));
	ck_assert(value_parse_rgb(accent, &p.colour[SPEC_ACCENT]));
	spec_palette_derive(&p);
	bool ok = spec_check_contrast(s, &p, "data/bodies/grijs.yaml", d);
	spec_destroy(s);
	g_free(path);
	return ok;
}

START_TEST(contrast_grey_primary_refused)
{
	/* #7A7A7A: white on it is 4.29:1, the ink 3.69:1; the title (21 pt bold, large text)
	 * passes at 3:1, the 12.5 pt subtitle needs 4.5:1 and is the first pair to fail. */
	struct diag d = {0};
	ck_assert(!check_body_colours("#7A7A7A", "#E8A33D", &d));
	test_assert_diag(&d, "primary #7A7A7A on a4-portrait",
			 "data/bodies/grijs.yaml: unreadable colour pair: subtitle text "
			 "(on_primary #FFFFFF) on header_band (primary #7A7A7A) has contrast "
			 "4.29:1, needs at least 4.5:1 (WCAG 2.1 AA)");
	diag_finish(&d);
}
END_TEST

START_TEST(contrast_dark_and_light_primary_pass)
{
	/* A dark primary takes white text, a light one the ink; both read. */
	static const char *const primaries[] = {"#1B4D3E", "#F2C94C", "#6A2C70"};
	for (size_t i = 0; i < G_N_ELEMENTS(primaries); i++) {
		struct diag d = {0};
		bool ok = check_body_colours(primaries[i], "#1F6F8B", &d);
		char *msg = ok ? NULL : diag_format(&d);
		ck_assert_msg(ok, "primary %s refused: %s", primaries[i], msg);
		diag_finish(&d);
	}
}
END_TEST

/* ---- bodyset: a folder of bodies ---- */

static struct bodyset *load_set(const char *dir)
{
	struct bodyset *s = NULL;
	struct diag d = {0};
	bool ok = bodyset_load(dir, &s, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "bodyset_load(%s) failed: %s", dir, msg);
	return s;
}

/* Reserves and acquires the body `slug`, as a run does for one edition. */
static bool acquire(struct bodyset *s, const char *slug, struct bodyset_hold *h, struct diag *d)
{
	struct bodyset_entry *e = bodyset_find(s, slug);
	ck_assert_msg(e != NULL, "no entry for %s", slug);
	bodyset_reserve(s, e);
	return bodyset_acquire(s, e, h, d);
}

/* Acquires `slug`, which must fail with exactly `expected`. */
static void assert_acquire_fails(struct bodyset *s, const char *slug, const char *what,
				 const char *expected)
{
	struct bodyset_hold h;
	struct diag d = {0};
	ck_assert_msg(!acquire(s, slug, &h, &d), "%s: %s was acquired", what, slug);
	test_assert_diag(&d, what, expected);
	diag_finish(&d);
	ck_assert_uint_eq(bodyset_find(s, slug)->uses, 0); /* the reservation is given back */
}

START_TEST(bodyset_samples)
{
	char *dir = test_source_path("data/bodies");
	struct bodyset *s = load_set(dir);
	ck_assert_uint_eq(s->count, 3);
	static const char *const slugs[] = {"duinhaven", "veldkers", "zandloper"}; /* sorted */
	for (size_t i = 0; i < 3; i++) {
		ck_assert_str_eq(s->entries[i].slug, slugs[i]);
		ck_assert_ptr_null(s->entries[i].body); /* listed, not loaded */
	}
	ck_assert_ptr_eq(bodyset_find(s, "duinhaven"), &s->entries[0]);
	ck_assert_ptr_eq(bodyset_find(s, "zandloper"), &s->entries[2]);
	ck_assert_ptr_null(bodyset_find(s, "onbekend"));
	ck_assert_ptr_null(bodyset_find(s, "a"));
	ck_assert_ptr_null(bodyset_find(s, "zzz"));

	/* The region's members are loaded with it, and are the very bodies their own
	 * editions use while both are in progress: each body is loaded (its logo decoded) once. */
	struct bodyset_hold region, veldkers;
	struct diag d = {0};
	test_assert_ok(acquire(s, "veldkers", &veldkers, &d), &d, "acquire veldkers");
	test_assert_ok(acquire(s, "duinhaven", &region, &d), &d, "acquire duinhaven");
	ck_assert_str_eq(region.body->slug, "duinhaven");
	ck_assert_uint_eq(region.n_members, 2);
	ck_assert_ptr_eq(region.members[0], veldkers.body);
	ck_assert_str_eq(region.members[1]->slug, "zandloper");
	ck_assert_uint_eq(veldkers.n_members, 0);
	bodyset_release(s, &region);
	ck_assert_ptr_null(bodyset_find(s, "zandloper")->body); /* nobody needs it any more */
	ck_assert_ptr_null(bodyset_find(s, "duinhaven")->body);
	ck_assert_ptr_nonnull(bodyset_find(s, "veldkers")->body); /* still held */
	bodyset_release(s, &veldkers);
	ck_assert_ptr_null(bodyset_find(s, "veldkers")->body);

	/* Reserved for two editions, a body stays loaded between them. */
	struct bodyset_entry *z = bodyset_find(s, "zandloper");
	bodyset_reserve(s, z);
	struct bodyset_hold first, second;
	test_assert_ok(acquire(s, "zandloper", &first, &d), &d, "acquire zandloper");
	const struct body *loaded = first.body;
	bodyset_release(s, &first);
	ck_assert_ptr_eq(z->body, loaded);
	ck_assert(bodyset_acquire(s, z, &second, &d));
	ck_assert_ptr_eq(second.body, loaded);
	bodyset_release(s, &second);
	ck_assert_ptr_null(z->body);
	bodyset_destroy(s);
	g_free(dir);
}
END_TEST

START_TEST(bodyset_one_broken)
{
	char *dir = tmp_create();
	g_free(tmp_write(dir, "goed.yaml", BODY));
	char *broken = test_replace(BODY, "  primary: \"#1B4D3E\"\n", "  primary: \"#12345\"\n");
	char *broken_path = tmp_write(dir, "kapot.yaml", broken);
	g_free(tmp_write(dir, "leesmij.txt", "geen body\n")); /* not .yaml: not a body */
	struct bodyset *s = load_set(dir);
	ck_assert_uint_eq(s->count, 2);
	ck_assert_str_eq(s->entries[0].slug, "goed");
	ck_assert_str_eq(s->entries[1].slug, "kapot");
	/* The broken one fails with its own message, every time it is asked for; the good one
	 * loads. */
	char *expected = g_strdup_printf("%s:4:12: colors.primary: expected a colour as "
					 "\"#RRGGBB\", found '#12345'",
					 broken_path);
	assert_acquire_fails(s, "kapot", "kapot.yaml in a folder", expected);
	assert_acquire_fails(s, "kapot", "kapot.yaml asked for again", expected);
	struct bodyset_hold h;
	struct diag d = {0};
	test_assert_ok(acquire(s, "goed", &h, &d), &d, "acquire goed");
	ck_assert_str_eq(h.body->name, "Stichting Proef");
	bodyset_release(s, &h);
	g_free(expected);
	bodyset_destroy(s);
	g_free(broken_path);
	g_free(broken);
	tmp_remove(dir);
}
END_TEST

/* A region named `regio.yaml` in `dir` whose members are `members` (a YAML list's lines). */
static char *write_region(const char *dir, const char *members)
{
	char *yaml = test_replace(BODY, "kind: bestuur\n", "kind: regio\n");
	char *region = g_strdup_printf("%smembers:\n%s", yaml, members);
	char *path = tmp_write(dir, "regio.yaml", region);
	g_free(region);
	g_free(yaml);
	return path;
}

START_TEST(bodyset_member_missing)
{
	char *dir = tmp_create();
	g_free(tmp_write(dir, "goed.yaml", BODY));
	/* Lines 14 (members:), 15 and 16. */
	char *path = write_region(dir, "  - goed\n  - ontbreekt\n");
	struct bodyset *s = load_set(dir);
	char *expected = g_strdup_printf("%s:16:5: members[1]: no body file for the member board "
					 "'ontbreekt'",
					 path);
	assert_acquire_fails(s, "regio", "a region with a missing member", expected);
	ck_assert_ptr_null(bodyset_find(s, "goed")->body); /* its member let go of as well */
	ck_assert_uint_eq(bodyset_find(s, "goed")->uses, 0);
	struct bodyset_hold h;
	struct diag d = {0};
	test_assert_ok(acquire(s, "goed", &h, &d), &d, "acquire goed"); /* the member itself is fine */
	bodyset_release(s, &h);
	g_free(expected);
	bodyset_destroy(s);
	g_free(path);
	tmp_remove(dir);
}
END_TEST

START_TEST(bodyset_member_broken_or_a_region)
{
	char *dir = tmp_create();
	char *broken = test_replace(BODY, "kind: bestuur\n", "kind: school\n");
	g_free(tmp_write(dir, "kapot.yaml", broken));
	char *path = write_region(dir, "  - kapot\n");
	struct bodyset *s = load_set(dir);
	char *expected = g_strdup_printf("%s:15:5: members[0]: the member board's own file has an "
					 "error: 'kapot'",
					 path);
	assert_acquire_fails(s, "regio", "a region whose member is broken", expected);
	g_free(expected);
	bodyset_destroy(s);
	g_free(path);

	/* A region cannot be a member (of itself, here). */
	path = write_region(dir, "  - regio\n");
	s = load_set(dir);
	expected = g_strdup_printf("%s:15:5: members[0]: a member must be of kind 'bestuur': "
				   "'regio'",
				   path);
	assert_acquire_fails(s, "regio", "a region that lists itself", expected);
	g_free(expected);
	bodyset_destroy(s);
	g_free(path);
	g_free(broken);
	tmp_remove(dir);
}
END_TEST

START_TEST(bodyset_no_folder)
{
	char *dir = tmp_create();
	char *missing = g_build_filename(dir, "geen-map", NULL);
	struct bodyset *s = NULL;
	struct diag d = {0};
	ck_assert(!bodyset_load(missing, &s, &d));
	ck_assert_ptr_null(s);
	char *prefix = g_strdup_printf("%s: cannot read the bodies folder: ", missing);
	test_assert_diag_contains(&d, "a bodies folder that does not exist", prefix);
	g_free(prefix);
	diag_finish(&d);
	g_free(missing);
	tmp_remove(dir);
}
END_TEST

/* ---- Regressions: bugs this suite found ---- */

/* Regression (src/body.c, read_url): only the scheme was checked, so "https://" with no host
 * was taken for a web address, printed, and put in a QR code that points nowhere. */
START_TEST(url_without_host)
{
	expect_edit_error("a sign-up address of only https://",
			  "    signup: https://www.proef.example/avond\n",
			  "    signup: \"https://\"\n", 13, 13,
			  "evenings[0].signup: expected a web address starting with https://, "
			  "found 'https://'");
}
END_TEST

/* Regression (src/body.c, body_parse_date): sscanf's %2d takes a sign, so "2027-+1-14" was
 * read as 14 January 2027 although it is not YYYY-MM-DD. */
START_TEST(date_with_sign)
{
	struct body_date d = {1, 2, 3};
	ck_assert_msg(!body_parse_date("2027-+1-14", &d),
		      "'2027-+1-14' was taken for %04d-%02d-%02d", d.year, d.month, d.day);
	ck_assert_msg(!body_parse_date("2027-01--4", &d), "'2027-01--4' was taken for a date");
}
END_TEST

/* Regression (fixed; src/body.c, load_logo): an absolute logo path was put under the body's
 * folder ("/tmp/b/work/logos/x.png" for "/work/logos/x.png"), so the logo was not found and
 * the message named a file that had never been asked for. */
START_TEST(logo_absolute_path)
{
	char *dir = tmp_create();
	char *logo = test_source_path("data/bodies/logos/zandloper.png");
	char *yaml = g_strdup_printf("%slogo:\n  file: %s\n  alt: Logo van Stichting Proef\n", BODY,
				     logo);
	char *path = tmp_write(dir, "proef.yaml", yaml);
	struct body *b = load_ok("an absolute logo path", path);
	ck_assert_ptr_nonnull(b->logo);
	body_destroy(b);
	g_free(path);
	g_free(yaml);
	g_free(logo);
	tmp_remove(dir);
}
END_TEST

Suite *body_suite(void)
{
	Suite *s = suite_create("body");
	TCase *samples = tcase_create("samples");
	tcase_add_test(samples, sample_veldkers);
	tcase_add_test(samples, sample_zandloper);
	tcase_add_test(samples, sample_duinhaven);
	suite_add_tcase(s, samples);
	TCase *err = tcase_create("errors");
	tcase_add_test(err, unknown_key);
	tcase_add_test(err, missing_name);
	tcase_add_test(err, wrong_kind);
	tcase_add_test(err, bad_colour);
	tcase_add_test(err, bad_url);
	tcase_add_test(err, bad_email);
	tcase_add_test(err, bad_date);
	tcase_add_test(err, members_on_a_bestuur);
	tcase_add_test(err, logo_missing);
	tcase_add_test(err, logo_broken_svg);
	tcase_add_test(err, logo_text_file);
	tcase_add_test(err, logo_png_too_large);
	tcase_add_test(err, logo_svg_filter);
	tcase_add_test(err, file_name_not_a_slug);
	suite_add_tcase(s, err);
	TCase *dates = tcase_create("evenings");
	tcase_add_test(dates, parse_date);
	tcase_add_test(dates, weekday);
	tcase_add_test(dates, next_evening);
	tcase_add_test(dates, qr_url);
	suite_add_tcase(s, dates);
	TCase *colours = tcase_create("colours");
	tcase_add_test(colours, contrast_grey_primary_refused);
	tcase_add_test(colours, contrast_dark_and_light_primary_pass);
	suite_add_tcase(s, colours);
	TCase *set = tcase_create("bodyset");
	tcase_add_test(set, bodyset_samples);
	tcase_add_test(set, bodyset_one_broken);
	tcase_add_test(set, bodyset_member_missing);
	tcase_add_test(set, bodyset_member_broken_or_a_region);
	tcase_add_test(set, bodyset_no_folder);
	suite_add_tcase(s, set);
	TCase *bugs = test_regressions(s);
	tcase_add_test(bugs, url_without_host);
	tcase_add_test(bugs, date_with_sign);
	tcase_add_test(bugs, logo_absolute_path);
	return s;
}
