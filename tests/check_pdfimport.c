/* pdfimport, and logos as PDF forms: pages drawn by cairo (or written by hand, as cairo never
 * would), imported, placed by pdfobj in a page of a new file, and read back with real tools:
 * `qpdf --check`, pdftoppm's pixels, and qpdf's own reading of what was copied. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <qpdf/qpdf-c.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "logo.h"
#include "pdfimport.h"
#include "pdfobj.h"
#include "suites.h"
#include "testutil.h"

/* Colours as 0xRRGGBB, and how far a channel may stray: antialiasing and colour management
 * never move a sampled interior pixel further. */
#define RED 0xff0000u
#define GREEN 0x00ff00u
#define BLUE 0x0000ffu
#define WHITE 0xffffffu
#define TOLERANCE 24

/* The pages placements land on, in points (pixels at 72 dpi). */
#define PAGE_W 200.0
#define PAGE_H 100.0

/* --- Files ------------------------------------------------------------------------------- */

/* A temporary folder and the files written in it, all removed by scratch_finish. */
struct scratch {
	char *dir;
	GPtrArray *files;
};

static void scratch_init(struct scratch *s)
{
	GError *err = NULL;
	s->dir = g_dir_make_tmp("tipsheet-pdfimport-XXXXXX", &err);
	ck_assert_msg(s->dir, "g_dir_make_tmp: %s", err ? err->message : "?");
	s->files = g_ptr_array_new_with_free_func(g_free);
}

/* The path of `name` in the folder, to be removed at the end. */
static const char *scratch_path(struct scratch *s, const char *name)
{
	char *path = g_build_filename(s->dir, name, NULL);
	g_ptr_array_add(s->files, path);
	return path;
}

static const char *scratch_save(struct scratch *s, const char *name, const GByteArray *data)
{
	const char *path = scratch_path(s, name);
	ck_assert(g_file_set_contents(path, (const char *)data->data, data->len, NULL));
	return path;
}

static void scratch_finish(struct scratch *s)
{
	for (guint i = 0; i < s->files->len; i++)
		g_remove(g_ptr_array_index(s->files, i));
	g_ptr_array_free(s->files, TRUE);
	ck_assert_msg(g_rmdir(s->dir) == 0, "%s is not empty", s->dir);
	g_free(s->dir);
}

/* --- Inputs ------------------------------------------------------------------------------ */

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* 2 x 2 pixels: blue above, fully clear below; cairo writes it with an /SMask. */
static cairo_surface_t *half_clear_image(void)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 2, 2);
	cairo_surface_flush(img);
	unsigned char *data = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	const guint32 rows[2] = {0xff0000ffu, 0x00000000u}; /* premultiplied ARGB */
	for (int y = 0; y < 2; y++)
		for (int x = 0; x < 2; x++)
			memcpy(data + y * stride + 4 * x, &rows[y], 4);
	cairo_surface_mark_dirty(img);
	return img;
}

/* A page of 40 x 20 pt as cairo writes it: a red path on the left half; on the right half the
 * image, scaled up, blue over its top half, clear (white on paper) under it. */
