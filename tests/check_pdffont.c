/* pdffont: embedded font subsets, read back with poppler and qpdf. Each test writes a
 * one-page PDF by hand on pdfobj, the way pdfdoc does: text shown by glyph id, in runs
 * positioned with TJ adjustments made from pdffonts_width. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <hb.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "fonts.h"
#include "pdffont.h"
#include "pdfobj.h"
#include "suites.h"
#include "testutil.h"

enum { SIZE = 12 }; /* every font is shown at 12 pt */

/* The Dutch line has an "fi" that Open Sans makes one ligature glyph and accented letters;
 * the name falls back to Noto Sans Arabic. */
static const char dutch[] = "Zij-instromers: één route, fijn";
static const char arabic[] = "مريم";

/* A one-page document being written. */
struct doc {
	struct pdfw *w;
	struct pdffonts *fonts;
	int catalog, pages, page, content;
	GArray *objects; /* int: the Type 0 font object of each font id */
	GString *text;   /* the content stream */
};

/* Set up per test: the bundled fonts and a folder for the files the tools read. */
static struct fonts *bundled;
static char *tmpdir;

static void setup(void)
{
	char *dir = test_source_path("fonts");
	struct diag d = {0};
	test_assert_ok(fonts_create(dir, "nl", &bundled, &d), &d, "fonts_create");
	g_free(dir);
	tmpdir = g_dir_make_tmp("tipsheet-pdffont-XXXXXX", NULL);
	ck_assert_ptr_nonnull(tmpdir);
}

/* Removes what the tests left in the folder (plain files only), then the folder. */
static void teardown(void)
{
	GDir *dir = g_dir_open(tmpdir, 0, NULL);
	for (const char *name = dir ? g_dir_read_name(dir) : NULL; name;
	     name = g_dir_read_name(dir)) {
		char *path = g_build_filename(tmpdir, name, NULL);
		g_unlink(path);
		g_free(path);
	}
	if (dir)
		g_dir_close(dir);
	g_rmdir(tmpdir);
	g_free(tmpdir);
	fonts_destroy(bundled);
}

static void doc_init(struct doc *doc)
{
	doc->w = pdfw_create();
	doc->fonts = pdffonts_create(doc->w);
	doc->catalog = pdfw_reserve(doc->w);
	doc->pages = pdfw_reserve(doc->w);
	doc->page = pdfw_reserve(doc->w);
	doc->content = pdfw_reserve(doc->w);
	doc->objects = g_array_new(FALSE, FALSE, sizeof(int));
	doc->text = g_string_new(NULL);
}

/* The id of `font` in the document, noting its object for the page's resources. */
static int doc_font(struct doc *doc, PangoFont *font)
{
	int object;
	int id = pdffonts_font(doc->fonts, font, &object);
	if ((guint)id == doc->objects->len)
		g_array_append_val(doc->objects, object);
	ck_assert_int_eq(g_array_index(doc->objects, int, id), object);
	return id;
}

/* Ends the page and the file; the bytes are the caller's. */
static GByteArray *doc_finish(struct doc *doc)
{
	pdfw_stream(doc->w, doc->content, "", doc->text->str, doc->text->len, PDFW_DEFLATE);
	GString *s = g_string_new("<< /Type /Page /Parent ");
	pdf_ref(s, doc->pages);
	g_string_append(s, " /MediaBox [0 0 300 100] /Contents ");
	pdf_ref(s, doc->content);
	g_string_append(s, " /Resources << /Font <<");
	for (guint id = 0; id < doc->objects->len; id++) {
		g_string_append_printf(s, " /F%u ", id);
		pdf_ref(s, g_array_index(doc->objects, int, id));
	}
	g_string_append(s, " >> >> >>");
	pdfw_object(doc->w, doc->page, s->str, s->len);
	g_string_printf(s, "<< /Type /Pages /Count 1 /Kids [%d 0 R] >>", doc->page);
	pdfw_object(doc->w, doc->pages, s->str, s->len);
	g_string_printf(s, "<< /Type /Catalog /Pages %d 0 R >>", doc->pages);
	pdfw_object(doc->w, doc->catalog, s->str, s->len);
	g_string_free(s, TRUE);
	struct diag d = {0};
	test_assert_ok(pdffonts_finish(doc->fonts, &d), &d, "pdffonts_finish");
	GByteArray *out = g_byte_array_new();
	pdfw_finish(doc->w, doc->catalog, 0, out);
	pdffonts_destroy(doc->fonts);
	pdfw_destroy(doc->w);
	g_array_free(doc->objects, TRUE);
	g_string_free(doc->text, TRUE);
	return out;
}

