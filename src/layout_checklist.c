/* The checklist page: a header with the person's name (or the checklist's title), their
 * details or lines to fill them in, the checklist section's tips and the route's steps as
 * items to tick with a date line each, maatje and contact person, and lines for notes. Every
 * checkbox and line to write on carries the name of the form field the PDF will get. */
#include <glib.h>
#include <math.h>

#include "layout_parts.h"

/* Checkbox and label sit on the middle of the first line's lower-case letters. */
#define CHECKLIST_X_MIDDLE 0.35

/* The line to write on under a label's baseline; the field box covers the space above it. */
static void add_write_line(struct layout_ctx *c, struct plan_page *page, double x, double baseline,
			   double right, double field_h, char *field, char *label)
{
	const struct spec *s = c->spec;
	double y = baseline + s->spacing.rule_width;
	struct plan_item *it = plan_add(page, &(struct plan_item){
						      .kind = PLAN_LINE, .x = x, .y = y, .w = right - x,
						      .stroke = s->spacing.rule_width / 2,
						      .colour = layout_colour(c, SPEC_ROLE_LINE),
						      .section = -1, .tip = -1, .column = -1});
	it->field = field;
	it->field_label = label;
	it->field_box = (struct plan_rect){x, y - field_h, right - x, field_h};
}

/* "Label" and either the value, or (value NULL) a line to write it on with a form field.
 * Returns the row's height. */
static bool lay_label_row(struct layout_ctx *c, struct plan_page *page, const char *label,
			  const char *value, const char *field, const char *field_label, double x,
			  double y, double right, double *height)
{
	const struct spec *s = c->spec;
	PangoLayout *l = layout_shared(c, &s->type.label, label, right - x, label, false);
	if (!l)
		return false;
	double baseline = y + layout_baseline(l), value_x = x + layout_text_width(l) + s->spacing.bullet_indent;
	*height = layout_text_height(l);
	layout_add_text(page, l, x, y, PLAN_ROLE_LABEL, layout_colour(c, SPEC_ROLE_LABEL), -1, -1);
	if (!value) {
		add_write_line(c, page, value_x, baseline, right, *height, g_strdup(field),
			       g_strdup(field_label ? field_label : label));
		return true;
	}
	PangoLayout *v = layout_text_line(c, &s->type.intro, value, right - value_x, 0.6, label);
	if (!v)
		return false;
	/* Label and value share a baseline. */
	double vy = baseline - layout_baseline(v);
	layout_add_text(page, v, value_x, vy, PLAN_ROLE_CONTACT, layout_colour(c, SPEC_ROLE_BODY), -1, -1);
	*height = fmax(*height, vy - y + layout_text_height(v));
	return true;
}

/* Marks the items added since `first` as parts of list item (section, tip). */
static void belong_to(struct plan_page *page, size_t first, int section, int tip)
{
	for (size_t i = first; i < page->count; i++) {
		page->items[i].section = section;
		page->items[i].tip = tip;
	}
}

/* One item: a box to tick, the text, and a date line on the right. `name` is the item's
 * field name ("stap-3"); its date field is "<name>-<date>". */
static bool lay_item(struct layout_ctx *c, struct plan_page *page, const char *text, int section,
		     int tip, const char *name, double *y)
{
	const struct spec *s = c->spec;
	const struct spec_spacing *sp = &s->spacing;
	const struct checklist *cl = &c->in->factsheet->checklist;
	double date_w = s->checklist.date_width, date_x = c->inner_left + c->inner_width - date_w;
	double text_x = c->inner_left + sp->checkbox_size + sp->bullet_indent;
	double text_w = date_x - c->spec->columns.gutter - text_x;
	PangoLayout *l = layout_shared(c, &s->type.intro, text, text_w, name, true);
	if (!l)
		return false;
	size_t first = page->count;
	double box_y = *y + layout_baseline(l) - CHECKLIST_X_MIDDLE * s->type.intro.size - sp->checkbox_size / 2;
	struct plan_item *box = plan_add(page, &(struct plan_item){
							.kind = PLAN_CHECKBOX, .x = c->inner_left, .y = box_y,
							.w = sp->checkbox_size, .h = sp->checkbox_size,
							.radius = sp->checkbox_size / 6, .stroke = sp->rule_width,
							.colour = layout_colour(c, SPEC_ROLE_CHECKBOX), .column = -1});
	box->field = g_strdup(name);
	box->field_label = g_strdup(text);
	box->field_box = (struct plan_rect){box->x, box->y, box->w, box->h};
	double h = layout_text_height(l);
	layout_add_text(page, l, text_x, *y, PLAN_ROLE_CHECK_ITEM, layout_colour(c, SPEC_ROLE_BODY), -1, -1);
	char *date_field = g_strdup_printf("%s-%s", name, cl->fields.date);
	char *date_label = g_strdup_printf("%s: %s", cl->date_label, text);
	double row_h;
	bool ok = lay_label_row(c, page, cl->date_label, NULL, date_field, date_label, date_x, *y,
				c->inner_left + c->inner_width, &row_h);
	g_free(date_label);
	g_free(date_field);
	belong_to(page, first, section, tip);
	*y += fmax(h, fmax(row_h, sp->checkbox_size)) + s->checklist.item_gap;
	return ok;
}

