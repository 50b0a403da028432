#include "paths.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#ifndef TIPSHEET_DATADIR
#error "TIPSHEET_DATADIR must name the folder holding data/, layouts/ and fonts/"
#endif
/* Relative to the installation prefix, as CMake's GNUInstallDirs lays it out. */
#ifndef TIPSHEET_INSTALL_BINDIR
#define TIPSHEET_INSTALL_BINDIR "bin"
#endif
#ifndef TIPSHEET_INSTALL_DATADIR
#define TIPSHEET_INSTALL_DATADIR "share/tipsheet"
#endif

/* The prefix of <prefix>/<bindir>/NAME, or NULL when `exe` is not in such a folder. */
static char *install_prefix(const char *exe)
{
	if (!g_path_is_absolute(exe))
		return NULL;
	char *dir = g_path_get_dirname(exe);
	char *bindir = g_build_filename(G_DIR_SEPARATOR_S, TIPSHEET_INSTALL_BINDIR, NULL);
	char *prefix = NULL;
	/* "/opt/x/bin" ends in "/bin"; "/opt/x/robin" does not. "/bin" has the prefix "/". */
	if (g_str_has_suffix(dir, bindir)) {
		size_t n = strlen(dir) - strlen(bindir);
		prefix = n ? g_strndup(dir, n) : g_strdup(G_DIR_SEPARATOR_S);
	}
	g_free(bindir);
	g_free(dir);
	return prefix;
}

char *paths_installed_datadir(const char *exe)
{
	char *prefix = install_prefix(exe);
	if (!prefix)
		return NULL;
	char *datadir = g_build_filename(prefix, TIPSHEET_INSTALL_DATADIR, NULL);
	char *tips = g_build_filename(datadir, "data", "tips.yaml", NULL);
	if (!g_file_test(tips, G_FILE_TEST_IS_REGULAR)) {
		g_free(datadir);
		datadir = NULL;
	}
	g_free(tips);
	g_free(prefix);
	return datadir;
}

char *paths_default_datadir(void)
{
	const char *env = g_getenv("TIPSHEET_DATADIR");
	if (env && *env)
		return g_strdup(env);
	/* /proc/self/exe names the program itself, symbolic links resolved, wherever it was
	 * started from and however (PATH, a relative path). */
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	char *installed = exe ? paths_installed_datadir(exe) : NULL;
	g_free(exe);
	return installed ? installed : g_strdup(TIPSHEET_DATADIR);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *paths_yaml_files(const char *dir, GError **err)
{
	GDir *g = g_dir_open(dir, 0, err);
	if (!g)
		return NULL;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(g)))
		if (g_str_has_suffix(name, ".yaml"))
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(g);
	qsort(names->pdata, names->len, sizeof(char *), compare_names);
	return names;
}
