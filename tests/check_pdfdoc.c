/* pdfdoc: plans made here, written as PDF and read back with poppler and qpdf: the
 * structure tree, artifacts, links, form fields, print boxes, and the refusals. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fonts.h"
#include "pdfdoc.h"
#include "qr.h"
#include "suites.h"
#include "testutil.h"

static struct fonts *fonts;

static void setup(void)
{
	char *dir = test_source_path("fonts");
	struct diag d = {0};
	test_assert_ok(fonts_create(dir, "nl", &fonts, &d), &d, "fonts_create");
	g_free(dir);
}

static void teardown(void)
{
	fonts_destroy(fonts);
	fonts = NULL;
}

static PangoLayout *layout(const char *text, double width)
{
	PangoLayout *l = pango_layout_new(fonts->context);
	PangoFontDescription *fd = pango_font_description_from_string("Open Sans 10");
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_text(l, text, -1);
	return l;
}

static struct plan_item *add_text(struct plan_page *pg, enum plan_role role, const char *text,
				  double y)
{
	struct plan_item it = {.kind = PLAN_TEXT, .role = role, .x = 40, .y = y, .w = 300,
			       .h = 14, .text = layout(text, 300), .section = -1, .tip = -1,
			       .column = -1};
	return plan_add(pg, &it);
}

/* A page with every kind of item and every structure a factsheet has. */
static struct plan *sample_plan(void)
{
	struct plan *p = plan_create(2, 595, 842);
	struct plan_page *pg = &p->pages[0];
	plan_add(pg, &(struct plan_item){.kind = PLAN_RECT, .role = PLAN_ROLE_DECORATION, .w = 595,
					  .h = 80, .colour = {0.1, 0.3, 0.5}, .section = -1,
					  .tip = -1});
	add_text(pg, PLAN_ROLE_TITLE, "Tips voor zij-instromers", 30);
	struct plan_item *h = add_text(pg, PLAN_ROLE_HEADING, "Tips voor het bestuur", 100);
	h->section = 0;
	plan_add(pg, &(struct plan_item){.kind = PLAN_DOT, .role = PLAN_ROLE_DECORATION, .x = 30,
					  .y = 124, .w = 4, .h = 4, .section = 0, .tip = 0});
	struct plan_item *tip = add_text(pg, PLAN_ROLE_TIP, "Maak zij-instroom een vast onderdeel van het beleid", 120);
	tip->section = 0, tip->tip = 0;
	struct plan_item *link = add_text(pg, PLAN_ROLE_CONTACT, "www.veldkers.example", 300);
	link->link = g_strdup("https://www.veldkers.example/zij-instroom");
	cairo_surface_t *mask = cairo_image_surface_create(CAIRO_FORMAT_A1, 21, 21);
	plan_add(pg, &(struct plan_item){.kind = PLAN_MASK, .role = PLAN_ROLE_FIGURE, .x = 400,
					  .y = 300, .w = 63, .h = 63, .mask = mask,
					  .alt = g_strdup("QR-code naar de aanmeldpagina"),
					  .section = -1, .tip = -1});

	pg = &p->pages[1];
	add_text(pg, PLAN_ROLE_TITLE, "Jouw checklist", 30);
	plan_add(pg, &(struct plan_item){.kind = PLAN_CHECKBOX, .role = PLAN_ROLE_DECORATION,
					  .x = 40, .y = 100, .w = 10, .h = 10, .stroke = 1,
					  .radius = 2, .section = 1, .tip = 0,
					  .field = g_strdup("tip-1"),
					  .field_label = g_strdup("Tip 1 gedaan"),
					  .field_box = {40, 100, 10, 10}});
	struct plan_item *item = add_text(pg, PLAN_ROLE_CHECK_ITEM, "Bezoek een informatieavond", 98);
	item->section = 1, item->tip = 0;
	plan_add(pg, &(struct plan_item){.kind = PLAN_LINE, .role = PLAN_ROLE_DECORATION, .x = 40,
					  .y = 200, .w = 200, .stroke = 0.5, .section = -1,
					  .tip = -1, .field = g_strdup("datum"),
					  .field_label = g_strdup("Datum"),
					  .field_box = {40, 186, 200, 14}});
	return p;
}

static const struct pdfdoc_request request = {
	.name = "test.pdf", .lang = "nl", .title = "Tips", .author = "Stichting Veldkers",
	.creator = "tipsheet test", .date = 1795910400,
};