/* A group heading ("Tips voor de zij-instromer", "Jouw route naar de klas"). */
static bool lay_group(struct layout_ctx *c, struct plan_page *page, const char *heading, double *y)
{
	const struct spec *s = c->spec;
	PangoLayout *l = layout_text(c, &s->type.heading, heading, c->inner_width, heading);
	if (!l)
		return false;
	layout_add_text(page, l, c->inner_left, *y, PLAN_ROLE_HEADING,
			layout_colour(c, SPEC_ROLE_LABEL), -1, -1);
	*y += layout_text_height(l) + s->spacing.tip_gap * 2;
	return true;
}

/* The checklist section's tips, then the route: the shared steps and the body's own. */
static bool lay_items(struct layout_ctx *c, struct plan_page *page, double *y)
{
	const struct factsheet *f = c->in->factsheet;
	const struct checklist_fields *names = &f->checklist.fields;
	const struct section *sec = model_find_section(f, f->checklist.section);
	int tips = (int)(sec - f->sections.items), route = (int)layout_section_count(c->in);
	bool ok = lay_group(c, page, sec->heading, y);
	for (size_t i = 0; ok && i < sec->tips.count; i++) {
		char *name = g_strdup_printf("%s-%zu", names->tip, i + 1);
		ok = lay_item(c, page, sec->tips.items[i], tips, (int)i, name, y);
		g_free(name);
	}
	const struct ylist *own = c->in->body ? &c->in->body->route : NULL;
	size_t n = f->route.count + (own ? own->count : 0);
	if (ok && n > 0) {
		*y += c->spec->spacing.columns_gap - c->spec->checklist.item_gap;
		ok = lay_group(c, page, f->checklist.route_heading, y);
	}
	for (size_t i = 0; ok && i < n; i++) {
		const char *step = i < f->route.count ? f->route.items[i] : own->items[i - f->route.count];
		char *name = g_strdup_printf("%s-%zu", names->step, i + 1);
		ok = lay_item(c, page, step, route, (int)i, name, y);
		g_free(name);
	}
	return ok;
}

/* Two label rows side by side, in the left and right halves. */
static bool lay_pair(struct layout_ctx *c, struct plan_page *page, const char *l1, const char *v1,
		     const char *f1, const char *l2, const char *v2, const char *f2, double *y)
{
	double mid = c->inner_left + c->inner_width / 2, gap = c->spec->columns.gutter, h1, h2;
	if (!lay_label_row(c, page, l1, v1, f1, NULL, c->inner_left, *y, mid - gap / 2, &h1) ||
	    !lay_label_row(c, page, l2, v2, f2, NULL, mid + gap / 2, *y, c->inner_left + c->inner_width,
			   &h2))
		return false;
	*y += fmax(h1, h2) + c->spec->spacing.columns_gap;
	return true;
}

/* Under the header: the name line (a blank checklist) or the person's school and start. */
static bool lay_details(struct layout_ctx *c, struct plan_page *page, double *y)
{
	const struct checklist *cl = &c->in->factsheet->checklist;
	const struct person *p = c->in->person;
	double h;
	if (!p) {
		if (!lay_label_row(c, page, cl->name_label, NULL, cl->fields.name, NULL, c->inner_left,
				   *y, c->inner_left + c->inner_width, &h))
			return false;
		*y += h + c->spec->spacing.columns_gap;
		return true;
	}
	if (!p->school && !p->start_date)
		return true;
	double right = c->inner_left + c->inner_width;
	if (p->school && p->start_date)
		return lay_pair(c, page, cl->school_label, p->school, NULL, cl->start_label,
				p->start_date, NULL, y);
	bool ok = lay_label_row(c, page, p->school ? cl->school_label : cl->start_label,
				p->school ? p->school : p->start_date, NULL, NULL, c->inner_left, *y, right,
				&h);
	*y += h + c->spec->spacing.columns_gap;
	return ok;
}

