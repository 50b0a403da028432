#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

/* fontconfig wants a writable cache directory or it warns on every run. */
static bool configure(FcConfig *cfg, const char *dir, struct diag *d)
{
	char *cache = g_build_filename(g_get_user_cache_dir(), "tipsheet", "fontconfig", NULL);
	char *xml = g_markup_printf_escaped("<?xml version=\"1.0\"?>\n<fontconfig><cachedir>%s</cachedir></fontconfig>",
					    cache);
	bool ok = FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml, FcTrue);
	g_free(xml);
	g_free(cache);
	if (!ok)
		return diag_set(d, NULL, 0, 0, "cannot set up fontconfig");
	char *conf = g_build_filename(dir, "fonts.conf", NULL);
	if (g_file_test(conf, G_FILE_TEST_EXISTS) && !FcConfigParseAndLoad(cfg, (const FcChar8 *)conf, FcTrue))
		ok = diag_set(d, conf, 0, 0, "cannot read this fontconfig file");
	g_free(conf);
	if (ok && !FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir))
		ok = diag_set(d, dir, 0, 0, "cannot read the font directory");
	return ok;
}

static PangoContext *measuring_context(PangoFontMap *map, const char *lang)
{
	PangoContext *ctx = pango_font_map_create_context(map);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx, 72.0);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_context_set_language(ctx, pango_language_from_string(lang));
	return ctx;
}

bool fonts_create(const char *dir_given, const char *lang, struct fonts **out, struct diag *d)
{
	if (!g_file_test(dir_given, G_FILE_TEST_IS_DIR))
		return diag_set(d, dir_given, 0, 0, "the font folder does not exist");
	/* fontconfig looks up a relative file in its own folders, not the working directory. */
	char *dir = g_canonicalize_filename(dir_given, NULL);
	FcConfig *cfg = FcConfigCreate();
	bool ok = configure(cfg, dir, d);
	FcFontSet *set = ok ? FcConfigGetFonts(cfg, FcSetApplication) : NULL;
	if (ok && (!set || set->nfont == 0))
		ok = diag_set(d, dir_given, 0, 0, "no fonts found in this folder");
	g_free(dir);
	if (!ok) {
		FcConfigDestroy(cfg);
		return false;
	}
	/* Ours is the process's default configuration too. pango's first font map starts a
	 * thread that runs FcInit, which would parse the system's fonts.conf and load its
	 * font caches (8-10 ms, measured), and setting the map's configuration waits for that
	 * thread; with a default in place FcInit returns at once. It also keeps librsvg's text
	 * in an SVG logo to the bundled fonts. */
	FcConfigSetCurrent(cfg);
	struct fonts *f = g_new0(struct fonts, 1);
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), cfg);
	FcConfigDestroy(cfg); /* the font map holds its own reference */
	f->context = measuring_context(f->map, lang);
	*out = f;
	return true;
}

void fonts_destroy(struct fonts *f)
{
	if (!f)
		return;
	if (f->context)
		g_object_unref(f->context);
	if (f->map)
		g_object_unref(f->map);
	g_free(f);
}

bool fonts_has_family(const struct fonts *f, const char *family)
{
	PangoFontFamily **families = NULL;
	int n = 0;
	bool found = false;
	pango_font_map_list_families(f->map, &families, &n);
	for (int i = 0; i < n && !found; i++)
		found = g_ascii_strcasecmp(pango_font_family_get_name(families[i]), family) == 0;
	g_free(families);
	return found;
}
