/* flow: section boxes over column slots. Boxes without tips stand for boxes of a fixed
 * height (the balancing cases); boxes with tips for the splitting cases. */
#include <check.h>
#include <glib.h>
#include <math.h>

#include "flow.h"
#include "suites.h"

/* Room enough in every slot for the balancing cases. */
#define ROOMY 1000.0

/* Boxes of the given heights, without tips. Caller g_frees. */
static struct flow_box *plain_boxes(const double *heights, size_t n)
{
	struct flow_box *b = g_new0(struct flow_box, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		b[i] = (struct flow_box){.head = heights[i], .cont_head = heights[i]};
	return b;
}

/* Places `n` boxes of `heights` over `k` roomy slots, without splitting. */
static struct flow_result place_plain(const char *what, const double *heights, size_t n, size_t k,
				      double gap)
{
	double rooms[8];
	ck_assert_uint_le(k, G_N_ELEMENTS(rooms));
	for (size_t i = 0; i < k; i++)
		rooms[i] = ROOMY;
	struct flow_box *boxes = plain_boxes(heights, n);
	struct flow_params p = {.slot_heights = rooms, .n_slots = k, .box_gap = gap};
	struct flow_result r;
	struct flow_failure fail;
	bool ok = flow_place(boxes, n, &p, &r, &fail);
	g_free(boxes);
	ck_assert_msg(ok, "%s: flow_place failed (box %zu, %.2f pt over)", what, fail.box,
		      fail.excess);
	return r;
}

/* The slot box `b` went to (plain boxes are never split). */
static size_t slot_of(const char *what, const struct flow_result *r, size_t b)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->pieces[i].box == b)
			return r->pieces[i].slot;
	ck_abort_msg("%s: box %zu was not placed", what, b);
	return 0;
}

/* The least possible fullest slot for plain boxes in order, by trying every split. */
static double brute_force(const double *h, size_t n, size_t k, double gap)
{
	if (k == 1) {
		double sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += h[i] + (i ? gap : 0);
		return sum;
	}
	double best = INFINITY, first = 0;
	for (size_t m = 0; m <= n; m++) {
		best = fmin(best, fmax(first, brute_force(h + m, n - m, k - 1, gap)));
		if (m < n)
			first += h[m] + (m ? gap : 0);
	}
	return best;
}

/* Every box placed once, in order, stacked with `gap` in its slot from the top, and the
 * fullest slot no more than a hundredth of a point above the best possible. */
static void assert_balanced(const char *what, const double *h, size_t n, size_t k, double gap,
			    const struct flow_result *r)
{
	ck_assert_msg(r->count == n, "%s: %zu pieces for %zu boxes", what, r->count, n);
	for (size_t i = 0; i < n; i++) {
		const struct flow_piece *p = &r->pieces[i];
		ck_assert_msg(p->box == i && !p->continued, "%s: piece %zu is box %zu", what, i,
			      p->box);
		ck_assert_msg(p->slot < k, "%s: box %zu in slot %zu of %zu", what, i, p->slot, k);
		double y = 0;
		if (i > 0 && r->pieces[i - 1].slot == p->slot)
			y = r->pieces[i - 1].y + r->pieces[i - 1].height + gap;
		else
			ck_assert_msg(i == 0 || r->pieces[i - 1].slot < p->slot,
				      "%s: box %zu in an earlier slot than box %zu", what, i,
				      i - 1);
		ck_assert_msg(fabs(p->y - y) < 1e-9 && fabs(p->height - h[i]) < 1e-9,
			      "%s: box %zu at y %g height %g, expected y %g height %g", what, i,
			      p->y, p->height, y, h[i]);
	}
	double best = brute_force(h, n, k, gap);
	ck_assert_msg(r->fill >= best - 1e-9 && r->fill <= best + 0.01 + 1e-9,
		      "%s: fullest slot %g, the best split gives %g", what, r->fill, best);
}

START_TEST(one_box_per_column)
{
	const double h[] = {1, 1, 1};
	struct flow_result r = place_plain("{1,1,1} over 3", h, 3, 3, 0);
	assert_balanced("{1,1,1} over 3", h, 3, 3, 0, &r);
	for (size_t b = 0; b < 3; b++)
		ck_assert_uint_eq(slot_of("{1,1,1} over 3", &r, b), b);
	flow_result_finish(&r);
}
END_TEST

START_TEST(tall_first_box)
{
	const double h[] = {10, 1, 1, 1};
	struct flow_result r = place_plain("{10,1,1,1} over 2", h, 4, 2, 0);
	assert_balanced("{10,1,1,1} over 2", h, 4, 2, 0, &r);
	ck_assert_double_eq_tol(r.fill, 10, 0.01);
	ck_assert_uint_eq(slot_of("{10,1,1,1} over 2", &r, 0), 0);
	for (size_t b = 1; b < 4; b++)
		ck_assert_uint_eq(slot_of("{10,1,1,1} over 2", &r, b), 1);
	flow_result_finish(&r);
}
END_TEST

START_TEST(gap_counts_between_boxes)
{
	const double h[] = {2, 2, 2, 2};
	struct flow_result r = place_plain("{2,2,2,2} over 2, gap 1", h, 4, 2, 1);
	assert_balanced("{2,2,2,2} over 2, gap 1", h, 4, 2, 1, &r);
	ck_assert_double_eq_tol(r.fill, 5, 0.01); /* 2 + gap + 2 in each slot */
	flow_result_finish(&r);
}
END_TEST

