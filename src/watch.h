/* watch: renders, then re-renders whatever an edited input affects, until interrupted. */
#ifndef TIPSHEET_WATCH_H
#define TIPSHEET_WATCH_H

#include "cli.h"

/* Renders with the given options; returns an exit code. `only` lists body slugs to render
 * (NULL-terminated; NULL or empty: everything the options say). */
typedef int (*watch_render_fn)(const struct options *o, char **only);

/* Renders once, then watches the inputs' folders (inotify) and re-renders on every change:
 * an edited body file re-renders that body and the regions naming it; anything else (tips,
 * layout, people, fonts) re-renders all. A broken file is reported and the previous output
 * stays. Returns when interrupted (SIGINT, SIGTERM), after finishing the render under way. */
int watch_run(const struct options *o, watch_render_fn render);

#endif
