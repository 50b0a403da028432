/* value: parsers for the scalar values of the data and layout files, and the formatters
 * that write numbers and colours back out. Each parser writes *out only on success; none
 * depends on the locale. All lengths are in points. */
#ifndef TIPSHEET_VALUE_H
#define TIPSHEET_VALUE_H

#include <glib.h>
#include <stdbool.h>

#define VALUE_PT_PER_MM (72.0 / 25.4)

struct rgb {
	double r, g, b; /* 0..1 */
};

/* A plain decimal number such as "1.25" (no exponent, no locale). */
bool value_parse_number(const char *s, double *out);

/* A length with its unit: "12mm", "0.5cm", "9.5pt". Bare numbers are refused, so that a
 * layout never leaves its reader guessing the unit. */
bool value_parse_length(const char *s, double *out_pt);

/* A slug: 1 to 64 of [a-z0-9-], not starting or ending with '-'. Safe as a file name. */
bool value_is_slug(const char *s);

/* "#RRGGBB" */
bool value_parse_rgb(const char *s, struct rgb *out);

/* "#RRGGBB" into buf (at least 8 bytes). */
void value_format_rgb(const struct rgb *c, char buf[8]);

/* Appends `v` with at most `decimals` (0-6) decimals and no trailing zeros ("12.5", "-3",
 * "0.07"), in integer arithmetic: a '.' in every locale, no exponent, and faster than printf,
 * which was half the cost of an SVG page. |v| must stay below about 9e12. */
void value_append_decimal(GString *s, double v, int decimals);

/* a at `amount` (0..1) over b. */
struct rgb value_mix(const struct rgb *a, const struct rgb *b, double amount);

/* WCAG 2.1 relative luminance and contrast ratio (1..21). */
double value_luminance(const struct rgb *c);
double value_contrast(const struct rgb *a, const struct rgb *b);

#endif
