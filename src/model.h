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

/* Fixed texts of the checklist page (page 2): Dutch lives in the data, never in C. */
struct checklist {
	char *section; /* id of the section whose tips are the checklist items */
	char *title;
	char *intro;
	char *name_label;
	char *date_label;
	char *notes_label;
};

struct factsheet {
	char *lang; /* BCP 47 language of the text, e.g. "nl" */
	char *title;
	char *subtitle;
	char *intro;
	struct section_list sections;
	char *source; /* the source note in the footer */
	struct checklist checklist;
	char *file_name; /* stem of the output files */
};

void model_destroy(struct factsheet *f);

/* The section with this id, or NULL. Borrowed. */
const struct section *model_find_section(const struct factsheet *f, const char *id);

/* Number of tips over all sections. */
size_t model_tip_count(const struct factsheet *f);

#endif