static GByteArray *cairo_source(void)
{
	GByteArray *pdf = g_byte_array_new();
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append_bytes, pdf, 40, 20);
	cairo_t *cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 0, 0);
	cairo_move_to(cr, 0, 0);
	cairo_line_to(cr, 20, 0);
	cairo_line_to(cr, 20, 20);
	cairo_line_to(cr, 0, 20);
	cairo_close_path(cr);
	cairo_fill(cr);
	cairo_surface_t *img = half_clear_image();
	cairo_translate(cr, 20, 0);
	cairo_scale(cr, 10, 10);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
	cairo_paint(cr);
	cairo_surface_destroy(img);
	ck_assert_int_eq(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	ck_assert_int_eq(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(surface);
	return pdf;
}

static GByteArray *bytes(const char *text)
{
	GByteArray *b = g_byte_array_new();
	g_byte_array_append(b, (const guint8 *)text, (guint)strlen(text));
	return b;
}

static void put_object(struct pdfw *w, int num, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put_object(struct pdfw *w, int num, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *syntax = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	pdfw_object(w, num, syntax, strlen(syntax));
	g_free(syntax);
}

/* A file of one page, object 3, whose dictionary holds `entries` besides /Type and /Parent:
 * the catalog is object 1, the page tree 2. */
static GByteArray *one_page(const char *entries)
{
	struct pdfw *w = pdfw_create();
	int catalog = pdfw_reserve(w), pages = pdfw_reserve(w), page = pdfw_reserve(w);
	put_object(w, catalog, "<< /Type /Catalog /Pages %d 0 R >>", pages);
	put_object(w, pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page);
	put_object(w, page, "<< /Type /Page /Parent %d 0 R %s >>", pages, entries);
	GByteArray *pdf = g_byte_array_new();
	pdfw_finish(w, catalog, 0, pdf);
	pdfw_destroy(w);
	return pdf;
}

/* A page as cairo never writes one, 20 x 10 pt: its box away from the origin, its content in
 * two streams (the colour set in one, used in the other), a form on the right half used
 * under two names, and a ring of objects that refer to each other. Green left, blue right. */
static GByteArray *handmade_source(void)
{
	struct pdfw *w = pdfw_create();
	int catalog = pdfw_reserve(w), pages = pdfw_reserve(w), page = pdfw_reserve(w);
	int c1 = pdfw_reserve(w), c2 = pdfw_reserve(w), form = pdfw_reserve(w);
	int ring1 = pdfw_reserve(w), ring2 = pdfw_reserve(w);
	static const char part1[] = "0 1 0 rg\n";
	static const char part2[] = "100 200 10 10 re f /A Do /B Do\n";
	static const char drawing[] = "0 0 1 rg 110 200 10 10 re f\n";
	pdfw_stream(w, c1, "", part1, strlen(part1), PDFW_DEFLATE);
	pdfw_stream(w, c2, "", part2, strlen(part2), PDFW_DEFLATE);
	pdfw_stream(w, form, "/Type /XObject /Subtype /Form /BBox [110 200 120 210]", drawing,
	            strlen(drawing), PDFW_DEFLATE);
	put_object(w, ring1, "<< /Next %d 0 R >>", ring2);
	put_object(w, ring2, "<< /Back %d 0 R /Self %d 0 R >>", ring1, ring2);
	put_object(w, catalog, "<< /Type /Catalog /Pages %d 0 R >>", pages);
	put_object(w, pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page);
	put_object(w, page,
	           "<< /Type /Page /Parent %d 0 R /MediaBox [100 200 120 210] /Contents [%d 0 R "
	           "%d 0 R] /Resources << /XObject << /A %d 0 R /B %d 0 R >> /Properties << "
	           "/Ring %d 0 R >> >> >>",
	           pages, c1, c2, form, form, ring1);
	GByteArray *pdf = g_byte_array_new();
	pdfw_finish(w, catalog, 0, pdf);
	pdfw_destroy(w);
	return pdf;
}

/* A file as cairo writes it, classic (objects, a cross-reference table, a trailer), from
 * `body`: its objects as "N 0 obj ... endobj". The table lists no object, on purpose:
 * pdfimport finds the objects by reading the file, not through the table. */
static GByteArray *classic(const char *body)
{
	GByteArray *pdf = bytes("%PDF-1.5\n%\xb5\xed\xae\xfb\n");
	g_byte_array_append(pdf, (const guint8 *)body, (guint)strlen(body));
	static const char tail[] =
	    "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 /Root 1 0 R "
	    ">>\nstartxref\n0\n%%EOF\n";
	g_byte_array_append(pdf, (const guint8 *)tail, sizeof tail - 1);
	return pdf;
}

/* Page 1 (object 5) sits in a /Pages node (3) after an empty one (7); its MediaBox and its
 * resources (4) are inherited from the root node (2); its content stream's /Length (8) is
 * written after the stream, as cairo writes it. The resources hold what PDF syntax allows in
 * a value: comments, escapes in names and strings, nested parentheses, hex, a real. Blue on
 * the left half, 40 x 20 pt. */
static const char classic_body[] =
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [7 0 R 3 0 R] /Count 1 /MediaBox [0 0 40 20]\n"
    "   /Resources 4 0 R >>\nendobj\n"
    "7 0 obj << /Type /Pages /Parent 2 0 R /Kids [ ] /Count 0 >> endobj\n"
    "3 0 obj<</Type/Pages/Parent 2 0 R/Kids[5 0 R]/Count 1>>endobj\n"
    "5 0 obj\n<< /Type /Page % page 1\n /Parent 3 0 R /Contents 6 0 R >>\nendobj\n"
    "4 0 obj\n<< /ExtGState << /G#41 << /ca .5 >> >> % a comment >>\n"
    "   /Properties << /P << /S (a \\(b\\) (c) \\\\ \\101) /H <48 6 9> /N /A#20B\n"
    "   /R -1.25 /T true /Z null /E [] >> >> >>\nendobj\n"
    "6 0 obj\n<< /Length 8 0 R >>\nstream\n0 0 1 rg 0 0 20 20 re f\nendstream\nendobj\n"
    "8 0 obj\n   23\nendobj\n";

static struct pdffrag *import_ok(const GByteArray *pdf, double *w, double *h)
{
	struct pdffrag *f = NULL;
	struct diag d = {0};
	test_assert_ok(pdfimport_page(pdf->data, pdf->len, "in.pdf", &f, w, h, &d), &d,
	               "pdfimport_page");
	ck_assert_ptr_nonnull(f);
	return f;
}

/* --- The file the forms are placed in ------------------------------------------------------ */

/* One form shown in a box whose top left corner is (x, y), y down, `scale` times its size;
 * `copy` says which of the document's copies of the fragment. */
struct placement {
	double x, y, scale;
	int copy;
};

/* A page of PAGE_W x PAGE_H with its y axis turned down, as the documents have it. */
static GString *flipped_content(void)
{
	GString *s = g_string_new("1 0 0 -1 0 ");
	pdf_num(s, PAGE_H);
	g_string_append(s, " cm\n");
	return s;
}

/* The one-page file showing `content`, with XObjects /F0, /F1 ... = forms[0], forms[1] ... */
static GByteArray *page_with_forms(struct pdfw *w, const int *forms, int n_forms,
                                   const GString *content)
{
	int catalog = pdfw_reserve(w), pages = pdfw_reserve(w), page = pdfw_reserve(w);
	int stream = pdfw_reserve(w);
	pdfw_stream(w, stream, "", content->str, content->len, PDFW_DEFLATE);
	GString *xobjects = g_string_new(NULL);
	for (int i = 0; i < n_forms; i++)
		g_string_append_printf(xobjects, " /F%d %d 0 R", i, forms[i]);
	put_object(w, catalog, "<< /Type /Catalog /Pages %d 0 R >>", pages);
	put_object(w, pages, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page);
	put_object(w, page,
	           "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R "
	           "/Resources << /XObject <<%s >> >> >>",
	           pages, PAGE_W, PAGE_H, stream, xobjects->str);
	g_string_free(xobjects, TRUE);
	GByteArray *pdf = g_byte_array_new();
	pdfw_finish(w, catalog, 0, pdf);
	return pdf;
}

/* `f` (fh points high) copied `copies` times into a new file and shown at each placement. */
static GByteArray *place(const struct pdffrag *f, double fh, int copies, const struct placement *p,
                         size_t n)
{
	struct pdfw *w = pdfw_create();
	int forms[4];
	ck_assert_int_le(copies, 4);
	for (int i = 0; i < copies; i++)
		forms[i] = pdfw_fragment(w, f);
	GString *content = flipped_content();
	for (size_t i = 0; i < n; i++) {
		/* The form's top (fh, y up) at the box's top, y, in the page's y-down space. */
		double m[6] = {p[i].scale, 0, 0, -p[i].scale, p[i].x, p[i].y + p[i].scale * fh};
		g_string_append(content, "q");
		for (int k = 0; k < 6; k++) {
			g_string_append_c(content, ' ');
			pdf_num(content, m[k]);
		}
		g_string_append_printf(content, " cm /F%d Do Q\n", p[i].copy);
	}
	GByteArray *pdf = page_with_forms(w, forms, copies, content);
	g_string_free(content, TRUE);
	pdfw_destroy(w);
	return pdf;
}

/* --- Reading back ------------------------------------------------------------------------ */

static void assert_qpdf_check(const char *pdf)
{
	const char *argv[] = {"qpdf", "--check", pdf, NULL};
	char *out = NULL;
	bool clean = test_run(argv, &out);
	ck_assert_msg(clean && strstr(out, "No syntax or stream encoding errors"),
	              "qpdf --check %s:\n%s", pdf, out);
	g_free(out);
}

/* Page 1 of `pdf` as pdftoppm draws it at 72 dpi: a pixel per point. */
static cairo_surface_t *rasterize(struct scratch *s, const char *pdf)
{
	const char *prefix = scratch_path(s, "page");
	const char *png = scratch_path(s, "page-1.png");
	const char *argv[] = {"pdftoppm", "-r", "72", "-png", pdf, prefix, NULL};
	ck_assert_msg(test_run(argv, NULL), "pdftoppm failed on %s", pdf);
	cairo_surface_t *img = cairo_image_surface_create_from_png(png);
	ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	return img;
}

static guint32 pixel(cairo_surface_t *img, int x, int y)
{
	ck_assert(x >= 0 && y >= 0 && x < cairo_image_surface_get_width(img) &&
	          y < cairo_image_surface_get_height(img));
	cairo_surface_flush(img);
	const unsigned char *row =
	    cairo_image_surface_get_data(img) + y * cairo_image_surface_get_stride(img);
	guint32 v;
	memcpy(&v, row + 4 * x, 4);
	return v & 0xffffffu; /* opaque pixels: premultiplied RGB is plain RGB */
}

static bool near(guint32 a, guint32 b)
{
	for (int shift = 0; shift < 24; shift += 8) {
		int ca = (int)(a >> shift & 0xff), cb = (int)(b >> shift & 0xff);
		if (abs(ca - cb) > TOLERANCE)
			return false;
	}
	return true;
}

struct probe {
	int x, y;
	guint32 rgb;
};

static void assert_pixels(cairo_surface_t *img, const struct probe *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		guint32 got = pixel(img, p[i].x, p[i].y);
		ck_assert_msg(near(got, p[i].rgb), "pixel (%d, %d) is #%06x, not #%06x", p[i].x,
		              p[i].y, got, p[i].rgb);
	}
}

/* The object at the end of `path` (keys separated by spaces) from `oh`, through stream
 * dictionaries. */
static qpdf_oh dig(qpdf_data q, qpdf_oh oh, const char *path)
{
	char **keys = g_strsplit(path, " ", -1);
	for (char **k = keys; *k; k++)
		oh =
		    qpdf_oh_get_key(q, qpdf_oh_is_stream(q, oh) ? qpdf_oh_get_dict(q, oh) : oh, *k);
	g_strfreev(keys);
	return oh;
}

/* Opens a file written here; qpdf keeps a pointer to `pdf`. */
static qpdf_data qpdf_open(const GByteArray *pdf)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_read_memory(q, "out.pdf", (const char *)pdf->data, pdf->len, NULL);
	ck_assert_msg(!qpdf_has_error(q), "qpdf cannot read the file written");
	return q;
}