/* The bytes of glyph i's cluster in `item`, for the first glyph of a cluster; none for the
 * other glyphs of it. Clusters are byte offsets into the item, glyphs in visual order. */
static size_t cluster_text(const PangoGlyphString *glyphs, const PangoItem *item, int i, int *start)
{
	*start = glyphs->log_clusters[i];
	if (i > 0 && glyphs->log_clusters[i - 1] == *start)
		return 0;
	int end = item->length;
	for (int j = 0; j < glyphs->num_glyphs; j++) {
		if (glyphs->log_clusters[j] > *start && glyphs->log_clusters[j] < end)
			end = glyphs->log_clusters[j];
	}
	return (size_t)(end - *start);
}

/* One run at (x, y): "[<gid> adjustment ...] TJ", the adjustment taking each glyph from
 * the /W width to pango's advance. */
static void show_run(struct doc *doc, const PangoGlyphItem *run, const char *text, double x,
                     double y)
{
	int id = doc_font(doc, run->item->analysis.font);
	g_string_append_printf(doc->text, "BT /F%d %d Tf 1 0 0 1 ", id, SIZE);
	pdf_num(doc->text, x);
	g_string_append_c(doc->text, ' ');
	pdf_num(doc->text, y);
	g_string_append(doc->text, " Tm [");
	for (int i = 0; i < run->glyphs->num_glyphs; i++) {
		const PangoGlyphInfo *g = &run->glyphs->glyphs[i];
		int start;
		size_t len = cluster_text(run->glyphs, run->item, i, &start);
		pdffonts_use(doc->fonts, id, g->glyph, text + run->item->offset + start, len);
		double advance = g->geometry.width / (double)PANGO_SCALE * 1000 / SIZE;
		g_string_append_printf(doc->text, "<%04X> ", g->glyph);
		pdf_num(doc->text, pdffonts_width(doc->fonts, id, g->glyph) - advance);
		g_string_append_c(doc->text, ' ');
	}
	g_string_append(doc->text, "] TJ ET\n");
}

/* Every run of `layout`, its top at `top` points from the page's bottom. */
static void show_layout(struct doc *doc, PangoLayout *layout, double top)
{
	const char *text = pango_layout_get_text(layout);
	PangoLayoutIter *it = pango_layout_get_iter(layout);
	do {
		const PangoGlyphItem *run = pango_layout_iter_get_run_readonly(it);
		if (!run)
			continue; /* the end of a line */
		PangoRectangle logical;
		pango_layout_iter_get_run_extents(it, NULL, &logical);
		double baseline = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
		show_run(doc, run, text, 10 + logical.x / (double)PANGO_SCALE, top - baseline);
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
}

static PangoLayout *layout_new(const char *font, const char *text)
{
	PangoLayout *layout = pango_layout_new(bundled->context);
	PangoFontDescription *desc = pango_font_description_from_string(font);
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	pango_layout_set_text(layout, text, -1);
	return layout;
}

/* The page of these tests: the Dutch line and the Arabic name below it. */
static GByteArray *page_pdf(void)
{
	struct doc doc;
	doc_init(&doc);
	char *text = g_strconcat(dutch, "\n", arabic, NULL);
	PangoLayout *layout = layout_new("Open Sans 12", text);
	show_layout(&doc, layout, 90);
	g_object_unref(layout);
	g_free(text);
	return doc_finish(&doc);
}

/* `bytes` as the file `name` in the test's folder; the path is the caller's. */
static char *save(const GByteArray *bytes, const char *name)
{
	char *path = g_build_filename(tmpdir, name, NULL);
	GError *err = NULL;
	gboolean ok = g_file_set_contents(path, (const char *)bytes->data, bytes->len, &err);
	ck_assert_msg(ok, "cannot write %s: %s", path, err ? err->message : "?");
	return path;
}

/* Runs a tool and returns its standard output; `status` is its exit status, `err` its
 * standard error (the caller's). */
static char *run_tool(const char *const *argv, int *status, char **err)
{
	char *out = NULL;
	GError *error = NULL;
	gboolean ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
	                           err, status, &error);
	ck_assert_msg(ok, "cannot run %s: %s", argv[0], error ? error->message : "?");
	return out;
}

/* Runs a tool that must succeed without a word on standard error. */
static char *run_quietly(const char *const *argv)
{
	int status;
	char *err;
	char *out = run_tool(argv, &status, &err);
	ck_assert_msg(g_spawn_check_wait_status(status, NULL) && err[0] == '\0',
	              "%s failed (status %d): %s", argv[0], status, err);
	g_free(err);
	return out;
}

