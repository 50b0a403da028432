/* logo: an SVG (drawn as vectors through librsvg) or PNG image, decoded once and drawn as
 * often as needed. The kind is told by the file's bytes, not its name. */
#ifndef TIPSHEET_LOGO_H
#define TIPSHEET_LOGO_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Limits that keep a hostile or mistaken file from eating time and memory. */
#define LOGO_MAX_FILE_BYTES (2u * 1024u * 1024u)
#define LOGO_MAX_PIXELS (4096u * 4096u)

struct logo;

/* Reads and decodes `file`. The caller frees *out with logo_destroy. */
bool logo_load(const char *file, struct logo **out, struct diag *d);
void logo_destroy(struct logo *l);

/* Width divided by height. */
double logo_aspect(const struct logo *l);

/* Draws the logo filling the box (x, y, w, h), in the current user space. */
void logo_draw(const struct logo *l, cairo_t *cr, double x, double y, double w, double h);

/* The file's bytes as read (valid while the logo is) and their MIME type: for formats that
 * embed the image itself, as an SVG page does. */
const unsigned char *logo_file(const struct logo *l, size_t *len, const char **mime);

#endif
