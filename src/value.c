#include "value.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Parses digits[.digits] from s; returns the number of bytes read, 0 on no number. The
 * form is checked here; g_ascii_strtod converts it, exactly and whatever the locale. */
static size_t parse_decimal(const char *s, double *out)
{
	size_t i = 0, digits = 0;
	while (s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0 || i > 32)
		return 0;
	char buf[40];
	memcpy(buf, s, i);
	buf[i] = '\0';
	double v = g_ascii_strtod(buf, NULL);
	if (v > 1e9)
		return 0;
	*out = v;
	return i;
}

bool value_parse_number(const char *s, double *out)
{
	double v;
	size_t n = parse_decimal(s, &v);
	if (n == 0 || s[n] != '\0')
		return false;
	*out = v;
	return true;
}

bool value_parse_length(const char *s, double *out_pt)
{
	static const struct {
		const char *unit;
		double pt;
	} units[] = {
		{"pt", 1.0},
		{"mm", VALUE_PT_PER_MM},
		{"cm", 10.0 * VALUE_PT_PER_MM},
	};
	double v;
	size_t n = parse_decimal(s, &v);
	if (n == 0)
		return false;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(s + n, units[i].unit) == 0) {
			*out_pt = v * units[i].pt;
			return true;
		}
	}
	return false;
}

bool value_is_slug(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > 64 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		bool ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-';
		if (!ok)
			return false;
	}
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool value_parse_rgb(const char *s, struct rgb *out)
{
	if (s[0] != '#' || strlen(s) != 7)
		return false;
	int v[6];
	for (int i = 0; i < 6; i++) {
		v[i] = hex_digit(s[i + 1]);
		if (v[i] < 0)
			return false;
	}
	out->r = (v[0] * 16 + v[1]) / 255.0;
	out->g = (v[2] * 16 + v[3]) / 255.0;
	out->b = (v[4] * 16 + v[5]) / 255.0;
	return true;
}

void value_format_rgb(const struct rgb *c, char buf[8])
{
	snprintf(buf, 8, "#%02X%02X%02X", (unsigned)lround(c->r * 255.0),
		 (unsigned)lround(c->g * 255.0), (unsigned)lround(c->b * 255.0));
}

struct rgb value_mix(const struct rgb *a, const struct rgb *b, double amount)
{
	return (struct rgb){
		.r = a->r * amount + b->r * (1.0 - amount),
		.g = a->g * amount + b->g * (1.0 - amount),
		.b = a->b * amount + b->b * (1.0 - amount),
	};
}

static double linear_channel(double c)
{
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double value_luminance(const struct rgb *c)
{
	return 0.2126 * linear_channel(c->r) + 0.7152 * linear_channel(c->g) +
	       0.0722 * linear_channel(c->b);
}

double value_contrast(const struct rgb *a, const struct rgb *b)
{
	double la = value_luminance(a), lb = value_luminance(b);
	double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
	return (hi + 0.05) / (lo + 0.05);
}

void value_append_decimal(GString *s, double v, int decimals)
{
	g_assert(decimals >= 0 && decimals <= 6);
	unsigned long long scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	long long n = llround(v * (double)scale);
	char buf[48], *end = buf + sizeof buf, *p = end;
	bool negative = n < 0;
	unsigned long long u = negative ? (unsigned long long)-n : (unsigned long long)n;
	unsigned long long frac = u % scale;
	u /= scale;
	if (frac) {
		int digits = decimals;
		while (frac % 10 == 0)
			frac /= 10, digits--;
		for (int i = 0; i < digits; i++, frac /= 10)
			*--p = (char)('0' + frac % 10);
		*--p = '.';
	}
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (negative)
		*--p = '-';
	g_string_append_len(s, p, end - p);
}