/* True if one of the dictionary's values is an image with a soft mask. */
static bool has_masked_image(qpdf_data q, qpdf_oh xobjects)
{
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	qpdf_oh_begin_dict_key_iter(q, xobjects);
	while (qpdf_oh_dict_more_keys(q))
		g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
	bool found = false;
	for (guint i = 0; i < keys->len && !found; i++) {
		qpdf_oh x = qpdf_oh_get_key(q, xobjects, g_ptr_array_index(keys, i));
		found = qpdf_oh_is_stream(q, x) &&
		        qpdf_oh_is_name_and_equals(q, dig(q, x, "/Subtype"), "/Image") &&
		        qpdf_oh_is_stream(q, dig(q, x, "/SMask"));
	}
	g_ptr_array_free(keys, TRUE);
	return found;
}

/* --- Importing ----------------------------------------------------------------------------- */

START_TEST(cairo_page_placed_twice)
{
	struct scratch s;
	scratch_init(&s);
	GByteArray *src = cairo_source();
	double fw, fh;
	struct pdffrag *f = import_ok(src, &fw, &fh);
	ck_assert_double_eq_tol(fw, 40, 1e-9);
	ck_assert_double_eq_tol(fh, 20, 1e-9);
	/* One copy in the file, shown twice: as large as drawn, and twice as large. */
	const struct placement at[] = {{10, 10, 1, 0}, {100, 40, 2, 0}};
	GByteArray *out = place(f, fh, 1, at, G_N_ELEMENTS(at));
	const char *path = scratch_save(&s, "out.pdf", out);
	assert_qpdf_check(path);
	cairo_surface_t *img = rasterize(&s, path);
	const struct probe probes[] = {
	    {5, 5, WHITE},   {20, 20, RED},    {40, 14, BLUE},  {40, 26, WHITE},  {120, 60, RED},
	    {170, 50, BLUE}, {170, 70, WHITE}, {95, 60, WHITE}, {150, 85, WHITE}, {55, 20, WHITE},
	};
	assert_pixels(img, probes, G_N_ELEMENTS(probes));
	cairo_surface_destroy(img);
	/* The image and its soft mask came along. */
	qpdf_data q = qpdf_open(out);
	qpdf_oh page = qpdf_get_page_n(q, 0);
	qpdf_oh form = dig(q, page, "/Resources /XObject /F0");
	ck_assert(qpdf_oh_is_name_and_equals(q, dig(q, form, "/Subtype"), "/Form"));
	ck_assert(has_masked_image(q, dig(q, form, "/Resources /XObject")));
	ck_assert(!qpdf_has_error(q));
	qpdf_cleanup(&q);
	g_byte_array_free(out, TRUE);
	pdffrag_destroy(f);
	g_byte_array_free(src, TRUE);
	scratch_finish(&s);
}
END_TEST

