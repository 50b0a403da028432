/* bodyset: the body files of a folder, each loaded when the first edition that needs it is
 * rendered and freed after the last one: a national run holds only the bodies (and decoded
 * logos) of the editions in progress, so its memory does not grow with the number of
 * bodies. A body that fails to load keeps its message, so that every edition needing it
 * reports the same problem and the others still render. Safe to use from several threads.
 *
 * Use: bodyset_load lists the folder; bodyset_reserve once for every edition that will
 * need a body (counting is what lets a body go when its last edition is done); then, per
 * edition, bodyset_acquire before rendering and bodyset_release after. */
#ifndef TIPSHEET_BODYSET_H
#define TIPSHEET_BODYSET_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "body.h"
#include "diag.h"

struct bodyset_entry {
	char *slug;
	char *path;
	/* Guarded by the set's lock: */
	size_t uses;       /* editions reserved and not yet released */
	struct body *body; /* loaded, while it has uses; NULL otherwise */
	bool failed;       /* it cannot be used: `error` says why, for good */
	struct diag error;
};

struct bodyset {
	struct bodyset_entry *entries; /* sorted by slug */
	size_t count;
	GMutex lock;
};

/* A body in use by one edition, with a region's members resolved. */
struct bodyset_hold {
	struct bodyset_entry *entry;
	const struct body *body;
	const struct body **members; /* owned array; the bodies are held as well */
	struct bodyset_entry **member_entries;
	size_t n_members;
};

/* Lists every `<slug>.yaml` in `dir`, loading none. False (with `d` set) only when the
 * folder itself cannot be read. */
bool bodyset_load(const char *dir, struct bodyset **out, struct diag *d);
void bodyset_destroy(struct bodyset *s);

/* The entry for `slug`, or NULL. */
struct bodyset_entry *bodyset_find(struct bodyset *s, const char *slug);

/* Counts one more edition that will acquire `e`. */
void bodyset_reserve(struct bodyset *s, struct bodyset_entry *e);

/* Gives back a reservation for an edition this process will not render after all (another
 * worker process renders it). */
void bodyset_unreserve(struct bodyset *s, struct bodyset_entry *e);

/* Loads `e` (if no earlier edition left it loaded) and a region's members. On failure `d`
 * has the body file's message and the reservation is given back: do not release. */
bool bodyset_acquire(struct bodyset *s, struct bodyset_entry *e, struct bodyset_hold *h,
		     struct diag *d);

/* Ends an edition's use of the body; a body no edition still needs is freed. */
void bodyset_release(struct bodyset *s, struct bodyset_hold *h);

#endif
