/* layout: the real factsheet on the real A4 layout with the bundled fonts, checked for the
 * geometry a reader relies on; every bundled layout with the real data; content that cannot
 * be laid out (too much, a character no bundled font has, a word wider than its line).
 * Geometry is compared within EPS points. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "layout.h"
#include "load.h"
#include "suites.h"
#include "testutil.h"

#define EPS 0.01

/* The real edition, laid out afresh for each test by the checked fixture (so that no font
 * state crosses Check's fork). */
static struct factsheet *factsheet;
static struct spec *spec;
static struct fonts *fonts;
static struct plan *plan;

static void setup_fonts_and_spec(void)
{
	struct diag d = {0};
	char *fonts_dir = test_source_path("fonts");
	char *layout = test_source_path("layouts/a4-portrait.yaml");
	test_assert_ok(fonts_create(fonts_dir, "nl", &fonts, &d), &d, "fonts_create");
	test_assert_ok(spec_load(layout, &spec, &d), &d, "spec_load(a4-portrait.yaml)");
	g_free(layout);
	g_free(fonts_dir);
}

static struct layout_input input_for(const struct factsheet *f)
{
	return (struct layout_input){
	    .factsheet = f,
	    .data_file = "t.yaml",
	    .spec = spec,
	    .palette = &spec->palette,
	    .fonts = fonts,
	};
}

static void setup_real_edition(void)
{
	struct diag d = {0};
	char *data = test_source_path("data/tips.yaml");
	test_assert_ok(load_factsheet(data, &factsheet, &d), &d, "load_factsheet(data/tips.yaml)");
	g_free(data);
	setup_fonts_and_spec();
	struct layout_input in = input_for(factsheet);
	test_assert_ok(layout_compute(&in, &plan, &d), &d, "layout_compute(real data)");
}

static void teardown(void)
{
	plan_destroy(plan);
	fonts_destroy(fonts);
	spec_destroy(spec);
	model_destroy(factsheet);
	plan = NULL;
	fonts = NULL;
	spec = NULL;
	factsheet = NULL;
}

static const char *kind_name(enum plan_kind k)
{
	static const char *const names[] = {"rect", "text", "dot", "checkbox", "line"};
	return (size_t)k < G_N_ELEMENTS(names) ? names[k] : "item";
}

/* An item, described for failure messages. Caller g_frees. */
static char *describe(const struct plan_item *it)
{
	const char *text = it->kind == PLAN_TEXT ? pango_layout_get_text(it->text) : "";
	return g_strdup_printf("%s (role %d, section %d, tip %d, column %d) at x %.2f y %.2f w "
			       "%.2f h %.2f \"%.40s\"",
			       kind_name(it->kind), it->role, it->section, it->tip, it->column,
			       it->x, it->y, it->w, it->h, text);
}

static double column_width(void)
{
	const struct spec_page *p = &spec->page;
	int n = spec->columns.count;
	return (p->width - p->margin.left - p->margin.right - (n - 1) * spec->columns.gutter) / n;
}

static double column_left(int column)
{
	return spec->page.margin.left + column * (column_width() + spec->columns.gutter);
}

/* The extent of an item, including half the stroke of lines and checkboxes. */
static void item_bounds(const struct plan_item *it, double *x0, double *y0, double *x1, double *y1)
{
	double half = it->kind == PLAN_LINE ? it->stroke / 2 : 0;
	*x0 = it->x;
	*y0 = it->y - half;
	*x1 = it->x + it->w;
	*y1 = it->y + it->h + half;
}

static void assert_inside(const struct plan_item *it, double left, double top, double right,
			  double bottom, const char *where)
{
	double x0, y0, x1, y1;
	item_bounds(it, &x0, &y0, &x1, &y1);
	bool inside =
	    x0 >= left - EPS && y0 >= top - EPS && x1 <= right + EPS && y1 <= bottom + EPS;
	if (!inside) {
		char *d = describe(it);
		char msg[512];
		g_snprintf(msg, sizeof msg, "%s lies outside %s (%.2f, %.2f)-(%.2f, %.2f)", d,
			   where, left, top, right, bottom);
		g_free(d);
		ck_abort_msg("%s", msg);
	}
}