/* Objects shared in the source are shared in the copy; a ring of references ends; split
 * content is joined; a box away from the origin is moved to it. */
START_TEST(handmade_page_placed)
{
	struct scratch s;
	scratch_init(&s);
	GByteArray *src = handmade_source();
	double fw, fh;
	struct pdffrag *f = import_ok(src, &fw, &fh);
	ck_assert_double_eq_tol(fw, 20, 1e-9);
	ck_assert_double_eq_tol(fh, 10, 1e-9);
	/* Two copies in one file, each shown once at twice its size. */
	const struct placement at[] = {{20, 20, 2, 0}, {120, 50, 2, 1}};
	GByteArray *out = place(f, fh, 2, at, G_N_ELEMENTS(at));
	const char *path = scratch_save(&s, "out.pdf", out);
	assert_qpdf_check(path);
	cairo_surface_t *img = rasterize(&s, path);
	const struct probe probes[] = {
	    {30, 30, GREEN}, {50, 30, BLUE},  {130, 60, GREEN}, {150, 60, BLUE},
	    {10, 30, WHITE}, {70, 30, WHITE}, {30, 45, WHITE},  {150, 75, WHITE},
	};
	assert_pixels(img, probes, G_N_ELEMENTS(probes));
	cairo_surface_destroy(img);

	qpdf_data q = qpdf_open(out);
	qpdf_oh page = qpdf_get_page_n(q, 0);
	for (int copy = 0; copy < 2; copy++) {
		char key[32];
		g_snprintf(key, sizeof key, "/Resources /XObject /F%d", copy);
		qpdf_oh form = dig(q, page, key);
		int a = qpdf_oh_get_object_id(q, dig(q, form, "/Resources /XObject /A"));
		int b = qpdf_oh_get_object_id(q, dig(q, form, "/Resources /XObject /B"));
		ck_assert_int_gt(a, 0);
		ck_assert_int_eq(a, b);
		qpdf_oh ring = dig(q, form, "/Resources /Properties /Ring");
		int ring1 = qpdf_oh_get_object_id(q, ring);
		int ring2 = qpdf_oh_get_object_id(q, dig(q, ring, "/Next"));
		ck_assert_int_gt(ring1, 0);
		ck_assert_int_eq(qpdf_oh_get_object_id(q, dig(q, ring, "/Next /Back")), ring1);
		ck_assert_int_eq(qpdf_oh_get_object_id(q, dig(q, ring, "/Next /Self")), ring2);
		ck_assert_str_eq(qpdf_oh_unparse(q, dig(q, form, "/BBox")), "[ 100 200 120 210 ]");
		ck_assert_str_eq(qpdf_oh_unparse(q, dig(q, form, "/Matrix")),
		                 "[ 1 0 0 1 -100 -200 ]");
	}
	ck_assert(!qpdf_has_error(q));
	qpdf_cleanup(&q);
	g_byte_array_free(out, TRUE);
	pdffrag_destroy(f);
	g_byte_array_free(src, TRUE);
	scratch_finish(&s);
}
END_TEST

