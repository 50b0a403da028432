/* pngfile: an RGB24 cairo image as a PNG, encoded deliberately: 8-bit RGB without alpha
 * (a palette would be lossy: antialiasing gives a page about 1,900 colours), no filter, and
 * the whole image deflated in one call by libdeflate, which on these pages is faster than
 * zlib at a smaller size (pngfile.c has the figures for each level). Lossless,
 * with Title and Author as UTF-8 text chunks (iTXt) and the resolution (pHYs). */
#ifndef TIPSHEET_PNGFILE_H
#define TIPSHEET_PNGFILE_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "diag.h"

/* Appends the PNG of `image` (CAIRO_FORMAT_RGB24) to `out`. `author` may be NULL. The
 * image's pixels are used up: encoding turns them into the scanlines it deflates. */
bool pngfile_encode(cairo_surface_t *image, double dpi, const char *title, const char *author,
		    GByteArray *out, struct diag *d);

#endif