/* Asserts that a text item shows `expected`. Layout may turn each wrap into an explicit line
 * break (keeping the space before it) and may add soft hyphens (U+00AD) where words can
 * break, so both are left out of the comparison. */
static void assert_shows(const struct plan_item *it, const char *expected, const char *what)
{
	GString *shown = g_string_new(NULL);
	for (const char *p = pango_layout_get_text(it->text); *p; p++) {
		if (*p == '\n')
			continue;
		if (p[0] == '\xc2' && p[1] == '\xad') {
			p++;
			continue;
		}
		g_string_append_c(shown, *p);
	}
	bool same = strcmp(shown->str, expected) == 0;
	char msg[1024];
	g_snprintf(msg, sizeof msg, "%s shows \"%s\", expected \"%s\"", what, shown->str, expected);
	g_string_free(shown, TRUE);
	ck_assert_msg(same, "%s", msg);
}

START_TEST(pages_match_the_spec)
{
	ck_assert_uint_eq(plan->n_pages, 2);
	for (size_t p = 0; p < plan->n_pages; p++) {
		ck_assert_double_eq_tol(plan->pages[p].width, 595.28, EPS);
		ck_assert_double_eq_tol(plan->pages[p].height, 841.89, EPS);
	}
}
END_TEST

START_TEST(items_inside_the_page)
{
	for (size_t p = 0; p < plan->n_pages; p++) {
		const struct plan_page *page = &plan->pages[p];
		char where[32];
		g_snprintf(where, sizeof where, "page %zu", p + 1);
		for (size_t i = 0; i < page->count; i++)
			assert_inside(&page->items[i], 0, 0, page->width, page->height, where);
	}
}
END_TEST

/* Page 1's header band: the full-width rectangle at the top that is not the paper. */
static double header_bottom(const struct plan_page *page)
{
	for (size_t i = 0; i < page->count; i++) {
		const struct plan_item *it = &page->items[i];
		if (it->kind == PLAN_RECT && it->section < 0 && it->y == 0 && it->x == 0 &&
		    it->w >= page->width - EPS && it->h < page->height - EPS)
			return it->y + it->h;
	}
	ck_abort_msg("page 1 has no header band");
	return 0;
}

/* The top edge of page 1's footer rule, the only line on the page. */
static double footer_rule_top(const struct plan_page *page)
{
	const struct plan_item *rule = NULL;
	for (size_t i = 0; i < page->count; i++) {
		if (page->items[i].kind == PLAN_LINE) {
			ck_assert_msg(!rule, "page 1 has more than one line");
			rule = &page->items[i];
		}
	}
	ck_assert_msg(rule != NULL, "page 1 has no footer rule");
	return rule->y - rule->stroke / 2;
}

START_TEST(boxes_inside_their_columns)
{
	const struct plan_page *page = &plan->pages[0];
	double top = header_bottom(page), bottom = footer_rule_top(page);
	size_t in_columns = 0;
	for (size_t i = 0; i < page->count; i++) {
		const struct plan_item *it = &page->items[i];
		if (it->column < 0)
			continue;
		ck_assert_int_lt(it->column, spec->columns.count);
		char where[64];
		g_snprintf(where, sizeof where, "column %d between header and footer rule",
			   it->column);
		assert_inside(it, column_left(it->column), top,
			      column_left(it->column) + column_width(), bottom, where);
		in_columns++;
	}
	/* Per section: fill, band, heading; per tip: bullet, text. */
	ck_assert_uint_eq(in_columns,
			  3 * factsheet->sections.count + 2 * model_tip_count(factsheet));
}
END_TEST

