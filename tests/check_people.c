/* people: the list of candidates from CSV (as spreadsheets export it) and YAML. Each input is
 * written to a file of its own in a temporary folder, since people_load takes a path; every
 * message is asserted exactly, with the file and line (and column for YAML). */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "people.h"
#include "suites.h"
#include "testutil.h"
#include "value.h"

/* Stands in for "not written": a fatal load must leave *out pointing here. */
static struct people sentinel;

/* One input file in a temporary folder, and what people_load made of it. */
struct run {
	char *dir, *path;
	bool ok;
	struct people *people;
	struct people_errors errors;
	struct diag fatal;
};

static void run_load(struct run *r, const char *name, const char *data, size_t len)
{
	GError *err = NULL;
	*r = (struct run){.people = &sentinel};
	r->dir = g_dir_make_tmp("check_people-XXXXXX", &err);
	ck_assert_msg(r->dir != NULL, "cannot make a temporary folder: %s",
		      err ? err->message : "?");
	r->path = g_build_filename(r->dir, name, NULL);
	gboolean written = g_file_set_contents(r->path, data, (gssize)len, &err);
	ck_assert_msg(written, "cannot write %s: %s", r->path, err ? err->message : "?");
	r->ok = people_load(r->path, &r->people, &r->errors, &r->fatal);
}

/* `text` as the file `name` (the extension picks the format). */
static void run_text(struct run *r, const char *name, const char *text)
{
	run_load(r, name, text, strlen(text));
}

static void run_finish(struct run *r)
{
	if (r->people != &sentinel)
		people_destroy(r->people);
	people_errors_finish(&r->errors);
	diag_finish(&r->fatal);
	g_unlink(r->path);
	g_rmdir(r->dir);
	g_free(r->path);
	g_free(r->dir);
}

/* What diag_format gives for a problem at line:column of the run's file. */
static char *at(const struct run *r, int line, int column, const char *message)
{
	if (line <= 0)
		return g_strdup_printf("%s: %s", r->path, message);
	if (column <= 0)
		return g_strdup_printf("%s:%d: %s", r->path, line, message);
	return g_strdup_printf("%s:%d:%d: %s", r->path, line, column, message);
}

/* Asserts a successful load with `people` people and `errors` record errors. */
static void expect_loaded(const struct run *r, const char *what, size_t people, size_t errors)
{
	char *fatal = r->ok ? NULL : diag_format(&r->fatal);
	ck_assert_msg(r->ok, "%s: expected to load, failed with \"%s\"", what, fatal);
	char *first = r->errors.count ? diag_format(&r->errors.items[0]) : g_strdup("none");
	char msg[1024];
	g_snprintf(msg, sizeof msg,
		   "%s: expected %zu people and %zu errors, got %zu and %zu "
		   "(first error: %s)",
		   what, people, errors, r->people->count, r->errors.count, first);
	g_free(first);
	ck_assert_msg(r->people->count == people && r->errors.count == errors, "%s", msg);
}

/* Asserts that record error `i` is exactly `message` at line:column. */
static void expect_record_error(const struct run *r, const char *what, size_t i, int line,
				int column, const char *message)
{
	ck_assert_msg(i < r->errors.count, "%s: expected error %zu, found only %zu errors", what, i,
		      r->errors.count);
	char *expected = at(r, line, column, message);
	test_assert_diag(&r->errors.items[i], what, expected);
	g_free(expected);
}

/* Asserts a fatal failure with exactly `message` that left *out and the errors untouched. */
static void expect_fatal(const struct run *r, const char *what, int line, int column,
			 const char *message)
{
	ck_assert_msg(!r->ok, "%s: loaded, expected the error \"%s\"", what, message);
	ck_assert_msg(r->people == &sentinel, "%s: failed, but changed *out", what);
	ck_assert_msg(r->errors.count == 0, "%s: failed, but added %zu record errors", what,
		      r->errors.count);
	char *expected = at(r, line, column, message);
	test_assert_diag(&r->fatal, what, expected);
	g_free(expected);
}

/* Asserts that a field is NULL (expected == NULL) or exactly `expected`. */
static void expect_field(const char *what, const char *field, const char *got, const char *expected)
{
	if (!expected)
		ck_assert_msg(got == NULL, "%s: %s is '%s', expected NULL", what, field, got);
	else
		ck_assert_msg(got && !strcmp(got, expected), "%s: %s is '%s', expected '%s'", what,
			      field, got ? got : "(null)", expected);
}

static const struct person *person_at(const struct run *r, size_t i)
{
	ck_assert_msg(i < r->people->count, "expected person %zu, found only %zu", i,
		      r->people->count);
	return &r->people->items[i];
}

/* ---- CSV: the format ---- */

