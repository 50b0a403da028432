/* render: draws a laid-out page onto a cairo context, for PNG (the caller sets up the
 * surface and the scale of dpi/72). Never measures. PDF pages are written from the plan by
 * pdfdoc and SVG pages by svgpage, which draw the same items. */
#ifndef TIPSHEET_RENDER_H
#define TIPSHEET_RENDER_H

#include <cairo.h>
#include <stdbool.h>

#include "plan.h"

/* Draws every item of the page, in order. A thumbnail draws text too small to read as bars. */
void render_page(cairo_t *cr, const struct plan_page *page, bool thumbnail);

#endif
