/* pdfobj: PDF syntax (numbers, names, text strings) and whole files, the latter read back
 * with qpdf. */
#include <glib.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pdfobj.h"
#include "suites.h"
#include "testutil.h"

static void assert_num(double v, const char *expected)
{
	GString *s = g_string_new(NULL);
	pdf_num(s, v);
	ck_assert_msg(!strcmp(s->str, expected), "pdf_num(%.6f) = \"%s\", want \"%s\"", v, s->str,
		      expected);
	g_string_free(s, TRUE);
}

START_TEST(numbers)
{
	assert_num(0, "0");
	assert_num(12.5, "12.5");
	assert_num(-3, "-3");
	assert_num(0.072, "0.072");
	assert_num(595.2756, "595.276");
	assert_num(-0.0004, "0"); /* rounds to nothing: no "-0" */
	assert_num(-0.5, "-0.5");
	assert_num(1e6, "1000000");
	assert_num(0.1 + 0.2, "0.3");
	assert_num(1e300, "1000000000"); /* kept finite and in range, not undefined */
	assert_num(-1e300, "-1000000000");
	GString *s = g_string_new(NULL);
	pdf_num_digits(s, 0.0097656, 6);
	ck_assert_str_eq(s->str, "0.009766");
	g_string_free(s, TRUE);
}
END_TEST

static void assert_syntax(void (*put)(GString *, const char *), const char *in, const char *expected)
{
	GString *s = g_string_new(NULL);
	put(s, in);
	ck_assert_msg(!strcmp(s->str, expected), "\"%s\" gave \"%s\", want \"%s\"", in, s->str,
		      expected);
	g_string_free(s, TRUE);
}

START_TEST(text_strings)
{
	assert_syntax(pdf_text, "Tips (1)", "(Tips \\(1\\))");
	assert_syntax(pdf_text, "a\\b", "(a\\\\b)");
	assert_syntax(pdf_text, "één", "<FEFF00E900E9006E>");
	/* Outside the BMP: a surrogate pair. */
	assert_syntax(pdf_text, "\xf0\x9f\x93\x84", "<FEFFD83DDCC4>");
	/* Invalid UTF-8 becomes U+FFFD, never bytes a reader would misread. */
	assert_syntax(pdf_text, "a\xff", "<FEFF0061FFFD>");
	assert_syntax(pdf_text, "", "()");
}
END_TEST

START_TEST(names)
{
	assert_syntax(pdf_name, "LBody", "/LBody");
	assert_syntax(pdf_name, "a b#(c)", "/a#20b#23#28c#29");
}
END_TEST

/* A one-page file with a form XObject fragment placed twice. */
static GByteArray *small_file(void)
{
	struct pdffrag *frag = pdffrag_create();
	int form = pdffrag_add(frag);
	int res = pdffrag_add(frag);
	g_string_append(pdffrag_syntax(frag, form),
			"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources");
	pdffrag_ref(frag, form, res);
	static const char body[] = "0 0 1 rg 0 0 10 10 re f";
	pdffrag_set_stream(frag, form, body, sizeof body - 1);
	g_string_append(pdffrag_syntax(frag, res), "<< >>");

	struct pdfw *w = pdfw_create();
	int catalog = pdfw_reserve(w), pages = pdfw_reserve(w), page = pdfw_reserve(w);
	int content = pdfw_reserve(w);
	int a = pdfw_fragment(w, frag), b = pdfw_fragment(w, frag);
	ck_assert_int_ne(a, b);
	char *s = g_strdup_printf("<< /Type /Catalog /Pages %d 0 R >>", pages);
	pdfw_object(w, catalog, s, strlen(s));
	g_free(s);
	s = g_strdup_printf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page);
	pdfw_object(w, pages, s, strlen(s));
	g_free(s);
	s = g_strdup_printf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 100 100] /Contents %d 0 R "
			    "/Resources << /XObject << /A %d 0 R /B %d 0 R >> >> >>",
			    pages, content, a, b);
	pdfw_object(w, page, s, strlen(s));
	g_free(s);
	static const char draw[] = "q 1 0 0 1 10 10 cm /A Do Q q 1 0 0 1 50 50 cm /B Do Q";
	pdfw_stream(w, content, "", draw, sizeof draw - 1, PDFW_DEFLATE);
	GByteArray *out = g_byte_array_new();
	pdfw_finish(w, catalog, 0, out);
	pdfw_destroy(w);
	pdffrag_destroy(frag);
	return out;
}

START_TEST(file_reads_back)
{
	GByteArray *pdf = small_file();
	char *dir = g_dir_make_tmp("pdfobj-XXXXXX", NULL);
	char *path = g_build_filename(dir, "small.pdf", NULL);
	ck_assert(g_file_set_contents(path, (const char *)pdf->data, pdf->len, NULL));
	char *out = NULL;
	const char *check[] = {"qpdf", "--check", path, NULL};
	ck_assert_msg(test_run(check, &out), "qpdf --check: %s", out);
	ck_assert_msg(strstr(out, "No syntax or stream encoding errors"), "qpdf --check: %s", out);
	g_free(out);
	/* Both copies of the fragment are drawn: blue at (15, 85) and (55, 45) from the top. */
	char *png = g_build_filename(dir, "small", NULL);
	const char *raster[] = {"pdftoppm", "-r", "72", "-png", "-singlefile", path, png, NULL};
	ck_assert(test_run(raster, NULL));
	char *png_file = g_strconcat(png, ".png", NULL);
	cairo_surface_t *img = cairo_image_surface_create_from_png(png_file);
	ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	const guint8 *px = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	guint32 at1 = *(const guint32 *)(px + 85 * stride + 15 * 4);
	guint32 at2 = *(const guint32 *)(px + 45 * stride + 55 * 4);
	guint32 blank = *(const guint32 *)(px + 30 * stride + 30 * 4);
	ck_assert_uint_eq(at1 & 0xffffff, 0x0000ff);
	ck_assert_uint_eq(at2 & 0xffffff, 0x0000ff);
	ck_assert_uint_eq(blank & 0xffffff, 0xffffff);
	cairo_surface_destroy(img);
	g_unlink(png_file);
	g_unlink(path);
	g_rmdir(dir);
	g_free(png_file);
	g_free(png);
	g_free(path);
	g_free(dir);
	g_byte_array_unref(pdf);
}
END_TEST

/* The /ID comes from the bytes: the same document twice gives the same file. */
START_TEST(same_document_same_bytes)
{
	GByteArray *a = small_file(), *b = small_file();
	ck_assert_uint_eq(a->len, b->len);
	ck_assert(memcmp(a->data, b->data, a->len) == 0);
	ck_assert(memmem(a->data, a->len, "/ID [<", 6) != NULL);
	g_byte_array_unref(a);
	g_byte_array_unref(b);
}
END_TEST

Suite *pdfobj_suite(void)
{
	Suite *s = suite_create("pdfobj");
	TCase *tc = tcase_create("syntax");
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, text_strings);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	tc = tcase_create("file");
	tcase_add_test(tc, file_reads_back);
	tcase_add_test(tc, same_document_same_bytes);
	suite_add_tcase(s, tc);
	return s;
}
