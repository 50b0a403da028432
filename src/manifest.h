/* manifest: output/manifest.csv, the list of every file a run wrote, for mailing tools. */
#ifndef TIPSHEET_MANIFEST_H
#define TIPSHEET_MANIFEST_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"
#include "output.h"

/* Writes `path` atomically (temporary file, then rename): a header line, then one line per
 * file: edition, format, page (empty for a whole-document PDF), path, bytes, sha256. Paths
 * are relative to the manifest's own folder, so the list holds wherever the folder goes.
 * Lines of an earlier manifest for editions this run did not render are kept while their
 * files exist, so the list describes the whole folder; lines are ordered by edition. */
bool manifest_write(const char *path, const struct output_list *files, struct diag *d);

/* `path` relative to `dir` when it lies inside it, else `path` itself. Borrowed from path. */
const char *manifest_relative(const char *path, const char *dir);

/* Appends `s` to `out` as one CSV field, quoted where RFC 4180 asks. */
void manifest_csv_field(GString *out, const char *s);

/* Writes `text` to `path` atomically (a temporary file beside it, then a rename). */
bool manifest_write_text(const char *path, const char *text, struct diag *d);

#endif
