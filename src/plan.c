#include "plan.h"

#include <glib-object.h>
#include <math.h>

struct plan *plan_create(size_t n_pages, double width, double height)
{
	struct plan *p = g_new0(struct plan, 1);
	p->pages = g_new0(struct plan_page, n_pages);
	p->n_pages = n_pages;
	p->fit_spacing = p->fit_type = 1.0;
	for (size_t i = 0; i < n_pages; i++) {
		p->pages[i].width = width;
		p->pages[i].height = height;
	}
	return p;
}

static void item_finish(struct plan_item *it)
{
	if (it->text)
		g_object_unref(it->text);
	if (it->mask)
		cairo_surface_destroy(it->mask);
	g_free(it->link);
	g_free(it->alt);
	g_free(it->field);
	g_free(it->field_label);
}

void plan_destroy(struct plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_pages; i++) {
		struct plan_page *page = &p->pages[i];
		for (size_t j = 0; j < page->count; j++)
			item_finish(&page->items[j]);
		g_free(page->items);
		g_free(page->title);
		g_free(page->description);
	}
	g_free(p->pages);
	g_free(p);
}

void plan_truncate(struct plan_page *page, size_t count)
{
	for (size_t i = count; i < page->count; i++)
		item_finish(&page->items[i]);
	if (count < page->count)
		page->count = count;
}

void plan_move_items(struct plan_page *to, struct plan_page *from)
{
	for (size_t i = 0; i < from->count; i++)
		plan_add(to, &from->items[i]);
	g_free(from->items);
	from->items = NULL;
	from->count = from->capacity = 0;
}

struct plan_item *plan_add(struct plan_page *page, const struct plan_item *item)
{
	if (page->count == page->capacity) {
		page->capacity = page->capacity ? page->capacity * 2 : 64;
		page->items = g_renew(struct plan_item, page->items, page->capacity);
	}
	page->items[page->count] = *item;
	return &page->items[page->count++];
}

void plan_corner_radii(double w, double h, double radius, unsigned corners, double *top,
		       double *bottom)
{
	double most = fmin(radius, fmin(w, h) / 2);
	*top = (corners & PLAN_CORNERS_TOP) ? most : 0;
	*bottom = (corners & PLAN_CORNERS_BOTTOM) ? most : 0;
}
