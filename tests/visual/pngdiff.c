/* pngdiff: compares two PNG files pixel by pixel, for the visual regression tests.
 * Usage: pngdiff REFERENCE ACTUAL DIFF.png
 * A pixel differs when any channel differs by more than PNGDIFF_CHANNEL_TOLERANCE; the
 * images match when no more than PNGDIFF_MAX_PIXELS pixels differ (and sizes agree). On a
 * mismatch the differing pixels are painted red over a faded copy of the reference in
 * DIFF.png. Exit status: 0 match, 1 mismatch, 2 a file could not be read or written. */
#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Antialiasing may move by a level or two between builds of the same libraries. */
#define PNGDIFF_CHANNEL_TOLERANCE 24
/* A moved line of text changes hundreds of pixels; a handful is noise. */
#define PNGDIFF_MAX_PIXELS 8

static cairo_surface_t *load(const char *path)
{
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngdiff: %s: %s\n", path, cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	/* Compare in one format whatever the files hold. */
	cairo_surface_t *argb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
							   cairo_image_surface_get_width(s),
							   cairo_image_surface_get_height(s));
	cairo_t *cr = cairo_create(argb);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	cairo_surface_flush(argb);
	return argb;
}

static int channel_diff(uint32_t a, uint32_t b)
{
	int worst = 0;
	for (int shift = 0; shift < 32; shift += 8) {
		int d = abs((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff));
		worst = d > worst ? d : worst;
	}
	return worst;
}

/* Counts differing pixels and marks them in `diff` (a copy of the reference). */
static long compare(cairo_surface_t *ref, cairo_surface_t *act, cairo_surface_t *diff)
{
	int w = cairo_image_surface_get_width(ref), h = cairo_image_surface_get_height(ref);
	int rs = cairo_image_surface_get_stride(ref), as = cairo_image_surface_get_stride(act);
	int ds = cairo_image_surface_get_stride(diff);
	unsigned char *rd = cairo_image_surface_get_data(ref), *ad = cairo_image_surface_get_data(act);
	unsigned char *dd = cairo_image_surface_get_data(diff);
	long n = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *r = (const uint32_t *)(void *)(rd + y * rs);
		const uint32_t *a = (const uint32_t *)(void *)(ad + y * as);
		uint32_t *out = (uint32_t *)(void *)(dd + y * ds);
		for (int x = 0; x < w; x++) {
			/* Faded reference: halfway to white. */
			uint32_t p = r[x];
			uint32_t faded = 0xff000000u | (((p >> 1) & 0x7f7f7f) + 0x808080);
			bool differs = channel_diff(r[x], a[x]) > PNGDIFF_CHANNEL_TOLERANCE;
			out[x] = differs ? 0xffff0000u : faded;
			n += differs;
		}
	}
	cairo_surface_mark_dirty(diff);
	return n;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: pngdiff REFERENCE ACTUAL DIFF.png\n");
		return 2;
	}
	cairo_surface_t *ref = load(argv[1]), *act = load(argv[2]);
	if (!ref || !act)
		return 2;
	int w = cairo_image_surface_get_width(ref), h = cairo_image_surface_get_height(ref);
	if (w != cairo_image_surface_get_width(act) || h != cairo_image_surface_get_height(act)) {
		printf("%s: size %dx%d, reference %dx%d\n", argv[2], cairo_image_surface_get_width(act),
		       cairo_image_surface_get_height(act), w, h);
		return 1;
	}
	cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	long n = compare(ref, act, diff);
	int code = 0;
	if (n > PNGDIFF_MAX_PIXELS) {
		printf("%s: %ld pixels differ from the reference; see %s\n", argv[2], n, argv[3]);
		code = cairo_surface_write_to_png(diff, argv[3]) == CAIRO_STATUS_SUCCESS ? 1 : 2;
	}
	cairo_surface_destroy(diff);
	cairo_surface_destroy(ref);
	cairo_surface_destroy(act);
	return code;
}
