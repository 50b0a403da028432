/* load: data/tips.yaml into a factsheet model. */
#ifndef TIPSHEET_LOAD_H
#define TIPSHEET_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"

/* Reads the factsheet at `file`. On success *out is a new model the caller destroys with
 * model_destroy; on failure *out is untouched and `d` says what and where. */
bool load_factsheet(const char *file, struct factsheet **out, struct diag *d);

/* The same from memory; `name` is used in messages (tests, fuzzing). */
bool load_factsheet_buffer(const char *name, const char *data, size_t len,
			   struct factsheet **out, struct diag *d);

#endif
