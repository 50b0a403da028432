/* render: draws a laid-out page onto a cairo context. Never measures; the same code serves
 * PDF and PNG (the caller sets up the surface and, for PNG, the scale). SVG pages are
 * written from the plan by svgpage, which draws the same items. */
#ifndef TIPSHEET_RENDER_H
#define TIPSHEET_RENDER_H

#include <cairo.h>

#include "plan.h"

/* Draws the page, tagging it for a PDF's structure tree: H1, H2, P, L/LI/Lbl/LBody,
 * Figure, Link, Form (an empty element at each form field). Decoration is drawn inside
 * Private elements, which the finishing stage turns into artifacts. Each section heading is
 * a destination named RENDER_SECTION_DEST<index>. */
void render_page(cairo_t *cr, const struct plan_page *page);

#define RENDER_SECTION_DEST "section-"

#endif