/* The box fill of each section: the first rectangle the section has on page 1. */
static void box_fills(const struct plan_page *page, const struct plan_item **fills, size_t n)
{
	for (size_t s = 0; s < n; s++)
		fills[s] = NULL;
	for (size_t i = 0; i < page->count; i++) {
		const struct plan_item *it = &page->items[i];
		if (it->kind == PLAN_RECT && it->section >= 0 && !fills[it->section])
			fills[it->section] = it;
	}
	for (size_t s = 0; s < n; s++)
		ck_assert_msg(fills[s] != NULL, "section %zu has no box on page 1", s);
}

START_TEST(boxes_do_not_overlap)
{
	size_t n = factsheet->sections.count;
	const struct plan_item **fills = g_new(const struct plan_item *, n);
	box_fills(&plan->pages[0], fills, n);
	for (size_t a = 0; a < n; a++) {
		for (size_t b = a + 1; b < n; b++) {
			const struct plan_item *p = fills[a], *q = fills[b];
			double w = fmin(p->x + p->w, q->x + q->w) - fmax(p->x, q->x);
			double h = fmin(p->y + p->h, q->y + q->h) - fmax(p->y, q->y);
			ck_assert_msg(w <= EPS || h <= EPS,
				      "the boxes of sections %zu and %zu overlap by %.2f x %.2f pt",
				      a, b, w, h);
		}
	}
	g_free(fills);
}
END_TEST

/* Orders items for reading: column by column, top to bottom. */
static int reading_order(const void *a, const void *b)
{
	const struct plan_item *p = *(const struct plan_item *const *)a;
	const struct plan_item *q = *(const struct plan_item *const *)b;
	if (p->column != q->column)
		return p->column < q->column ? -1 : 1;
	return p->y < q->y ? -1 : p->y > q->y ? 1 : 0;
}

/* The items of `page` with this kind and role, in reading order. Caller g_frees. */
static const struct plan_item **select_items(const struct plan_page *page, enum plan_kind kind,
					     enum plan_role role, size_t *count)
{
	const struct plan_item **out = g_new(const struct plan_item *, page->count + 1);
	size_t n = 0;
	for (size_t i = 0; i < page->count; i++)
		if (page->items[i].kind == kind && page->items[i].role == role)
			out[n++] = &page->items[i];
	qsort(out, n, sizeof *out, reading_order);
	*count = n;
	return out;
}

START_TEST(every_tip_once_in_reading_order)
{
	size_t n;
	const struct plan_item **tips = select_items(&plan->pages[0], PLAN_TEXT, PLAN_ROLE_TIP, &n);
	ck_assert_uint_eq(n, model_tip_count(factsheet));
	size_t k = 0;
	for (size_t s = 0; s < factsheet->sections.count; s++) {
		const struct ylist *l = &factsheet->sections.items[s].tips;
		for (size_t t = 0; t < l->count; t++, k++) {
			const struct plan_item *it = tips[k];
			ck_assert_msg(it->section == (int)s && it->tip == (int)t,
				      "tip %zu in reading order is sections[%d].tips[%d], expected "
				      "sections[%zu].tips[%zu]",
				      k, it->section, it->tip, s, t);
			assert_shows(it, l->items[t], "a tip on page 1");
		}
	}
	g_free(tips);
}
END_TEST

START_TEST(boxes_in_reading_order)
{
	size_t n = factsheet->sections.count;
	const struct plan_item **fills = g_new(const struct plan_item *, n);
	box_fills(&plan->pages[0], fills, n);
	qsort(fills, n, sizeof *fills, reading_order);
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(fills[i]->section == (int)i,
			      "box %zu in reading order (column %d, y %.2f) is section %d", i,
			      fills[i]->column, fills[i]->y, fills[i]->section);
		ck_assert_msg(i == 0 || fills[i]->column >= fills[i - 1]->column,
			      "section %zu is in an earlier column than section %zu", i, i - 1);
	}
	/* Three columns for five boxes: the balance uses every column. */
	ck_assert_int_eq(fills[0]->column, 0);
	ck_assert_int_eq(fills[n - 1]->column, spec->columns.count - 1);
	g_free(fills);
}
END_TEST

