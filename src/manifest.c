#include "manifest.h"

#include <glib.h>
#include <string.h>

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

static GString *manifest_text(const struct output_list *files, const char *dir)
{
	GString *s = g_string_new("edition,format,page,path,bytes,sha256\n");
	for (size_t i = 0; i < files->count; i++) {
		const struct output_file *f = &files->files[i];
		manifest_csv_field(s, f->edition);
		g_string_append_printf(s, ",%s,", format_name(f->format));
		if (f->page > 0)
			g_string_append_printf(s, "%d", f->page);
		g_string_append_c(s, ',');
		manifest_csv_field(s, manifest_relative(f->path, dir));
		g_string_append_printf(s, ",%zu,%s\n", f->bytes, f->sha256);
	}
	return s;
}

bool manifest_write_text(const char *path, const char *text, struct diag *d)
{
	GError *err = NULL;
	/* g_file_set_contents writes a temporary file beside `path` and renames it. */
	bool ok = g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &err);
	if (!ok) {
		diag_set(d, path, 0, 0, "cannot write: %s", err->message);
		g_error_free(err);
	}
	return ok;
}

bool manifest_write(const char *path, const struct output_list *files, struct diag *d)
{
	char *dir = g_path_get_dirname(path);
	GString *text = manifest_text(files, dir);
	g_free(dir);
	bool ok = manifest_write_text(path, text->str, d);
	g_string_free(text, TRUE);
	return ok;
}
