/* paths: where tipsheet's own data (data/, layouts/, fonts/) is, whether it runs from the build
 * tree or from an installed prefix. */
#ifndef TIPSHEET_PATHS_H
#define TIPSHEET_PATHS_H

#include <glib.h>

/* The folder holding data/, layouts/ and fonts/, first found of:
 * 1. the TIPSHEET_DATADIR environment variable, if set and not empty, as given;
 * 2. <prefix>/share/tipsheet, when the running program is <prefix>/bin/tipsheet and
 *    <prefix>/share/tipsheet/data/tips.yaml exists (an installed tipsheet);
 * 3. the folder the program was built with (the source tree).
 * Caller g_frees. */
char *paths_default_datadir(void);

/* <prefix>/share/tipsheet for a program at `exe` = <prefix>/bin/NAME, if that folder has
 * data/tips.yaml; else NULL. Caller g_frees. */
char *paths_installed_datadir(const char *exe);

/* The names of the .yaml files in `dir`, sorted, so that runs do not depend on the file
 * system's order; NULL if the folder cannot be read (*err set). Caller frees the array
 * with g_ptr_array_free(a, TRUE). */
GPtrArray *paths_yaml_files(const char *dir, GError **err);

#endif