static GByteArray *write_ok(const struct plan *p)
{
	GByteArray *out = g_byte_array_new();
	struct diag d = {0};
	test_assert_ok(pdfdoc_write(p, &request, out, &d), &d, "pdfdoc_write");
	return out;
}

/* Writes the PDF to a temporary file; *dir to remove with remove_file. */
static char *save(const GByteArray *pdf, char **dir)
{
	*dir = g_dir_make_tmp("pdfdoc-XXXXXX", NULL);
	char *path = g_build_filename(*dir, "test.pdf", NULL);
	ck_assert(g_file_set_contents(path, (const char *)pdf->data, pdf->len, NULL));
	return path;
}

static void remove_file(char *path, char *dir)
{
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
}

static char *tool_output(const char *const *argv)
{
	char *out = NULL;
	ck_assert_msg(test_run(argv, &out), "%s %s failed: %s", argv[0], argv[1], out);
	return out;
}

START_TEST(reads_back_clean)
{
	struct plan *p = sample_plan();
	GByteArray *pdf = write_ok(p);
	char *dir, *path = save(pdf, &dir);
	char *check = tool_output((const char *[]){"qpdf", "--check", path, NULL});
	ck_assert_msg(strstr(check, "No syntax or stream encoding errors"), "%s", check);
	char *info = tool_output((const char *[]){"pdfinfo", path, NULL});
	ck_assert_msg(strstr(info, "Tagged:          yes"), "%s", info);
	ck_assert_msg(strstr(info, "Pages:           2"), "%s", info);
	ck_assert_msg(strstr(info, "Author:          Stichting Veldkers"), "%s", info);
	ck_assert_msg(strstr(info, "Form:            AcroForm"), "%s", info);
	char *text = tool_output((const char *[]){"pdftotext", path, "-", NULL});
	ck_assert_msg(strstr(text, "Maak zij-instroom een vast onderdeel van het beleid"), "%s", text);
	ck_assert_msg(strstr(text, "Bezoek een informatieavond"), "%s", text);
	g_free(check);
	g_free(info);
	g_free(text);
	remove_file(path, dir);
	g_byte_array_unref(pdf);
	plan_destroy(p);
}
END_TEST

/* The structure tree in reading order, as a screen reader meets it. */
START_TEST(structure_in_reading_order)
{
	struct plan *p = sample_plan();
	GByteArray *pdf = write_ok(p);
	char *dir, *path = save(pdf, &dir);
	char *tree = tool_output((const char *[]){"pdfinfo", "-struct-text", path, NULL});
	/* Element lines only, without their text. */
	GString *shape = g_string_new(NULL);
	char **lines = g_strsplit(tree, "\n", -1);
	for (char **l = lines; *l; l++) {
		char *line = g_strstrip(*l);
		/* "P (block)" is a P; "Object 5 0" is an annotation (a link or a field). */
		char *mark = strstr(line, " (");
		if (mark)
			*mark = '\0';
		if (*line && !strchr(line, '"'))
			g_string_append_printf(shape, "%s|", g_str_has_prefix(line, "Object ") ? "Obj" : line);
	}
	const char *want = "Document|H1|H2|L|LI|Lbl|LBody|P|P|Link|Obj|Figure|H1|L|LI|Lbl|Form|Obj|LBody|P|Form|Obj|";
	ck_assert_msg(!strcmp(shape->str, want), "structure:\n%s\nwant %s", shape->str, want);
	ck_assert_msg(strstr(tree, "\"Maak zij-instroom een vast onderdeel van het beleid\""), "%s", tree);
	g_strfreev(lines);
	g_string_free(shape, TRUE);
	g_free(tree);
	remove_file(path, dir);
	g_byte_array_unref(pdf);
	plan_destroy(p);
}
END_TEST

/* The file as qpdf --qdf writes it (uncompressed, one object per line), with its length. */
static char *qdf_of(const GByteArray *pdf, gsize *len)
{
	char *dir, *path = save(pdf, &dir);
	char *qdf = g_strconcat(path, ".qdf", NULL);
	ck_assert(test_run((const char *[]){"qpdf", "--qdf", "--object-streams=disable", path, qdf, NULL}, NULL));
	char *s;
	ck_assert(g_file_get_contents(qdf, &s, len, NULL));
	g_unlink(qdf);
	g_free(qdf);
	remove_file(path, dir);
	return s;
}

/* Decoration is an artifact; links, fields, the figure's /Alt and the print boxes are in
 * the file as qpdf reads it. */
