/* manifest: output/manifest.csv, the list of every file a run wrote, for mailing tools. */
#ifndef TIPSHEET_MANIFEST_H
#define TIPSHEET_MANIFEST_H

#include <stdbool.h>

#include "diag.h"
#include "output.h"

/* Writes `path` atomically (temporary file, then rename): a header line, then one line per
 * file: edition, format, page (empty for a whole-document PDF), path, bytes, sha256. */
bool manifest_write(const char *path, const struct output_list *files, struct diag *d);

#endif
