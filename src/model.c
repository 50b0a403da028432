#include "model.h"

#include <glib.h>
#include <string.h>

void model_section_finish(struct section *s)
{
	g_free(s->id);
	g_free(s->heading);
	ylist_finish(&s->tips);
}

static void checklist_finish(struct checklist *c)
{
	g_free(c->section);
	g_free(c->title);
	g_free(c->intro);
	g_free(c->name_label);
	g_free(c->date_label);
	g_free(c->notes_label);
	g_free(c->route_heading);
	g_free(c->maatje_label);
	g_free(c->contact_label);
	g_free(c->school_label);
	g_free(c->start_label);
	struct checklist_fields *f = &c->fields;
	char **names[] = {&f->tip, &f->step, &f->date, &f->note, &f->name, &f->maatje, &f->contact};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		g_free(*names[i]);
}

static void labels_finish(struct labels *l)
{
	g_free(l->evening);
	g_free(l->signup);
	g_free(l->scan);
	g_free(l->loket);
	g_free(l->members);
	g_free(l->continued);
	g_free(l->overview);
	ylist_finish(&l->months);
	ylist_finish(&l->weekdays);
}

void model_destroy(struct factsheet *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->sections.count; i++)
		model_section_finish(&f->sections.items[i]);
	g_free(f->sections.items);
	checklist_finish(&f->checklist);
	labels_finish(&f->labels);
	ylist_finish(&f->route);
	ylist_finish(&f->hyphenation);
	g_free(f->lang);
	g_free(f->title);
	g_free(f->subtitle);
	g_free(f->intro);
	g_free(f->source);
	g_free(f->keywords);
	g_free(f->file_name);
	g_free(f);
}

const struct section *model_find_section(const struct factsheet *f, const char *id)
{
	for (size_t i = 0; i < f->sections.count; i++)
		if (!strcmp(f->sections.items[i].id, id))
			return &f->sections.items[i];
	return NULL;
}

size_t model_tip_count(const struct factsheet *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->sections.count; i++)
		n += f->sections.items[i].tips.count;
	return n;
}
