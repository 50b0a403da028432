/* The branded parts of a page: the footer band with the body's logo, contact block, next
 * information evening and QR code, and a region's strip of member boards. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "layout_parts.h"
#include "qr.h"

/* A column of text lines stacked from (x, y); each line may link somewhere. */
struct stack {
	struct layout_ctx *c;
	struct plan_page *page;
	double x, y, width;
	bool ok;
};

static void stack_line(struct stack *s, const struct spec_type *type, enum spec_role colour,
		       const char *text, char *link, const char *where)
{
	if (!s->ok || !text) {
		g_free(link);
		return;
	}
	/* Contact lines, e-mail and web addresses keep to one line while shrinking a little
	 * does it; longer lines wrap. */
	PangoLayout *l = layout_text_line(s->c, type, text, s->width, 0.8, where);
	if (!l) {
		s->ok = false;
		g_free(link);
		return;
	}
	struct plan_item *it = layout_add_text(s->page, l, s->x, s->y, PLAN_ROLE_CONTACT,
					       layout_colour(s->c, colour), -1, -1);
	it->link = link;
	s->y += layout_text_height(l);
}

/* A web address as people read and type it: without the scheme. */
static const char *url_for_reading(const char *url)
{
	const char *sep = strstr(url, "://");
	return sep ? sep + 3 : url;
}

static double stack_contact(struct stack *s, const struct body *b)
{
	const struct spec_type *small = &s->c->spec->type.small;
	double top = s->y;
	stack_line(s, &s->c->spec->type.label, SPEC_ROLE_LABEL, b->name, NULL, "name");
	if (b->contact.organisation && g_strcmp0(b->contact.organisation, b->name))
		stack_line(s, small, SPEC_ROLE_CONTACT, b->contact.organisation, NULL, "contact.organisation");
	stack_line(s, small, SPEC_ROLE_CONTACT, b->contact.address, NULL, "contact.address");
	stack_line(s, small, SPEC_ROLE_CONTACT, b->contact.phone, NULL, "contact.phone");
	if (b->contact.email)
		stack_line(s, small, SPEC_ROLE_CONTACT, b->contact.email,
			   g_strconcat("mailto:", b->contact.email, NULL), "contact.email");
	if (b->contact.website)
		stack_line(s, small, SPEC_ROLE_CONTACT, url_for_reading(b->contact.website),
			   g_strdup(b->contact.website), "contact.website");
	return s->y - top;
}

/* "donderdag 14 januari 2027, 19.30-21.00 uur", in the factsheet's own words. */
static char *evening_when(const struct labels *l, const struct body_evening *e)
{
	return g_strdup_printf("%s %d %s %d, %s", l->weekdays.items[body_date_weekday(&e->date)],
			       e->date.day, l->months.items[e->date.month - 1], e->date.year,
			       e->time);
}

static double stack_evening(struct stack *s, const struct layout_input *in)
{
	const struct labels *l = &in->factsheet->labels;
	const struct spec_type *small = &s->c->spec->type.small;
	const struct body_evening *e = in->evening;
	const struct body *b = in->body;
	double top = s->y;
	if (e) {
		char *when = evening_when(l, e);
		stack_line(s, &s->c->spec->type.label, SPEC_ROLE_LABEL, l->evening, NULL, "labels.evening");
		stack_line(s, small, SPEC_ROLE_CONTACT, when, NULL, "evenings.date");
		stack_line(s, small, SPEC_ROLE_CONTACT, e->place, NULL, "evenings.place");
		g_free(when);
		if (e->signup) {
			char *signup = g_strdup_printf("%s: %s", l->signup, url_for_reading(e->signup));
			stack_line(s, small, SPEC_ROLE_CONTACT, signup, g_strdup(e->signup), "evenings.signup");
			g_free(signup);
		}
	}
	if (b->loket.name) {
		char *loket = g_strdup_printf("%s: %s, %s", l->loket, b->loket.name, b->loket.contact);
		s->y += e ? s->c->spec->spacing.tip_gap : 0;
		stack_line(s, small, SPEC_ROLE_CONTACT, loket, NULL, "loket");
		g_free(loket);
	}
	return s->y - top;
}

/* The QR code in the band's right-hand corner, its caption to its left within `width`.
 * *size receives the code's height, 0 when the body has no address to point to. */
static bool place_qr(struct layout_ctx *c, struct plan_page *page, double right, double top,
		     double width, double *size_out)
{
	const struct spec *s = c->spec;
	const char *url = body_qr_url(c->in->body, c->in->evening);
	*size_out = 0;
	if (!url)
		return true;
	cairo_surface_t *mask;
	if (!qr_encode(url, &mask, c->diag))
		return false;
	double size = s->footer.qr_size, x = right - size;
	plan_add(page, &(struct plan_item){
			       .kind = PLAN_MASK, .role = PLAN_ROLE_FIGURE, .x = x, .y = top,
			       .w = size, .h = size, .colour = layout_colour(c, SPEC_ROLE_QR),
			       .mask = mask, .link = g_strdup(url), .alt = g_strdup(url),
			       .section = -1, .tip = -1, .column = -1,
		       });
	double caption_w = width - size - s->footer.padding;
	PangoLayout *l = layout_text(c, &s->type.small, c->in->factsheet->labels.scan, caption_w,
				     "labels.scan");
	if (!l)
		return false;
	double cy = top + (size - layout_text_height(l)) / 2;
	double cx = x - s->footer.padding - layout_text_width(l);
	layout_add_text(page, l, cx, cy, PLAN_ROLE_CONTACT, layout_colour(c, SPEC_ROLE_CONTACT),
			-1, -1);
	*size_out = size;
	return true;
}

