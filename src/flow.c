#include "flow.h"

#include <glib.h>
#include <math.h>

/* Height of a piece holding tips [first, first + n) of box b. */
static double piece_height(const struct flow_box *b, size_t first, size_t n, double tip_gap)
{
	double h = first > 0 ? b->cont_head : b->head;
	for (size_t i = first; i < first + n; i++)
		h += b->tips[i];
	return h + (n > 1 ? (double)(n - 1) * tip_gap : 0);
}

/* Greedy fill: each slot takes content in order up to `limit` (or its own room, if less).
 * For a given limit it uses as few slots as possible; a binary search on the limit then
 * finds the most even fill. */
struct fill {
	const struct flow_box *boxes;
	size_t n;
	const struct flow_params *p;
	bool split;
	double limit;
	GArray *pieces; /* struct flow_piece, or NULL when only feasibility counts */
	struct flow_failure fail;
};

static double room(const struct fill *f, size_t slot)
{
	return fmin(f->limit, f->p->slot_heights[slot]);
}

/* The most tips from `first` on that fit in `space`, at least 1, or 0 if not even one does. */
static size_t tips_that_fit(const struct fill *f, const struct flow_box *b, size_t first,
			    double space)
{
	size_t m = 0;
	while (first + m < b->n_tips && piece_height(b, first, m + 1, f->p->tip_gap) <= space + 1e-6)
		m++;
	return m;
}

static double remaining_content(const struct fill *f, size_t box, size_t tip)
{
	double h = piece_height(&f->boxes[box], tip, f->boxes[box].n_tips - tip, f->p->tip_gap);
	for (size_t i = box + 1; i < f->n; i++)
		h += f->p->box_gap + piece_height(&f->boxes[i], 0, f->boxes[i].n_tips, f->p->tip_gap);
	return h;
}

static void add_piece(struct fill *f, size_t box, size_t tip, size_t n, size_t slot, double y)
{
	if (!f->pieces)
		return;
	struct flow_piece piece = {
		.box = box, .first_tip = tip, .n_tips = n, .continued = tip > 0, .slot = slot,
		.y = y, .height = piece_height(&f->boxes[box], tip, n, f->p->tip_gap),
	};
	g_array_append_val(f->pieces, piece);
}

static bool run_fill(struct fill *f)
{
	size_t slot = 0;
	double y = 0;
	for (size_t b = 0; b < f->n; b++) {
		const struct flow_box *box = &f->boxes[b];
		size_t tip = 0;
		while (tip < box->n_tips || (box->n_tips == 0 && tip == 0)) {
			double gap = y > 0 ? f->p->box_gap : 0;
			double space = slot < f->p->n_slots ? room(f, slot) - y - gap : -1;
			size_t rest = box->n_tips - tip;
			size_t m = rest;
			if (space < 0 || piece_height(box, tip, rest, f->p->tip_gap) > space + 1e-6)
				m = f->split && space >= 0 ? tips_that_fit(f, box, tip, space) : 0;
			if (m > 0 || (box->n_tips == 0 && space >= box->head - 1e-6)) {
				add_piece(f, b, tip, m, slot, y + gap);
				y += gap + piece_height(box, tip, m, f->p->tip_gap);
				tip += m;
				if (box->n_tips == 0)
					break;
				continue;
			}
			if (slot >= f->p->n_slots || (y == 0 && slot + 1 >= f->p->n_slots)) {
				f->fail = (struct flow_failure){b, remaining_content(f, b, tip) - fmax(space, 0)};
				return false;
			}
			slot++;
			y = 0;
		}
	}
	return true;
}

static bool try_fill(struct fill *f, double limit)
{
	f->limit = limit;
	if (f->pieces)
		g_array_set_size(f->pieces, 0);
	return run_fill(f);
}

/* The least limit at which everything fits, by bisection between `lo` (fails) and `hi`
 * (fits); a hundredth of a point is closer than anything visible. */
static double least_limit(struct fill *f, double lo, double hi)
{
	while (hi - lo > 0.01) {
		double mid = (lo + hi) / 2;
		if (try_fill(f, mid))
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

static bool place_with(struct fill *f, struct flow_result *out)
{
	double most = 0;
	for (size_t i = 0; i < f->p->n_slots; i++)
		most = fmax(most, f->p->slot_heights[i]);
	if (!try_fill(f, most))
		return false;
	double limit = least_limit(f, 0, most);
	f->pieces = g_array_new(FALSE, TRUE, sizeof(struct flow_piece));
	try_fill(f, limit);
	out->count = f->pieces->len;
	out->pieces = (struct flow_piece *)(void *)g_array_free(f->pieces, FALSE);
	f->pieces = NULL;
	out->fill = 0;
	for (size_t i = 0; i < out->count; i++)
		out->fill = fmax(out->fill, out->pieces[i].y + out->pieces[i].height);
	return true;
}

bool flow_place(const struct flow_box *boxes, size_t n, const struct flow_params *p,
		struct flow_result *out, struct flow_failure *fail)
{
	struct fill f = {.boxes = boxes, .n = n, .p = p, .split = false};
	*out = (struct flow_result){0};
	if (place_with(&f, out))
		return true;
	if (p->split) {
		f.split = true;
		if (place_with(&f, out))
			return true;
	}
	*fail = f.fail;
	return false;
}

void flow_result_finish(struct flow_result *r)
{
	g_free(r->pieces);
	*r = (struct flow_result){0};
}
