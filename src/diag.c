#include "diag.h"

#include <glib.h>
#include <stdarg.h>

static void diag_vset(struct diag *d, const char *file, int line, int column, const char *fmt,
		      va_list ap) __attribute__((format(printf, 5, 0)));

static void diag_vset(struct diag *d, const char *file, int line, int column, const char *fmt,
		      va_list ap)
{
	diag_finish(d);
	d->file = file ? g_strdup(file) : NULL;
	d->line = line;
	d->column = column;
	d->message = g_strdup_vprintf(fmt, ap);
}

bool diag_set(struct diag *d, const char *file, int line, int column, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vset(d, file, line, column, fmt, ap);
	va_end(ap);
	return false;
}

bool diag_set_first(struct diag *d, const char *file, int line, int column, const char *fmt, ...)
{
	if (diag_is_set(d))
		return false;
	va_list ap;
	va_start(ap, fmt);
	diag_vset(d, file, line, column, fmt, ap);
	va_end(ap);
	return false;
}

bool diag_is_set(const struct diag *d)
{
	return d->message != NULL;
}

char *diag_format(const struct diag *d)
{
	const char *msg = d->message ? d->message : "unknown error";
	if (!d->file)
		return g_strdup(msg);
	if (d->line <= 0)
		return g_strdup_printf("%s: %s", d->file, msg);
	if (d->column <= 0)
		return g_strdup_printf("%s:%d: %s", d->file, d->line, msg);
	return g_strdup_printf("%s:%d:%d: %s", d->file, d->line, d->column, msg);
}

void diag_finish(struct diag *d)
{
	g_free(d->file);
	g_free(d->message);
	*d = (struct diag){0};
}
