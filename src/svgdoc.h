/* svgdoc: what cairo's SVG lacks, added after it is written: ids that do not depend on what
 * else the process drew before, and a title, description, role and language for readers. */
#ifndef TIPSHEET_SVGDOC_H
#define TIPSHEET_SVGDOC_H

#include <glib.h>

/* Rewrites the SVG in `svg` (cairo's output) in place: every id renumbered in order of
 * first appearance (references follow), and <title>, <desc>, role="img" and xml:lang added
 * to the root element. `desc` may be NULL. */
void svgdoc_finish(GByteArray *svg, const char *title, const char *desc, const char *lang);

#endif
