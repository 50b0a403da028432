/* flow: distributes section boxes over column slots (the columns of every page, in reading
 * order), so that the fullest column is as short as the order allows. Pure geometry in
 * points: no pango, no drawing, so tests can check it directly. */
#ifndef TIPSHEET_FLOW_H
#define TIPSHEET_FLOW_H

#include <stdbool.h>
#include <stddef.h>

/* A measured box: its heading band and paddings, and its tips. */
struct flow_box {
	double head;      /* height of the box without tips: band and paddings */
	double cont_head; /* the same for a continuation, with its "(vervolg)" band */
	const double *tips; /* height of each tip */
	size_t n_tips;
};

/* A box, or the part of one, placed in a slot. */
struct flow_piece {
	size_t box;
	size_t first_tip, n_tips;
	bool continued; /* not the box's first piece: draw the continuation band */
	size_t slot;
	double y;      /* from the slot's top */
	double height;
};

struct flow_result {
	struct flow_piece *pieces; /* owned; free with flow_result_finish */
	size_t count;
	double fill;   /* the fullest slot's height */
};

struct flow_params {
	const double *slot_heights; /* room in each slot, in reading order */
	size_t n_slots;
	double box_gap; /* between boxes in a slot */
	double tip_gap; /* between tips in a box */
	bool split;     /* a box may continue in the next slot, between two tips */
};

/* What did not fit: the box where room ran out and how much content was left over. */
struct flow_failure {
	size_t box;
	double excess;
};

/* Places every box. Whole boxes are preferred; with `split`, boxes are split only when whole
 * boxes cannot fit. False (with `fail` filled) when the content cannot fit at all. */
bool flow_place(const struct flow_box *boxes, size_t n, const struct flow_params *p,
		struct flow_result *out, struct flow_failure *fail);

void flow_result_finish(struct flow_result *r);

#endif