/* The byte string of `oh` (a string object) equals `want` (`len` bytes). */
static void assert_string_value(qpdf_data q, qpdf_oh oh, const char *want, size_t len)
{
	size_t got_len = 0;
	const char *got = qpdf_oh_get_binary_string_value(q, oh, &got_len);
	ck_assert_msg(got_len == len && memcmp(got, want, len) == 0, "the string is \"%.*s\"",
	              (int)got_len, got);
}

/* A classic file, its objects in any order, read without its cross-reference table; what
 * is inherited from the page tree is found; the syntax of the resources comes through. */
START_TEST(classic_page_placed)
{
	struct scratch s;
	scratch_init(&s);
	GByteArray *src = classic(classic_body);
	double fw, fh;
	struct pdffrag *f = import_ok(src, &fw, &fh);
	ck_assert_double_eq_tol(fw, 40, 1e-9);
	ck_assert_double_eq_tol(fh, 20, 1e-9);
	const struct placement at[] = {{10, 10, 1, 0}};
	GByteArray *out = place(f, fh, 1, at, G_N_ELEMENTS(at));
	const char *path = scratch_save(&s, "out.pdf", out);
	assert_qpdf_check(path);
	cairo_surface_t *img = rasterize(&s, path);
	const struct probe probes[] = {{20, 20, BLUE}, {40, 20, WHITE}, {5, 5, WHITE}};
	assert_pixels(img, probes, G_N_ELEMENTS(probes));
	cairo_surface_destroy(img);

	qpdf_data q = qpdf_open(out);
	qpdf_oh form = dig(q, qpdf_get_page_n(q, 0), "/Resources /XObject /F0");
	qpdf_oh p = dig(q, form, "/Resources /Properties /P");
	assert_string_value(q, dig(q, p, "/S"), "a (b) (c) \\ A", 13);
	assert_string_value(q, dig(q, p, "/H"), "Hi", 2);
	ck_assert(qpdf_oh_is_name_and_equals(q, dig(q, p, "/N"), "/A B"));
	ck_assert_double_eq_tol(qpdf_oh_get_numeric_value(q, dig(q, p, "/R")), -1.25, 1e-9);
	ck_assert(qpdf_oh_get_bool_value(q, dig(q, p, "/T")));
	ck_assert(qpdf_oh_is_array(q, dig(q, p, "/E")));
	ck_assert_double_eq_tol(
	    qpdf_oh_get_numeric_value(q, dig(q, form, "/Resources /ExtGState /GA /ca")), 0.5, 1e-9);
	ck_assert(!qpdf_has_error(q));
	qpdf_cleanup(&q);
	g_byte_array_free(out, TRUE);
	pdffrag_destroy(f);
	g_byte_array_free(src, TRUE);
	scratch_finish(&s);
}
END_TEST

/* An update appended to a file redefines an object: the later definition counts. */
START_TEST(later_definition_wins)
{
	GByteArray *src = classic(classic_body);
	static const char update[] =
	    "5 0 obj\n<< /Type /Page /Parent 3 0 R /Contents 6 0 R /MediaBox [0 0 30 15] >>\n"
	    "endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
	g_byte_array_append(src, (const guint8 *)update, sizeof update - 1);
	double fw, fh;
	struct pdffrag *f = import_ok(src, &fw, &fh);
	ck_assert_double_eq_tol(fw, 30, 1e-9);
	ck_assert_double_eq_tol(fh, 15, 1e-9);
	pdffrag_destroy(f);
	g_byte_array_free(src, TRUE);
}
END_TEST

/* --- Refused ------------------------------------------------------------------------------- */

