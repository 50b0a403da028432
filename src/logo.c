#include "logo.h"

#include <cairo-pdf.h>
#include <dlfcn.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "pdfimport.h"

enum logo_kind { LOGO_SVG, LOGO_PNG };

/* The logo as a PDF form (logo_pdf), made on first use: a logo is const for its users, so
 * the memo sits behind a pointer, which filling it leaves unchanged. A process draws in one
 * thread, so no lock guards it. */
struct logo_pdf_memo {
	struct pdffrag *frag; /* NULL until made */
	double width, height; /* the form's BBox, in points */
};

struct logo {
	enum logo_kind kind;
	RsvgHandle *svg;      /* LOGO_SVG */
	cairo_surface_t *png; /* LOGO_PNG */
	double width, height; /* intrinsic size, any unit: only the ratio matters */
	GBytes *file;         /* the file's bytes, for formats that embed the image as it is */
	char *name;           /* the file's name, for messages */
	struct logo_pdf_memo *pdf;
};

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static bool is_png(const char *data, size_t len)
{
	return len >= 24 && memcmp(data, png_signature, sizeof png_signature) == 0;
}

static bool is_svg(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;
	return g_strstr_len(data, (gssize)head, "<svg") != NULL;
}

static unsigned read_be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

struct png_reader {
	const unsigned char *data;
	size_t len, pos;
};

static cairo_status_t png_read(void *closure, unsigned char *out, unsigned int len)
{
	struct png_reader *r = closure;
	if (r->len - r->pos < len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, r->data + r->pos, len);
	r->pos += len;
	return CAIRO_STATUS_SUCCESS;
}

static bool load_png(const char *file, const char *data, size_t len, struct logo *l,
		     struct diag *d)
{
	/* The IHDR chunk gives the size before anything is decoded; it must come first, or its
	 * place holds another chunk's bytes (tests/malformed: "PNG of 2023514976 x ..."). */
	if (memcmp(data + 12, "IHDR", 4) != 0)
		return diag_set(d, file, 0, 0, "not a readable PNG image: it does not begin with its header (IHDR)");
	unsigned w = read_be32((const unsigned char *)data + 16);
	unsigned h = read_be32((const unsigned char *)data + 20);
	if (w == 0 || h == 0 || (unsigned long long)w * h > LOGO_MAX_PIXELS)
		return diag_set(d, file, 0, 0, "PNG of %u x %u pixels: at most %u pixels are allowed",
				w, h, LOGO_MAX_PIXELS);
	struct png_reader r = {(const unsigned char *)data, len, 0};
	l->kind = LOGO_PNG;
	l->png = cairo_image_surface_create_from_png_stream(png_read, &r);
	cairo_status_t status = cairo_surface_status(l->png);
	/* cairo reports every libpng error as "out of memory" (tests/malformed: a bad CRC, a
	 * bit depth of 7): under the pixel cap that is a damaged file, so say so. */
	if (status == CAIRO_STATUS_NO_MEMORY)
		return diag_set(d, file, 0, 0, "not a readable PNG image: the file is damaged");
	if (status != CAIRO_STATUS_SUCCESS)
		return diag_set(d, file, 0, 0, "not a readable PNG image (%s)",
				cairo_status_to_string(status));
	l->width = cairo_image_surface_get_width(l->png);
	l->height = cairo_image_surface_get_height(l->png);
	return true;
}

/* librsvg is opened when the first SVG logo is read, not linked: it and the libraries it
 * brings take about 12 ms to load (a process linked with it alone starts in 25 ms, one
 * without it in 13; measured here), which a run that reads no SVG logo (the neutral
 * edition, bodies with PNG logos, the parent of the worker processes) need not pay. The
 * functions are looked up once per process; afterwards the table is only read. */
#define LOGO_RSVG_LIBRARY "librsvg-2.so.2"

struct rsvg_api {
	RsvgHandle *(*new_from_data)(const guint8 *data, gsize len, GError **error);
	void (*set_dpi)(RsvgHandle *h, double dpi);
	gboolean (*intrinsic_size_in_pixels)(RsvgHandle *h, gdouble *w, gdouble *hh);
	void (*intrinsic_dimensions)(RsvgHandle *h, gboolean *has_w, RsvgLength *w,
				     gboolean *has_h, RsvgLength *hh, gboolean *has_viewbox,
				     RsvgRectangle *viewbox);
	gboolean (*render_document)(RsvgHandle *h, cairo_t *cr, const RsvgRectangle *viewport,
				    GError **error);
	char *error; /* why librsvg could not be used, or NULL */
};

