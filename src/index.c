#include "index.h"

#include <glib.h>
#include <string.h>

#include "manifest.h"

/* One edition's files, from the manifest. */
struct edition_files {
	char *edition;
	GPtrArray *rows; /* char ** (the manifest's fields), owned */
};

static void free_files(gpointer p)
{
	struct edition_files *e = p;
	g_free(e->edition);
	g_ptr_array_free(e->rows, TRUE);
	g_free(e);
}

/* The manifest's rows grouped by edition, in its order (which is by edition). */
static GPtrArray *read_manifest(const char *dir)
{
	GPtrArray *editions = g_ptr_array_new_with_free_func(free_files);
	char *path = g_build_filename(dir, "manifest.csv", NULL), *text = NULL;
	if (g_file_get_contents(path, &text, NULL, NULL)) {
		char **lines = g_strsplit(text, "\n", -1);
		for (char **l = lines + 1; *l && **l; l++) {
			char **f = g_strsplit(*l, ",", 7);
			if (g_strv_length(f) != 6) {
				g_strfreev(f);
				continue;
			}
			struct edition_files *last = editions->len ? editions->pdata[editions->len - 1] : NULL;
			if (!last || strcmp(last->edition, f[0])) {
				last = g_new0(struct edition_files, 1);
				last->edition = g_strdup(f[0]);
				last->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
				g_ptr_array_add(editions, last);
			}
			g_ptr_array_add(last->rows, f);
		}
		g_strfreev(lines);
	}
	g_free(text);
	g_free(path);
	return editions;
}

static void human_size(char buf[32], const char *bytes)
{
	double b = g_ascii_strtod(bytes, NULL);
	if (b >= 1e6)
		g_snprintf(buf, 32, "%.1f MB", b / 1e6);
	else
		g_snprintf(buf, 32, "%.0f KB", b / 1e3 < 1 ? 1 : b / 1e3);
}

static void append_link(GString *s, char **f)
{
	char size[32];
	human_size(size, f[4]);
	char *format = g_ascii_strup(f[1], -1); /* "PDF", or "PNG 2" for page 2 */
	char *label = f[2][0] ? g_strdup_printf("%s %s", format, f[2]) : g_strdup(format);
	g_free(format);
	char *a = g_markup_printf_escaped("<li><a href=\"%s\">%s</a> <span>%s</span></li>\n", f[3],
					  label, size);
	g_string_append(s, a);
	g_free(a);
	g_free(label);
}

/* The edition's name, as its render left it beside its thumbnails; NULL if none. */
static char *edition_name(const char *dir, const char *thumbs, const char *edition)
{
	char *file = g_strconcat(edition, ".name", NULL);
	char *path = g_build_filename(dir, thumbs, file, NULL), *name = NULL;
	if (!g_file_get_contents(path, &name, NULL, NULL))
		name = NULL;
	g_free(path);
	g_free(file);
	return name;
}

static void append_edition(GString *s, const char *dir, const char *thumbs,
			   const struct edition_files *e, const char *name)
{
	char *h = g_markup_printf_escaped("<section><h2>%s</h2>\n<div class=\"pages\">\n",
					  name ? name : e->edition);
	g_string_append(s, h);
	g_free(h);
	for (int page = 1; page <= 9; page++) {
		char *rel = g_strdup_printf("%s/%s-%d.png", thumbs, e->edition, page);
		char *abs = g_build_filename(dir, rel, NULL);
		if (g_file_test(abs, G_FILE_TEST_IS_REGULAR)) {
			char *img = g_markup_printf_escaped(
				"<img src=\"%s\" alt=\"%s (%d)\" loading=\"lazy\">\n", rel,
				name ? name : e->edition, page);
			g_string_append(s, img);
			g_free(img);
		}
		g_free(abs);
		g_free(rel);
	}
	g_string_append(s, "</div>\n<ul>\n");
	for (guint i = 0; i < e->rows->len; i++)
		append_link(s, e->rows->pdata[i]);
	g_string_append(s, "</ul></section>\n");
}

/* The style and a check the browser test reads: how many thumbnails loaded. */
static const char *const index_head =
	"<style>\n"
	"body{font-family:sans-serif;margin:2em;color:#1d232b;background:#f4f5f7}\n"
	"main{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:1.5em}\n"
	"section{background:#fff;border-radius:8px;padding:1em;box-shadow:0 1px 3px #0002}\n"
	"h2{font-size:1.1em;margin:0 0 .6em}.pages{display:flex;gap:.6em}\n"
	".pages img{width:165px;border:1px solid #ccd;background:#fff}\n"
	"ul{list-style:none;padding:0;margin:.8em 0 0;font-size:.9em;columns:2}\n"
	"li span{color:#667}.warnings{background:#fff4e5;border-left:4px solid #e09a00;padding:.5em 1em}\n"
	"</style>\n"
	"<script>addEventListener('load',function(){var n=0,i=document.images;"
	"for(var k=0;k<i.length;k++)if(i[k].complete&&i[k].naturalWidth>0)n++;"
	"document.body.setAttribute('data-thumbnails-loaded',n+'/'+i.length)});</script>\n";

bool index_write(const char *dir, const char *thumbs, const char *title,
		 const char *const *warnings, size_t n_warnings, struct diag *d)
{
	GPtrArray *editions = read_manifest(dir);
	GString *s = g_string_new("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\n");
	char *t = g_markup_printf_escaped("<title>%s</title>\n", title);
	g_string_append(s, t);
	g_string_append(s, index_head);
	g_string_append(s, "</head><body>\n");
	char *h1 = g_markup_printf_escaped("<h1>%s</h1>\n", title);
	g_string_append(s, h1);
	if (n_warnings) {
		g_string_append(s, "<div class=\"warnings\"><ul>\n");
		for (size_t i = 0; i < n_warnings; i++) {
			char *w = g_markup_printf_escaped("<li>%s</li>\n", warnings[i]);
			g_string_append(s, w);
			g_free(w);
		}
		g_string_append(s, "</ul></div>\n");
	}
	g_string_append(s, "<main>\n");
	for (guint i = 0; i < editions->len; i++) {
		const struct edition_files *e = editions->pdata[i];
		char *name = edition_name(dir, thumbs, e->edition);
		append_edition(s, dir, thumbs, e, name);
		g_free(name);
	}
	g_string_append(s, "</main></body></html>\n");
	char *path = g_build_filename(dir, "index.html", NULL);
	bool ok = manifest_write_text(path, s->str, d);
	g_free(path);
	g_free(h1);
	g_free(t);
	g_string_free(s, TRUE);
	g_ptr_array_free(editions, TRUE);
	return ok;
}
