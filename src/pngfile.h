/* pngfile: an RGB24 cairo image as a PNG, encoded deliberately with libpng: RGB without
 * alpha, no filter and a low zlib level (on these pages they are faster and no larger than
 * cairo's own writer), lossless, with Title and Author as UTF-8 text chunks. */
#ifndef TIPSHEET_PNGFILE_H
#define TIPSHEET_PNGFILE_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "diag.h"

/* Appends the PNG of `image` (CAIRO_FORMAT_RGB24) to `out`. `author` may be NULL. */
bool pngfile_encode(cairo_surface_t *image, double dpi, const char *title, const char *author,
		    GByteArray *out, struct diag *d);

#endif
