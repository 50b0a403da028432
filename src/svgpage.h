/* svgpage: one page of a plan as an SVG document, written here rather than through cairo's
 * SVG surface. cairo 1.16 prints every number with printf's "%f" (half of an SVG page's
 * cost, measured) and numbers its ids from process-wide counters; this writer prints
 * numbers to a hundredth of a point with integer arithmetic, names ids in order, and so
 * writes the same bytes for the same page in any process. It draws what render.c draws:
 * text as glyph outlines (defined once per page and placed with <use>), shapes as paths,
 * logos as embedded images (an SVG logo stays vector), a QR code as one path; links as <a>.
 * The root carries the page's title and description, role="img" and the language. */
#ifndef TIPSHEET_SVGPAGE_H
#define TIPSHEET_SVGPAGE_H

#include <glib.h>

#include "plan.h"

/* Appends the SVG of `page` to `out`; `lang` is a BCP 47 tag such as "nl". */
void svgpage_write(const struct plan_page *page, const char *lang, GByteArray *out);

#endif
