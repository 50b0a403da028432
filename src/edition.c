#include "edition.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hyph.h"
#include "layout.h"
#include "manifest.h"

/* The layout's palette with the body's own colours; refuses colours that would not read. */
static bool body_palette(const struct edition_env *env, const struct body *b,
			 struct spec_palette *out, struct diag *d)
{
	*out = env->spec->palette;
	out->colour[SPEC_PRIMARY] = b->colors.primary;
	out->colour[SPEC_ACCENT] = b->colors.accent;
	spec_palette_derive(out);
	if (spec_check_contrast(env->spec, out, b->file, d))
		return true;
	char *msg = g_strdup_printf("colors: %s", d->message);
	g_free(d->message);
	d->message = msg;
	return false;
}

static void say_fit(const struct edition_env *env, const char *edition, const struct plan *p)
{
	if (env->verbosity < 1 || (p->fit_spacing == 1.0 && p->fit_type == 1.0 && !p->fit_split))
		return;
	fprintf(stderr, "tipsheet: %s: page 1 fitted: spacing at %.0f %%, type at %.0f %% (tips %.1f pt)%s\n",
		edition, p->fit_spacing * 100, p->fit_type * 100,
		env->spec->type.body.size * p->fit_type,
		p->fit_split ? "; a box continues in the next column" : "");
}

/* Where an edition goes and what its files and PDF are called. */
struct naming {
	char *dir, *stem, *title;
	const char *edition;
};

static struct naming name_edition(const struct edition_env *env, const struct edition_for *who)
{
	const struct factsheet *f = env->factsheet;
	const struct body *b = who->body;
	const struct person *p = who->person;
	if (p)
		return (struct naming){
			.dir = g_build_filename(env->output_dir, b->slug, "people", NULL),
			.stem = g_strdup(p->slug),
			.title = g_strdup_printf("%s – %s", f->title, p->name),
			.edition = b->slug,
		};
	if (b)
		return (struct naming){
			.dir = g_build_filename(env->output_dir, b->slug, NULL),
			.stem = g_strdup_printf("%s-%s", f->file_name, b->slug),
			.title = g_strdup_printf("%s – %s", f->title, b->name),
			.edition = b->slug,
		};
	return (struct naming){g_strdup(env->output_dir), g_strdup(f->file_name), g_strdup(f->title),
			       f->file_name};
}

static void naming_finish(struct naming *n)
{
	g_free(n->dir);
	g_free(n->stem);
	g_free(n->title);
}

/* Refuses an edition folder that leads out of the output folder through a symbolic link
 * (output/<slug> pointing elsewhere): tipsheet writes only inside the folder it was given. */
static bool stays_inside(const char *root, const char *dir, struct diag *d)
{
	size_t n = strlen(root);
	if (strncmp(dir, root, n) != 0)
		return true; /* the neutral edition writes into the root itself */
	char **parts = g_strsplit(dir + n, G_DIR_SEPARATOR_S, -1);
	GString *path = g_string_new(root);
	bool ok = true;
	for (char **p = parts; ok && *p; p++) {
		if (!**p)
			continue;
		g_string_append_printf(path, G_DIR_SEPARATOR_S "%s", *p);
		GStatBuf st;
		if (g_lstat(path->str, &st) == 0 && S_ISLNK(st.st_mode))
			ok = diag_set(d, path->str, 0, 0,
				      "is a symbolic link: tipsheet writes only inside the output folder");
	}
	g_string_free(path, TRUE);
	g_strfreev(parts);
	return ok;
}

/* Lays out the edition, with a body's own hyphenation words over the shared ones. */
static bool lay_out(const struct edition_env *env, const struct edition_for *who,
		    const struct spec_palette *palette, struct plan **plan, struct diag *d)
{
	const struct body *body = who->body;
	struct layout_input in = {
		.factsheet = env->factsheet, .data_file = env->data_file, .spec = env->spec,
		.palette = palette, .fonts = env->fonts, .body = body,
		.evening = body ? body_next_evening(body, &env->today) : NULL,
		.members = who->members, .n_members = who->n_members, .person = who->person,
		.people_file = env->people_file,
	};
	/* Parsed in a thread while the fonts and the body were set up. */
	if (!hyph_wait(env->hyph, d))
		return false;
	struct hyph *own = body && body->hyphenation.count ? hyph_create_overlay(env->hyph) : NULL;
	for (size_t i = 0; own && i < body->hyphenation.count; i++)
		hyph_add_exception(own, body->hyphenation.items[i], d); /* checked when loaded */
	in.hyph = own ? own : env->hyph;
	in.cache = own ? NULL : env->cache; /* measured with other hyphenation: not to be shared */
	bool ok = layout_compute(&in, plan, d);
	hyph_destroy(own);
	return ok;
}

/* Small pictures of an edition's pages for output/index.html, "<edition>-<page>.png" in the
 * thumbnails folder. Personal editions have none: the index shows the bodies' editions. */
static bool write_thumbnails(const struct edition_env *env, const struct edition_for *who,
			     const struct naming *n, const struct plan *plan, struct diag *d)
{
	if (!env->thumbs_dir || who->person)
		return true;
	struct output_request req = {
		.edition = n->edition, .dir = env->thumbs_dir, .stem = n->edition,
		.formats = OUTPUT_PNG, .dpi = EDITION_THUMB_DPI, .thumbnail = true, .title = n->title,
		.lang = env->factsheet->lang, .date = env->now,
	};
	struct output_list thumbs = {0};
	bool ok = output_write(plan, &req, &thumbs, d);
	output_list_finish(&thumbs);
	/* The name the index shows, beside the thumbnails: a later run may not load the body. */
	char *file = g_strconcat(n->edition, ".name", NULL);
	char *path = g_build_filename(env->thumbs_dir, file, NULL);
	const char *name = who->body ? who->body->name : env->factsheet->title;
	ok = ok && manifest_write_text(path, name, d);
	g_free(path);
	g_free(file);
	return ok;
}

enum edition_status edition_render(const struct edition_env *env, const struct edition_for *who,
				   struct output_list *written, struct diag *d)
{
	struct spec_palette palette = env->spec->palette;
	if (who->body && !body_palette(env, who->body, &palette, d))
		return EDITION_INPUT_ERROR;
	struct plan *plan;
	if (!lay_out(env, who, &palette, &plan, d))
		return EDITION_INPUT_ERROR;
	if (env->bleed > 0)
		layout_add_bleed(plan, env->bleed, env->spec);
	struct naming n = name_edition(env, who);
	say_fit(env, n.stem, plan);
	if (!env->dry_run && !stays_inside(env->output_dir, n.dir, d)) {
		naming_finish(&n);
		plan_destroy(plan);
		return EDITION_OUTPUT_ERROR;
	}
	if (env->dry_run) {
		naming_finish(&n);
		plan_destroy(plan);
		return EDITION_OK;
	}
	struct output_request req = {
		.edition = n.edition, .dir = n.dir, .stem = n.stem, .formats = env->formats,
		.dpi = env->dpi, .page = env->page, .title = n.title, .author = who->body ? who->body->name : NULL,
		.subject = env->factsheet->subtitle, .keywords = env->factsheet->keywords,
		.creator = "tipsheet " TIPSHEET_VERSION,
		.lang = env->factsheet->lang, .date = env->now,
	};
	bool ok = output_write(plan, &req, written, d) && write_thumbnails(env, who, &n, plan, d);
	naming_finish(&n);
	plan_destroy(plan);
	return ok ? EDITION_OK : EDITION_OUTPUT_ERROR;
}