START_TEST(more_boxes_than_columns)
{
	const double h[] = {3, 1, 4, 1, 5, 9, 2, 6};
	struct flow_result r = place_plain("{3,1,4,1,5,9,2,6} over 3", h, 8, 3, 0.5);
	assert_balanced("{3,1,4,1,5,9,2,6} over 3, gap 0.5", h, 8, 3, 0.5, &r);
	flow_result_finish(&r);
	const double real[] = {180.2, 140.5, 160.7, 110.1, 150.3};
	r = place_plain("five boxes over 3", real, 5, 3, 11.3);
	assert_balanced("five boxes over 3, gap 11.3", real, 5, 3, 11.3, &r);
	flow_result_finish(&r);
}
END_TEST

START_TEST(fewer_boxes_than_columns)
{
	const double h[] = {5, 7};
	struct flow_result r = place_plain("{5,7} over 3", h, 2, 3, 1);
	assert_balanced("{5,7} over 3", h, 2, 3, 1, &r);
	ck_assert_double_eq_tol(r.fill, 7, 0.01);
	ck_assert_uint_ne(slot_of("{5,7} over 3", &r, 0), slot_of("{5,7} over 3", &r, 1));
	flow_result_finish(&r);

	r = place_plain("no boxes", NULL, 0, 3, 1);
	ck_assert_uint_eq(r.count, 0);
	ck_assert_double_eq(r.fill, 0);
	flow_result_finish(&r);
}
END_TEST

/* A box of a 10 pt head and `n` tips of 10 pt, 2 pt apart. */
static struct flow_box tipped_box(const double *tips, size_t n)
{
	return (struct flow_box){.head = 10, .cont_head = 12, .tips = tips, .n_tips = n};
}

START_TEST(split_only_when_needed)
{
	double tips[12];
	for (size_t i = 0; i < G_N_ELEMENTS(tips); i++)
		tips[i] = 10;
	/* 10 + 12 tips * 10 + 11 gaps * 2 = 152 pt, in slots of 100 pt. */
	struct flow_box box = tipped_box(tips, 12);
	const double rooms[] = {100, 100};
	struct flow_params p = {.slot_heights = rooms, .n_slots = 2, .box_gap = 4, .tip_gap = 2};
	struct flow_result r;
	struct flow_failure fail = {99, -1};
	ck_assert_msg(!flow_place(&box, 1, &p, &r, &fail), "a 152 pt box fit a 100 pt slot whole");
	ck_assert_uint_eq(fail.box, 0);
	ck_assert_msg(fail.excess > 0, "excess %g, expected more than 0", fail.excess);

	p.split = true;
	ck_assert_msg(flow_place(&box, 1, &p, &r, &fail), "the box did not split over 2 slots");
	ck_assert_uint_eq(r.count, 2);
	const struct flow_piece *a = &r.pieces[0], *b = &r.pieces[1];
	ck_assert(!a->continued && b->continued);
	ck_assert_uint_eq(a->slot, 0);
	ck_assert_uint_eq(b->slot, 1);
	ck_assert_uint_eq(a->first_tip, 0);
	ck_assert_uint_eq(b->first_tip, a->n_tips);
	ck_assert_uint_eq(a->n_tips + b->n_tips, 12);
	ck_assert_msg(a->height <= 100 + 1e-9 && b->height <= 100 + 1e-9,
		      "pieces of %g and %g pt in 100 pt slots", a->height, b->height);
	/* A continuation carries its own (taller) head. */
	ck_assert_double_eq_tol(b->height, 12 + 10 * b->n_tips + 2 * (b->n_tips - 1), 1e-9);
	flow_result_finish(&r);

	/* Two boxes that fit whole are not split, even with splitting allowed. */
	struct flow_box two[] = {tipped_box(tips, 3), tipped_box(tips, 3)};
	ck_assert(flow_place(two, 2, &p, &r, &fail));
	ck_assert_uint_eq(r.count, 2);
	ck_assert(!r.pieces[0].continued && !r.pieces[1].continued);
	flow_result_finish(&r);
}
END_TEST

START_TEST(too_much_for_every_slot)
{
	double tips[40];
	for (size_t i = 0; i < G_N_ELEMENTS(tips); i++)
		tips[i] = 10;
	struct flow_box box = tipped_box(tips, 40); /* 10 + 400 + 78 = 488 pt */
	const double rooms[] = {100, 100, 100};
	struct flow_params p = {.slot_heights = rooms,
				.n_slots = 3,
				.box_gap = 4,
				.tip_gap = 2,
				.split = true};
	struct flow_result r;
	struct flow_failure fail = {99, -1};
	ck_assert(!flow_place(&box, 1, &p, &r, &fail));
	ck_assert_uint_eq(fail.box, 0);
	ck_assert_msg(fail.excess > 0, "excess %g, expected more than 0", fail.excess);
}
END_TEST

Suite *flow_suite(void)
{
	Suite *s = suite_create("flow");
	TCase *balance = tcase_create("balance");
	tcase_add_test(balance, one_box_per_column);
	tcase_add_test(balance, tall_first_box);
	tcase_add_test(balance, gap_counts_between_boxes);
	tcase_add_test(balance, more_boxes_than_columns);
	tcase_add_test(balance, fewer_boxes_than_columns);
	suite_add_tcase(s, balance);
	TCase *split = tcase_create("split");
	tcase_add_test(split, split_only_when_needed);
	tcase_add_test(split, too_much_for_every_slot);
	suite_add_tcase(s, split);
	return s;
}