/* The file as qpdf writes it with every stream uncompressed, white space squeezed and
 * none just inside brackets ("[5 [600 580] 9 [1200]]"), whatever qpdf's own layout. */
static char *uncompressed(const GByteArray *pdf)
{
	char *in = save(pdf, "in.pdf");
	char *out = g_build_filename(tmpdir, "qdf.pdf", NULL);
	const char *argv[] = {"qpdf", "--qdf", "--object-streams=disable", in, out, NULL};
	g_free(run_quietly(argv));
	char *text = test_read_file(out);
	GString *s = g_string_new(NULL);
	for (const char *p = text; *p; p++) {
		bool space = g_ascii_isspace(*p);
		if (space && (s->len == 0 || s->str[s->len - 1] == '[' || g_ascii_isspace(p[1]) ||
		              p[1] == ']'))
			continue;
		g_string_append_c(s, space ? ' ' : *p);
	}
	g_free(text);
	g_free(out);
	g_free(in);
	return g_string_free(s, FALSE);
}

static PangoFont *load_font(const char *description)
{
	PangoFontDescription *desc = pango_font_description_from_string(description);
	PangoFont *font = pango_font_map_load_font(bundled->map, bundled->context, desc);
	pango_font_description_free(desc);
	ck_assert_ptr_nonnull(font);
	return font;
}

static unsigned glyph_for(PangoFont *font, gunichar c)
{
	hb_codepoint_t glyph = 0;
	ck_assert(hb_font_get_nominal_glyph(pango_font_get_hb_font(font), c, &glyph));
	return glyph;
}

/* A document showing glyphs of Open Sans recorded by the test itself, uncompressed. */
struct use {
	unsigned glyph;
	const char *text;
};

static char *glyphs_pdf(const struct use *uses, size_t n)
{
	struct doc doc;
	doc_init(&doc);
	PangoFont *font = load_font("Open Sans 12");
	int id = doc_font(&doc, font);
	g_string_append_printf(doc.text, "BT /F%d %d Tf 10 50 Td <", id, SIZE);
	for (size_t i = 0; i < n; i++) {
		pdffonts_use(doc.fonts, id, uses[i].glyph, uses[i].text, strlen(uses[i].text));
		g_string_append_printf(doc.text, "%04X", uses[i].glyph);
	}
	g_string_append(doc.text, "> Tj ET\n");
	g_object_unref(font);
	GByteArray *pdf = doc_finish(&doc);
	char *text = uncompressed(pdf);
	g_byte_array_unref(pdf);
	return text;
}

/* --- Tests -------------------------------------------------------------------------------- */

START_TEST(width_is_advance_per_mille)
{
	PangoFont *font = load_font("Open Sans 12");
	hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(font));
	hb_font_t *unscaled = hb_font_create(face);
	struct pdfw *w = pdfw_create();
	struct pdffonts *f = pdffonts_create(w);
	int object;
	int id = pdffonts_font(f, font, &object);
	for (const char *c = "AWfi ."; *c; c++) {
		unsigned glyph = glyph_for(font, (gunichar)*c);
		double advance = hb_font_get_glyph_h_advance(unscaled, glyph);
		int expected = (int)lround(advance * 1000 / hb_face_get_upem(face));
		ck_assert_int_eq(pdffonts_width(f, id, glyph), expected);
	}
	/* Not a glyph of the font (pango's empty glyph): nothing to show, no width. */
	ck_assert_int_eq(pdffonts_width(f, id, PANGO_GLYPH_EMPTY), 0);
	pdffonts_destroy(f);
	pdffonts_destroy(NULL);
	pdfw_destroy(w);
	hb_font_destroy(unscaled);
	g_object_unref(font);
}
END_TEST

START_TEST(one_id_per_font_file)
{
	const char *descriptions[] = {"Open Sans 12", "Open Sans 30", "Open Sans Bold 12",
	                              "Noto Sans Arabic 9", "Open Sans Bold 7"};
	const int expected[] = {0, 0, 1, 2, 1};
	struct pdfw *w = pdfw_create();
	struct pdffonts *f = pdffonts_create(w);
	int objects[G_N_ELEMENTS(descriptions)];
	for (size_t i = 0; i < G_N_ELEMENTS(descriptions); i++) {
		PangoFont *font = load_font(descriptions[i]);
		int id = pdffonts_font(f, font, &objects[i]);
		ck_assert_msg(id == expected[i], "%s: id %d, expected %d", descriptions[i], id,
		              expected[i]);
		g_object_unref(font);
	}
	ck_assert_int_eq(objects[0], objects[1]);
	ck_assert_int_ne(objects[0], objects[2]);
	ck_assert_int_eq(objects[2], objects[4]);
	/* Every number handed out must be written before the file ends. */
	struct diag d = {0};
	test_assert_ok(pdffonts_finish(f, &d), &d, "pdffonts_finish");
	pdffonts_destroy(f);
	pdfw_destroy(w);
}
END_TEST