START_TEST(csv_semicolon_with_bom)
{
	struct run r;
	run_text(&r, "t.csv",
		 "\xEF\xBB\xBFnaam;bestuur;e-mail\n"      /* 1 */
		 "Jan Jansen;veldkers;jan@post.example\n" /* 2 */
		 "Piet, de Boer;zandloper;\n");           /* 3 */
	expect_loaded(&r, "';' with a BOM", 2, 0);
	const struct person *jan = person_at(&r, 0), *piet = person_at(&r, 1);
	expect_field("Jan", "name", jan->name, "Jan Jansen"); /* the BOM is not part of it */
	expect_field("Jan", "body", jan->body, "veldkers");
	expect_field("Jan", "email", jan->email, "jan@post.example");
	expect_field("Jan", "school", jan->school, NULL);
	expect_field("Jan", "slug", jan->slug, "jan-jansen");
	ck_assert_int_eq(jan->line, 2);
	ck_assert_int_eq(jan->column, 0);
	expect_field("Piet", "name", piet->name, "Piet, de Boer"); /* ',' is text under ';' */
	expect_field("Piet", "email", piet->email, NULL);
	ck_assert_int_eq(piet->line, 3);
	run_finish(&r);
}
END_TEST

START_TEST(csv_comma_without_bom)
{
	struct run r;
	run_text(&r, "t.csv",
		 "name,body,email,notes\n"
		 "Jan Jansen,veldkers,jan@post.example,een; twee\n"
		 "\"Boer, Piet de\",zandloper,,\"drie, vier\"");
	expect_loaded(&r, "',' without a BOM and without a final line break", 2, 0);
	expect_field("Jan", "notes", person_at(&r, 0)->notes, "een; twee");
	expect_field("Piet", "name", person_at(&r, 1)->name, "Boer, Piet de");
	expect_field("Piet", "notes", person_at(&r, 1)->notes, "drie, vier");
	run_finish(&r);

	/* A ';' inside a quoted header name does not count towards the separator. */
	run_text(&r, "t.csv", "naam,bestuur,\"notes\"\nJan;Jansen,veldkers,x\n");
	expect_loaded(&r, "',' with a quoted header name", 1, 0);
	expect_field("Jan", "name", person_at(&r, 0)->name, "Jan;Jansen");
	run_finish(&r);
}
END_TEST

START_TEST(csv_quoted_fields)
{
	struct run r;
	run_text(&r, "t.csv",
		 "naam;bestuur;notities\n"                            /* 1 */
		 "\"Jan \"\"JJ\"\" Jansen\";veldkers;\"een; twee\"\n" /* 2 */
		 "Piet;veldkers;\"regel een\n"                        /* 3 */
		 "regel twee;\n"                                      /* 4 */
		 "regel drie\"\n"                                     /* 5 */
		 "Klaas;zandloper;\"\"\n"                             /* 6 */
		 "\"Truus\";\"duinhaven\";gewoon\n"                   /* 7 */
		 "Kees;veldkers\n"                                    /* 8 */
		 "Joop;veldkers;\"\"\"\"\n");                         /* 9 */
	expect_loaded(&r, "quoted fields", 5, 1);
	expect_field("Jan", "name", person_at(&r, 0)->name, "Jan \"JJ\" Jansen");
	expect_field("Jan", "notes", person_at(&r, 0)->notes, "een; twee");
	ck_assert_int_eq(person_at(&r, 0)->line, 2);
	expect_field("Piet", "notes", person_at(&r, 1)->notes,
		     "regel een\nregel twee;\nregel drie");
	ck_assert_int_eq(person_at(&r, 1)->line, 3); /* where the record starts */
	expect_field("Klaas", "notes", person_at(&r, 2)->notes, NULL);
	/* Line numbers after a multi-line record stay right. */
	ck_assert_int_eq(person_at(&r, 2)->line, 6);
	expect_field("Truus", "body", person_at(&r, 3)->body, "duinhaven");
	ck_assert_int_eq(person_at(&r, 3)->line, 7);
	expect_field("Joop", "notes", person_at(&r, 4)->notes, "\"");
	expect_record_error(&r, "Kees", 0, 8, 0, "expected 3 fields, found 2");
	run_finish(&r);
}
END_TEST

START_TEST(csv_text_after_closing_quote)
{
	struct run r;
	run_text(&r, "t.csv", "naam;bestuur\n\"Jan\" Jansen;veldkers\n\"Piet\"  ;veldkers\n");
	expect_loaded(&r, "text after a closing quote", 1, 1);
	expect_record_error(&r, "text after a closing quote", 0, 2, 0,
			    "text after the closing quote of a field ('Jansen'): write \"\" for "
			    "a quote inside quotes");
	expect_field("Piet", "name", person_at(&r, 0)->name, "Piet"); /* blanks are fine */
	run_finish(&r);
}
END_TEST