START_TEST(no_heading_ends_a_column)
{
	const struct plan_page *page = &plan->pages[0];
	size_t n;
	const struct plan_item **headings = select_items(page, PLAN_TEXT, PLAN_ROLE_HEADING, &n);
	ck_assert_uint_eq(n, factsheet->sections.count);
	for (size_t h = 0; h < n; h++) {
		const struct plan_item *head = headings[h];
		bool followed = false;
		for (size_t i = 0; i < page->count && !followed; i++) {
			const struct plan_item *it = &page->items[i];
			followed = it->kind == PLAN_TEXT && it->role == PLAN_ROLE_TIP &&
				   it->section == head->section && it->column == head->column &&
				   it->y > head->y + head->h - EPS;
		}
		ck_assert_msg(followed,
			      "heading \"%s\" (column %d) has no tip below it in its column",
			      pango_layout_get_text(head->text), head->column);
	}
	g_free(headings);
}
END_TEST

/* The texts (PLAN_ROLE_CHECK_ITEM) and checkboxes of one group of the checklist page, whose
 * items carry `section`; the texts must show `expected`, in order, each with its checkbox. */
static void assert_check_group(int section, const struct ylist *expected, const char *what)
{
	const struct plan_page *page = &plan->pages[plan->n_pages - 1];
	size_t n_texts, n_boxes;
	const struct plan_item **texts =
	    select_items(page, PLAN_TEXT, PLAN_ROLE_CHECK_ITEM, &n_texts);
	const struct plan_item **boxes =
	    select_items(page, PLAN_CHECKBOX, PLAN_ROLE_DECORATION, &n_boxes);
	size_t t = 0, b = 0;
	for (size_t i = 0; i < n_texts; i++)
		if (texts[i]->section == section)
			texts[t++] = texts[i];
	for (size_t i = 0; i < n_boxes; i++)
		if (boxes[i]->section == section)
			boxes[b++] = boxes[i];
	ck_assert_msg(t == expected->count && b == expected->count,
		      "%s: %zu texts and %zu checkboxes, expected %zu of each", what, t, b,
		      expected->count);
	for (size_t i = 0; i < t; i++) {
		assert_shows(texts[i], expected->items[i], what);
		ck_assert_msg(boxes[i]->tip == (int)i && texts[i]->tip == (int)i,
			      "%s, row %zu: checkbox of item %d, text of item %d", what, i,
			      boxes[i]->tip, texts[i]->tip);
	}
	g_free(boxes);
	g_free(texts);
}

START_TEST(checklist_page)
{
	const struct section *sec = model_find_section(factsheet, factsheet->checklist.section);
	ck_assert_ptr_nonnull(sec);
	/* The checklist section's tips, then the steps of the route. */
	assert_check_group((int)(sec - factsheet->sections.items), &sec->tips,
			   "the checklist section's tips on the last page");
	assert_check_group((int)factsheet->sections.count, &factsheet->route,
			   "the route's steps on the last page");
}
END_TEST

/* --- every bundled layout ----------------------------------------------------------------- */

/* Lays the real data out on every layout in layouts/: each must load, lay out, and keep
 * every item on its pages. */
