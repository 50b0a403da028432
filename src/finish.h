/* finish: the PDF finishing stage. Takes the bytes cairo wrote and adds what cairo 1.16
 * cannot write: the catalog's /Lang, /ViewerPreferences and /PageLabels, AcroForm fields
 * joined to the structure tree, /Alt on figures, artifacts, TrimBox and BleedBox, PDF
 * version 1.7, an /ID, object streams. Built on qpdf's C API (pkg-config libqpdf); memory
 * in, memory out, no files.
 *
 * Artifacts: cairo 1.16 has no Artifact tag, so decoration is drawn inside structure
 * elements of type Private (cairo_tag_begin(cr, "Private", "")) that hold nothing but that
 * drawing. Every such element is turned into an artifact, always: its marked content in the
 * page's content stream becomes "/Artifact BMC ... EMC", its ParentTree slots become null
 * and the element leaves the structure tree. */
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
	/* Points, y down, from the top-left corner of the page as drawn (the MediaBox: on a
	 * print sheet that includes the margin), i.e. where render drew the field. */
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
	/* Print sheets, as struct plan has them: the page as cut sits `margin` points inside
	 * the sheet (the MediaBox) on every side, and backgrounds run `bleed` points past it
	 * (bleed <= margin). margin > 0 writes TrimBox = MediaBox inset by margin and
	 * BleedBox = TrimBox grown by bleed; a page grown by the bleed alone has margin = bleed.
	 * Both 0: no boxes. */
	double bleed, margin;
	/* Page labels, which viewers show in place of page numbers. Each page's label is its
	 * prefix followed by its number, in decimal, within its range of pages; a range starts
	 * at the first page and wherever the prefix changes, and counts from 1. */
	bool page_labels; /* false: no /PageLabels */
	/* Borrowed: NULL (no prefixes: the pages are labelled 1, 2, 3, ...), or one per page of
	 * the PDF, each a string ("" for none), n_page_label_prefixes of them. */
	const char *const *page_label_prefixes;
	size_t n_page_label_prefixes;
	bool deterministic_id; /* the /ID is a digest of the content: same input, same bytes */
	bool object_streams;   /* pack objects into compressed object streams: smaller files */
};

/* Finishes the PDF `in` (in_len bytes, borrowed) as `req` asks. On success *out (of
 * *out_len bytes) is a new buffer the caller frees with g_free; on failure *out and
 * *out_len are untouched and `d` says why. The number of Form and Figure structure
 * elements must match n_fields and n_figure_alts, and page label prefixes (if any) the
 * number of pages, or nothing is written. */
bool finish_pdf(const unsigned char *in, size_t in_len, const struct finish_request *req,
                unsigned char **out, size_t *out_len, struct diag *d);

#endif