START_TEST(csv_line_ends)
{
	struct run r;
	run_text(&r, "t.csv",
		 "naam;bestuur;notities\r\n"        /* 1 */
		 "Jan;veldkers;\"een\r\ntwee\"\r\n" /* 2-3 */
		 "Piet;zandloper;x\r\n"             /* 4 */
		 "Kees;veldkers\r\n"                /* 5 */
		 "\r\n");
	expect_loaded(&r, "CRLF", 2, 1);
	expect_field("Jan", "notes", person_at(&r, 0)->notes, "een\ntwee");
	expect_field("Piet", "notes", person_at(&r, 1)->notes, "x"); /* no '\r' left */
	ck_assert_int_eq(person_at(&r, 1)->line, 4);
	expect_record_error(&r, "CRLF", 0, 5, 0, "expected 3 fields, found 2");
	run_finish(&r);

	/* Lone CRs, as old Mac spreadsheets wrote. */
	run_text(&r, "t.csv", "naam;bestuur\rJan;veldkers\r\rPiet;zandloper;x\r");
	expect_loaded(&r, "CR", 1, 1);
	expect_record_error(&r, "CR", 0, 4, 0, "expected 2 fields, found 3");
	run_finish(&r);
}
END_TEST

START_TEST(csv_blank_rows_skipped)
{
	struct run r;
	run_text(&r, "t.csv",
		 "\n \n"           /* 1-2: before the header */
		 "naam;bestuur\n"  /* 3 */
		 "\n"              /* 4 */
		 "Jan;veldkers\n"  /* 5 */
		 ";\n"             /* 6: an empty sheet row */
		 " ; \t\n"         /* 7 */
		 "Piet;veldkers\n" /* 8 */
		 "\n\n\r\n");
	expect_loaded(&r, "blank rows", 2, 0);
	ck_assert_int_eq(person_at(&r, 0)->line, 5);
	ck_assert_int_eq(person_at(&r, 1)->line, 8);
	run_finish(&r);

	run_text(&r, "t.csv", "\xEF\xBB\xBFnaam;bestuur\r\n");
	expect_loaded(&r, "a header only", 0, 0);
	run_finish(&r);
}
END_TEST

START_TEST(csv_wrong_field_count)
{
	struct run r;
	run_text(&r, "t.csv",
		 "naam;bestuur;e-mail;school;notities\n"  /* 1 */
		 "Jan;veldkers;;;\n"                      /* 2 */
		 "Piet;veldkers;;;;\n"                    /* 3 */
		 "Klaas;zandloper;;\n"                    /* 4 */
		 "Truus;duinhaven;;De Klimop;\"a;b\"\n"); /* 5 */
	expect_loaded(&r, "rows with too many and too few fields", 2, 2);
	expect_record_error(&r, "too many fields", 0, 3, 0, "expected 5 fields, found 6");
	expect_record_error(&r, "too few fields", 1, 4, 0, "expected 5 fields, found 4");
	expect_field("Jan", "name", person_at(&r, 0)->name, "Jan");
	expect_field("Truus", "notes", person_at(&r, 1)->notes, "a;b");
	run_finish(&r);
}
END_TEST

START_TEST(csv_unterminated_quote)
{
	struct run r;
	run_text(&r, "t.csv",
		 "naam;bestuur\n"
		 "Jan;veldkers\n"
		 ";veldkers\n"        /* 3: a record error, dropped with the rest */
		 "Piet;\"zandloper\n" /* 4 */
		 "Klaas;veldkers\n");
	expect_fatal(&r, "an unterminated quote", 4, 0,
		     "unterminated quoted field: the quote opened on this line is never closed");
	run_finish(&r);

	run_text(&r, "t.csv", "\"naam;bestuur\n");
	expect_fatal(&r, "an unterminated quote in the header", 1, 0,
		     "unterminated quoted field: the quote opened on this line is never closed");
	run_finish(&r);
}
END_TEST

/* ---- CSV: the header ---- */

START_TEST(csv_header_names)
{
	struct run r;
	run_text(&r, "t.csv",
		 " Notes ;SCHOOL;Buddy; Contact;Start;E-Mail;Name;Body\n"
		 "n;s;b;c;1 september;a@b.example;N;veldkers\n");
	expect_loaded(&r, "English names in any case and order", 1, 0);
	const struct person *p = person_at(&r, 0);
	expect_field("English", "name", p->name, "N");
	expect_field("English", "body", p->body, "veldkers");
	expect_field("English", "email", p->email, "a@b.example");
	expect_field("English", "school", p->school, "s");
	expect_field("English", "maatje", p->maatje, "b");
	expect_field("English", "contact", p->contact, "c");
	expect_field("English", "start_date", p->start_date, "1 september");
	expect_field("English", "notes", p->notes, "n");
	run_finish(&r);

	run_text(&r, "t.csv",
		 "Naam;Bestuur;E-mail;School;Maatje;Contactpersoon;Startdatum;Notities\n"
		 "N;veldkers;a@b.example;s;b;c;2025-09-01;n\n");
	expect_loaded(&r, "Dutch names", 1, 0);
	expect_field("Dutch", "maatje", person_at(&r, 0)->maatje, "b");
	expect_field("Dutch", "contact", person_at(&r, 0)->contact, "c");
	expect_field("Dutch", "start_date", person_at(&r, 0)->start_date, "2025-09-01");
	run_finish(&r);
}
END_TEST

