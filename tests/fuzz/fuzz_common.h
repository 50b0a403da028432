/* Helpers shared by the harnesses whose loader reads a file by path: a private temporary
 * folder per process, and writing the input into it. */
#ifndef TIPSHEET_FUZZ_COMMON_H
#define TIPSHEET_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* The process's temporary folder, made on first use and removed (with what fuzz_write put
 * in it) at exit. Borrowed. */
const char *fuzz_dir(void);

/* Writes `data` to fuzz_dir()/`name` (replacing it) and returns the path; caller g_frees.
 * Aborts when the file cannot be written: a harness that cannot write tests nothing. */
char *fuzz_write(const char *name, const uint8_t *data, size_t size);

/* Copies the file `from` to fuzz_dir()/`name`, making folders on the way; for fixtures. */
void fuzz_copy(const char *from, const char *name);

#endif
