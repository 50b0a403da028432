#include "bodyset.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

#include "paths.h"

/* A region names its members by slug; each must be a body that loaded. */
static void resolve_members(struct bodyset *s, struct bodyset_entry *e)
{
	const struct body_member_list *m = &e->body->members;
	e->members = g_new0(const struct body *, m->count ? m->count : 1);
	for (size_t i = 0; i < m->count; i++) {
		struct bodyset_entry *member = bodyset_find(s, m->items[i].slug);
		const char *problem = !member		   ? "no body file for the member board"
				      : !member->body	   ? "the member board's own file has an error:"
				      : member->body->kind != BODY_BESTUUR ? "a member must be of kind 'bestuur':"
									   : NULL;
		if (problem) {
			diag_set(&e->error, e->body->file, m->items[i].line, m->items[i].column,
				 "members[%zu]: %s '%s'", i, problem, m->items[i].slug);
			body_destroy(e->body);
			e->body = NULL;
			return;
		}
		e->members[e->n_members++] = member->body;
	}
}

bool bodyset_load(const char *dir, struct bodyset **out, struct diag *d)
{
	GError *err = NULL;
	GPtrArray *names = paths_yaml_files(dir, &err);
	if (!names) {
		diag_set(d, dir, 0, 0, "cannot read the bodies folder: %s", err->message);
		g_error_free(err);
		return false;
	}
	struct bodyset *s = g_new0(struct bodyset, 1);
	s->entries = g_new0(struct bodyset_entry, names->len ? names->len : 1);
	for (guint i = 0; i < names->len; i++) {
		struct bodyset_entry *e = &s->entries[s->count++];
		const char *name = names->pdata[i];
		e->slug = g_strndup(name, strlen(name) - strlen(".yaml"));
		char *path = g_build_filename(dir, name, NULL);
		body_load(path, &e->body, &e->error);
		g_free(path);
	}
	/* Members are resolved against bodies that loaded; members are besturen, which have no
	 * members of their own, so no resolution can undo another. */
	for (size_t i = 0; i < s->count; i++)
		if (s->entries[i].body && s->entries[i].body->members.count)
			resolve_members(s, &s->entries[i]);
	g_ptr_array_free(names, TRUE);
	*out = s;
	return true;
}

void bodyset_destroy(struct bodyset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++) {
		g_free(s->entries[i].slug);
		body_destroy(s->entries[i].body);
		diag_finish(&s->entries[i].error);
		g_free(s->entries[i].members);
	}
	g_free(s->entries);
	g_free(s);
}

struct bodyset_entry *bodyset_find(struct bodyset *s, const char *slug)
{
	for (size_t i = 0; i < s->count; i++)
		if (!strcmp(s->entries[i].slug, slug))
			return &s->entries[i];
	return NULL;
}