START_TEST(csv_unknown_column)
{
	struct run r;
	run_text(&r, "t.csv", "naam;bestuur;Telefoon\nJan;veldkers;06\n");
	expect_fatal(&r, "an unknown column", 1, 0,
		     "unknown column 'telefoon' (expected: naam|name, bestuur|body, e-mail|email, "
		     "school, maatje|buddy, contactpersoon|contact, startdatum|start, "
		     "notities|notes)");
	run_finish(&r);

	run_text(&r, "t.csv", "naam;bestuur;\nJan;veldkers;\n");
	expect_fatal(&r, "a column without a name", 1, 0, "column 3 of the header has no name");
	run_finish(&r);
}
END_TEST

START_TEST(csv_duplicate_column)
{
	struct run r;
	run_text(&r, "t.csv", "naam;bestuur;Name\nJan;veldkers;Jan\n");
	expect_fatal(&r, "naam and name", 1, 0,
		     "duplicate column 'name': column 1 ('naam') already holds the name");
	run_finish(&r);

	run_text(&r, "t.csv", "naam;e-mail;bestuur;E-MAIL\n");
	expect_fatal(&r, "e-mail twice", 1, 0,
		     "duplicate column 'e-mail': column 2 ('e-mail') already holds the email");
	run_finish(&r);
}
END_TEST

START_TEST(csv_missing_column)
{
	struct run r;
	run_text(&r, "t.csv", "naam;e-mail\nJan;jan@post.example\n");
	expect_fatal(&r, "no bestuur column", 1, 0,
		     "missing required column 'bestuur' (or 'body')");
	run_finish(&r);

	run_text(&r, "t.csv", "\xEF\xBB\xBF\nbody;email\n");
	expect_fatal(&r, "no naam column", 2, 0, "missing required column 'naam' (or 'name')");
	run_finish(&r);

	run_text(&r, "t.csv", "naam\tbestuur\nJan\tveldkers\n");
	expect_fatal(&r, "tab-separated", 1, 0,
		     "expected a header line with the column names separated by ';' or ',' "
		     "(naam;bestuur;...), found no separator");
	run_finish(&r);

	run_text(&r, "t.csv", "\xEF\xBB\xBF\r\n  \r\n");
	expect_fatal(&r, "an empty file", 0, 0,
		     "the file is empty: expected a header line with the column names "
		     "(naam;bestuur;...)");
	run_finish(&r);
}
END_TEST

/* ---- CSV: the values ---- */

START_TEST(csv_empty_name)
{
	struct run r;
	run_text(&r, "t.csv",
		 "naam;bestuur\n"
		 ";veldkers\n"           /* 2 */
		 " \xC2\xA0 ;veldkers\n" /* 3: a no-break space is blank too */
		 "Jan;veldkers\n"        /* 4 */
		 "Piet; \n");            /* 5 */
	expect_loaded(&r, "empty names and bodies", 1, 3);
	expect_record_error(&r, "an empty name", 0, 2, 0, "naam is empty");
	expect_record_error(&r, "a blank name", 1, 3, 0, "naam is empty");
	expect_record_error(&r, "an empty body", 2, 5, 0, "bestuur is empty");
	run_finish(&r);

	run_text(&r, "t.csv", "Body;Name\nveldkers;\n");
	expect_loaded(&r, "an empty name under an English header", 0, 1);
	expect_record_error(&r, "an empty name", 0, 2, 0, "name is empty");
	run_finish(&r);
}
END_TEST

START_TEST(csv_bad_email)
{
	static const char *const bad[] = {
	    "jan.example",   "jan@@post.example",       "jan@post",
	    "@post.example", "jan jansen@post.example", "jan@post.example.",
	    "jan@.example",  "jan@post..example",
	};
	struct run r;
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		char *csv = g_strdup_printf("naam;bestuur;e-mail\nJan;veldkers;%s\n"
					    "Piet;veldkers; piet@post.example \n",
					    bad[i]);
		char *message = g_strdup_printf("e-mail: expected an e-mail address such as "
						"naam@voorbeeld.nl, found '%s'",
						bad[i]);
		run_text(&r, "t.csv", csv);
		expect_loaded(&r, bad[i], 1, 1);
		expect_record_error(&r, bad[i], 0, 2, 0, message);
		expect_field(bad[i], "email", person_at(&r, 0)->email, "piet@post.example");
		run_finish(&r);
		g_free(message);
		g_free(csv);
	}
}
END_TEST

START_TEST(csv_bad_body)
{
	struct run r;
	run_text(&r, "t.csv", "naam;bestuur\nJan;Veldkers\nPiet;veld kers\nKlaas;zandloper\n");
	expect_loaded(&r, "bodies that are not slugs", 1, 2);
	expect_record_error(&r, "a capital", 0, 2, 0,
			    "bestuur: expected the slug of a body (its file name without .yaml, "
			    "e.g. veldkers), found 'Veldkers'");
	expect_record_error(&r, "a space", 1, 3, 0,
			    "bestuur: expected the slug of a body (its file name without .yaml, "
			    "e.g. veldkers), found 'veld kers'");
	run_finish(&r);
}
END_TEST