START_TEST(every_layout_holds_the_real_data)
{
	char *dir_path = test_source_path("layouts");
	GDir *dir = g_dir_open(dir_path, 0, NULL);
	ck_assert_msg(dir != NULL, "cannot list %s", dir_path);
	size_t n_layouts = 0;
	for (const char *name; (name = g_dir_read_name(dir));) {
		if (!g_str_has_suffix(name, ".yaml"))
			continue;
		char *path = g_build_filename(dir_path, name, NULL);
		struct spec *s = NULL;
		struct diag d = {0};
		char *what = g_strdup_printf("spec_load(layouts/%s)", name);
		test_assert_ok(spec_load(path, &s, &d), &d, what);
		struct layout_input in = input_for(factsheet);
		in.spec = s;
		in.palette = &s->palette;
		struct plan *p = NULL;
		g_free(what);
		what = g_strdup_printf("layout_compute(real data, layouts/%s)", name);
		test_assert_ok(layout_compute(&in, &p, &d), &d, what);
		for (size_t pg = 0; pg < p->n_pages; pg++) {
			const struct plan_page *page = &p->pages[pg];
			char where[128];
			g_snprintf(where, sizeof where, "page %zu of layouts/%s", pg + 1, name);
			for (size_t i = 0; i < page->count; i++)
				assert_inside(&page->items[i], 0, 0, page->width, page->height,
					      where);
		}
		plan_destroy(p);
		spec_destroy(s);
		g_free(what);
		g_free(path);
		n_layouts++;
	}
	g_dir_close(dir);
	ck_assert_msg(n_layouts > 0, "no layouts in %s", dir_path);
	g_free(dir_path);
}
END_TEST

/* --- content that cannot be laid out ---------------------------------------------------- */

/* Loads `yaml` and lays it out on the real layout; returns whether layout_compute succeeded,
 * with its diagnostic in `d`. The plan pointer must stay untouched on failure. */
static bool lay_out_yaml(const char *what, const char *yaml, struct diag *d)
{
	struct factsheet *f = NULL;
	bool ok = load_factsheet_buffer("t.yaml", yaml, strlen(yaml), &f, d);
	char *msg = ok ? NULL : diag_format(d);
	ck_assert_msg(ok, "%s: the test data did not load: %s", what, msg);
	struct layout_input in = input_for(f);
	static struct plan sentinel;
	struct plan *p = &sentinel;
	ok = layout_compute(&in, &p, d);
	if (ok)
		plan_destroy(p);
	else
		ck_assert_msg(p == &sentinel, "%s: layout failed, but changed *out", what);
	model_destroy(f);
	return ok;
}

/* A factsheet with a short section and a second one whose tips go between these two. */
/* clang-format off */
static const char TWO_SECTIONS_HEAD[] =
	"lang: nl\n"
	"title: Te veel\n"
	"sections:\n"
	"  - id: kort\n"
	"    heading: Korte sectie\n"
	"    tips: [Een tip]\n"
	"  - id: lang\n"
	"    heading: Veel te veel tips\n"
	"    tips:\n";

static const char TWO_SECTIONS_TAIL[] =
	"file_name: te-veel\n"
	"checklist:\n"
	"  section: kort\n"
	"  title: Checklist\n"
	"  name_label: Naam\n"
	"  date_label: Datum\n"
	"  notes_label: Aantekeningen\n"
	TEST_EXTRAS_YAML;
/* clang-format on */

START_TEST(overflow_names_the_section)
{
	GString *yaml = g_string_new(TWO_SECTIONS_HEAD);
	for (int i = 1; i <= 60; i++)
		g_string_append_printf(yaml,
				       "      - Tip %d is een lange tip die over meerdere regels "
				       "doorloopt, zodat de kolom snel vol raakt en niet past\n",
				       i);
	g_string_append(yaml, TWO_SECTIONS_TAIL);
	struct diag d = {0};
	ck_assert_msg(!lay_out_yaml("60 long tips", yaml->str, &d),
		      "60 long tips in one section were laid out on one page");
	test_assert_diag_contains(&d, "60 long tips", "does not fit");
	test_assert_diag_contains(&d, "60 long tips", "section 'Veel te veel tips'");
	test_assert_diag_contains(&d, "60 long tips", "t.yaml: ");
	diag_finish(&d);
	g_string_free(yaml, TRUE);
}
END_TEST

