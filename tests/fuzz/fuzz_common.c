#include "fuzz_common.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

static char *dir;

/* Removes the folder and everything in it (fixtures one level of folders deep). */
static void remove_tree(const char *path)
{
	GDir *g = g_dir_open(path, 0, NULL);
	const char *name;
	while (g && (name = g_dir_read_name(g))) {
		char *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
		    !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
			remove_tree(child);
		else
			g_unlink(child);
		g_free(child);
	}
	if (g)
		g_dir_close(g);
	g_rmdir(path);
}

static void cleanup(void)
{
	if (dir)
		remove_tree(dir);
	g_free(dir);
	dir = NULL;
}

const char *fuzz_dir(void)
{
	if (!dir) {
		GError *err = NULL;
		dir = g_dir_make_tmp("tipsheet-fuzz-XXXXXX", &err);
		if (!dir) {
			fprintf(stderr, "fuzz: cannot make a temporary folder: %s\n", err->message);
			abort();
		}
		atexit(cleanup);
	}
	return dir;
}

char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	char *path = g_build_filename(fuzz_dir(), name, NULL);
	FILE *f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		fprintf(stderr, "fuzz: cannot write %s\n", path);
		abort();
	}
	return path;
}

void fuzz_copy(const char *from, const char *name)
{
	char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(from, &data, &len, NULL)) {
		fprintf(stderr, "fuzz: cannot read the fixture %s\n", from);
		abort();
	}
	char *path = g_build_filename(fuzz_dir(), name, NULL);
	char *parent = g_path_get_dirname(path);
	g_mkdir_with_parents(parent, 0700);
	g_free(parent);
	g_free(path);
	g_free(fuzz_write(name, (const uint8_t *)data, len));
	g_free(data);
}