START_TEST(csv_line_break_in_one_line_field)
{
	struct run r;
	run_text(&r, "t.csv", "naam;bestuur;school\n\"Jan\nJansen\";veldkers;\"De\nKlimop\"\n");
	expect_loaded(&r, "a name on two lines", 0, 1);
	expect_record_error(&r, "a name on two lines", 0, 2, 0,
			    "naam: expected one line, found a line break");
	run_finish(&r);
}
END_TEST

START_TEST(csv_trimmed_and_nfc)
{
	struct run r;
	/* "e" + U+0308 COMBINING DIAERESIS becomes the one letter U+00EB; U+00A0 is trimmed. */
	run_text(&r, "t.csv", "naam;bestuur;school\n  Orie\xCC\x88l\xC2\xA0 ;\tveldkers ; \n");
	expect_loaded(&r, "padding and a decomposed letter", 1, 0);
	expect_field("Oriël", "name", person_at(&r, 0)->name, "Ori\xC3\xABl");
	expect_field("Oriël", "body", person_at(&r, 0)->body, "veldkers");
	expect_field("Oriël", "school", person_at(&r, 0)->school, NULL);
	expect_field("Oriël", "slug", person_at(&r, 0)->slug, "oriel");
	run_finish(&r);
}
END_TEST

START_TEST(csv_invalid_utf8)
{
	struct run r;
	/* As Excel's plain "CSV" writes "José" (Windows-1252), and a NUL byte. */
	static const char csv[] = "naam;bestuur;notities\n" /* 1 */
				  "Jan;veldkers;\n"         /* 2 */
				  "Jos\xE9;veldkers;\n"     /* 3 */
				  "Piet;veldkers;\"een\n"   /* 4 */
				  "tw\xEE\"\n"              /* 5 */
				  "Kl\0aas;veldkers;\n"     /* 6 */
				  "Truus;zandloper;\n";     /* 7 */
	run_load(&r, "t.csv", csv, sizeof csv - 1);
	expect_loaded(&r, "invalid UTF-8", 2, 3);
	expect_record_error(&r, "Windows-1252", 0, 3, 0,
			    "invalid UTF-8 text: save the file as \"CSV UTF-8\"");
	/* The line of the bad byte, inside a record that starts on line 4. */
	expect_record_error(&r, "on a record's second line", 1, 5, 0,
			    "invalid UTF-8 text: save the file as \"CSV UTF-8\"");
	expect_record_error(&r, "a NUL byte", 2, 6, 0,
			    "invalid UTF-8 text: save the file as \"CSV UTF-8\"");
	ck_assert_int_eq(person_at(&r, 1)->line, 7);
	run_finish(&r);

	run_text(&r, "t.csv", "\n\nna\xEFm;bestuur\n");
	expect_fatal(&r, "invalid UTF-8 in the header", 3, 0,
		     "invalid UTF-8 text: save the file as \"CSV UTF-8\"");
	run_finish(&r);
}
END_TEST

/* ---- CSV: limits ---- */

