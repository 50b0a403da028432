#include "output.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdfdoc.h"
#include "pngfile.h"
#include "render.h"
#include "svgpage.h"

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

/* A file written under a temporary name beside its destination, renamed into place once
 * every file of the edition is complete. */
struct pending {
	char *tmp, *final; /* owned; tmp NULL once nothing is left on disk to remove */
	enum output_format format;
	int page;
	size_t bytes;
	char sha256[65];
};

bool output_write_fd(int fd, const void *bytes, size_t len)
{
	const guint8 *data = bytes;
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* The manifest's checksum, as 64 hex digits. nettle, not GLib: it uses the CPU's SHA
 * instructions where there are any, 3 times faster here on 1.4 MB per edition. */
static void sha256_hex(const uint8_t *data, size_t len, char hex[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++)
		g_snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/* Writes `bytes` to a new temporary file beside dir/name. */
static bool pending_write(struct pending *p, const char *dir, const char *name,
			  const GByteArray *bytes, struct diag *d)
{
	p->final = g_build_filename(dir, name, NULL);
	p->tmp = g_strconcat(p->final, ".tmp-XXXXXX", NULL);
	p->bytes = bytes->len;
	sha256_hex(bytes->data, bytes->len, p->sha256);
	int fd = g_mkstemp(p->tmp);
	if (fd < 0) {
		diag_set(d, p->final, 0, 0, "cannot create: %s", g_strerror(errno));
		g_clear_pointer(&p->tmp, g_free); /* nothing on disk to remove */
		return false;
	}
	/* mkstemp makes the file private; the result is an ordinary document. */
	bool ok = fchmod(fd, 0644) == 0 && output_write_fd(fd, bytes->data, bytes->len);
	int err = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		err = errno;
	}
	if (!ok)
		return diag_set(d, p->final, 0, 0, "cannot write: %s", g_strerror(err ? err : EIO));
	return true;
}

static void pending_discard(struct pending *p)
{
	if (p->tmp)
		g_unlink(p->tmp);
	g_free(p->tmp);
	g_free(p->final);
	*p = (struct pending){0};
}

/* The finished, tagged PDF, written from the plan in one pass (pdfdoc). */
static bool encode_pdf(const struct plan *plan, const struct output_request *req,
		       GByteArray *out, struct diag *d)
{
	struct pdfdoc_request pr = {
		.name = req->stem, .lang = req->lang,
		.title = req->title, .author = req->author, .subject = req->subject,
		.keywords = req->keywords, .creator = req->creator, .date = req->date,
	};
	return pdfdoc_write(plan, &pr, out, d);
}

static bool encode_svg(const struct plan *plan, size_t page, const struct output_request *req,
		       GByteArray *out, struct diag *d)
{
	(void)d; /* an SVG page is only text: nothing here can fail */
	svgpage_write(&plan->pages[page], req->lang, out);
	return true;
}

static bool encode_png(const struct plan *plan, size_t page, const struct output_request *req,
		       GByteArray *out, struct diag *d)
{
	const struct plan_page *pg = &plan->pages[page];
	double scale = req->dpi / 72.0;
	/* RGB24: the page is opaque, so an alpha channel would only cost bytes. */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
							(int)ceil(pg->width * scale),
							(int)ceil(pg->height * scale));
	cairo_t *cr = cairo_create(s);
	/* White outside the page's own background (a print sheet's crop-mark margin). */
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	render_page(cr, pg, req->thumbnail);
	cairo_destroy(cr);
	bool ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS
			  ? pngfile_encode(s, req->dpi, pg->title, req->author, out, d)
			  : diag_set(d, NULL, 0, 0, "cannot draw the PNG: %s",
				     cairo_status_to_string(cairo_surface_status(s)));
	cairo_surface_destroy(s);
	return ok;
}

/* Encodes one file of the edition and writes it beside its destination; `page` is 0-based,
 * ignored for PDF. */
static bool write_one(const struct plan *plan, const struct output_request *req,
		      enum output_format format, size_t page, struct pending *p, struct diag *d)
{
	GByteArray *bytes = g_byte_array_new();
	bool ok;
	char *name;
	*p = (struct pending){.format = format, .page = format == OUTPUT_PDF ? 0 : (int)page + 1};
	if (format == OUTPUT_PDF) {
		name = g_strdup_printf("%s.pdf", req->stem);
		ok = encode_pdf(plan, req, bytes, d);
	} else if (format == OUTPUT_SVG) {
		name = g_strdup_printf("%s-%zu.svg", req->stem, page + 1);
		ok = encode_svg(plan, page, req, bytes, d);
	} else {
		name = g_strdup_printf("%s-%zu.png", req->stem, page + 1);
		ok = encode_png(plan, page, req, bytes, d);
	}
	if (ok)
		ok = pending_write(p, req->dir, name, bytes, d);
	g_free(name);
	g_byte_array_unref(bytes);
	return ok;
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
		memcpy(f->sha256, ps[i].sha256, sizeof f->sha256);
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
			if (order[f] == OUTPUT_PDF || !req->page || pg + 1 == (size_t)req->page)
				ok = write_one(plan, req, order[f], pg, &ps[n++], d);
	}
	if (ok)
		ok = commit_all(ps, n, req, written, d);
	for (size_t i = 0; i < n; i++)
		pending_discard(&ps[i]);
	g_free(ps);
	return ok;
}

void output_list_move(struct output_list *to, struct output_list *from)
{
	to->files = g_renew(struct output_file, to->files, to->count + from->count);
	for (size_t i = 0; i < from->count; i++)
		to->files[to->count++] = from->files[i];
	g_free(from->files);
	*from = (struct output_list){0};
}

const char *output_list_find(const struct output_list *l, enum output_format format)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->files[i].format == format)
			return l->files[i].path;
	return NULL;
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