/* Imports `pdf`, which must fail with a one-line message containing `part`. */
static void assert_refused(const GByteArray *pdf, const char *what, const char *part)
{
	struct pdffrag *f = NULL;
	double w = -1, h = -1;
	struct diag d = {0};
	ck_assert_msg(!pdfimport_page(pdf->data, pdf->len, "in.pdf", &f, &w, &h, &d),
	              "%s was imported", what);
	ck_assert_ptr_null(f);
	ck_assert(w == -1 && h == -1);
	test_assert_diag_contains(&d, what, part);
	char *line = diag_format(&d);
	ck_assert_msg(!strchr(line, '\n'), "%s: the message has several lines: %s", what, line);
	g_free(line);
	diag_finish(&d);
}

START_TEST(not_a_pdf)
{
	GByteArray *in = bytes("<svg xmlns='http://www.w3.org/2000/svg'/>");
	struct pdffrag *f = NULL;
	double w, h;
	struct diag d = {0};
	ck_assert(!pdfimport_page(in->data, in->len, "in.pdf", &f, &w, &h, &d));
	test_assert_diag(&d, "an SVG",
	                 "in.pdf: cannot import the PDF: the input is not a PDF (no %PDF- header)");
	diag_finish(&d);
	g_byte_array_free(in, TRUE);
	GByteArray *empty = g_byte_array_new();
	assert_refused(empty, "nothing", "the input is not a PDF");
	g_byte_array_free(empty, TRUE);
}
END_TEST

START_TEST(no_pages)
{
	struct pdfw *w = pdfw_create();
	int catalog = pdfw_reserve(w), pages = pdfw_reserve(w);
	put_object(w, catalog, "<< /Type /Catalog /Pages %d 0 R >>", pages);
	put_object(w, pages, "<< /Type /Pages /Kids [] /Count 0 >>");
	GByteArray *pdf = g_byte_array_new();
	pdfw_finish(w, catalog, 0, pdf);
	pdfw_destroy(w);
	assert_refused(pdf, "a PDF with no pages",
	               "in.pdf: cannot import the PDF: it has no pages");
	g_byte_array_free(pdf, TRUE);
}
END_TEST

START_TEST(damaged)
{
	GByteArray *pdf = cairo_source();
	g_byte_array_set_size(pdf, pdf->len / 2);
	assert_refused(pdf, "half a PDF", "in.pdf: cannot import the PDF (reading): ");
	g_byte_array_free(pdf, TRUE);
	/* The header, then nonsense. */
	GByteArray *junk = bytes("%PDF-1.7\nthis is not a PDF at all\n%%EOF\n");
	assert_refused(junk, "junk", "cannot import the PDF (reading): ");
	g_byte_array_free(junk, TRUE);
	/* Each of these broken in one place; none may be read past its end. */
	static const struct {
		const char *from, *to, *part;
	} breaks[] = {
	    {"   23\n", "   99999\n", "object 6: its /Length is missing or runs past the end"},
	    {"   23\n", "   5\n", "object 6: its data does not end at endstream"},
	    {"   23\n", "   (23)\n", "object 6: its /Length is missing"},
	    {"8 0 obj", "9 0 obj", "object 8 0 is missing"},
	    {"\nendstream", "\nendstrea", "object 6: a stream without endstream"},
	    {"/Count 0 >> endobj", "/Count 0 >>", "object 7 at byte"},
	    {"(a \\(b", "(a (b", "a string without its closing parenthesis"},
	    {"<48 6 9>", "<48 6 9", "a hex string with a byte that is not a hex digit"},
	    {"/Kids[5 0 R]", "/Kids[5 0 R", "a ] or >> that closes nothing"},
	    {"/Kids[5 0 R]", "/Kids[5 0 R}", "a delimiter out of place"},
	    {"/Kids[5 0 R]", "/Kids 6 0 R", "a /Kids that is not an array"},
	    {"/Kids[5 0 R]", "/Kids[8 0 R]", "the page tree holds something other than pages"},
	    {"/Kids [ ]", "/Kids [2 0 R]", "the page tree is too deep"},
	    {"1 0 obj\n",
	     "9 0 obj << /Type /XRef /Encrypt 8 0 R /Root 1 0 R /Length 0 >> "
	     "stream\n\nendstream endobj\n1 0 obj\n",
	     "the file is encrypted"},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(breaks); i++) {
		GString *body = g_string_new(classic_body);
		ck_assert(g_string_replace(body, breaks[i].from, breaks[i].to, 1) == 1);
		GByteArray *broken = classic(body->str);
		char *what = g_strdup_printf("%s as %s", breaks[i].from, breaks[i].to);
		assert_refused(broken, what, "in.pdf: cannot import the PDF (reading): ");
		assert_refused(broken, what, breaks[i].part);
		g_free(what);
		g_byte_array_free(broken, TRUE);
		g_string_free(body, TRUE);
	}
}
END_TEST

/* A reference to an object the file does not hold is a broken file. */
START_TEST(missing_object)
{
	GByteArray *pdf =
	    one_page("/MediaBox [0 0 10 10] /Resources << /XObject << /X 9 0 R >> >>");
	assert_refused(pdf, "a page whose resources refer to no object",
	               "in.pdf: cannot import the PDF (reading): object 9 0 is missing");
	g_byte_array_free(pdf, TRUE);
}
END_TEST

