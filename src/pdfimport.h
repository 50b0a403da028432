/* pdfimport: the first page of a PDF as a form XObject that any document can place, the
 * objects it needs copied with it (images, soft masks, patterns, fonts). Read by a small PDF
 * reader of its own; stream data is copied as it is stored. This is how a logo, drawn once by
 * cairo (an SVG through librsvg, as vectors; a PNG as an image), gets into every edition. */
#ifndef TIPSHEET_PDFIMPORT_H
#define TIPSHEET_PDFIMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "pdfobj.h"

/* Page 1 of the PDF in `pdf` (`len` bytes) as a fragment whose object 0 is a form XObject
 * with the page's MediaBox as /BBox and its resources; *width and *height are that box's
 * size in points. `name` names the input in messages. The caller frees *out. */
bool pdfimport_page(const unsigned char *pdf, size_t len, const char *name,
		    struct pdffrag **out, double *width, double *height, struct diag *d);

#endif