START_TEST(csv_limits)
{
	struct run r;
	GString *s = g_string_new("naam;bestuur");
	for (int i = 2; i < PEOPLE_MAX_COLUMNS; i++)
		g_string_append(s, ";notities");
	g_string_append(s, ";x\n");
	run_text(&r, "t.csv", s->str);
	expect_fatal(&r, "65 columns", 1, 0,
		     "the header has 65 columns, more than the limit of 64");
	run_finish(&r);

	/* Exactly the limit of records, all of one name: slugs stay unique and quick. */
	g_string_assign(s, "naam;bestuur\n");
	for (int i = 0; i < PEOPLE_MAX_RECORDS; i++)
		g_string_append(s, "Jan;veldkers\n");
	run_text(&r, "t.csv", s->str);
	expect_loaded(&r, "10000 records", PEOPLE_MAX_RECORDS, 0);
	expect_field("the last Jan", "slug", person_at(&r, PEOPLE_MAX_RECORDS - 1)->slug,
		     "jan-10000");
	run_finish(&r);

	g_string_append(s, "\n;\nPiet;veldkers\n");
	run_text(&r, "t.csv", s->str);
	expect_fatal(&r, "10001 records", PEOPLE_MAX_RECORDS + 4, 0,
		     "more than 10000 people in one file: split it");
	run_finish(&r);

	g_string_assign(s, "naam;bestuur;notities\nJan;veldkers;");
	while (s->len <= PEOPLE_MAX_FILE_BYTES)
		g_string_append(s, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
	run_text(&r, "t.csv", s->str);
	expect_fatal(&r, "more than 4 MiB", 0, 0, "file is larger than the limit of 4194304 bytes");
	run_finish(&r);
	g_string_free(s, TRUE);
}
END_TEST

/* ---- the file ---- */

START_TEST(file_format)
{
	struct run r;
	run_text(&r, "mensen.txt", "naam;bestuur\nJan;veldkers\n");
	expect_fatal(&r, "a .txt file", 0, 0,
		     "expected a list of people in a .csv, .yaml or .yml file");
	run_finish(&r);

	run_text(&r, "MENSEN.CSV", "naam;bestuur\nJan;veldkers\n");
	expect_loaded(&r, "upper-case .CSV", 1, 0);
	run_finish(&r);

	run_text(&r, "mensen.yml", "- {name: Jan, body: veldkers}\n");
	expect_loaded(&r, ".yml", 1, 0);
	run_finish(&r);

	struct people *p = &sentinel;
	struct people_errors errors = {0};
	struct diag d = {0};
	ck_assert(!people_load("/nonexistent/mensen.csv", &p, &errors, &d));
	ck_assert_ptr_eq(p, &sentinel);
	test_assert_diag_contains(&d, "a missing file", "/nonexistent/mensen.csv: cannot open: ");
	diag_finish(&d);
}
END_TEST

START_TEST(errors_accumulate)
{
	struct run one, two;
	run_text(&one, "een.csv", "naam;bestuur\n;veldkers\n");
	run_text(&two, "twee.csv", "naam;bestuur\nJan;Veldkers\nPiet;veldkers\n");
	expect_loaded(&one, "een.csv", 0, 1);
	expect_loaded(&two, "twee.csv", 1, 1);
	/* Loading twee.csv again into een.csv's list appends to it. */
	struct people *p = NULL;
	struct diag d = {0};
	ck_assert(people_load(two.path, &p, &one.errors, &d));
	ck_assert_uint_eq(p->count, 1);
	ck_assert_uint_eq(one.errors.count, 2);
	test_assert_diag_contains(&one.errors.items[0], "the first error",
				  "een.csv:2: naam is empty");
	test_assert_diag_contains(&one.errors.items[1], "the second error",
				  "twee.csv:2: bestuur: ");
	people_destroy(p);
	run_finish(&two);
	run_finish(&one);
}
END_TEST

/* ---- slugs ---- */

static void expect_slug(const char *name, const char *expected)
{
	char *slug = people_slug(name);
	bool same = strcmp(slug, expected) == 0;
	bool valid = value_is_slug(slug) && strlen(slug) <= PEOPLE_SLUG_MAX;
	char msg[512];
	g_snprintf(msg, sizeof msg, "people_slug(\"%s\") is \"%s\", expected \"%s\"", name, slug,
		   expected);
	g_free(slug);
	ck_assert_msg(same, "%s", msg);
	ck_assert_msg(valid, "%s: not a valid slug of at most %d bytes", msg, PEOPLE_SLUG_MAX);
}

START_TEST(slug_rules)
{
	expect_slug("IJsbrand van 't Hek", "ijsbrand-van-t-hek");
	expect_slug("\xC4\xB2sbrand", "ijsbrand"); /* U+0132, the IJ ligature */
	expect_slug("François Müller", "francois-muller");
	expect_slug("Özlem Yılmaz", "ozlem-yilmaz"); /* the dotless ı is an i */
	expect_slug("Nguyễn Thị Hương", "nguyen-thi-huong");
	expect_slug("Đặng Văn Đức", "dang-van-duc");
	expect_slug("Anouk van den Broek-Şahin", "anouk-van-den-broek-sahin");
	expect_slug("Straße", "strasse");
	expect_slug("  Jan -- de   Vries!! ", "jan-de-vries");
	expect_slug("Jan 2", "jan-2");
	expect_slug("ليلى حداد", "persoon");
	expect_slug("", "persoon");
	expect_slug("---", "persoon");
	/* Too long: cut before the word that does not fit. */
	expect_slug("Maximiliaan Alexander Johannes-Benedictus van der Heijden-Vermeulen",
		    "maximiliaan-alexander-johannes-benedictus-van");
	/* One word longer than the limit is cut where it must be. */
	expect_slug("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	/* A cut right before a '-' leaves no '-' at the end. */
	expect_slug("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}
END_TEST

START_TEST(slug_unique_within_body)
{
	struct run r;
	run_text(&r, "t.csv",
		 "naam;bestuur\n"
		 "Jan de Vries;veldkers\n"
		 "Jan de Vries;veldkers\n"
		 "Jan de Vries;zandloper\n"
		 "Jan de Vries 2;veldkers\n"
		 "jan de vries;veldkers\n"
		 "ليلى;veldkers\n"
		 "حداد;veldkers\n");
	expect_loaded(&r, "people of one name", 7, 0);
	static const char *const slugs[] = {"jan-de-vries",     "jan-de-vries-2", "jan-de-vries",
					    "jan-de-vries-2-2", "jan-de-vries-3", "persoon",
					    "persoon-2"};
	for (size_t i = 0; i < G_N_ELEMENTS(slugs); i++)
		expect_field(person_at(&r, i)->name, "slug", person_at(&r, i)->slug, slugs[i]);
	run_finish(&r);
}
END_TEST

/* ---- YAML ---- */

static const char PEOPLE_YAML[] =
    "- name: Jan\n"           /*  1 */
    "  body: veldkers\n"      /*  2 */
    "- name: Piet\n"          /*  3 */
    "  body: [zandloper]\n"   /*  4 */
    "- name: Klaas\n"         /*  5 */
    "  body: veldkers\n"      /*  6 */
    "  telefoon: 06\n"        /*  7 */
    "- alleen een naam\n"     /*  8 */
    "- name: ' Truus '\n"     /*  9 */
    "  body: duinhaven\n"     /* 10 */
    "  email:\n"              /* 11: null, as if left out */
    "  notes: |\n"            /* 12 */
    "    regel een\n"         /* 13 */
    "    regel twee\n"        /* 14 */
    "- body: veldkers\n"      /* 15 */
    "- name: Kees\n"          /* 16 */
    "  body: veldkers\n"      /* 17 */
    "  email: kees.example\n" /* 18 */
    "- name: Joop\n"          /* 19 */
    "  body: veldkers\n"      /* 20 */
    "  name: Joop\n"          /* 21 */
    "- name: \"\"\n"          /* 22 */
    "  body: veldkers\n"      /* 23 */
    "- {name: Jan, body: veldkers, maatje: Sanne, start: 2025-09-01, school: ~}\n"; /* 24 */

START_TEST(yaml_records)
{
	struct run r;
	run_text(&r, "t.yaml", PEOPLE_YAML);
	expect_loaded(&r, "PEOPLE_YAML", 3, 7);
	expect_record_error(&r, "a wrong type", 0, 4, 9,
			    "[1].body: expected a string, found a sequence");
	expect_record_error(&r, "an unknown key", 1, 7, 3,
			    "[2]: unknown key 'telefoon' (expected one of: name, body, email, "
			    "school, maatje, contact, start, notes)");
	expect_record_error(&r, "not a mapping", 2, 8, 3,
			    "[3]: expected a mapping, found a string");
	expect_record_error(&r, "no name", 3, 15, 3, "[5]: missing required key 'name'");
	expect_record_error(&r, "a bad e-mail", 4, 18, 10,
			    "[6].email: expected an e-mail address such as naam@voorbeeld.nl, "
			    "found 'kees.example'");
	expect_record_error(&r, "a duplicate key", 5, 21, 3,
			    "[7]: duplicate key 'name' (first at line 19)");
	expect_record_error(&r, "an empty name", 6, 22, 9,
			    "[8].name: expected a non-empty string, found an empty one");

	const struct person *jan = person_at(&r, 0), *truus = person_at(&r, 1);
	const struct person *jan2 = person_at(&r, 2);
	expect_field("Jan", "slug", jan->slug, "jan");
	ck_assert_int_eq(jan->line, 1);
	ck_assert_int_eq(jan->column, 3);
	expect_field("Truus", "name", truus->name, "Truus");
	expect_field("Truus", "email", truus->email, NULL);
	expect_field("Truus", "notes", truus->notes, "regel een\nregel twee");
	ck_assert_int_eq(truus->line, 9);
	expect_field("the second Jan", "maatje", jan2->maatje, "Sanne");
	expect_field("the second Jan", "start_date", jan2->start_date, "2025-09-01");
	expect_field("the second Jan", "school", jan2->school, NULL);
	expect_field("the second Jan", "slug", jan2->slug, "jan-2");
	ck_assert_int_eq(jan2->line, 24);
	ck_assert_int_eq(jan2->column, 3);
	run_finish(&r);
}
END_TEST

START_TEST(yaml_fatal)
{
	struct run r;
	run_text(&r, "t.yaml", "name: Jan\nbody: veldkers\n");
	expect_fatal(&r, "a mapping at the top", 1, 1, "expected a sequence, found a mapping");
	run_finish(&r);

	run_text(&r, "t.yaml", "- name: Jan\n  body: [veldkers\n");
	ck_assert(!r.ok);
	test_assert_diag_contains(&r.fatal, "a syntax error", "YAML syntax error");
	ck_assert_ptr_eq(r.people, &sentinel);
	run_finish(&r);

	run_text(&r, "t.yaml", "[]\n");
	expect_loaded(&r, "an empty list", 0, 0);
	run_finish(&r);
}
END_TEST

/* ---- the samples ---- */

static void load_sample(struct run *r, const char *relative)
{
	char *path = test_source_path(relative);
	*r = (struct run){.people = &sentinel};
	r->ok = people_load(path, &r->people, &r->errors, &r->fatal);
	g_free(path);
}

static void sample_finish(struct run *r)
{
	people_destroy(r->people);
	people_errors_finish(&r->errors);
	diag_finish(&r->fatal);
}

/* Every body of the sample exists as data/bodies/<body>.yaml. */
static void expect_sample_bodies(const struct people *p)
{
	for (size_t i = 0; i < p->count; i++) {
		char *relative = g_strdup_printf("data/bodies/%s.yaml", p->items[i].body);
		char *path = test_source_path(relative);
		bool found = g_file_test(path, G_FILE_TEST_IS_REGULAR);
		ck_assert_msg(found, "%s: no body file %s", p->items[i].name, relative);
		g_free(path);
		g_free(relative);
	}
}

START_TEST(sample_csv)
{
	struct run r;
	load_sample(&r, "data/people.sample.csv");
	expect_loaded(&r, "data/people.sample.csv", 11, 0);
	expect_sample_bodies(r.people);
	const struct person *p = r.people->items;
	expect_field("IJsbrand", "slug", p[0].slug, "ijsbrand-van-t-hek");
	expect_field("Özlem", "slug", p[1].slug, "ozlem-yilmaz");
	expect_field("Özlem", "maatje", p[1].maatje, NULL);
	expect_field("François", "notes", p[3].notes,
		     "Werkt op maandag; dinsdag en woensdag, de \"vrije\" vrijdag blijft voor de "
		     "opleiding");
	expect_field("Laila", "slug", p[4].slug, "persoon");
	expect_field("Maximiliaan", "notes", p[5].notes,
		     "Eerst een oriëntatiestage.\nDaarna instromen in groep 5.");
	ck_assert_uint_le(strlen(p[5].slug), PEOPLE_SLUG_MAX);
	expect_field("Jan", "slug", p[6].slug, "jan-de-vries");
	expect_field("the other Jan", "slug", p[7].slug, "jan-de-vries-2");
	ck_assert_int_eq(p[7].line, 10); /* after the note on lines 7-8 */
	expect_field("Daan", "email", p[9].email, NULL);
	sample_finish(&r);
}
END_TEST

START_TEST(sample_yaml)
{
	struct run yaml, csv;
	load_sample(&yaml, "data/people.sample.yaml");
	expect_loaded(&yaml, "data/people.sample.yaml", 3, 0);
	expect_sample_bodies(yaml.people);
	/* The same people as in the CSV sample, field for field. */
	load_sample(&csv, "data/people.sample.csv");
	for (size_t i = 0; i < yaml.people->count; i++) {
		const struct person *y = &yaml.people->items[i], *c = NULL;
		for (size_t j = 0; j < csv.people->count && !c; j++)
			if (!strcmp(csv.people->items[j].name, y->name))
				c = &csv.people->items[j];
		ck_assert_msg(c != NULL, "%s is not in the CSV sample", y->name);
		expect_field(y->name, "body", y->body, c->body);
		expect_field(y->name, "email", y->email, c->email);
		expect_field(y->name, "school", y->school, c->school);
		expect_field(y->name, "maatje", y->maatje, c->maatje);
		expect_field(y->name, "contact", y->contact, c->contact);
		expect_field(y->name, "start_date", y->start_date, c->start_date);
		expect_field(y->name, "notes", y->notes, c->notes);
		expect_field(y->name, "slug", y->slug, c->slug);
	}
	sample_finish(&csv);
	sample_finish(&yaml);
}
END_TEST

Suite *people_suite(void)
{
	Suite *s = suite_create("people");
	TCase *csv = tcase_create("csv");
	tcase_add_test(csv, csv_semicolon_with_bom);
	tcase_add_test(csv, csv_comma_without_bom);
	tcase_add_test(csv, csv_quoted_fields);
	tcase_add_test(csv, csv_text_after_closing_quote);
	tcase_add_test(csv, csv_line_ends);
	tcase_add_test(csv, csv_blank_rows_skipped);
	tcase_add_test(csv, csv_wrong_field_count);
	tcase_add_test(csv, csv_unterminated_quote);
	tcase_add_test(csv, csv_header_names);
	tcase_add_test(csv, csv_unknown_column);
	tcase_add_test(csv, csv_duplicate_column);
	tcase_add_test(csv, csv_missing_column);
	tcase_add_test(csv, csv_empty_name);
	tcase_add_test(csv, csv_bad_email);
	tcase_add_test(csv, csv_bad_body);
	tcase_add_test(csv, csv_line_break_in_one_line_field);
	tcase_add_test(csv, csv_trimmed_and_nfc);
	tcase_add_test(csv, csv_invalid_utf8);
	tcase_add_test(csv, csv_limits);
	tcase_set_timeout(csv, 30);
	suite_add_tcase(s, csv);

	TCase *other = tcase_create("file, slugs, yaml, samples");
	tcase_add_test(other, file_format);
	tcase_add_test(other, errors_accumulate);
	tcase_add_test(other, slug_rules);
	tcase_add_test(other, slug_unique_within_body);
	tcase_add_test(other, yaml_records);
	tcase_add_test(other, yaml_fatal);
	tcase_add_test(other, sample_csv);
	tcase_add_test(other, sample_yaml);
	suite_add_tcase(s, other);
	return s;
}
