#include "bodyset.h"

#include <stdlib.h>
#include <string.h>

#include "paths.h"

/* With the lock held: the body of `e`, loaded now if no edition holds it. */
static struct body *load_locked(struct bodyset_entry *e)
{
	if (!e->body && !e->failed)
		e->failed = !body_load(e->path, &e->body, &e->error);
	return e->body;
}

/* With the lock held: one use of `e` ends; a body nobody needs any more is freed. */
static void drop_locked(struct bodyset_entry *e)
{
	if (e->uses > 0)
		e->uses--;
	if (e->uses == 0) {
		body_destroy(e->body);
		e->body = NULL;
	}
}

/* With the lock held: marks the region failed with a message about its member `i`. */
static void member_failed(struct bodyset_entry *region, size_t i, const char *problem)
{
	const struct body_member *m = &region->body->members.items[i];
	diag_set(&region->error, region->body->file, m->line, m->column, "members[%zu]: %s '%s'",
		 i, problem, m->slug);
	region->failed = true;
}

/* With the lock held: a region names its members by slug; each must be a bestuur that
 * loads. They are held as long as the region is. */
static bool hold_members(struct bodyset *s, struct bodyset_entry *e, struct bodyset_hold *h)
{
	const struct body_member_list *m = &e->body->members;
	h->members = g_new0(const struct body *, m->count ? m->count : 1);
	h->member_entries = g_new0(struct bodyset_entry *, m->count ? m->count : 1);
	for (size_t i = 0; i < m->count; i++) {
		struct bodyset_entry *member = bodyset_find(s, m->items[i].slug);
		if (!member) {
			member_failed(e, i, "no body file for the member board");
			return false;
		}
		member->uses++;
		h->member_entries[h->n_members] = member;
		h->members[h->n_members++] = load_locked(member);
		if (!member->body) {
			member_failed(e, i, "the member board's own file has an error:");
			return false;
		}
		if (member->body->kind != BODY_BESTUUR) {
			member_failed(e, i, "a member must be of kind 'bestuur':");
			return false;
		}
	}
	return true;
}

/* With the lock held: lets go of what a hold has. */
static void release_locked(struct bodyset_hold *h)
{
	for (size_t i = 0; i < h->n_members; i++)
		drop_locked(h->member_entries[i]);
	g_free(h->members);
	g_free(h->member_entries);
	drop_locked(h->entry);
	*h = (struct bodyset_hold){0};
}

static int compare_slugs(const void *a, const void *b)
{
	return strcmp(((const struct bodyset_entry *)a)->slug, ((const struct bodyset_entry *)b)->slug);
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
	g_mutex_init(&s->lock);
	s->entries = g_new0(struct bodyset_entry, names->len ? names->len : 1);
	for (guint i = 0; i < names->len; i++) {
		struct bodyset_entry *e = &s->entries[s->count++];
		const char *name = names->pdata[i];
		e->slug = g_strndup(name, strlen(name) - strlen(".yaml"));
		e->path = g_build_filename(dir, name, NULL);
	}
	g_ptr_array_free(names, TRUE);
	/* By slug, for bodyset_find: not quite the files' order ("a-b.yaml" < "a.yaml"). */
	qsort(s->entries, s->count, sizeof *s->entries, compare_slugs);
	*out = s;
	return true;
}

void bodyset_destroy(struct bodyset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++) {
		g_free(s->entries[i].slug);
		g_free(s->entries[i].path);
		body_destroy(s->entries[i].body);
		diag_finish(&s->entries[i].error);
	}
	g_free(s->entries);
	g_mutex_clear(&s->lock);
	g_free(s);
}

struct bodyset_entry *bodyset_find(struct bodyset *s, const char *slug)
{
	size_t lo = 0, hi = s->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->entries[mid].slug, slug);
		if (c == 0)
			return &s->entries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void bodyset_reserve(struct bodyset *s, struct bodyset_entry *e)
{
	g_mutex_lock(&s->lock);
	e->uses++;
	g_mutex_unlock(&s->lock);
}

void bodyset_unreserve(struct bodyset *s, struct bodyset_entry *e)
{
	g_mutex_lock(&s->lock);
	drop_locked(e);
	g_mutex_unlock(&s->lock);
}

bool bodyset_acquire(struct bodyset *s, struct bodyset_entry *e, struct bodyset_hold *h,
		     struct diag *d)
{
	*h = (struct bodyset_hold){.entry = e};
	g_mutex_lock(&s->lock);
	bool ok = load_locked(e) && hold_members(s, e, h);
	if (ok)
		h->body = e->body;
	else {
		diag_set(d, e->error.file, e->error.line, e->error.column, "%s", e->error.message);
		release_locked(h);
	}
	g_mutex_unlock(&s->lock);
	return ok;
}

void bodyset_release(struct bodyset *s, struct bodyset_hold *h)
{
	g_mutex_lock(&s->lock);
	release_locked(h);
	g_mutex_unlock(&s->lock);
}
