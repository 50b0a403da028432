/* model: the factsheet's content as plain structs, as read from data/tips.yaml. The model
 * owns every string; model_destroy frees it all. */
#ifndef TIPSHEET_MODEL_H
#define TIPSHEET_MODEL_H

#include <stddef.h>

#include "yread.h"

struct section {
	char *id;      /* short name, used by the checklist and in messages */
	char *heading; /* shown in the box's band */
	struct ylist tips;
};

struct section_list {
	struct section *items;
	size_t count;
};

/* Names of the checklist's form fields: "<step>-3", "<step>-3-<date>", "<note>-1", ... */
struct checklist_fields {
	char *tip, *step, *date, *note, *name, *maatje, *contact;
};

/* Fixed texts of the checklist page (page 2): Dutch lives in the data, never in C. */
struct checklist {
	char *section; /* id of the section whose tips are the checklist items */
	char *title;
	char *intro;
	char *name_label;
	char *date_label;
	char *notes_label;
	char *route_heading;
	char *maatje_label, *contact_label, *school_label, *start_label;
	struct checklist_fields fields;
};

/* Fixed words of a branded edition, in the factsheet's language. */
struct labels {
	char *evening;        /* heading of the information evening ("Informatieavond") */
	char *signup;         /* before the sign-up address ("Aanmelden") */
	char *scan;           /* under the QR code ("Scan en meld je aan") */
	char *loket;          /* before the regional desk ("Regionaal loket") */
	char *members;        /* heading of a region's member boards ("Deelnemende besturen") */
	char *continued;      /* after a heading continued in the next column ("(vervolg)") */
	char *overview;       /* title of output/index.html ("Overzicht van de edities") */
	struct ylist months;   /* 12 month names */
	struct ylist weekdays; /* 7 day names, Monday first */
};

struct factsheet {
	char *lang; /* BCP 47 language of the text, e.g. "nl" */
	char *title;
	char *subtitle;
	char *intro;
	struct section_list sections;
	char *source; /* the source note in the footer */
	char *keywords; /* the PDF's keywords, or NULL */
	struct checklist checklist;
	struct labels labels;
	struct ylist route; /* the steps of a zij-instromer's route */
	struct ylist hyphenation; /* words the patterns break wrongly, with their points */
	char *file_name; /* stem of the output files */
};

void model_destroy(struct factsheet *f);

/* Frees what a section owns (for sections embedded elsewhere). */
void model_section_finish(struct section *s);

/* The section with this id, or NULL. Borrowed. */
const struct section *model_find_section(const struct factsheet *f, const char *id);

/* Number of tips over all sections. */
size_t model_tip_count(const struct factsheet *f);

#endif
