/* load: data/tips.yaml into a factsheet model. */
#ifndef TIPSHEET_LOAD_H
#define TIPSHEET_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "yread.h"

/* Reads the factsheet at `file`. On success *out is a new model the caller destroys with
 * model_destroy; on failure *out is untouched and `d` says what and where. */
bool load_factsheet(const char *file, struct factsheet **out, struct diag *d);

/* The same from memory; `name` is used in messages (tests, fuzzing). */
bool load_factsheet_buffer(const char *name, const char *data, size_t len,
			   struct factsheet **out, struct diag *d);

/* A yfield reader for a `hyphenation:` list (struct ylist): each entry a word with its break
 * points, checked by hyph_exception_valid, so a bad one is reported at its position. Shared
 * by the factsheet and body loaders. */
bool load_hyphenation(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst);

#endif