static bool bind(void *lib, const char *name, void *fn, char **error)
{
	void *sym = lib ? dlsym(lib, name) : NULL;
	if (!sym && !*error)
		*error = g_strdup_printf("%s has no %s", LOGO_RSVG_LIBRARY, name);
	memcpy(fn, &sym, sizeof sym); /* a data pointer to a function pointer, as POSIX allows */
	return sym != NULL;
}

static const struct rsvg_api *rsvg(void)
{
	static struct rsvg_api api;
	static gsize ready;
	if (g_once_init_enter(&ready)) {
		void *lib = dlopen(LOGO_RSVG_LIBRARY, RTLD_NOW | RTLD_LOCAL);
		if (!lib)
			api.error = g_strdup(dlerror());
		bind(lib, "rsvg_handle_new_from_data", &api.new_from_data, &api.error);
		bind(lib, "rsvg_handle_set_dpi", &api.set_dpi, &api.error);
		bind(lib, "rsvg_handle_get_intrinsic_size_in_pixels", &api.intrinsic_size_in_pixels,
		     &api.error);
		bind(lib, "rsvg_handle_get_intrinsic_dimensions", &api.intrinsic_dimensions,
		     &api.error);
		bind(lib, "rsvg_handle_render_document", &api.render_document, &api.error);
		g_once_init_leave(&ready, 1);
	}
	return &api;
}

/* The SVG's own size: width/height if given, else its viewBox. */
static bool svg_size(RsvgHandle *h, double *w, double *hh)
{
	if (rsvg()->intrinsic_size_in_pixels(h, w, hh))
		return *w > 0 && *hh > 0;
	gboolean has_viewbox;
	RsvgRectangle viewbox;
	rsvg()->intrinsic_dimensions(h, NULL, NULL, NULL, NULL, &has_viewbox, &viewbox);
	*w = viewbox.width;
	*hh = viewbox.height;
	return has_viewbox && *w > 0 && *hh > 0;
}

/* True when the reference starting at `s` (an href's or url()'s target, up to `end`) points
 * outside the file: not to a fragment of it ("#id"), not embedded ("data:"), not empty. */
static bool is_external(const char *s, const char *end)
{
	while (s < end && g_ascii_isspace(*s))
		s++;
	if (s == end || *s == '"' || *s == '\'' || *s == ')' || *s == '#')
		return false;
	return !(end - s >= 5 && !g_ascii_strncasecmp(s, "data:", 5));
}

/* The first reference in the SVG to another file (an href="...", a url(...) or a CSS
 * @import), or NULL. The logo is read from memory with no base file, so librsvg loads none
 * of them (not /etc/passwd, not a file beside the logo): that part of the logo would silently
 * be missing, and the author should hear why. A plain text scan: it may refuse a file that
 * merely mentions href=" in its text, which no logo does. */
static const char *svg_external_ref(const char *data, size_t len)
{
	const char *end = data + len;
	for (const char *q = data; q < end; q++) {
		if (end - q >= 7 && !memcmp(q, "@import", 7))
			return q;
		if (end - q >= 4 && !g_ascii_strncasecmp(q, "url(", 4)) {
			const char *v = q + 4;
			while (v < end && (g_ascii_isspace(*v) || *v == '"' || *v == '\''))
				v++;
			if (is_external(v, end))
				return q;
		}
		if (end - q >= 4 && !memcmp(q, "href", 4)) {
			const char *v = q + 4;
			while (v < end && g_ascii_isspace(*v))
				v++;
			if (v == end || *v != '=')
				continue;
			for (v++; v < end && g_ascii_isspace(*v); v++)
				;
			if (v < end && (*v == '"' || *v == '\'') && is_external(v + 1, end))
				return q;
		}
	}
	return NULL;
}

