/* qr: a QR code (libqrencode) as a 1-bit mask, one pixel per module, quiet zone included. */
#ifndef TIPSHEET_QR_H
#define TIPSHEET_QR_H

#include <cairo.h>
#include <stdbool.h>

#include "diag.h"

/* The quiet zone the standard asks for, in modules, on every side. */
#define QR_QUIET_MODULES 4

/* Encodes `text` at error correction level M. On success *out is a new A1 surface (set
 * pixels are dark modules); the caller destroys it. */
bool qr_encode(const char *text, cairo_surface_t **out, struct diag *d);

/* True if module (x, y) of such a mask is dark (its pixel is set). */
bool qr_is_dark(cairo_surface_t *mask, int x, int y);

#endif
