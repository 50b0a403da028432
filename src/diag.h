/* diag: one diagnostic (file, position, message), filled by the stage that fails and
 * printed once, by main. */
#ifndef TIPSHEET_DIAG_H
#define TIPSHEET_DIAG_H

#include <stdbool.h>

struct diag {
	char *file;    /* owned; NULL when the problem has no file */
	int line;      /* 1-based; 0 when unknown */
	int column;    /* 1-based; 0 when unknown */
	char *message; /* owned; NULL while no error was recorded */
};

/* Records an error, replacing any earlier one. Always returns false, so that a failing
 * function can end with `return diag_set(...)`. */
bool diag_set(struct diag *d, const char *file, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Like diag_set, but keeps an earlier error: the first problem is the one reported. */
bool diag_set_first(struct diag *d, const char *file, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

bool diag_is_set(const struct diag *d);

/* "file:line:column: message", caller frees with g_free. */
char *diag_format(const struct diag *d);

/* Frees what the diagnostic owns and clears it; safe on a cleared diagnostic. */
void diag_finish(struct diag *d);

#endif