START_TEST(missing_glyph)
{
	char *yaml = g_strconcat(TWO_SECTIONS_HEAD, "      - Een tip met \xe4\xb8\xad erin\n",
				 TWO_SECTIONS_TAIL, NULL);
	struct diag d = {0};
	ck_assert_msg(!lay_out_yaml("a tip with U+4E2D", yaml, &d),
		      "a tip with a CJK character was laid out");
	test_assert_diag(&d, "a tip with U+4E2D",
			 "t.yaml: sections[1].tips[0]: no bundled font has a glyph for U+4E2D "
			 "'\xe4\xb8\xad'");
	diag_finish(&d);
	g_free(yaml);
}
END_TEST

START_TEST(word_wider_than_its_line)
{
	char *yaml =
	    g_strconcat(TWO_SECTIONS_HEAD,
			"      - Arbeidsmarktplatformzijinstroomprojectleidersbijeenkomstverslag\n",
			TWO_SECTIONS_TAIL, NULL);
	struct diag d = {0};
	ck_assert_msg(!lay_out_yaml("a 66-letter word", yaml, &d), "a 66-letter word was laid out");
	test_assert_diag_contains(&d, "a 66-letter word",
				  "t.yaml: sections[1].tips[0]: a word is ");
	test_assert_diag_contains(&d, "a 66-letter word", " pt wider than its ");
	diag_finish(&d);
	g_free(yaml);
}
END_TEST

/* A body's texts grow its footer; past the layout's footer.max_height the body file is
 * named, not the tips whose boxes would no longer fit beside it. */
START_TEST(footer_too_tall_names_the_body)
{
	struct diag d = {0};
	char *data = test_source_path("data/tips.yaml");
	char *body_file = test_source_path("data/bodies/zandloper.yaml");
	test_assert_ok(load_factsheet(data, &factsheet, &d), &d, "load_factsheet(data/tips.yaml)");
	struct body *b = NULL;
	test_assert_ok(body_load(body_file, &b, &d), &d, "body_load(zandloper.yaml)");
	GString *name = g_string_new(NULL);
	for (int i = 0; i < 300; i++)
		g_string_append(name, "Stichting ");
	g_free(b->name);
	b->name = g_string_free(name, FALSE);
	struct layout_input in = input_for(factsheet);
	in.body = b;
	ck_assert_msg(!layout_compute(&in, &plan, &d), "a 3,000-character body name was laid out");
	test_assert_diag_contains(&d, "a long body name", "zandloper.yaml: the footer grows to ");
	test_assert_diag_contains(&d, "a long body name", "allows 60 mm");
	diag_finish(&d);
	body_destroy(b);
	g_free(body_file);
	g_free(data);
}
END_TEST

Suite *layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *real = tcase_create("real edition");
	tcase_add_checked_fixture(real, setup_real_edition, teardown);
	tcase_set_timeout(real, 30);
	tcase_add_test(real, pages_match_the_spec);
	tcase_add_test(real, items_inside_the_page);
	tcase_add_test(real, boxes_inside_their_columns);
	tcase_add_test(real, boxes_do_not_overlap);
	tcase_add_test(real, every_tip_once_in_reading_order);
	tcase_add_test(real, boxes_in_reading_order);
	tcase_add_test(real, no_heading_ends_a_column);
	tcase_add_test(real, checklist_page);
	tcase_add_test(real, every_layout_holds_the_real_data);
	suite_add_tcase(s, real);

	TCase *refused = tcase_create("refused content");
	tcase_add_checked_fixture(refused, setup_fonts_and_spec, teardown);
	tcase_set_timeout(refused, 30);
	tcase_add_test(refused, overflow_names_the_section);
	tcase_add_test(refused, missing_glyph);
	tcase_add_test(refused, word_wider_than_its_line);
	tcase_add_test(refused, footer_too_tall_names_the_body);
	suite_add_tcase(s, refused);
	return s;
}
