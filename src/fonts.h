/* fonts: the program's own fontconfig (only the fonts in fonts/, never the system's) and
 * the pango context every layout is measured with. One per process. */
#ifndef TIPSHEET_FONTS_H
#define TIPSHEET_FONTS_H

#include <pango/pango.h>
#include <stdbool.h>

#include "diag.h"

struct fonts {
	PangoFontMap *map;
	/* Measuring context: 72 dpi (1 pango point = 1 PDF point), no hinting and no glyph
	 * position rounding, so that PDF, SVG and PNG break lines identically. */
	PangoContext *context;
};

/* Registers the fonts in `dir` (and its fonts.conf). The caller frees with fonts_destroy. */
bool fonts_create(const char *dir, const char *lang, struct fonts **out, struct diag *d);
void fonts_destroy(struct fonts *f);

/* True if `family` is one of the registered families. */
bool fonts_has_family(const struct fonts *f, const char *family);

#endif
