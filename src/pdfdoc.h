/* pdfdoc: a plan as a finished, tagged PDF 1.7, written in one pass from the plan, as
 * svgpage writes SVG: no cairo surface, no second program reading the file back.
 *
 * What the file holds: each page's drawing in y-down page space (one "1 0 0 -1 0 H cm"
 * first), text as glyphs of embedded font subsets (pdffont) that can be copied and read
 * aloud; a structure tree in reading order (Document; H1, H2, P, L/LI/Lbl/LBody, Figure with
 * /Alt, Link, Form), decoration marked as /Artifact; links as URI annotations joined to their
 * Link elements; form fields (checkboxes with their own appearances, text fields) joined to
 * Form elements; each section heading a named destination ("section-N") with a bookmark;
 * /Lang, /MarkInfo, /ViewerPreferences /DisplayDocTitle, decimal /PageLabels, the document
 * information, TrimBox and BleedBox on print sheets; object streams and an /ID made from the
 * file's bytes, so the same plan always gives the same file. */
#ifndef TIPSHEET_PDFDOC_H
#define TIPSHEET_PDFDOC_H

#include <glib.h>
#include <stdbool.h>
#include <time.h>

#include "diag.h"
#include "plan.h"

struct pdfdoc_request {
	const char *name; /* names the PDF in messages; NULL: none */
	const char *lang; /* the catalog's /Lang, e.g. "nl" */
	/* The document information; NULL leaves an entry out. */
	const char *title, *author, *subject, *keywords, *creator;
	time_t date; /* /CreationDate and /ModDate */
};

/* Appends the PDF of `plan` to `out`. False, with `d` set, when the plan cannot be written
 * (a form field without a name or label, two fields of one name, a print margin wider than
 * the page, a logo that cannot be read as PDF). */
bool pdfdoc_write(const struct plan *plan, const struct pdfdoc_request *req, GByteArray *out,
		  struct diag *d);

#endif
