/* yread: strict, table-driven reading of one YAML file through libyaml's document API.
 * Unknown keys, duplicate keys, aliases and wrong node types are errors at their position;
 * every message starts with the path of the value ("sections[2].tips[4]: ..."). */
#ifndef TIPSHEET_YREAD_H
#define TIPSHEET_YREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "diag.h"
#include "value.h"

/* Hard limit on an input file: far above any real data file, low enough to bound memory. */
#define YREAD_MAX_FILE_BYTES (4u * 1024u * 1024u)

struct yread {
	char *file; /* owned copy of the path, used in messages */
	yaml_document_t doc;
	bool has_doc;
	struct diag *diag; /* borrowed: where errors go */
};

/* Where a value sits in the document; built on the stack while descending. A link has
 * either a key or (key == NULL) a sequence index. */
struct ypath {
	const struct ypath *up;
	const char *key;
	size_t index;
};

/* Reads a whole file into *data (NUL-terminated, caller g_frees) and *len, refusing one
 * larger than `max` bytes; `d` names the file on failure. */
bool yread_file_contents(const char *file, size_t max, char **data, size_t *len, struct diag *d);

/* Reads and parses `file`. On failure fills `d` and leaves nothing to finish. */
bool yread_open(struct yread *y, const char *file, struct diag *d);
/* Same from memory; `name` is used in messages. */
bool yread_open_buffer(struct yread *y, const char *name, const char *data, size_t len,
		       struct diag *d);
void yread_finish(struct yread *y);

/* The document's root node; never NULL after a successful open. */
yaml_node_t *yread_root(struct yread *y);

/* A reader stores the value of node `n` at `dst`. */
typedef bool (*yread_fn)(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst);

struct yfield {
	const char *key;
	bool required;
	yread_fn read;
	size_t offset; /* of the destination inside the struct passed to yread_map */
};

/* Reads a mapping with the given fields (terminated by a {NULL} entry) into `base`. */
bool yread_map(struct yread *y, yaml_node_t *n, const struct ypath *p,
	       const struct yfield *fields, void *base);

/* Reads a sequence into a new zeroed array of `count` elements of `elem_size` bytes, each
 * read by `read`. The array and count are stored before the elements are read, so the
 * owner can free a half-read array. `min` is the least number of items allowed. */
bool yread_seq(struct yread *y, yaml_node_t *n, const struct ypath *p, size_t elem_size,
	       size_t min, yread_fn read, void **items, size_t *count);

/* Scalar readers for yfield tables. */
bool yread_string(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst); /* char ** */
bool yread_length(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst); /* double * */
bool yread_number(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst); /* double * */
bool yread_count(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst);  /* int * */
bool yread_rgb(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst); /* struct rgb * */
bool yread_string_list(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst); /* struct ylist * */

/* A list of non-empty strings. */
struct ylist {
	char **items;
	size_t count;
};
void ylist_finish(struct ylist *l);

/* Checks that `n` is of type `want`; otherwise records "expected X, found Y". */
bool yread_expect(struct yread *y, yaml_node_t *n, const struct ypath *p,
		  yaml_node_type_t want);

/* Records an error at node `n`, prefixed with the path. Returns false. */
bool yread_fail(struct yread *y, yaml_node_t *n, const struct ypath *p, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The scalar's text, or NULL if `n` is not a scalar. Borrowed from the document. */
const char *yread_scalar(yaml_node_t *n);

/* "sections[2].tips[4]"; "" for the root. Caller frees with g_free. */
char *ypath_format(const struct ypath *p);


/* The value under `key` in mapping `map`, or NULL. */
yaml_node_t *yread_get(struct yread *y, yaml_node_t *map, const char *key);

/* A slug-like identifier: lower-case ASCII letters, digits and '-', not starting or ending
 * with '-', 1..64 bytes. */
bool yread_slug(struct yread *y, yaml_node_t *n, const struct ypath *p, void *dst); /* char ** */
#endif
