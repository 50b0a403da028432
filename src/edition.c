#include "edition.h"

#include <glib.h>
#include <stdio.h>

#include "layout.h"

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
	if (env->verbosity < 1 || (p->fit_spacing == 1.0 && p->fit_type == 1.0))
		return;
	fprintf(stderr, "tipsheet: %s: page 1 fitted: spacing at %.0f %%, type at %.0f %% (tips %.1f pt)\n",
		edition, p->fit_spacing * 100, p->fit_type * 100,
		env->spec->type.body.size * p->fit_type);
}

enum edition_status edition_render(const struct edition_env *env, const struct body *body,
		    const struct body *const *members, size_t n_members,
		    struct output_list *written, struct diag *d)
{
	const struct factsheet *f = env->factsheet;
	struct spec_palette palette = env->spec->palette;
	if (body && !body_palette(env, body, &palette, d))
		return EDITION_INPUT_ERROR;
	struct layout_input in = {
		.factsheet = f, .data_file = env->data_file, .spec = env->spec,
		.palette = &palette, .fonts = env->fonts, .body = body,
		.evening = body ? body_next_evening(body, &env->today) : NULL,
		.members = members, .n_members = n_members,
	};
	/* A body's own hyphenation words go over the shared ones, for its edition only. */
	struct hyph *own = body && body->hyphenation.count ? hyph_create_overlay(env->hyph) : NULL;
	for (size_t i = 0; own && i < body->hyphenation.count; i++)
		hyph_add_exception(own, body->hyphenation.items[i], d); /* checked when loaded */
	in.hyph = own ? own : env->hyph;
	struct plan *plan;
	bool laid_out = layout_compute(&in, &plan, d);
	hyph_destroy(own);
	if (!laid_out)
		return EDITION_INPUT_ERROR;
	if (env->bleed > 0)
		layout_add_bleed(plan, env->bleed, env->spec);
	char *dir = body ? g_build_filename(env->output_dir, body->slug, NULL) : g_strdup(env->output_dir);
	char *stem = body ? g_strdup_printf("%s-%s", f->file_name, body->slug) : g_strdup(f->file_name);
	char *title = body ? g_strdup_printf("%s – %s", f->title, body->name) : g_strdup(f->title);
	say_fit(env, stem, plan);
	struct output_request req = {
		.edition = body ? body->slug : f->file_name, .dir = dir, .stem = stem,
		.formats = env->formats, .dpi = env->dpi, .title = title,
		.author = body ? body->name : NULL, .subject = f->subtitle,
		.creator = "tipsheet " TIPSHEET_VERSION, .lang = f->lang, .date = env->now,
	};
	bool ok = output_write(plan, &req, written, d);
	g_free(title);
	g_free(stem);
	g_free(dir);
	plan_destroy(plan);
	return ok ? EDITION_OK : EDITION_OUTPUT_ERROR;
}