/* Lines to write notes on, from `top` down to `bottom`, each a text field. */
static bool lay_notes(struct layout_ctx *c, struct plan_page *page, double top, double bottom)
{
	const struct spec *s = c->spec;
	const struct checklist *cl = &c->in->factsheet->checklist;
	PangoLayout *l = layout_text(c, &s->type.label, cl->notes_label, c->inner_width,
				     "checklist.notes_label");
	if (!l)
		return false;
	/* Without room for one line to write on, the heading would stand alone: leave both. */
	double first = top + layout_text_height(l) + s->spacing.line_gap;
	if (first > bottom) {
		g_object_unref(l);
		return true;
	}
	layout_add_text(page, l, c->inner_left, top, PLAN_ROLE_LABEL,
			layout_colour(c, SPEC_ROLE_LABEL), -1, -1);
	int n = 1;
	for (double y = first; y <= bottom; y += s->spacing.line_gap, n++)
		add_write_line(c, page, c->inner_left, y - s->spacing.rule_width,
			       c->inner_left + c->inner_width, s->spacing.line_gap * 0.7,
			       g_strdup_printf("%s-%d", cl->fields.note, n),
			       g_strdup_printf("%s %d", cl->notes_label, n));
	return true;
}

/* The page of one fitting attempt, down to the footer's top (the footer is laid once). */
static bool lay_page(struct layout_ctx *c, struct plan_page *page, double footer_top)
{
	const struct factsheet *f = c->in->factsheet;
	const struct checklist *cl = &f->checklist;
	const struct person *p = c->in->person;
	const struct spec *s = c->spec;
	double y;
	char *subtitle = p ? g_strdup_printf("%s – %s", cl->title, f->title) : g_strdup(f->title);
	/* A person's name that cannot be set is the people list's to fix. */
	c->text_file = p ? c->in->people_file : NULL;
	c->text_line = p ? p->line : 0;
	bool ok = layout_header(c, page, p ? p->name : cl->title, p ? "name" : "checklist.title",
				subtitle, &y);
	c->text_file = NULL;
	c->text_line = 0;
	g_free(subtitle);
	if (!ok)
		return false;
	y += s->spacing.intro_gap;
	if (!lay_details(c, page, &y))
		return false;
	if (cl->intro) {
		PangoLayout *intro = layout_paragraph(c, &s->type.intro, cl->intro, c->inner_width, "checklist.intro");
		if (!intro)
			return false;
		layout_add_text(page, intro, c->inner_left, y, PLAN_ROLE_INTRO,
				layout_colour(c, SPEC_ROLE_INTRO), -1, -1);
		y += layout_text_height(intro) + s->spacing.columns_gap;
	}
	if (!lay_items(c, page, &y))
		return false;
	y += s->spacing.columns_gap - s->checklist.item_gap;
	const struct checklist_fields *fn = &cl->fields;
	if (!lay_pair(c, page, cl->maatje_label, p ? p->maatje : NULL, fn->maatje, cl->contact_label,
		      p ? p->contact : NULL, fn->contact, &y))
		return false;
	double bottom = footer_top - s->spacing.footer_gap;
	if (y > bottom + LAYOUT_FIT_EPSILON) {
		c->overflow = true;
		/* Name whose page it is: the body (its footer, its own route steps) and person. */
		return diag_set(c->diag, c->in->body ? c->in->body->file : c->in->data_file, 0, 0,
				"the checklist%s%s does not fit on its page with the layout '%s': it is %.1f mm too long",
				p ? " of " : "", p ? p->name : "", c->spec->name,
				(y - bottom) / VALUE_PT_PER_MM);
	}
	/* Note lines fill what is left, if anything is. */
	return lay_notes(c, page, y, bottom);
}

struct page_attempt {
	struct plan_page *page;
	double footer_top;
};

/* The page of a fitting attempt: its items stay only when asked. */
static bool attempt_page(struct layout_ctx *c, void *target, bool keep)
{
	struct page_attempt *a = target;
	size_t background = a->page->count;
	bool ok = lay_page(c, a->page, a->footer_top);
	if (!ok || !keep)
		plan_truncate(a->page, background);
	return ok;
}

bool layout_checklist(struct layout_ctx *c, const char *font, struct plan_page *page)
{
	/* The footer does not change with fitting: laid once, aside, and appended last, as it
	 * comes last in reading order. */
	struct spec base = layout_fitted_spec(c->in->spec, font, 1.0, 1.0);
	struct plan_page footer = {.width = page->width, .height = page->height};
	struct page_attempt a = {page, 0};
	c->spec = &base;
	bool ok = layout_footer(c, &footer, false, &a.footer_top);
	c->spec = c->in->spec;
	struct layout_fit fit = {font, attempt_page, &a};
	double spacing, type;
	ok = ok && layout_fit(c, &fit, &spacing, &type);
	plan_move_items(page, &footer);
	return ok;
}