START_TEST(annotations_fields_and_boxes)
{
	struct plan *p = sample_plan();
	p->margin = 20, p->bleed = 8;
	GByteArray *pdf = write_ok(p);
	gsize len;
	char *s = qdf_of(pdf, &len);
	/* Font data holds NUL bytes: search the whole file, not up to the first. */
#define HAS(text) ck_assert_msg(memmem(s, len, text, strlen(text)), "no %s", text)
	HAS("/Artifact BMC");
	HAS("/URI (https://www.veldkers.example/zij-instroom)");
	HAS("/Alt (QR-code naar de aanmeldpagina)");
	HAS("/T (tip-1)");
	HAS("/FT /Btn");
	HAS("/T (datum)");
	HAS("/FT /Tx");
	HAS("/TrimBox [\n    20\n    20\n    575\n    822\n  ]");
	HAS("/BleedBox [\n    12\n    12\n    583\n    830\n  ]");
	HAS("/Lang (nl)");
	HAS("/DisplayDocTitle true");
#undef HAS
	g_free(s);
	g_byte_array_unref(pdf);
	plan_destroy(p);
}
END_TEST

START_TEST(same_plan_same_bytes)
{
	struct plan *p = sample_plan();
	GByteArray *a = write_ok(p), *b = write_ok(p);
	ck_assert_uint_eq(a->len, b->len);
	ck_assert(memcmp(a->data, b->data, a->len) == 0);
	g_byte_array_unref(a);
	g_byte_array_unref(b);
	plan_destroy(p);
}
END_TEST

static void assert_refused(struct plan *p, const char *expected)
{
	GByteArray *out = g_byte_array_new();
	struct diag d = {0};
	ck_assert(!pdfdoc_write(p, &request, out, &d));
	ck_assert_uint_eq(out->len, 0); /* nothing half-written */
	test_assert_diag(&d, expected, expected);
	diag_finish(&d);
	g_byte_array_unref(out);
	plan_destroy(p);
}

START_TEST(refuses_bad_fields_and_boxes)
{
	struct plan *p = sample_plan();
	g_free(p->pages[1].items[3].field);
	p->pages[1].items[3].field = g_strdup("tip-1");
	assert_refused(p, "test.pdf: two form fields are named \"tip-1\"");
	p = sample_plan();
	g_free(p->pages[1].items[3].field);
	p->pages[1].items[3].field = g_strdup("a.b");
	assert_refused(p, "test.pdf: form field \"a.b\": a name cannot hold '.'");
	p = sample_plan();
	p->margin = 5, p->bleed = 8;
	assert_refused(p, "test.pdf: the bleed (8 pt) must be 0 or more, and no wider than the margin (5 pt)");
	p = sample_plan();
	p->margin = 400, p->bleed = 0;
	assert_refused(p, "test.pdf: page 1 is too small for a margin of 400 pt");
}
END_TEST

/* A name in Arabic script is drawn in visual order; its element carries it in reading order
 * (/ActualText), which Dutch text does not need. */
START_TEST(rtl_text_in_reading_order)
{
	struct plan *p = plan_create(1, 595, 842);
	add_text(&p->pages[0], PLAN_ROLE_TITLE, "\u0644\u064a\u0644\u0649 \u062d\u062f\u0627\u062f", 30);
	add_text(&p->pages[0], PLAN_ROLE_INTRO, "Vink af wat je gedaan hebt.", 80);
	GByteArray *pdf = write_ok(p);
	gsize len;
	char *s = qdf_of(pdf, &len);
	static const char want[] = "/ActualText <feff0644064a064406490020062d062f0627062f>";
	ck_assert_msg(memmem(s, len, want, strlen(want)), "no %s", want);
	const char *first = memmem(s, len, "/ActualText", 11);
	ck_assert(!memmem(first + 11, len - (size_t)(first + 11 - s), "/ActualText", 11));
	g_free(s);
	g_byte_array_unref(pdf);
	plan_destroy(p);
}
END_TEST

Suite *pdfdoc_suite(void)
{
	Suite *s = suite_create("pdfdoc");
	TCase *tc = tcase_create("write");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, reads_back_clean);
	tcase_add_test(tc, structure_in_reading_order);
	tcase_add_test(tc, annotations_fields_and_boxes);
	tcase_add_test(tc, same_plan_same_bytes);
	tcase_add_test(tc, refuses_bad_fields_and_boxes);
	tcase_add_test(tc, rtl_text_in_reading_order);
	suite_add_tcase(s, tc);
	return s;
}
