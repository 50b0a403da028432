/* finish: the PDF finishing stage. Takes the bytes cairo wrote and adds what cairo 1.16
 * cannot write: the catalog's /Lang and /ViewerPreferences, AcroForm fields joined to the
 * structure tree, /Alt on figures, TrimBox and BleedBox, PDF version 1.7, an /ID, object
 * streams. Built on qpdf's C API (pkg-config libqpdf); memory in, memory out, no files. */
#ifndef TIPSHEET_FINISH_H
#define TIPSHEET_FINISH_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "value.h"

enum finish_field_kind {
	FINISH_CHECKBOX, /* on/off; the "on" state is named /Yes */
	FINISH_TEXT,     /* one line of text, empty until filled in */
};

/* One form field. The page must hold, at the field's position, an empty structure element
 * drawn with cairo_tag_begin(cr, "Form", "") and cairo_tag_end(cr, "Form"): the Nth field
 * is joined to the Nth Form element of the structure tree, in document order. */
struct finish_field {
	enum finish_field_kind kind;
	const char *name;  /* the field's /T, e.g. "stap-3-datum": unique, no '.', not empty */
	const char *label; /* what the field is for, in words (/TU and the element's /Alt) */
	int page;          /* 0-based */
	/* Points, from the top-left corner of the trimmed page, y down: the layout's own
	 * coordinates. finish_pdf adds `bleed` itself. */
	double x, y, w, h;
	struct rgb colour; /* the tick and the border colour a viewer may draw (/MK /BC) */
};

struct finish_request {
	const char *name;       /* names the PDF in messages (its destination path); NULL: none */
	const char *lang;       /* the catalog's /Lang, e.g. "nl"; NULL: none */
	bool display_doc_title; /* viewers show /Title, not the file name, in their title bar */
	const struct finish_field *fields; /* borrowed; n_fields of them */
	size_t n_fields;
	/* /Alt of each Figure structure element, in document order: exactly one per Figure. */
	const char *const *figure_alts; /* borrowed; n_figure_alts of them */
	size_t n_figure_alts;
	/* > 0: every page was drawn grown by `bleed` points on each side. TrimBox becomes the
	 * MediaBox inset by bleed, BleedBox the whole MediaBox. */
	double bleed;
	bool deterministic_id; /* the /ID is a digest of the content: same input, same bytes */
	bool object_streams;   /* pack objects into compressed object streams: smaller files */
};

/* Finishes the PDF `in` (in_len bytes, borrowed) as `req` asks. On success *out (of
 * *out_len bytes) is a new buffer the caller frees with g_free; on failure *out and
 * *out_len are untouched and `d` says why. The number of Form and Figure structure
 * elements must match n_fields and n_figure_alts, or nothing is written. */
bool finish_pdf(const unsigned char *in, size_t in_len, const struct finish_request *req,
                unsigned char **out, size_t *out_len, struct diag *d);

#endif