START_TEST(no_media_box)
{
	static const char *const boxes[] = {"", "/MediaBox [0 0 0 10]", "/MediaBox [0 0 10]",
	                                    "/MediaBox [0 0 (ten) 10]", "/MediaBox 5"};
	for (size_t i = 0; i < G_N_ELEMENTS(boxes); i++) {
		GByteArray *pdf = one_page(boxes[i]);
		assert_refused(pdf, boxes[i],
		               "in.pdf: cannot import the PDF: page 1 has no usable MediaBox");
		g_byte_array_free(pdf, TRUE);
	}
}
END_TEST

START_TEST(rotated)
{
	GByteArray *pdf = one_page("/MediaBox [0 0 10 10] /Rotate 90");
	assert_refused(pdf, "a rotated page", "page 1 is rotated");
	g_byte_array_free(pdf, TRUE);
}
END_TEST

/* Resources that lead back to the document would copy it whole. */
START_TEST(refers_to_the_document)
{
	GByteArray *pdf =
	    one_page("/MediaBox [0 0 10 10] /Resources << /Properties << /P 1 0 R >> >>");
	assert_refused(pdf, "a page whose resources hold the catalog",
	               "page 1 refers to the document's pages or catalog (object 1)");
	g_byte_array_free(pdf, TRUE);
}
END_TEST

START_TEST(nested_too_deep)
{
	GString *entries = g_string_new("/MediaBox [0 0 10 10] /Resources << /Properties << /P ");
	for (int i = 0; i < 100; i++)
		g_string_append_c(entries, '[');
	for (int i = 0; i < 100; i++)
		g_string_append_c(entries, ']');
	g_string_append(entries, " >> >>");
	GByteArray *pdf = one_page(entries->str);
	assert_refused(pdf, "arrays 100 deep", "nested more than 64 levels deep");
	g_byte_array_free(pdf, TRUE);
	g_string_free(entries, TRUE);
}
END_TEST

/* --- Logos ------------------------------------------------------------------------------- */

static struct logo *load_logo(const char *relative)
{
	char *path = test_source_path(relative);
	struct logo *l = NULL;
	struct diag d = {0};
	test_assert_ok(logo_load(path, &l, &d), &d, relative);
	g_free(path);
	return l;
}

START_TEST(logo_pdf_made_once)
{
	static const struct {
		const char *file;
		double w, h;
	} cases[] = {
	    {"data/bodies/logos/veldkers.svg", 64, 64},    /* width="64" height="64": points */
	    {"data/bodies/logos/zandloper.png", 256, 171}, /* pixels as points */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct logo *l = load_logo(cases[i].file);
		struct diag d = {0};
		double w = 0, h = 0, w2 = 0, h2 = 0;
		const struct pdffrag *f = logo_pdf(l, &w, &h, &d);
		test_assert_ok(f != NULL, &d, cases[i].file);
		ck_assert_double_eq_tol(w, cases[i].w, 1e-6);
		ck_assert_double_eq_tol(h, cases[i].h, 1e-6);
		ck_assert_double_eq_tol(w / h, logo_aspect(l), 1e-6);
		ck_assert_ptr_eq(logo_pdf(l, &w2, &h2, &d), f);
		ck_assert(w2 == w && h2 == h);
		logo_destroy(l);
	}
}
END_TEST

/* An SVG with no size of its own, only a viewBox, is drawn 100 pt high with its ratio. */
START_TEST(logo_pdf_sized_by_viewbox)
{
	struct scratch s;
	scratch_init(&s);
	const char *path = scratch_path(&s, "wide.svg");
	static const char svg[] = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 40 10'>"
	                          "<rect width='40' height='10' fill='#123456'/></svg>";
	ck_assert(g_file_set_contents(path, svg, -1, NULL));
	struct logo *l = NULL;
	struct diag d = {0};
	test_assert_ok(logo_load(path, &l, &d), &d, "wide.svg");
	double w = 0, h = 0;
	test_assert_ok(logo_pdf(l, &w, &h, &d) != NULL, &d, "wide.svg");
	ck_assert_double_eq_tol(w, 400, 1e-6);
	ck_assert_double_eq_tol(h, 100, 1e-6);
	logo_destroy(l);
	scratch_finish(&s);
}
END_TEST

START_TEST(logo_placement_matrix)
{
	double m[6];
	/* A PNG fills its box, whatever its ratio. */
	struct logo *png = load_logo("data/bodies/logos/zandloper.png");
	logo_pdf_placement(png, 10, 20, 100, 50, m);
	const double png_m[6] = {100.0 / 256, 0, 0, -50.0 / 171, 10, 70};
	for (int k = 0; k < 6; k++)
		ck_assert_double_eq_tol(m[k], png_m[k], 1e-9);
	logo_destroy(png);
	/* A 64 x 64 SVG in a 100 x 50 box: 50 x 50, centred across. */
	struct logo *svg = load_logo("data/bodies/logos/veldkers.svg");
	logo_pdf_placement(svg, 10, 20, 100, 50, m);
	const double svg_m[6] = {50.0 / 64, 0, 0, -50.0 / 64, 35, 70};
	for (int k = 0; k < 6; k++)
		ck_assert_double_eq_tol(m[k], svg_m[k], 1e-9);
	logo_destroy(svg);
}
END_TEST

