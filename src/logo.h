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

/* --- In a PDF written by pdfobj ---------------------------------------------------------- */

struct pdffrag;

/* The logo as a form XObject (object 0 of the fragment), for pdfw_fragment: drawn once with
 * logo_draw by cairo's PDF surface, at a size with the ratio of logo_aspect(): a PNG at its
 * pixels as points (an image), an SVG at its intrinsic size in points, else 100 pt high (as
 * vectors). *width and *height are the form's BBox size, points, with its corner at (0, 0).
 * The fragment is made on the first call and kept in the logo until logo_destroy: later calls
 * return the same one. (The logo is const for its users; this memo is the one thing in it
 * filled later, by a single thread.) NULL, with `d` set, if cairo or the import failed. */
const struct pdffrag *logo_pdf(const struct logo *l, double *width, double *height, struct diag *d);

/* The PDF matrix [a b c d e f] that shows the form of logo_pdf as logo_draw would draw the
 * logo in the box (x, y, w, h), for `q a b c d e f cm /Name Do Q` on a page whose space runs
 * y down (its CTM already flipped with `1 0 0 -1 0 H cm`). With F = the form's size (fw, fh):
 * a PNG fills the box: [w/fw 0 0 -h/fh x y+h]; an SVG keeps its ratio, as large as fits and
 * centred, as librsvg's render_document does: s = min(w/fw, h/fh),
 * [s 0 0 -s x+(w-s*fw)/2 y+(h-s*fh)/2+s*fh]. In a box with the ratio of logo_aspect() (as
 * the layout makes them) this is exactly logo_draw, whatever the SVG's preserveAspectRatio.
 * Needs no earlier logo_pdf call. The scale entries are small for a large logo in a small box
 * (a 4096-pixel PNG in 40 pt: 0.0098): write them with enough digits. */
void logo_pdf_placement(const struct logo *l, double x, double y, double w, double h,
                        double matrix[6]);

#endif
