/* body: a school board (bestuur) or region (regio) as read from data/bodies/<slug>.yaml:
 * its name, colours, logo, contact details, information evenings and optional local
 * section. The body owns everything it read; body_destroy frees it all. */
#ifndef TIPSHEET_BODY_H
#define TIPSHEET_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "logo.h"
#include "model.h"
#include "value.h"

enum body_kind { BODY_BESTUUR, BODY_REGIO };

struct body_contact {
	char *organisation, *address, *phone, *email, *website; /* each may be NULL */
};

struct body_loket {
	char *name;
	char *contact; /* phone, e-mail or web address, as text */
};

/* A calendar date; ordered by body_date_compare. */
struct body_date {
	int year, month, day; /* month 1..12 */
};

struct body_evening {
	struct body_date date;
	char *time;   /* as it is to be printed, e.g. "19.30-21.00 uur" */
	char *place;
	char *signup; /* sign-up URL, or NULL */
};

struct body_evening_list {
	struct body_evening *items;
	size_t count;
};

/* A member board of a region, with where it was named, for messages. */
struct body_member {
	char *slug;
	int line, column;
};

struct body_member_list {
	struct body_member *items;
	size_t count;
};

struct body_logo_ref {
	char *file; /* as written, relative to the body file's folder */
	char *alt;  /* alternative text */
};

struct body_colors {
	struct rgb primary, accent;
};

struct body {
	char *slug; /* the file name without .yaml */
	char *file; /* the path it was read from, for messages */
	char *name;
	enum body_kind kind;
	struct body_colors colors;
	struct body_logo_ref logo_ref; /* logo_ref.file NULL: no logo */
	struct logo *logo;             /* decoded once, NULL when there is none */
	char *font;                    /* family from fonts/, or NULL for the layout's */
	struct body_contact contact;
	struct body_loket loket; /* loket.name NULL: none */
	struct body_evening_list evenings;
	struct section local;   /* local.heading NULL: none */
	struct body_member_list members; /* regio only */
	struct ylist route;     /* the body's own route steps, after the shared ones */
	struct ylist hyphenation; /* the body's own hyphenation exceptions */
};

/* Reads `file` (its name must be a valid slug followed by .yaml) and decodes its logo. On
 * success *out is new; the caller frees it with body_destroy. */
bool body_load(const char *file, struct body **out, struct diag *d);
void body_destroy(struct body *b);

/* "2027-01-14" */
bool body_parse_date(const char *s, struct body_date *out);
int body_date_compare(const struct body_date *a, const struct body_date *b);
/* Day of the week, 0 = Monday. */
int body_date_weekday(const struct body_date *d);

/* The first evening on or after `today`, or NULL. Borrowed. */
const struct body_evening *body_next_evening(const struct body *b, const struct body_date *today);

/* The URL the edition's QR code points to: the next evening's sign-up page, else the
 * website; NULL when there is neither. Borrowed. */
const char *body_qr_url(const struct body *b, const struct body_evening *next);

#endif
