/* pdffont: the fonts of one PDF. Each font file a page uses is embedded once, subset to the
 * glyphs used (harfbuzz's hb-subset, glyph ids kept), as a Type 0 font with Identity-H
 * encoding over a CIDFontType2, with a /W array and a ToUnicode map, so that text can be
 * copied, searched and read aloud. Glyphs are shown by their glyph id, two bytes each. */
#ifndef TIPSHEET_PDFFONT_H
#define TIPSHEET_PDFFONT_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "pdfobj.h"

struct pdffonts;

/* The fonts of the document being written into `w` (borrowed; outlives the set). Free with
 * pdffonts_destroy (NULL is fine). */
struct pdffonts *pdffonts_create(struct pdfw *w);
void pdffonts_destroy(struct pdffonts *f);

/* The id (0, 1, ...) of the font file `font` is drawn from: fonts of one file at any size
 * share an id. *object is the object number of its Type 0 font, for a page's /Resources
 * (written by pdffonts_finish). */
int pdffonts_font(struct pdffonts *f, PangoFont *font, int *object);

/* Records that glyph `glyph` of font `id` is shown and stands for `text` (`len` bytes of
 * UTF-8; none when len is 0). The first text recorded for a glyph is the one kept. */
void pdffonts_use(struct pdffonts *f, int id, unsigned glyph, const char *text, size_t len);

/* The advance width of `glyph` as the font's /W array gives it, in thousandths of the
 * font size (an integer: the rounding the PDF has). */
int pdffonts_width(const struct pdffonts *f, int id, unsigned glyph);

/* Writes every font's objects at the numbers pdffonts_font handed out. False, with `d`
 * set, if a font cannot be subset. */
bool pdffonts_finish(struct pdffonts *f, struct diag *d);

#endif