START_TEST(text_extracts)
{
	GByteArray *pdf = page_pdf();
	char *path = save(pdf, "page.pdf");
	const char *argv[] = {"pdftotext", "-enc", "UTF-8", path, "-", NULL};
	char *text = run_quietly(argv);
	ck_assert_msg(strstr(text, dutch), "pdftotext gave \"%s\"", text);
	ck_assert_msg(strstr(text, arabic), "pdftotext gave \"%s\"", text);
	g_free(text);
	g_free(path);
	g_byte_array_unref(pdf);
}
END_TEST

START_TEST(fonts_are_embedded_subsets)
{
	GByteArray *pdf = page_pdf();
	char *path = save(pdf, "page.pdf");
	const char *argv[] = {"pdffonts", path, NULL};
	char *list = run_quietly(argv);
	const char *names[] = {"OpenSans", "NotoSansArabic-Regular"};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		char *pattern =
		    g_strconcat("^[A-Z]{6}\\+", names[i],
		                " +CID TrueType +Identity-H +yes yes yes +[0-9]+ +0$", NULL);
		ck_assert_msg(g_regex_match_simple(pattern, list, G_REGEX_MULTILINE, 0),
		              "no row for %s in:\n%s", names[i], list);
		g_free(pattern);
	}
	ck_assert_int_eq(test_line_count(list), 2 + 2); /* the heading, then one per font */
	g_free(list);
	g_free(path);
	g_byte_array_unref(pdf);
}
END_TEST

START_TEST(qpdf_check_passes)
{
	GByteArray *pdf = page_pdf();
	char *path = save(pdf, "page.pdf");
	const char *argv[] = {"qpdf", "--check", path, NULL};
	char *report = run_quietly(argv);
	ck_assert_msg(strstr(report, "No syntax or stream encoding errors"), "%s", report);
	g_free(report);
	g_free(path);
	g_byte_array_unref(pdf);
}
END_TEST

/* The subset keeps only the tables a PDF needs: poppler must still draw its glyphs (and say
 * nothing about the font programs). */
START_TEST(subset_renders)
{
	GByteArray *pdf = page_pdf();
	char *path = save(pdf, "page.pdf");
	char *prefix = g_build_filename(tmpdir, "page", NULL);
	const char *argv[] = {"pdftoppm", "-r", "72", "-gray", "-singlefile", path, prefix, NULL};
	g_free(run_quietly(argv));
	char *image = g_strconcat(prefix, ".pgm", NULL);
	gchar *pgm;
	gsize len;
	ck_assert(g_file_get_contents(image, &pgm, &len, NULL));
	/* "P5\n300 100\n255\n", then the pixels: ink in the Dutch line and in the name. */
	ck_assert_uint_gt(len, 300 * 100);
	const guchar *pixels = (const guchar *)pgm + len - 300 * 100;
	int dark_top = 0, dark_bottom = 0;
	for (int i = 0; i < 300 * 100; i++) {
		dark_top += i < 300 * 27 && pixels[i] < 128;
		dark_bottom += i >= 300 * 27 && pixels[i] < 128;
	}
	ck_assert_int_gt(dark_top, 100);
	ck_assert_int_gt(dark_bottom, 20);
	g_free(pgm);
	g_free(image);
	g_free(prefix);
	g_free(path);
	g_byte_array_unref(pdf);
}
END_TEST

START_TEST(same_page_same_bytes)
{
	GByteArray *first = page_pdf();
	GByteArray *second = page_pdf();
	ck_assert_uint_eq(first->len, second->len);
	ck_assert(memcmp(first->data, second->data, first->len) == 0);
	g_byte_array_unref(first);
	g_byte_array_unref(second);
}
END_TEST

