/* render: draws a laid-out page onto any cairo context. Never measures; the same code
 * serves PDF, SVG and PNG (the caller sets up the surface and, for PNG, the scale). */
#ifndef TIPSHEET_RENDER_H
#define TIPSHEET_RENDER_H

#include <cairo.h>

#include "plan.h"

void render_page(cairo_t *cr, const struct plan_page *page);

#endif
