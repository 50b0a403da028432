#include "output.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

bool output_parse_formats(const char *s, unsigned *out)
{
	static const struct {
		const char *name;
		enum output_format format;
	} names[] = {{"pdf", OUTPUT_PDF}, {"svg", OUTPUT_SVG}, {"png", OUTPUT_PNG}};
	unsigned mask = 0;
	char **parts = g_strsplit(s, ",", -1);
	bool ok = parts[0] != NULL;
	for (char **p = parts; ok && *p; p++) {
		ok = false;
		for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
			if (!g_ascii_strcasecmp(g_strstrip(*p), names[i].name)) {
				mask |= names[i].format;
				ok = true;
			}
		}
	}
	g_strfreev(parts);
	if (ok)
		*out = mask;
	return ok;
}

/* A file being written under a temporary name beside its destination. */
struct pending {
	char *tmp, *final;
	enum output_format format;
	int page;
	FILE *fp;
	size_t bytes;
	GChecksum *sha256; /* of every byte written, so the manifest needs no second read */
	int error; /* errno of the first failed write, 0 if none */
};

static cairo_status_t pending_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pending *p = closure;
	if (p->error)
		return CAIRO_STATUS_WRITE_ERROR;
	if (fwrite(data, 1, len, p->fp) != len) {
		p->error = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	p->bytes += len;
	g_checksum_update(p->sha256, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static bool pending_open(struct pending *p, const char *dir, const char *name,
			 enum output_format format, int page, struct diag *d)
{
	*p = (struct pending){.format = format, .page = page};
	p->sha256 = g_checksum_new(G_CHECKSUM_SHA256);
	p->final = g_build_filename(dir, name, NULL);
	p->tmp = g_strconcat(p->final, ".tmp-XXXXXX", NULL);
	int fd = g_mkstemp(p->tmp);
	/* mkstemp creates the file for its owner only; the result is an ordinary document. */
	if (fd >= 0 && fchmod(fd, 0644) != 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0 || !(p->fp = fdopen(fd, "wb"))) {
		diag_set(d, p->final, 0, 0, "cannot create: %s", g_strerror(errno));
		if (fd >= 0)
			close(fd);
		g_free(p->tmp);
		p->tmp = NULL; /* nothing on disk to remove */
		return false;
	}
	return true;
}

/* Closes the temporary file; false (with `d` set) if any byte failed to reach it. */
static bool pending_close(struct pending *p, cairo_status_t status, struct diag *d)
{
	bool ok = fflush(p->fp) == 0;
	if (!ok && !p->error)
		p->error = errno;
	if (fclose(p->fp) != 0 && !p->error)
		p->error = errno ? errno : EIO;
	p->fp = NULL;
	if (p->error)
		return diag_set(d, p->final, 0, 0, "cannot write: %s", g_strerror(p->error));
	if (status != CAIRO_STATUS_SUCCESS)
		return diag_set(d, p->final, 0, 0, "cannot draw: %s", cairo_status_to_string(status));
	return ok || diag_set(d, p->final, 0, 0, "cannot write");
}

static void pending_discard(struct pending *p)
{
	if (p->fp)
		fclose(p->fp);
	if (p->tmp)
		g_unlink(p->tmp);
	if (p->sha256)
		g_checksum_free(p->sha256);
	g_free(p->tmp);
	g_free(p->final);
	*p = (struct pending){0};
}

/* "2026-11-29T10:00:00Z", the form cairo's PDF metadata expects. */
static void format_date(time_t t, char buf[32])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void set_pdf_metadata(cairo_surface_t *s, const struct output_request *req)
{
	const struct {
		cairo_pdf_metadata_t key;
		const char *value;
	} fields[] = {
		{CAIRO_PDF_METADATA_TITLE, req->title},     {CAIRO_PDF_METADATA_AUTHOR, req->author},
		{CAIRO_PDF_METADATA_SUBJECT, req->subject}, {CAIRO_PDF_METADATA_KEYWORDS, req->keywords},
		{CAIRO_PDF_METADATA_CREATOR, req->creator},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		if (fields[i].value)
			cairo_pdf_surface_set_metadata(s, fields[i].key, fields[i].value);
	char date[32];
	format_date(req->date, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

/* Draws pages [first, last) on `s`, one cairo page each, and finishes the surface. */
static cairo_status_t draw_pages(cairo_surface_t *s, const struct plan *plan, size_t first,
				 size_t last, double scale)
{
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	/* cairo writes a valid structure tree (and /MarkInfo) only when the first tag opened
	 * is a Document; it is ignored on surfaces other than PDF. */
	cairo_tag_begin(cr, "Document", "");
	for (size_t i = first; i < last; i++) {
		cairo_save(cr);
		render_page(cr, &plan->pages[i]);
		cairo_restore(cr);
		if (i + 1 == last)
			cairo_tag_end(cr, "Document");
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	return status;
}

static bool write_pdf(const struct plan *plan, const struct output_request *req,
		      struct pending *p, struct diag *d)
{
	const struct plan_page *first = &plan->pages[0];
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pending_write, p, first->width,
								  first->height);
	set_pdf_metadata(s, req);
	return pending_close(p, draw_pages(s, plan, 0, plan->n_pages, 1.0), d);
}

static bool write_svg(const struct plan *plan, size_t page, struct pending *p, struct diag *d)
{
	const struct plan_page *pg = &plan->pages[page];
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(pending_write, p, pg->width,
								  pg->height);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
	return pending_close(p, draw_pages(s, plan, page, page + 1, 1.0), d);
}

static bool write_png(const struct plan *plan, size_t page, double dpi, struct pending *p,
		      struct diag *d)
{
	const struct plan_page *pg = &plan->pages[page];
	double scale = dpi / 72.0;
	/* RGB24: the page is opaque, so an alpha channel would only cost bytes. */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
							(int)ceil(pg->width * scale),
							(int)ceil(pg->height * scale));
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	render_page(cr, pg);
	cairo_destroy(cr);
	cairo_status_t status = cairo_surface_status(s);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_write_to_png_stream(s, pending_write, p);
	cairo_surface_destroy(s);
	return pending_close(p, status, d);
}

/* Writes one file of the edition into `p`; `page` is 0-based, ignored for PDF. */
static bool write_one(const struct plan *plan, const struct output_request *req,
		      enum output_format format, size_t page, struct pending *p, struct diag *d)
{
	char *name;
	if (format == OUTPUT_PDF)
		name = g_strdup_printf("%s.pdf", req->stem);
	else
		name = g_strdup_printf("%s-%zu.%s", req->stem, page + 1,
				       format == OUTPUT_SVG ? "svg" : "png");
	bool ok = pending_open(p, req->dir, name, format, format == OUTPUT_PDF ? 0 : (int)page + 1, d);
	g_free(name);
	if (!ok)
		return false;
	switch (format) {
	case OUTPUT_PDF:
		return write_pdf(plan, req, p, d);
	case OUTPUT_SVG:
		return write_svg(plan, page, p, d);
	case OUTPUT_PNG:
		return write_png(plan, page, req->dpi, p, d);
	}
	return false;
}

/* Renames every temporary file into place and records it in `written`. */
static bool commit_all(struct pending *ps, size_t n, const struct output_request *req,
		       struct output_list *written, struct diag *d)
{
	for (size_t i = 0; i < n; i++) {
		if (g_rename(ps[i].tmp, ps[i].final) != 0)
			return diag_set(d, ps[i].final, 0, 0, "cannot move into place: %s",
					g_strerror(errno));
		written->files = g_renew(struct output_file, written->files, written->count + 1);
		struct output_file *f = &written->files[written->count++];
		*f = (struct output_file){
			.edition = g_strdup(req->edition), .path = g_strdup(ps[i].final),
			.format = ps[i].format, .page = ps[i].page, .bytes = ps[i].bytes,
		};
		g_strlcpy(f->sha256, g_checksum_get_string(ps[i].sha256), sizeof f->sha256);
		g_free(ps[i].tmp);
		ps[i].tmp = NULL;
	}
	return true;
}

bool output_write(const struct plan *plan, const struct output_request *req,
		  struct output_list *written, struct diag *d)
{
	if (g_mkdir_with_parents(req->dir, 0777) != 0)
		return diag_set(d, req->dir, 0, 0, "cannot create the output folder: %s",
				g_strerror(errno));
	static const enum output_format order[] = {OUTPUT_PDF, OUTPUT_SVG, OUTPUT_PNG};
	struct pending *ps = g_new0(struct pending, 1 + 2 * plan->n_pages);
	size_t n = 0;
	bool ok = true;
	for (size_t f = 0; ok && f < G_N_ELEMENTS(order); f++) {
		if (!(req->formats & order[f]))
			continue;
		size_t pages = order[f] == OUTPUT_PDF ? 1 : plan->n_pages;
		for (size_t pg = 0; ok && pg < pages; pg++)
			ok = write_one(plan, req, order[f], pg, &ps[n++], d);
	}
	if (ok)
		ok = commit_all(ps, n, req, written, d);
	for (size_t i = 0; i < n; i++)
		pending_discard(&ps[i]);
	g_free(ps);
	return ok;
}

void output_list_finish(struct output_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		g_free(l->files[i].edition);
		g_free(l->files[i].path);
	}
	g_free(l->files);
	*l = (struct output_list){0};
}