/* Consecutive glyph ids share one run of widths; unused glyphs have none. */
START_TEST(widths_in_runs)
{
	const struct use uses[] = {{5, "a"}, {7, "c"}, {6, "b"}, {10, "d"}};
	char *pdf = glyphs_pdf(uses, G_N_ELEMENTS(uses));
	PangoFont *font = load_font("Open Sans 12");
	struct pdfw *w = pdfw_create();
	struct pdffonts *f = pdffonts_create(w);
	int object;
	int id = pdffonts_font(f, font, &object);
	char *expected = g_strdup_printf("/W [5 [%d %d %d] 10 [%d]]", pdffonts_width(f, id, 5),
	                                 pdffonts_width(f, id, 6), pdffonts_width(f, id, 7),
	                                 pdffonts_width(f, id, 10));
	ck_assert_msg(strstr(pdf, expected), "no %s in\n%s", expected, pdf);
	ck_assert(strstr(pdf, "/CIDToGIDMap /Identity"));
	g_free(expected);
	pdffonts_destroy(f);
	pdfw_destroy(w);
	g_object_unref(font);
	g_free(pdf);
}
END_TEST

/* The first text recorded for a glyph is the one kept; a glyph only ever shown without
 * text (the second glyph of a cluster) gets no ToUnicode entry, and one shown without text
 * first takes the text it gets later. */
START_TEST(tounicode_first_text_wins)
{
	const struct use uses[] = {{36, "A"}, {36, "B"}, {37, ""}, {38, ""}, {38, "ﬁ"}, {39, "ch"}};
	char *pdf = glyphs_pdf(uses, G_N_ELEMENTS(uses));
	const char *expected = "3 beginbfchar <0024> <0041> <0026> <FB01> <0027> <00630068> "
	                       "endbfchar endcmap";
	ck_assert_msg(strstr(pdf, expected), "no %s in\n%s", expected, pdf);
	g_free(pdf);
}
END_TEST

/* Text beyond the Basic Multilingual Plane is a surrogate pair; bad UTF-8 is U+FFFD. */
START_TEST(tounicode_utf16)
{
	const struct use uses[] = {{40, "\xf0\x9d\x94\xb8"}, {41, "a\xff"}};
	char *pdf = glyphs_pdf(uses, G_N_ELEMENTS(uses));
	ck_assert_msg(strstr(pdf, "<0028> <D835DD38> <0029> <0061FFFD>"), "%s", pdf);
	g_free(pdf);
}
END_TEST

/* A bfchar block holds at most 100 entries. */
START_TEST(tounicode_blocks_of_100)
{
	struct use uses[250];
	for (unsigned i = 0; i < G_N_ELEMENTS(uses); i++)
		uses[i] = (struct use){.glyph = 3 + i, .text = "x"};
	char *pdf = glyphs_pdf(uses, G_N_ELEMENTS(uses));
	const char *blocks[] = {"<0066> <0078> endbfchar 100 beginbfchar <0067>",
	                        "<00CA> <0078> endbfchar 50 beginbfchar <00CB>",
	                        "<00FC> <0078> endbfchar endcmap"};
	ck_assert_msg(strstr(pdf, "1 begincodespacerange <0000> <FFFF> endcodespacerange 100 "
	                          "beginbfchar <0003> <0078>"),
	              "%s", pdf);
	for (size_t i = 0; i < G_N_ELEMENTS(blocks); i++)
		ck_assert_msg(strstr(pdf, blocks[i]), "no %s in\n%s", blocks[i], pdf);
	g_free(pdf);
}
END_TEST

/* A font asked for but never shown (a run of glyphs pango left empty) is still written. */
START_TEST(font_without_glyphs)
{
	char *pdf = glyphs_pdf(NULL, 0);
	ck_assert(strstr(pdf, "/Subtype /CIDFontType2"));
	ck_assert(strstr(pdf, "/W []"));
	ck_assert(!strstr(pdf, "beginbfchar"));
	g_free(pdf);
}
END_TEST

Suite *pdffont_suite(void)
{
	Suite *s = suite_create("pdffont");
	TCase *units = tcase_create("units");
	tcase_add_checked_fixture(units, setup, teardown);
	tcase_add_test(units, width_is_advance_per_mille);
	tcase_add_test(units, one_id_per_font_file);
	suite_add_tcase(s, units);
	TCase *tools = tcase_create("read back");
	tcase_add_checked_fixture(tools, setup, teardown);
	tcase_set_timeout(tools, 60);
	tcase_add_test(tools, text_extracts);
	tcase_add_test(tools, fonts_are_embedded_subsets);
	tcase_add_test(tools, qpdf_check_passes);
	tcase_add_test(tools, subset_renders);
	tcase_add_test(tools, same_page_same_bytes);
	tcase_add_test(tools, widths_in_runs);
	tcase_add_test(tools, tounicode_first_text_wins);
	tcase_add_test(tools, tounicode_utf16);
	tcase_add_test(tools, tounicode_blocks_of_100);
	tcase_add_test(tools, font_without_glyphs);
	suite_add_tcase(s, tools);
	return s;
}
