#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* RFC 4180: quote a field that holds a comma, quote or line break. */
void manifest_csv_field(GString *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *s);
	}
	g_string_append_c(out, '"');
}

static const char *format_name(enum output_format f)
{
	return f == OUTPUT_PDF ? "pdf" : f == OUTPUT_SVG ? "svg" : "png";
}

const char *manifest_relative(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 0 && dir[n - 1] == '/')
		n--;
	if (n > 0 && !strncmp(path, dir, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

#define MANIFEST_HEADER "edition,format,page,path,bytes,sha256\n"

/* One line of the manifest, without its line end. */
static char *file_line(const struct output_file *f, const char *dir)
{
	GString *s = g_string_new(NULL);
	manifest_csv_field(s, f->edition);
	g_string_append_printf(s, ",%s,", format_name(f->format));
	if (f->page > 0)
		g_string_append_printf(s, "%d", f->page);
	g_string_append_c(s, ',');
	manifest_csv_field(s, manifest_relative(f->path, dir));
	g_string_append_printf(s, ",%zu,%s", f->bytes, f->sha256);
	return g_string_free(s, FALSE);
}

/* The lines of an earlier manifest still true: of editions this run did not render, whose
 * files are still there. A run of some editions (--body, watch) so keeps the list whole. */
static void keep_earlier(const char *path, const char *dir, const struct output_list *files,
			 GPtrArray *lines)
{
	char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	char **old = g_strsplit(text, "\n", -1);
	for (char **l = old; *l; l++) {
		char **f = g_strsplit(*l, ",", 7);
		bool keep = g_strv_length(f) == 6 && !strchr(*l, '"') && strcmp(f[0], "edition");
		for (size_t i = 0; keep && i < files->count; i++)
			keep = strcmp(files->files[i].edition, f[0]) != 0;
		char *file = keep ? g_build_filename(dir, f[3], NULL) : NULL;
		if (keep && g_file_test(file, G_FILE_TEST_IS_REGULAR))
			g_ptr_array_add(lines, g_strdup(*l));
		g_free(file);
		g_strfreev(f);
	}
	g_strfreev(old);
	g_free(text);
}

/* Orders lines by edition, keeping each edition's own order. */
static gint by_edition(gconstpointer a, gconstpointer b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t nx = strcspn(x, ","), ny = strcspn(y, ",");
	int c = strncmp(x, y, nx < ny ? nx : ny);
	return c ? c : (nx > ny) - (nx < ny);
}

static GString *manifest_text(const char *path, const struct output_list *files, const char *dir)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	keep_earlier(path, dir, files, lines);
	for (size_t i = 0; i < files->count; i++)
		g_ptr_array_add(lines, file_line(&files->files[i], dir));
	/* g_ptr_array_sort is a merge sort in GLib: stable. */
	g_ptr_array_sort(lines, by_edition);
	GString *s = g_string_new(MANIFEST_HEADER);
	for (guint i = 0; i < lines->len; i++)
		g_string_append_printf(s, "%s\n", (const char *)lines->pdata[i]);
	g_ptr_array_free(lines, TRUE);
	return s;
}

bool manifest_write_text(const char *path, const char *text, struct diag *d)
{
	/* A temporary file beside `path`, renamed over it: readers see the old file or the
	 * new one. Not synced to disk, as the editions' own files are not: glib's
	 * g_file_set_contents syncs each file, a third of a millisecond apiece here, three
	 * times an edition. */
	char *tmp = g_strconcat(path, ".XXXXXX", NULL);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
	int err = fd < 0 ? errno : 0;
	if (fd >= 0 && !output_write_fd(fd, text, strlen(text)))
		err = errno;
	if (fd >= 0 && close(fd) != 0 && !err)
		err = errno;
	if (!err && g_rename(tmp, path) != 0)
		err = errno;
	if (err && fd >= 0)
		g_unlink(tmp);
	g_free(tmp);
	if (err)
		return diag_set(d, path, 0, 0, "cannot write: %s", g_strerror(err));
	return true;
}

bool manifest_write(const char *path, const struct output_list *files, struct diag *d)
{
	char *dir = g_path_get_dirname(path);
	GString *text = manifest_text(path, files, dir);
	g_free(dir);
	bool ok = manifest_write_text(path, text->str, d);
	g_string_free(text, TRUE);
	return ok;
}