static bool load_svg(const char *file, const char *data, size_t len, struct logo *l,
		     struct diag *d)
{
	/* Filters come out as low-resolution images in a PDF: blurry in print. */
	if (g_strstr_len(data, (gssize)len, "<filter"))
		return diag_set(d, file, 0, 0, "SVG filters (<filter>) print blurred; draw the logo without them");
	const char *ref = svg_external_ref(data, len);
	if (ref) {
		/* Quote the reference: up to its closing quote or parenthesis, a blank or '>', at
		 * most 60 bytes. */
		int n = 0, quotes = 0;
		while (ref + n < data + len && n < 60 && !g_ascii_isspace(ref[n]) && ref[n] != '>' &&
		       ref[n] && quotes < 2) {
			quotes += ref[n] == '"' || ref[n] == '\'';
			if (ref[n++] == ')')
				break;
		}
		return diag_set(d, file, 0, 0,
				"the SVG refers to another file (%.*s): a logo is read alone, so embed "
				"images as data: URLs and styles in the file",
				n, ref);
	}
	GError *err = NULL;
	/* From memory, with no base file: the SVG cannot pull in other files. */
	l->kind = LOGO_SVG;
	if (rsvg()->error)
		return diag_set(d, file, 0, 0, "cannot read SVG logos: librsvg could not be loaded (%s)",
				rsvg()->error);
	l->svg = rsvg()->new_from_data((const guint8 *)data, len, &err);
	if (!l->svg) {
		diag_set(d, file, 0, 0, "not a readable SVG image: %s",
			 err ? g_strstrip(err->message) : "unknown error");
		g_clear_error(&err);
		return false;
	}
	rsvg()->set_dpi(l->svg, 72.0);
	if (!svg_size(l->svg, &l->width, &l->height))
		return diag_set(d, file, 0, 0, "the SVG has no size: give it width and height or a viewBox");
	return true;
}

/* Looks before reading: g_file_get_contents would read a 100 MB file whole only for it to be
 * refused, wait forever on a FIFO and fill memory from /dev/zero (a body file can name any
 * path). The size is checked again after reading, as the file may have grown. */
static bool check_file(const char *file, struct diag *d)
{
	GStatBuf st;
	if (g_stat(file, &st) != 0)
		return diag_set(d, file, 0, 0, "cannot read the logo: %s", g_strerror(errno));
	if (!S_ISREG(st.st_mode))
		return diag_set(d, file, 0, 0, "the logo is not a regular file");
	if (st.st_size > (off_t)LOGO_MAX_FILE_BYTES)
		return diag_set(d, file, 0, 0, "the logo is larger than %u bytes", LOGO_MAX_FILE_BYTES);
	return true;
}

/* Only the ratio of width to height is used, but it must be a usable one: an SVG of width
 * 1e30 (tests/malformed) made the footer's arithmetic fail far from the logo, with a message
 * about the body's e-mail address. */
#define LOGO_MAX_RATIO 100.0

static bool check_ratio(const char *file, const struct logo *l, struct diag *d)
{
	double ratio = l->width / l->height;
	if (isfinite(ratio) && ratio <= LOGO_MAX_RATIO && ratio >= 1.0 / LOGO_MAX_RATIO)
		return true;
	return diag_set(d, file, 0, 0, "the logo is %g by %g: its width and height may differ at most %g times",
			l->width, l->height, LOGO_MAX_RATIO);
}

bool logo_load(const char *file, struct logo **out, struct diag *d)
{
	char *data = NULL;
	size_t len = 0;
	GError *err = NULL;
	if (!check_file(file, d))
		return false;
	if (!g_file_get_contents(file, &data, &len, &err)) {
		diag_set(d, file, 0, 0, "cannot read the logo: %s", err->message);
		g_error_free(err);
		return false;
	}
	struct logo *l = g_new0(struct logo, 1);
	l->name = g_strdup(file);
	l->pdf = g_new0(struct logo_pdf_memo, 1);
	bool ok;
	if (len > LOGO_MAX_FILE_BYTES)
		ok = diag_set(d, file, 0, 0, "the logo is larger than %u bytes", LOGO_MAX_FILE_BYTES);
	else if (is_png(data, len))
		ok = load_png(file, data, len, l, d);
	else if (is_svg(data, len))
		ok = load_svg(file, data, len, l, d);
	else
		ok = diag_set(d, file, 0, 0, "not a PNG or SVG image");
	ok = ok && check_ratio(file, l, d);
	l->file = g_bytes_new_take(data, len);
	if (!ok) {
		logo_destroy(l);
		return false;
	}
	*out = l;
	return true;
}

void logo_destroy(struct logo *l)
{
	if (!l)
		return;
	if (l->svg)
		g_object_unref(l->svg);
	if (l->png)
		cairo_surface_destroy(l->png);
	if (l->file)
		g_bytes_unref(l->file);
	if (l->pdf)
		pdffrag_destroy(l->pdf->frag);
	g_free(l->pdf);
	g_free(l->name);
	g_free(l);
}

double logo_aspect(const struct logo *l)
{
	return l->width / l->height;
}

