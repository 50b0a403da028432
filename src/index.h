/* index: output/index.html, one static page to review every edition by eye: thumbnails of
 * its pages, its name, links to its files with their sizes, and the run's warnings. No
 * script or style from elsewhere: it works from a file:// address and in a mailed zip. */
#ifndef TIPSHEET_INDEX_H
#define TIPSHEET_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Writes `dir`/index.html from `dir`/manifest.csv and what each render left in `thumbs`
 * (relative to dir): "<edition>-<page>.png" and the edition's name in "<edition>.name".
 * Atomically. `warnings` (may be empty) are shown at the top. */
bool index_write(const char *dir, const char *thumbs, const char *title,
		 const char *const *warnings, size_t n_warnings, struct diag *d);

#endif
