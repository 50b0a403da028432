/* pdfread: a small PDF reader, enough of PDF to read the one-page files that cairo writes
 * (classic cross-reference tables, stream lengths as indirect objects) and the ones pdfobj
 * writes (object streams, a cross-reference stream). The cross-reference data is never read:
 * the file is scanned from the front for its objects, which is simpler and works on files
 * whose offsets are off. Values keep their text as written, so that they can be copied byte
 * for byte; stream data is handed out as stored, and decoded only on request (Flate or
 * unfiltered), as object streams are. Made for pdfimport, whose words its messages use:
 * "cannot import the PDF (reading): ...". */
#ifndef TIPSHEET_PDFREAD_H
#define TIPSHEET_PDFREAD_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

enum pval_kind {
	PV_NULL,
	PV_BOOL,
	PV_NUMBER,
	PV_STRING,
	PV_NAME,
	PV_ARRAY,
	PV_DICT,
	PV_REF,
};

/* A parsed value, owned by the reader. Scalars keep their text as written, to be copied byte
 * for byte; it points into the file or a decoded object stream, which outlive the value. */
struct pval {
	enum pval_kind kind;
	const unsigned char *raw; /* scalars: their text */
	size_t raw_len;
	double number;    /* PV_NUMBER */
	bool integer;     /* PV_NUMBER written without a period */
	char *name;       /* PV_NAME: without the slash, #xx escapes resolved */
	int num, gen;     /* PV_REF */
	GPtrArray *items; /* PV_ARRAY: the values; PV_DICT: key, value, key, value ... */
};

/* One object of the file: a value, or a stream with its dictionary. Owned by the reader. */
struct pobj;

/* A PDF file, its objects read. */
struct pdfread;

/* Page 1 and the attributes it inherits: each the page's own or else that of the nearest
 * /Pages node above it that has one; NULL if none has. Borrowed from the reader, not
 * resolved (each may be a reference). */
struct pdfread_page {
	const struct pval *dict;
	const struct pval *media_box, *resources, *rotate;
};

/* Reads every object of the PDF in `pdf` (`len` bytes). `pdf`, `name` (names the input in
 * messages) and `d` (where this and every later call reports errors) are borrowed and must
 * outlive *out. The caller frees *out with pdfread_destroy; on failure there is none. */
bool pdfread_create(const unsigned char *pdf, size_t len, const char *name,
		    struct pdfread **out, struct diag *d);
/* Frees the reader and every value and object it handed out; NULL is fine. */
void pdfread_destroy(struct pdfread *r);

/* Object num gen, borrowed; NULL, with the error set, if there is none. */
const struct pobj *pdfread_lookup(struct pdfread *r, int num, int gen);

/* `v`, or the object it refers to, into *out (a stream's dictionary, for a stream); *obj, if
 * `obj` is not NULL, is that object, NULL for a direct value. All borrowed. False, with the
 * error set, if the object is missing. */
bool pdfread_resolve(struct pdfread *r, const struct pval *v, const struct pval **out,
		     const struct pobj **obj);

/* The object's value (a stream's dictionary), borrowed. */
const struct pval *pdfread_obj_value(const struct pobj *o);
/* True if the object is a stream. */
bool pdfread_obj_is_stream(const struct pobj *o);

/* The value of `key` in `dict` (the last, should the key repeat), borrowed, not resolved;
 * NULL if there is none or `dict` is no dictionary. */
const struct pval *pdfread_dict_get(const struct pval *dict, const char *key);
/* True if `v` is the name `name` (given without the slash); `v` may be NULL. */
bool pdfread_is_name(const struct pval *v, const char *name);

/* Stream `o`'s data as stored, borrowed from the file: its /Length bytes, which must lie in
 * the file and end at endstream. False, with the error set, if they do not. */
bool pdfread_stream_data(struct pdfread *r, const struct pobj *o, const unsigned char **data,
			 size_t *len);
/* True if a stream with dictionary `dict` can be decoded here: unfiltered, or Flate without
 * a predictor. cairo and pdfobj write nothing else. */
bool pdfread_decodable(const struct pval *dict);
/* Stream `o`'s data decoded onto the end of the caller's `out`; pdfread_decodable must have
 * said yes. False, with the error set, if the data is damaged or too large. */
bool pdfread_stream_decode(struct pdfread *r, const struct pobj *o, GByteArray *out);

/* Page 1, the first in the page tree in the order of /Kids, into the caller's *page. False,
 * with the error set, if the catalog or page tree is broken or there is no page. */
bool pdfread_first_page(struct pdfread *r, struct pdfread_page *page);

#endif
