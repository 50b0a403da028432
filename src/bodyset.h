/* bodyset: every body file of a folder, loaded once, with each region's members resolved.
 * A body that fails to load is kept as a failure with its message, so that the others
 * still render. */
#ifndef TIPSHEET_BODYSET_H
#define TIPSHEET_BODYSET_H

#include <stdbool.h>
#include <stddef.h>

#include "body.h"
#include "diag.h"

struct bodyset_entry {
	char *slug;
	struct body *body; /* NULL when it failed */
	struct diag error; /* set when it failed */
	const struct body **members; /* a region's members, resolved; owned array */
	size_t n_members;
};

struct bodyset {
	struct bodyset_entry *entries; /* sorted by slug */
	size_t count;
};

/* Loads every `<slug>.yaml` in `dir`. False (with `d` set) only when the folder itself
 * cannot be read; problems with single files are recorded in their entries. */
bool bodyset_load(const char *dir, struct bodyset **out, struct diag *d);
void bodyset_destroy(struct bodyset *s);

/* The entry for `slug`, or NULL. */
struct bodyset_entry *bodyset_find(struct bodyset *s, const char *slug);

#endif