/* A body's logo at (x, y), `height` tall unless that makes it wider than `max_width`.
 * Returns its width (0 without a logo). */
static double place_logo(struct plan_page *page, const struct body *b, double x, double y,
			 double height, double max_width)
{
	if (!b->logo)
		return 0;
	double w = fmin(height * logo_aspect(b->logo), max_width);
	double h = w / logo_aspect(b->logo);
	plan_add(page, &(struct plan_item){
			       .kind = PLAN_LOGO, .role = PLAN_ROLE_FIGURE, .x = x, .y = y,
			       .w = w, .h = h, .logo = b->logo, .alt = g_strdup(b->logo_ref.alt),
			       .section = -1, .tip = -1, .column = -1,
		       });
	return w;
}

/* Everything in the band is placed at its final height only after the band's height is
 * known, so items are laid out at y = 0 and shifted down afterwards. */
static void shift_items(struct plan_page *page, size_t first, double dy)
{
	for (size_t i = first; i < page->count; i++)
		page->items[i].y += dy;
}

static bool lay_band(struct layout_ctx *c, struct plan_page *page, double bottom, double *top)
{
	const struct spec *s = c->spec;
	const struct spec_footer *f = &s->footer;
	double pad = f->padding, left = c->inner_left, right = left + c->inner_width;
	double column_step = c->column_width + s->columns.gutter;
	size_t background = page->count;
	layout_add_rect(page, left, 0, c->inner_width, 0, layout_colour(c, SPEC_ROLE_FOOTER_BAND),
			s->radius.box, PLAN_CORNERS_ALL, -1);
	/* Three zones on the page's columns: logo and contact, the evening, the QR code. With
	 * fewer columns the zones share the width equally. */
	double zone = c->spec->columns.count >= 3 ? c->column_width : (c->inner_width - 2 * pad) / 3;
	double step = c->spec->columns.count >= 3 ? column_step : zone;
	double qr_size;
	if (!place_qr(c, page, right - pad, pad, zone - pad, &qr_size))
		return false;
	double logo_w = place_logo(page, c->in->body, left + pad, pad, f->logo_height, zone / 2);
	/* Beside the logo on wide pages; under it where the zone is narrow. */
	bool beside = c->spec->columns.count >= 3;
	double x = left + pad + (beside && logo_w > 0 ? logo_w + pad : 0);
	double y = beside || logo_w == 0 ? pad : pad + f->logo_height + pad / 2;
	struct stack st = {c, page, x, y, left + zone - x, true};
	double contact_h = stack_contact(&st, c->in->body) + (y - pad);
	st.x = left + step + pad;
	st.width = zone - pad;
	st.y = pad;
	double evening_h = stack_evening(&st, c->in);
	if (!st.ok)
		return false;
	double inner_h = fmax(fmax(contact_h, evening_h), qr_size);
	inner_h = fmax(inner_h, logo_w > 0 ? f->logo_height : 0);
	double band_h = inner_h + 2 * pad;
	page->items[background].h = band_h;
	shift_items(page, background, bottom - band_h);
	*top = bottom - band_h;
	return true;
}

/* One member board: its small logo (if any) and its name. Returns the width used. */
static double lay_member(struct layout_ctx *c, struct plan_page *page, const struct body *m,
			 double x, double y, PangoLayout *name)
{
	const struct spec_footer *f = &c->spec->footer;
	double logo_w = place_logo(page, m, x, y, f->member_logo_height, 4 * f->member_logo_height);
	double tx = x + (logo_w > 0 ? logo_w + f->padding / 2 : 0);
	double ty = y + (f->member_logo_height - layout_text_height(name)) / 2;
	layout_add_text(page, name, tx, ty, PLAN_ROLE_CONTACT, layout_colour(c, SPEC_ROLE_BODY),
			-1, -1);
	return tx - x + layout_text_width(name);
}

/* "Deelnemende besturen", then each member's logo and name, wrapping into rows. */
static bool lay_members(struct layout_ctx *c, struct plan_page *page, double bottom, double *top)
{
	const struct spec *s = c->spec;
	double row_h = s->footer.member_logo_height, gap = s->spacing.box_gap;
	size_t first = page->count;
	PangoLayout *label = layout_text(c, &s->type.label, c->in->factsheet->labels.members,
					 c->inner_width, "labels.members");
	if (!label)
		return false;
	layout_add_text(page, label, c->inner_left, 0, PLAN_ROLE_LABEL,
			layout_colour(c, SPEC_ROLE_LABEL), -1, -1);
	double x = c->inner_left, y = layout_text_height(label) + s->spacing.tip_gap;
	for (size_t i = 0; i < c->in->n_members; i++) {
		const struct body *m = c->in->members[i];
		PangoLayout *name = layout_text(c, &s->type.small, m->name, c->inner_width, "members");
		if (!name)
			return false;
		double need = layout_text_width(name) + (m->logo ? 5 * row_h : 0);
		if (x > c->inner_left && x + need > c->inner_left + c->inner_width) {
			x = c->inner_left;
			y += row_h + s->spacing.tip_gap;
		}
		x += lay_member(c, page, m, x, y, name) + gap;
	}
	double h = y + row_h;
	shift_items(page, first, bottom - h);
	*top = bottom - h;
	return true;
}

bool layout_brand(struct layout_ctx *c, struct plan_page *page, double bottom, bool members,
		  double *top)
{
	c->text_file = c->in->body->file;
	bool ok = lay_band(c, page, bottom, top);
	if (ok && members && c->in->n_members > 0)
		ok = lay_members(c, page, *top - c->spec->spacing.footer_gap / 2, top);
	c->text_file = NULL;
	return ok;
}