void logo_draw(const struct logo *l, cairo_t *cr, double x, double y, double w, double h)
{
	cairo_save(cr);
	if (l->kind == LOGO_SVG) {
		RsvgRectangle viewport = {x, y, w, h};
		rsvg()->render_document(l->svg, cr, &viewport, NULL);
	} else {
		cairo_translate(cr, x, y);
		cairo_scale(cr, w / l->width, h / l->height);
		cairo_set_source_surface(cr, l->png, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_paint(cr);
	}
	cairo_restore(cr);
}

const unsigned char *logo_file(const struct logo *l, size_t *len, const char **mime)
{
	*mime = l->kind == LOGO_SVG ? "image/svg+xml" : "image/png";
	gsize n;
	const unsigned char *data = g_bytes_get_data(l->file, &n);
	*len = n;
	return data;
}

/* --- As a PDF form ------------------------------------------------------------------------ */

/* An SVG whose own size is given in absolute units is drawn at that size; one sized only by
 * its viewBox (or absurdly) at this height, with its aspect. The size changes nothing in the
 * drawing, a vector one, but cairo's fallback images are made at 300 ppi of it. */
#define LOGO_PDF_HEIGHT 100.0
#define LOGO_PDF_MIN_SIDE 1.0
#define LOGO_PDF_MAX_SIDE 14400.0 /* PDF's largest page */

/* The size, in points, at which logo_pdf draws the logo, so the size of its form: for a PNG
 * its pixels as points; for an SVG its intrinsic size. Either has the ratio logo_aspect()
 * gives, which is what makes placing the form the same as logo_draw (logo_pdf_placement). */
static void pdf_size(const struct logo *l, double *w, double *h)
{
	if (l->kind == LOGO_PNG) {
		*w = l->width;
		*h = l->height;
		return;
	}
	double iw, ih;
	if (rsvg()->intrinsic_size_in_pixels(l->svg, &iw, &ih) && iw >= LOGO_PDF_MIN_SIDE &&
	    ih >= LOGO_PDF_MIN_SIDE && iw <= LOGO_PDF_MAX_SIDE && ih <= LOGO_PDF_MAX_SIDE) {
		*w = iw; /* pixels at 72 dpi (set_dpi in load_svg): points */
		*h = ih;
		return;
	}
	*h = LOGO_PDF_HEIGHT;
	*w = LOGO_PDF_HEIGHT * logo_aspect(l);
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The logo drawn by logo_draw on a page of its own, w x h points, as a PDF in `out`. */
static bool draw_pdf(const struct logo *l, double w, double h, GByteArray *out, struct diag *d)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append_bytes, out, w, h);
	cairo_t *cr = cairo_create(surface);
	logo_draw(l, cr, 0, 0, w, h);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS)
		return diag_set(d, l->name, 0, 0, "cannot draw the logo as PDF: %s",
				cairo_status_to_string(status));
	return true;
}

const struct pdffrag *logo_pdf(const struct logo *l, double *width, double *height,
			       struct diag *d)
{
	struct logo_pdf_memo *memo = l->pdf;
	if (!memo->frag) {
		double w, h;
		pdf_size(l, &w, &h);
		GByteArray *pdf = g_byte_array_new();
		bool ok = draw_pdf(l, w, h, pdf, d) &&
			  pdfimport_page(pdf->data, pdf->len, l->name, &memo->frag, &memo->width,
					 &memo->height, d);
		g_byte_array_free(pdf, TRUE);
		if (!ok)
			return NULL;
	}
	*width = memo->width;
	*height = memo->height;
	return memo->frag;
}

void logo_pdf_placement(const struct logo *l, double x, double y, double w, double h,
			double matrix[6])
{
	double fw, fh;
	pdf_size(l, &fw, &fh);
	double sx = w / fw, sy = h / fh, dx = 0, dy = 0;
	if (l->kind == LOGO_SVG) {
		/* librsvg's render_document: the whole drawing, as large as fits, centred. */
		sx = sy = fmin(sx, sy);
		dx = (w - sx * fw) / 2;
		dy = (h - sy * fh) / 2;
	}
	/* Form space has y up from the form's bottom; the page's y runs down, so the form's top
	 * (fh) goes to the box's top and its bottom (0) below it. */
	matrix[0] = sx;
	matrix[1] = 0;
	matrix[2] = 0;
	matrix[3] = -sy;
	matrix[4] = x + dx;
	matrix[5] = y + dy + sy * fh;
}