/* True if the pixel's neighbours have its colour: off the edges, where cairo and poppler
 * antialias and resample each in their own way. */
static bool is_interior(cairo_surface_t *img, int x, int y)
{
	guint32 c = pixel(img, x, y);
	for (int dy = -1; dy <= 1; dy++)
		for (int dx = -1; dx <= 1; dx++)
			if (!near(pixel(img, x + dx, y + dy), c))
				return false;
	return true;
}

/* `l` as logo_draw paints it in the box (x, y, w, h) on white, a pixel per point. */
static cairo_surface_t *drawn(const struct logo *l, double x, double y, double w, double h)
{
	cairo_surface_t *img =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)PAGE_W, (int)PAGE_H);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	logo_draw(l, cr, x, y, w, h);
	ck_assert_int_eq(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	return img;
}

/* The same logo in the same box, through logo_pdf and logo_pdf_placement into a PDF page,
 * as logo_draw paints it: every pixel off the edges alike, but for a few. */
static void assert_placed_as_drawn(const char *file, double x, double y, double w, double h)
{
	struct scratch s;
	scratch_init(&s);
	struct logo *l = load_logo(file);
	struct diag d = {0};
	double fw, fh;
	const struct pdffrag *f = logo_pdf(l, &fw, &fh, &d);
	test_assert_ok(f != NULL, &d, file);
	struct pdfw *pw = pdfw_create();
	int form = pdfw_fragment(pw, f);
	double m[6];
	logo_pdf_placement(l, x, y, w, h, m);
	GString *content = flipped_content();
	g_string_append(content, "q");
	for (int k = 0; k < 6; k++) {
		/* More digits than pdf_num's three: the PNG's scale is 0.35. */
		char num[G_ASCII_DTOSTR_BUF_SIZE];
		g_string_append_c(content, ' ');
		g_string_append(content, g_ascii_formatd(num, sizeof num, "%.6f", m[k]));
	}
	g_string_append(content, " cm /F0 Do Q\n");
	GByteArray *pdf = page_with_forms(pw, &form, 1, content);
	pdfw_destroy(pw);
	g_string_free(content, TRUE);
	const char *path = scratch_save(&s, "logo.pdf", pdf);
	assert_qpdf_check(path);
	cairo_surface_t *got = rasterize(&s, path);
	cairo_surface_t *want = drawn(l, x, y, w, h);
	int samples = 0, differ = 0, inked = 0;
	for (int py = 1; py < (int)PAGE_H - 1; py += 2)
		for (int px = 1; px < (int)PAGE_W - 1; px += 2) {
			if (!is_interior(want, px, py))
				continue;
			guint32 a = pixel(got, px, py), b = pixel(want, px, py);
			samples++;
			differ += !near(a, b);
			inked += b != WHITE;
		}
	ck_assert_msg(inked > samples / 10, "%s: too little drawn to compare", file);
	ck_assert_msg(differ * 100 < samples, "%s: %d of %d pixels differ", file, differ, samples);
	cairo_surface_destroy(got);
	cairo_surface_destroy(want);
	g_byte_array_free(pdf, TRUE);
	logo_destroy(l);
	scratch_finish(&s);
}

START_TEST(logo_placed_as_drawn)
{
	/* Boxes of another ratio than the logo's: the SVG centred, the PNG stretched. */
	assert_placed_as_drawn("data/bodies/logos/veldkers.svg", 30, 10, 140, 70);
	assert_placed_as_drawn("data/bodies/logos/zandloper.svg", 20, 15, 100, 80);
	assert_placed_as_drawn("data/bodies/logos/zandloper.png", 20, 10, 150, 60);
}
END_TEST

Suite *pdfimport_suite(void)
{
	Suite *s = suite_create("pdfimport");
	TCase *import = tcase_create("import");
	tcase_set_timeout(import, 30);
	tcase_add_test(import, cairo_page_placed_twice);
	tcase_add_test(import, handmade_page_placed);
	tcase_add_test(import, classic_page_placed);
	tcase_add_test(import, later_definition_wins);
	suite_add_tcase(s, import);
	TCase *refused = tcase_create("refused");
	tcase_add_test(refused, not_a_pdf);
	tcase_add_test(refused, no_pages);
	tcase_add_test(refused, damaged);
	tcase_add_test(refused, missing_object);
	tcase_add_test(refused, no_media_box);
	tcase_add_test(refused, rotated);
	tcase_add_test(refused, refers_to_the_document);
	tcase_add_test(refused, nested_too_deep);
	suite_add_tcase(s, refused);
	TCase *logos = tcase_create("logos");
	tcase_set_timeout(logos, 30);
	tcase_add_test(logos, logo_pdf_made_once);
	tcase_add_test(logos, logo_pdf_sized_by_viewbox);
	tcase_add_test(logos, logo_placement_matrix);
	tcase_add_test(logos, logo_placed_as_drawn);
	suite_add_tcase(s, logos);
	return s;
}
