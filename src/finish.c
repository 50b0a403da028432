#include "finish.h"

#include <glib.h>
#include <limits.h>
#include <math.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

/* cairo nests structure elements a few levels deep; far deeper means a loop of indirect
 * references, which would otherwise recurse forever. */
#define FINISH_MAX_DEPTH 64

/* Text fields: 9 pt Helvetica, smaller only when the box is too low for it. */
#define FINISH_TEXT_SIZE 9.0

/* Everything one run works on. Object handles belong to `q` and die with qpdf_cleanup. */
struct finisher {
	qpdf_data q;
	const struct finish_request *req;
	struct diag *d;
	qpdf_oh root;            /* the catalog */
	qpdf_oh tree;            /* /StructTreeRoot; 0 when the PDF is not tagged */
	GArray *forms;           /* qpdf_oh of every /S /Form element, in document order */
	GArray *figures;         /* qpdf_oh of every /S /Figure element, in document order */
	size_t n_privates;       /* /S /Private elements: decoration, to become artifacts */
	size_t n_private_mcids;  /* marked-content sequences those elements hold */
	GHashTable *appearances; /* "w h|content" to the qpdf_oh of that appearance stream */
	int n_pages;
};

/* Appends PDF numbers, space-separated: fixed point (PDF has no exponent), a '.' in every
 * locale, no trailing zeros ("14", "0.4"). */
static void append_numbers(GString *s, const double *v, size_t n)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	for (size_t i = 0; i < n; i++) {
		g_ascii_formatd(buf, sizeof buf, "%.3f", v[i]);
		size_t len = strlen(buf);
		while (buf[len - 1] == '0')
			buf[--len] = '\0';
		if (buf[len - 1] == '.')
			buf[--len] = '\0';
		if (i > 0)
			g_string_append_c(s, ' ');
		g_string_append(s, strcmp(buf, "-0") ? buf : "0");
	}
}

/* What qpdf calls the input in its messages. */
static const char *input_name(const struct finisher *f)
{
	return f->req->name ? f->req->name : "PDF";
}

/* qpdf's object functions report errors only through qpdf_has_error (they return a null
 * handle and carry on), so every step ends here. False, with `d` set, if qpdf failed. */
static bool qpdf_ok(struct finisher *f, const char *doing)
{
	if (!qpdf_has_error(f->q))
		return true;
	qpdf_error e = qpdf_get_error(f->q);
	const char *detail = qpdf_get_error_message_detail(f->q, e);
	/* A byte offset helps only when it is one into the input, not into parsed syntax. */
	unsigned long long at = qpdf_get_error_file_position(f->q, e);
	if (at > 0 && !strcmp(qpdf_get_error_filename(f->q, e), input_name(f)))
		return diag_set(f->d, f->req->name, 0, 0,
		                "cannot finish the PDF (%s, at byte %llu): %s", doing, at, detail);
	return diag_set(f->d, f->req->name, 0, 0, "cannot finish the PDF (%s): %s", doing, detail);
}

/* qpdf repairs damage with warnings only. cairo's own output needs no repair, so a warning
 * means a broken input or a bug here: the first one fails the run. */
static bool qpdf_quiet(struct finisher *f, const char *doing)
{
	if (!qpdf_more_warnings(f->q))
		return true;
	qpdf_error w = qpdf_next_warning(f->q);
	return diag_set(f->d, f->req->name, 0, 0, "cannot finish the PDF (%s): %s", doing,
	                qpdf_get_error_full_text(f->q, w));
}

/* qpdf_oh_parse, but on failure a null object instead of an uninitialized handle (the
 * error stays for qpdf_ok): qpdf 11.3 takes an uninitialized value in qpdf_oh_replace_key
 * without an error, then crashes in qpdf_cleanup. */
static qpdf_oh parse(struct finisher *f, const char *syntax)
{
	qpdf_oh oh = qpdf_oh_parse(f->q, syntax);
	return qpdf_oh_is_initialized(f->q, oh) ? oh : qpdf_oh_new_null(f->q);
}

static bool check_field(const struct finish_request *req, size_t i, struct diag *d)
{
	const struct finish_field *fl = &req->fields[i];
	if (!fl->name || !*fl->name)
		return diag_set(d, req->name, 0, 0, "form field %zu has no name", i + 1);
	/* A '.' in /T would make the name a path of parent fields. */
	if (strchr(fl->name, '.'))
		return diag_set(d, req->name, 0, 0, "form field \"%s\": a name cannot hold '.'",
		                fl->name);
	if (!fl->label || !*fl->label)
		return diag_set(d, req->name, 0, 0, "form field \"%s\" has no label", fl->name);
	if (fl->page < 0 || !isfinite(fl->x) || !isfinite(fl->y) || !(fl->w > 0) || !(fl->h > 0) ||
	    !isfinite(fl->w) || !isfinite(fl->h))
		return diag_set(d, req->name, 0, 0,
		                "form field \"%s\": page or rectangle out of range", fl->name);
	/* Quadratic, but a factsheet has a few dozen fields at most. */
	for (size_t j = 0; j < i; j++)
		if (!strcmp(req->fields[j].name, fl->name))
			return diag_set(d, req->name, 0, 0, "two form fields are named \"%s\"",
			                fl->name);
	return true;
}

/* Refuses a request that would write a broken or inaccessible file, before any work. */
static bool check_request(const struct finish_request *req, struct diag *d)
{
	if (req->lang && !*req->lang)
		return diag_set(d, req->name, 0, 0, "the document language is empty");
	if (!isfinite(req->margin) || !(req->bleed >= 0) || !(req->bleed <= req->margin))
		return diag_set(d, req->name, 0, 0,
		                "the bleed (%g pt) must be 0 or more, and no wider than the "
		                "margin (%g pt)",
		                req->bleed, req->margin);
	for (size_t i = 0; i < req->n_fields; i++)
		if (!check_field(req, i, d))
			return false;
	for (size_t i = 0; i < req->n_figure_alts; i++)
		if (!req->figure_alts[i] || !*req->figure_alts[i])
			return diag_set(d, req->name, 0, 0, "figure %zu has no alternative text",
			                i + 1);
	for (size_t i = 0; req->page_label_prefixes && i < req->n_page_label_prefixes; i++)
		if (!req->page_label_prefixes[i])
			return diag_set(d, req->name, 0, 0, "page label prefix %zu is NULL", i + 1);
	return true;
}

/* A PDF starts with "%PDF-" within its first 1024 bytes. Checked here because qpdf, given
 * anything else, says only "can't find startxref". */
static bool has_pdf_header(const unsigned char *in, size_t in_len)
{
	static const char header[] = "%PDF-";
	size_t hlen = sizeof header - 1;
	for (size_t i = 0; i + hlen <= in_len && i < 1024; i++)
		if (!memcmp(in + i, header, hlen))
			return true;
	return false;
}

static bool open_pdf(struct finisher *f, const unsigned char *in, size_t in_len)
{
	if (!has_pdf_header(in, in_len))
		return diag_set(f->d, f->req->name, 0, 0,
		                "cannot finish the PDF: the input is not a PDF (no %%PDF- header)");
	f->q = qpdf_init();
	/* Errors and warnings come back through qpdf_ok and qpdf_quiet, not on stderr. */
	qpdf_silence_errors(f->q);
	qpdf_set_suppress_warnings(f->q, QPDF_TRUE);
	/* Recovery would quietly rebuild a damaged file; better to say it is damaged. */
	qpdf_set_attempt_recovery(f->q, QPDF_FALSE);
	/* qpdf keeps a pointer to `in` (no copy): it must live until qpdf_cleanup. */
	qpdf_read_memory(f->q, input_name(f), (const char *)in, in_len, NULL);
	if (!qpdf_ok(f, "reading") || !qpdf_quiet(f, "reading"))
		return false;
	f->root = qpdf_get_root(f->q);
	f->n_pages = qpdf_get_num_pages(f->q);
	qpdf_oh tree = qpdf_oh_get_key(f->q, f->root, "/StructTreeRoot");
	f->tree = qpdf_oh_is_dictionary(f->q, tree) ? tree : 0;
	return qpdf_ok(f, "reading the catalog");
}

static bool collect_kids(struct finisher *f, qpdf_oh kids, int depth);

/* Counts the marked-content sequences of a Private element, which must hold nothing else:
 * it leaves the tree, and an element or annotation inside it would leave with it. */
static bool collect_private(struct finisher *f, qpdf_oh elem)
{
	qpdf_data q = f->q;
	qpdf_oh kids = qpdf_oh_get_key(q, elem, "/K");
	bool many = qpdf_oh_is_array(q, kids);
	int n = many ? qpdf_oh_get_array_n_items(q, kids) : 1;
	for (int i = 0; i < n; i++) {
		qpdf_oh kid = many ? qpdf_oh_get_array_item(q, kids, i) : kids;
		if (qpdf_oh_is_null(q, kid))
			continue;
		bool mcr = qpdf_oh_is_dictionary(q, kid) &&
		           qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, kid, "/Type"), "/MCR");
		if (!qpdf_oh_is_integer(q, kid) && !mcr)
			return diag_set(f->d, f->req->name, 0, 0,
			                "a Private structure element holds more than marked "
			                "content: it cannot become an artifact");
		f->n_private_mcids++;
	}
	f->n_privates++;
	return true;
}

/* Records the element if it is a Form or Figure, then visits its kids: depth first, so
 * elements come in document order. */
static bool collect_element(struct finisher *f, qpdf_oh elem, int depth)
{
	qpdf_oh s = qpdf_oh_get_key(f->q, elem, "/S");
	if (qpdf_oh_is_name_and_equals(f->q, s, "/Private"))
		return collect_private(f, elem);
	if (qpdf_oh_is_name_and_equals(f->q, s, "/Form"))
		g_array_append_val(f->forms, elem);
	else if (qpdf_oh_is_name_and_equals(f->q, s, "/Figure"))
		g_array_append_val(f->figures, elem);
	return collect_kids(f, qpdf_oh_get_key(f->q, elem, "/K"), depth + 1);
}

/* Visits a /K value: an element, an array of kids, or content (an MCID, an /MCR or /OBJR
 * dictionary), which holds no element. */
static bool collect_kids(struct finisher *f, qpdf_oh kids, int depth)
{
	if (depth > FINISH_MAX_DEPTH)
		return diag_set(f->d, f->req->name, 0, 0,
		                "the structure tree is nested more than %d levels deep",
		                FINISH_MAX_DEPTH);
	if (qpdf_oh_is_array(f->q, kids)) {
		int n = qpdf_oh_get_array_n_items(f->q, kids);
		for (int i = 0; i < n; i++)
			if (!collect_kids(f, qpdf_oh_get_array_item(f->q, kids, i), depth + 1))
				return false;
		return true;
	}
	if (qpdf_oh_is_dictionary(f->q, kids) && qpdf_oh_has_key(f->q, kids, "/S"))
		return collect_element(f, kids, depth);
	return true;
}

/* Finds the Form and Figure elements and checks that the request names each of them. */
static bool collect_structure(struct finisher *f)
{
	const struct finish_request *req = f->req;
	if (f->tree && !collect_kids(f, qpdf_oh_get_key(f->q, f->tree, "/K"), 0))
		return false;
	if (!qpdf_ok(f, "reading the structure tree"))
		return false;
	if (f->figures->len != req->n_figure_alts)
		return diag_set(f->d, req->name, 0, 0,
		                "the PDF has %u Figure structure elements, but %zu alternative "
		                "texts were given",
		                f->figures->len, req->n_figure_alts);
	if (f->forms->len != req->n_fields)
		return diag_set(f->d, req->name, 0, 0,
		                "the PDF has %u Form structure elements, but %zu form fields were "
		                "given (draw an empty \"Form\" tag at each field)",
		                f->forms->len, req->n_fields);
	return true;
}

static bool set_catalog(struct finisher *f)
{
	qpdf_data q = f->q;
	if (f->req->lang)
		qpdf_oh_replace_key(q, f->root, "/Lang",
		                    qpdf_oh_new_unicode_string(q, f->req->lang));
	if (f->req->display_doc_title) {
		qpdf_oh prefs = qpdf_oh_get_key(q, f->root, "/ViewerPreferences");
		if (!qpdf_oh_is_dictionary(q, prefs)) {
			prefs = qpdf_oh_new_dictionary(q);
			qpdf_oh_replace_key(q, f->root, "/ViewerPreferences", prefs);
		}
		qpdf_oh_replace_key(q, prefs, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
	}
	return qpdf_ok(f, "setting the catalog");
}

/* /PageLabels: one range per run of pages with the same prefix, each counting from 1. */
static bool set_page_labels(struct finisher *f)
{
	const struct finish_request *req = f->req;
	qpdf_data q = f->q;
	if (req->page_label_prefixes && req->n_page_label_prefixes != (size_t)f->n_pages)
		return diag_set(f->d, req->name, 0, 0,
		                "the PDF has %d pages, but %zu page label prefixes were given",
		                f->n_pages, req->n_page_label_prefixes);
	const char *const *prefixes = req->page_label_prefixes;
	qpdf_oh nums = qpdf_oh_new_array(q);
	for (int p = 0; p < f->n_pages; p++) {
		const char *prefix = prefixes ? prefixes[p] : "";
		if (p > 0 && (!prefixes || !strcmp(prefix, prefixes[p - 1])))
			continue; /* the range goes on */
		qpdf_oh range = parse(f, "<< /S /D >>");
		if (*prefix)
			qpdf_oh_replace_key(q, range, "/P", qpdf_oh_new_unicode_string(q, prefix));
		qpdf_oh_append_item(q, nums, qpdf_oh_new_integer(q, p));
		qpdf_oh_append_item(q, nums, range);
	}
	qpdf_oh labels = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, labels, "/Nums", nums);
	qpdf_oh_replace_key(q, f->root, "/PageLabels", labels);
	return qpdf_ok(f, "setting the page labels");
}

static bool set_figure_alts(struct finisher *f)
{
	for (guint i = 0; i < f->figures->len; i++)
		qpdf_oh_replace_key(f->q, g_array_index(f->figures, qpdf_oh, i), "/Alt",
		                    qpdf_oh_new_unicode_string(f->q, f->req->figure_alts[i]));
	return qpdf_ok(f, "setting the figures' /Alt");
}

/* The page's MediaBox as x0, y0, x1, y1 (x0 < x1, y0 < y1). MediaBox is inheritable, so
 * it may sit on a /Pages node above the page. */
static bool media_box(struct finisher *f, int page, double box[4])
{
	qpdf_data q = f->q;
	qpdf_oh node = qpdf_get_page_n(q, (size_t)page);
	for (int up = 0; up < FINISH_MAX_DEPTH && qpdf_oh_is_dictionary(q, node); up++) {
		qpdf_oh mb = qpdf_oh_get_key(q, node, "/MediaBox");
		if (!qpdf_oh_is_array(q, mb)) {
			node = qpdf_oh_get_key(q, node, "/Parent");
			continue;
		}
		bool ok = qpdf_oh_get_array_n_items(q, mb) == 4;
		for (int i = 0; ok && i < 4; i++)
			ok = qpdf_oh_get_value_as_number(q, qpdf_oh_get_array_item(q, mb, i),
			                                 &box[i]);
		if (!ok)
			break;
		double x0 = fmin(box[0], box[2]), x1 = fmax(box[0], box[2]);
		double y0 = fmin(box[1], box[3]), y1 = fmax(box[1], box[3]);
		box[0] = x0, box[1] = y0, box[2] = x1, box[3] = y1;
		return true;
	}
	return diag_set(f->d, f->req->name, 0, 0, "page %d has no usable MediaBox", page + 1);
}

static qpdf_oh new_box(struct finisher *f, const double box[4])
{
	GString *s = g_string_new("[");
	append_numbers(s, box, 4);
	g_string_append_c(s, ']');
	qpdf_oh arr = parse(f, s->str);
	g_string_free(s, TRUE);
	return arr;
}

/* Printers cut at the TrimBox and print up to the BleedBox; crop marks lie outside it. */
static bool set_print_boxes(struct finisher *f)
{
	double m = f->req->margin, inner = m - f->req->bleed;
	for (int p = 0; p < f->n_pages; p++) {
		double mb[4];
		if (!media_box(f, p, mb))
			return false;
		if (mb[2] - mb[0] <= 2 * m || mb[3] - mb[1] <= 2 * m)
			return diag_set(f->d, f->req->name, 0, 0,
			                "page %d is too small for a margin of %g pt", p + 1, m);
		double trim[4] = {mb[0] + m, mb[1] + m, mb[2] - m, mb[3] - m};
		double bleed[4] = {mb[0] + inner, mb[1] + inner, mb[2] - inner, mb[3] - inner};
		qpdf_oh page = qpdf_get_page_n(f->q, (size_t)p);
		qpdf_oh_replace_key(f->q, page, "/TrimBox", new_box(f, trim));
		qpdf_oh_replace_key(f->q, page, "/BleedBox", new_box(f, bleed));
	}
	return qpdf_ok(f, "setting TrimBox and BleedBox");
}

/* A form XObject of w × h points drawing `content`, for a widget's /AP. qpdf compresses
 * it when writing. Fields of the same size and look share one stream: each stream is an
 * object of its own, outside the compressed object streams, so sixty of them would cost
 * several kilobytes. */
static qpdf_oh new_appearance(struct finisher *f, double w, double h, const char *content)
{
	qpdf_data q = f->q;
	GString *key = g_string_new(NULL);
	append_numbers(key, (const double[2]){w, h}, 2);
	g_string_append_printf(key, "|%s", content);
	gpointer known = g_hash_table_lookup(f->appearances, key->str);
	if (known) {
		g_string_free(key, TRUE);
		return (qpdf_oh)GPOINTER_TO_UINT(known);
	}
	qpdf_oh xobj = qpdf_oh_new_stream(q);
	g_hash_table_insert(f->appearances, g_string_free(key, FALSE), GUINT_TO_POINTER(xobj));
	qpdf_oh_replace_stream_data(q, xobj, (const unsigned char *)content, strlen(content),
	                            qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	qpdf_oh dict = qpdf_oh_get_dict(q, xobj);
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/XObject"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/Form"));
	qpdf_oh_replace_key(q, dict, "/BBox", new_box(f, (const double[4]){0, 0, w, h}));
	qpdf_oh_replace_key(q, dict, "/Resources", qpdf_oh_new_dictionary(q));
	return xobj;
}

/* A checkbox look made of paths only, so that no font is needed: `ticked` adds a tick in
 * the field's colour, `down` (while pressed) a light grey square inside the page's own
 * drawn border. Caller g_frees. */
static char *checkbox_content(const struct finish_field *fl, bool ticked, bool down)
{
	double w = fl->w, h = fl->h, m = fmin(w, h);
	GString *s = g_string_new("");
	if (down) {
		double inner[4] = {0.15 * w, 0.15 * h, 0.7 * w, 0.7 * h};
		g_string_append(s, "q 0.85 g ");
		append_numbers(s, inner, 4);
		g_string_append(s, " re f Q\n");
	}
	if (ticked) {
		double rgb[3] = {fl->colour.r, fl->colour.g, fl->colour.b};
		double width = 0.12 * m;
		double tick[6] = {0.22 * w, 0.52 * h, 0.42 * w, 0.3 * h, 0.78 * w, 0.74 * h};
		g_string_append(s, "q ");
		append_numbers(s, rgb, 3);
		g_string_append(s, " RG ");
		append_numbers(s, &width, 1);
		g_string_append(s, " w 1 J 1 j ");
		append_numbers(s, tick, 2);
		g_string_append(s, " m ");
		append_numbers(s, tick + 2, 2);
		g_string_append(s, " l ");
		append_numbers(s, tick + 4, 2);
		g_string_append(s, " l S Q\n");
	}
	/* Not empty even when it draws nothing: qpdf 11.3 writes an empty stream as
	 * /FlateDecode with no data, which mupdf reports as a damaged stream. */
	if (s->len == 0)
		g_string_append(s, "q Q\n");
	return g_string_free(s, FALSE);
}

/* << /Yes … /Off … >> for one of the /AP states (/N normal, /D pressed). */
static qpdf_oh checkbox_states(struct finisher *f, const struct finish_field *fl, bool down)
{
	qpdf_oh states = qpdf_oh_new_dictionary(f->q);
	for (int ticked = 0; ticked <= 1; ticked++) {
		char *content = checkbox_content(fl, ticked, down);
		qpdf_oh_replace_key(f->q, states, ticked ? "/Yes" : "/Off",
		                    new_appearance(f, fl->w, fl->h, content));
		g_free(content);
	}
	return states;
}

/* The tick is drawn by checkbox_content; /DA and /MK /CA (ZapfDingbats "4", a tick) are
 * for viewers that redraw fields themselves, as they do once pypdf, for one, has set
 * /NeedAppearances. */
static void checkbox_init(struct finisher *f, qpdf_oh widget, const struct finish_field *fl)
{
	qpdf_data q = f->q;
	double rgb[3] = {fl->colour.r, fl->colour.g, fl->colour.b};
	GString *da = g_string_new("/ZaDb 0 Tf ");
	append_numbers(da, rgb, 3);
	g_string_append(da, " rg");
	qpdf_oh_replace_key(q, widget, "/DA", qpdf_oh_new_string(q, da->str));
	g_string_free(da, TRUE);
	qpdf_oh_replace_key(q, widget, "/FT", qpdf_oh_new_name(q, "/Btn"));
	qpdf_oh_replace_key(q, widget, "/V", qpdf_oh_new_name(q, "/Off"));
	qpdf_oh_replace_key(q, widget, "/AS", qpdf_oh_new_name(q, "/Off"));
	qpdf_oh ap = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, ap, "/N", checkbox_states(f, fl, false));
	qpdf_oh_replace_key(q, ap, "/D", checkbox_states(f, fl, true));
	qpdf_oh_replace_key(q, widget, "/AP", ap);
}

/* An empty text field: viewers draw the text themselves once something is typed (with
 * /DA's font, which the AcroForm's /DR holds). */
static void text_init(struct finisher *f, qpdf_oh widget, const struct finish_field *fl)
{
	qpdf_data q = f->q;
	double size = fmin(FINISH_TEXT_SIZE, fl->h / 1.25);
	GString *da = g_string_new("/Helv ");
	append_numbers(da, &size, 1);
	g_string_append(da, " Tf 0 g");
	qpdf_oh_replace_key(q, widget, "/FT", qpdf_oh_new_name(q, "/Tx"));
	qpdf_oh_replace_key(q, widget, "/DA", qpdf_oh_new_string(q, da->str));
	g_string_free(da, TRUE);
	qpdf_oh ap = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, ap, "/N", new_appearance(f, fl->w, fl->h, "/Tx BMC\nEMC\n"));
	qpdf_oh_replace_key(q, widget, "/AP", ap);
}

/* The field and its one widget annotation, merged into one dictionary (made indirect). */
static bool new_widget(struct finisher *f, const struct finish_field *fl, qpdf_oh page,
                       qpdf_oh *out)
{
	qpdf_data q = f->q;
	double mb[4];
	if (!media_box(f, fl->page, mb))
		return false;
	/* From the drawing's top-left origin, y down, to PDF's bottom-left origin, y up. */
	double left = mb[0] + fl->x;
	double top = mb[3] - fl->y;
	double rect[4] = {left, top - fl->h, left + fl->w, top};
	double rgb[3] = {fl->colour.r, fl->colour.g, fl->colour.b};
	GString *s = g_string_new("<< /Type /Annot /Subtype /Widget /F 4 /Rect [");
	append_numbers(s, rect, 4);
	g_string_append(s, "] /MK << /BC [");
	append_numbers(s, rgb, 3);
	g_string_append(s, fl->kind == FINISH_CHECKBOX ? "] /CA (4) >> >>" : "] >> >>");
	qpdf_oh widget = parse(f, s->str);
	g_string_free(s, TRUE);
	if (!qpdf_ok(f, "making a form field"))
		return false;
	qpdf_oh_replace_key(q, widget, "/T", qpdf_oh_new_unicode_string(q, fl->name));
	qpdf_oh_replace_key(q, widget, "/TU", qpdf_oh_new_unicode_string(q, fl->label));
	qpdf_oh_replace_key(q, widget, "/P", page);
	if (fl->kind == FINISH_CHECKBOX)
		checkbox_init(f, widget, fl);
	else
		text_init(f, widget, fl);
	*out = qpdf_make_indirect_object(q, widget);
	return qpdf_ok(f, "making a form field");
}

/* The ParentTree's /Nums array and the first key not in use. cairo writes one flat /Nums
 * array; a tree with /Kids is refused rather than half understood. */
static bool open_parent_tree(struct finisher *f, qpdf_oh *nums, long long *next)
{
	qpdf_data q = f->q;
	qpdf_oh pt = qpdf_oh_get_key(q, f->tree, "/ParentTree");
	if (!qpdf_oh_is_dictionary(q, pt)) {
		pt = qpdf_make_indirect_object(q, parse(f, "<< /Nums [] >>"));
		qpdf_oh_replace_key(q, f->tree, "/ParentTree", pt);
	}
	*nums = qpdf_oh_get_key(q, pt, "/Nums");
	int n = qpdf_oh_get_array_n_items(q, *nums);
	if (qpdf_oh_has_key(q, pt, "/Kids") || !qpdf_oh_is_array(q, *nums) || n % 2)
		return diag_set(f->d, f->req->name, 0, 0,
		                "the structure tree's ParentTree is not one flat /Nums array");
	long long last = -1;
	for (int i = 0; i < n; i += 2) {
		long long key;
		if (!qpdf_oh_get_value_as_longlong(q, qpdf_oh_get_array_item(q, *nums, i), &key))
			return diag_set(
			    f->d, f->req->name, 0, 0,
			    "the structure tree's ParentTree has a key that is not an integer");
		last = key > last ? key : last;
	}
	long long declared;
	qpdf_oh nk = qpdf_oh_get_key(q, f->tree, "/ParentTreeNextKey");
	if (qpdf_oh_get_value_as_longlong(q, nk, &declared) && declared > last + 1)
		last = declared - 1;
	*next = last + 1;
	return qpdf_ok(f, "reading the ParentTree");
}

/* Artifacts. render draws decoration inside Private elements; here each of their
 * marked-content sequences, "/Private << /MCID n >> BDC ... EMC" in the page's content
 * stream, becomes "/Artifact BMC ... EMC" (only the opening operator changes), the page's
 * ParentTree slot n becomes null, and the element leaves the structure tree. */

/* A content stream's tokens, enough to find operators and their operands: strings,
 * comments and inline image data may hold any bytes, "BDC" among them. */
enum token_kind {
	TOKEN_NAME,  /* /Private */
	TOKEN_WORD,  /* a number, true, false, null or an operator */
	TOKEN_OTHER, /* a string */
	TOKEN_OPEN,  /* << [ { */
	TOKEN_CLOSE, /* >> ] } */
	TOKEN_BAD,   /* an unterminated string or a stray delimiter */
};

struct token {
	enum token_kind kind;
	size_t start, end; /* bytes [start, end) of the data */
};

struct lexer {
	const unsigned char *s;
	size_t len, pos;
};

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_regular(unsigned char c)
{
	return !is_space(c) && !strchr("()<>[]{}/%", c);
}

static void skip_space_and_comments(struct lexer *lx)
{
	while (lx->pos < lx->len) {
		if (lx->s[lx->pos] == '%')
			while (lx->pos < lx->len && lx->s[lx->pos] != '\n' &&
			       lx->s[lx->pos] != '\r')
				lx->pos++;
		else if (is_space(lx->s[lx->pos]))
			lx->pos++;
		else
			return;
	}
}

/* A literal string: parentheses nest, a backslash escapes the next byte. */
static enum token_kind lex_string(struct lexer *lx)
{
	int depth = 0;
	for (; lx->pos < lx->len; lx->pos++) {
		unsigned char c = lx->s[lx->pos];
		if (c == '\\')
			lx->pos++;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0) {
			lx->pos++;
			return TOKEN_OTHER;
		}
	}
	lx->pos = lx->len; /* a backslash may have stepped past the end */
	return TOKEN_BAD;
}

/* The next token, false at the end of the data. */
static bool lex_next(struct lexer *lx, struct token *t)
{
	skip_space_and_comments(lx);
	if (lx->pos >= lx->len)
		return false;
	const unsigned char *s = lx->s;
	unsigned char c = s[lx->pos];
	bool two = lx->pos + 1 < lx->len && s[lx->pos + 1] == c;
	t->start = lx->pos;
	if (c == '(') {
		t->kind = lex_string(lx);
	} else if ((c == '<' || c == '>') && two) {
		t->kind = c == '<' ? TOKEN_OPEN : TOKEN_CLOSE;
		lx->pos += 2;
	} else if (c == '<') { /* a hex string */
		const unsigned char *end = memchr(s + lx->pos, '>', lx->len - lx->pos);
		t->kind = end ? TOKEN_OTHER : TOKEN_BAD;
		lx->pos = end ? (size_t)(end - s) + 1 : lx->len;
	} else if (strchr("[{]}", c)) {
		t->kind = strchr("[{", c) ? TOKEN_OPEN : TOKEN_CLOSE;
		lx->pos++;
	} else if (c == '/' || is_regular(c)) {
		t->kind = c == '/' ? TOKEN_NAME : TOKEN_WORD;
		for (lx->pos++; lx->pos < lx->len && is_regular(s[lx->pos]);)
			lx->pos++;
	} else {
		t->kind = TOKEN_BAD; /* ')' or '>' alone */
		lx->pos++;
	}
	t->end = lx->pos;
	return true;
}

static bool token_is(const struct lexer *lx, const struct token *t, const char *text)
{
	size_t n = strlen(text);
	return t->end - t->start == n && !memcmp(lx->s + t->start, text, n);
}

/* A word that is an operand, not an operator. */
static bool is_operand_word(const struct lexer *lx, const struct token *t)
{
	unsigned char c = lx->s[t->start];
	return g_ascii_isdigit(c) || c == '+' || c == '-' || c == '.' || token_is(lx, t, "true") ||
	       token_is(lx, t, "false") || token_is(lx, t, "null");
}

/* Skips an inline image's data, which follows "ID" and one white-space byte and ends
 * before an "EI" that stands between white space and white space (or the end). */
static bool skip_inline_image(struct lexer *lx)
{
	for (size_t i = lx->pos + 1; i + 2 <= lx->len; i++) {
		if (is_space(lx->s[i - 1]) && lx->s[i] == 'E' && lx->s[i + 1] == 'I' &&
		    (i + 2 == lx->len || is_space(lx->s[i + 2]))) {
			lx->pos = i + 2;
			return true;
		}
	}
	return false;
}

/* The /MCID of a property list written inline, "<< /MCID 3 >>". */
static bool property_mcid(const struct lexer *outer, const struct token *dict, long long *mcid)
{
	if (outer->s[dict->start] != '<')
		return false;
	struct lexer lx = {outer->s, dict->end - 2, dict->start + 2};
	struct token t, v;
	while (lex_next(&lx, &t)) {
		if (t.kind != TOKEN_NAME || !token_is(&lx, &t, "/MCID"))
			continue;
		if (!lex_next(&lx, &v) || v.kind != TOKEN_WORD)
			return false;
		char buf[24] = "";
		size_t n = v.end - v.start;
		if (n >= sizeof buf)
			return false;
		memcpy(buf, lx.s + v.start, n);
		char *end = NULL;
		*mcid = g_ascii_strtoll(buf, &end, 10);
		return end && !*end && *mcid >= 0 && *mcid < INT_MAX;
	}
	return false;
}

/* One page's content being rewritten. */
struct rewrite {
	struct finisher *f;
	int page;      /* 0-based */
	qpdf_oh marks; /* the page's ParentTree array, indexed by MCID; 0: none */
	int depth;     /* open marked-content sequences */
	int artifact;  /* the depth an open artifact began at, or -1 */
	size_t n_done; /* sequences made artifacts */
	GString *out;  /* the rewritten content */
	size_t copied; /* input bytes up to here are in `out` */
};

static bool content_error(const struct rewrite *rw, const char *problem)
{
	return diag_set(rw->f->d, rw->f->req->name, 0, 0,
	                "page %d's content cannot become artifacts: %s", rw->page + 1, problem);
}

/* Empties the ParentTree slot of a Private sequence, checking that it is one. */
static bool claim_slot(struct rewrite *rw, long long mcid)
{
	qpdf_data q = rw->f->q;
	qpdf_oh elem = 0;
	if (rw->marks && mcid < qpdf_oh_get_array_n_items(q, rw->marks))
		elem = qpdf_oh_get_array_item(q, rw->marks, (int)mcid);
	if (!elem || !qpdf_oh_is_dictionary(q, elem) ||
	    !qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, elem, "/S"), "/Private"))
		return content_error(rw, "a Private sequence whose ParentTree entry is not a "
		                         "Private element");
	qpdf_oh_set_array_item(q, rw->marks, (int)mcid, qpdf_oh_new_null(q));
	rw->n_done++;
	return true;
}

/* BDC, with its last two operands: a Private sequence becomes an artifact. */
static bool on_bdc(struct rewrite *rw, const struct lexer *lx, const struct token ops[2],
                   size_t n_ops, const struct token *op)
{
	if (rw->artifact >= 0)
		return content_error(rw, "tagged content inside decoration");
	rw->depth++;
	if (n_ops < 2 || ops[0].kind != TOKEN_NAME || !token_is(lx, &ops[0], "/Private"))
		return true;
	long long mcid;
	if (!property_mcid(lx, &ops[1], &mcid))
		return content_error(rw, "a Private sequence without an /MCID");
	if (!claim_slot(rw, mcid))
		return false;
	g_string_append_len(rw->out, (const char *)lx->s + rw->copied, ops[0].start - rw->copied);
	g_string_append(rw->out, "/Artifact BMC");
	rw->copied = op->end;
	rw->artifact = rw->depth - 1;
	return true;
}

static bool on_operator(struct rewrite *rw, struct lexer *lx, const struct token ops[2],
                        size_t n_ops, const struct token *op)
{
	if (token_is(lx, op, "ID"))
		return skip_inline_image(lx) || content_error(rw, "an unterminated inline image");
	if (token_is(lx, op, "BMC"))
		rw->depth++;
	if (token_is(lx, op, "BDC"))
		return on_bdc(rw, lx, ops, n_ops, op);
	if (!token_is(lx, op, "EMC"))
		return true;
	if (rw->depth == 0)
		return content_error(rw, "EMC without BMC or BDC");
	if (--rw->depth == rw->artifact)
		rw->artifact = -1;
	return true;
}

/* Rewrites one decoded content stream into rw->out. Operands are only remembered at the
 * top level: arrays and dictionaries count as one operand each. */
static bool rewrite_content(struct rewrite *rw, const unsigned char *s, size_t len)
{
	struct lexer lx = {s, len, 0};
	struct token t, ops[2] = {{0}}, composite = {0};
	size_t n_ops = 0;
	int nest = 0;
	rw->copied = 0;
	while (lex_next(&lx, &t)) {
		if (t.kind == TOKEN_BAD)
			return content_error(rw, "a malformed token");
		if (t.kind == TOKEN_OPEN && nest++ == 0)
			composite = t;
		if (t.kind == TOKEN_CLOSE && --nest < 0)
			return content_error(rw, "a stray closing bracket");
		if (t.kind == TOKEN_CLOSE && nest == 0) {
			composite.end = t.end;
			t = composite;
		}
		if (nest > 0)
			continue;
		if (t.kind == TOKEN_WORD && !is_operand_word(&lx, &t)) {
			if (!on_operator(rw, &lx, ops, n_ops, &t))
				return false;
			n_ops = 0;
			continue;
		}
		ops[0] = ops[1];
		ops[1] = t;
		n_ops++;
	}
	if (nest != 0)
		return content_error(rw, "an unclosed array or dictionary");
	g_string_append_len(rw->out, (const char *)s + rw->copied, len - rw->copied);
	return true;
}

/* The ParentTree array of the page's marked content (its /StructParents entry), or 0. */
static qpdf_oh page_marks(struct finisher *f, qpdf_oh page, qpdf_oh nums)
{
	qpdf_data q = f->q;
	long long key, k;
	if (!qpdf_oh_get_value_as_longlong(q, qpdf_oh_get_key(q, page, "/StructParents"), &key))
		return 0;
	int n = qpdf_oh_get_array_n_items(q, nums);
	for (int i = 0; i + 1 < n; i += 2) {
		qpdf_oh value = qpdf_oh_get_array_item(q, nums, i + 1);
		if (qpdf_oh_get_value_as_longlong(q, qpdf_oh_get_array_item(q, nums, i), &k) &&
		    k == key && qpdf_oh_is_array(q, value))
			return value;
	}
	return 0;
}

/* Decodes one content stream, rewrites it, and puts it back (unfiltered: qpdf compresses
 * it when writing) if anything changed. */
static bool rewrite_stream(struct rewrite *rw, qpdf_oh stream)
{
	qpdf_data q = rw->f->q;
	unsigned char *data = NULL;
	size_t len = 0;
	QPDF_BOOL decoded = QPDF_FALSE;
	qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &decoded, &data, &len);
	if (!qpdf_ok(rw->f, "reading a page's content"))
		return false;
	if (!decoded) {
		free(data);
		return content_error(rw, "its content stream cannot be decoded");
	}
	size_t before = rw->n_done;
	g_string_truncate(rw->out, 0);
	bool ok = rewrite_content(rw, data, len);
	free(data);
	if (ok && rw->n_done > before)
		qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)rw->out->str,
		                            rw->out->len, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	return ok && qpdf_ok(rw->f, "rewriting a page's content");
}

/* Every content stream of the page, in order: /Contents is one stream or an array. */
static bool page_artifacts(struct finisher *f, int p, qpdf_oh nums, GString *buf, size_t *n_done)
{
	qpdf_data q = f->q;
	qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
	struct rewrite rw = {
	    .f = f, .page = p, .marks = page_marks(f, page, nums), .artifact = -1, .out = buf};
	qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
	bool many = qpdf_oh_is_array(q, contents);
	int n = many ? qpdf_oh_get_array_n_items(q, contents) : 1;
	for (int i = 0; i < n; i++) {
		qpdf_oh stream = many ? qpdf_oh_get_array_item(q, contents, i) : contents;
		if (qpdf_oh_is_stream(q, stream) && !rewrite_stream(&rw, stream))
			return false;
	}
	*n_done += rw.n_done;
	return true;
}

/* Drops the Private elements from `holder`'s /K value `kids`, and from its elements' own,
 * all the way down: collect_kids has already refused a tree deeper than FINISH_MAX_DEPTH. */
static void drop_privates(struct finisher *f, qpdf_oh holder, qpdf_oh kids)
{
	qpdf_data q = f->q;
	bool many = qpdf_oh_is_array(q, kids);
	/* Backwards, so that erasing an item leaves the indices still to visit as they were. */
	for (int i = (many ? qpdf_oh_get_array_n_items(q, kids) : 1) - 1; i >= 0; i--) {
		qpdf_oh kid = many ? qpdf_oh_get_array_item(q, kids, i) : kids;
		if (!qpdf_oh_is_dictionary(q, kid) || !qpdf_oh_has_key(q, kid, "/S"))
			continue;
		if (!qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, kid, "/S"), "/Private"))
			drop_privates(f, kid, qpdf_oh_get_key(q, kid, "/K"));
		else if (many)
			qpdf_oh_erase_item(q, kids, i);
		else
			qpdf_oh_replace_key(q, holder, "/K", qpdf_oh_new_array(q));
	}
}

/* Each Private element's content becomes an artifact and the element leaves the tree. The
 * counts must agree: a sequence left behind (in a form XObject, say) would otherwise stay
 * tagged content whose element is gone. */
static bool make_artifacts(struct finisher *f)
{
	if (f->n_privates == 0)
		return true;
	qpdf_oh nums = 0;
	long long next = 0;
	if (!open_parent_tree(f, &nums, &next))
		return false;
	GString *buf = g_string_new(NULL);
	size_t n_done = 0;
	bool ok = true;
	for (int p = 0; ok && p < f->n_pages; p++)
		ok = page_artifacts(f, p, nums, buf, &n_done);
	g_string_free(buf, TRUE);
	if (ok && n_done != f->n_private_mcids)
		return diag_set(f->d, f->req->name, 0, 0,
		                "the Private structure elements hold %zu marked-content sequences, "
		                "but %zu were found in the pages' content streams",
		                f->n_private_mcids, n_done);
	if (ok)
		drop_privates(f, f->tree, qpdf_oh_get_key(f->q, f->tree, "/K"));
	return ok && qpdf_ok(f, "making decoration artifacts");
}

/* Joins the widget to its Form element both ways: an /OBJR among the element's kids, and
 * the widget's /StructParent key in the ParentTree, appended after every existing key so
 * that /Nums stays sorted. */
static void link_widget(struct finisher *f, qpdf_oh widget, qpdf_oh elem, qpdf_oh page,
                        const char *label, qpdf_oh nums, long long key)
{
	qpdf_data q = f->q;
	qpdf_oh objr = parse(f, "<< /Type /OBJR >>");
	qpdf_oh_replace_key(q, objr, "/Obj", widget);
	qpdf_oh_replace_key(q, objr, "/Pg", page);
	qpdf_oh kids = qpdf_oh_get_key(q, elem, "/K");
	if (qpdf_oh_is_array(q, kids)) {
		qpdf_oh_append_item(q, kids, objr);
	} else {
		/* cairo gives an empty Form element one MCID (its empty marked content). */
		qpdf_oh arr = qpdf_oh_new_array(q);
		if (!qpdf_oh_is_null(q, kids))
			qpdf_oh_append_item(q, arr, kids);
		qpdf_oh_append_item(q, arr, objr);
		qpdf_oh_replace_key(q, elem, "/K", arr);
	}
	qpdf_oh_replace_key(q, elem, "/Alt", qpdf_oh_new_unicode_string(q, label));
	qpdf_oh_replace_key(q, widget, "/StructParent", qpdf_oh_new_integer(q, key));
	qpdf_oh_append_item(q, nums, qpdf_oh_new_integer(q, key));
	qpdf_oh_append_item(q, nums, elem);
}

/* The field's page, checked against the page its Form element was drawn on: a mismatch
 * means fields and Form tags are not in the same order. */
static bool field_page(struct finisher *f, size_t i, qpdf_oh elem, qpdf_oh *page)
{
	const struct finish_field *fl = &f->req->fields[i];
	if (fl->page >= f->n_pages)
		return diag_set(f->d, f->req->name, 0, 0,
		                "form field \"%s\" is on page %d, but the PDF has %d pages",
		                fl->name, fl->page + 1, f->n_pages);
	*page = qpdf_get_page_n(f->q, (size_t)fl->page);
	qpdf_oh pg = qpdf_oh_get_key(f->q, elem, "/Pg");
	if (qpdf_oh_is_dictionary(f->q, pg) &&
	    qpdf_oh_get_object_id(f->q, pg) != qpdf_oh_get_object_id(f->q, *page))
		return diag_set(f->d, f->req->name, 0, 0,
		                "form field \"%s\" is on page %d, but Form structure element %zu "
		                "is not: fields and Form tags must come in the same order",
		                fl->name, fl->page + 1, i + 1);
	return qpdf_ok(f, "finding a field's page");
}

static void page_add_annot(struct finisher *f, qpdf_oh page, qpdf_oh annot)
{
	qpdf_data q = f->q;
	qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
	if (qpdf_oh_is_array(q, annots)) {
		qpdf_oh_append_item(q, annots, annot); /* after cairo's links */
	} else {
		annots = qpdf_oh_new_array(q);
		qpdf_oh_append_item(q, annots, annot);
		qpdf_oh_replace_key(q, page, "/Annots", annots);
	}
	/* Tab through the annotations in structure order, as PDF/UA asks. */
	qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
}

/* The fonts the fields' /DA strings name, none embedded: our own appearances draw no
 * text, so these serve only viewers that draw a field themselves. */
static qpdf_oh new_form_resources(struct finisher *f, bool has_text, bool has_checkbox)
{
	static const char helvetica[] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	                                "/Encoding /WinAnsiEncoding >>";
	static const char dingbats[] = "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>";
	qpdf_data q = f->q;
	qpdf_oh fonts = qpdf_oh_new_dictionary(q);
	if (has_text)
		qpdf_oh_replace_key(q, fonts, "/Helv",
		                    qpdf_make_indirect_object(q, parse(f, helvetica)));
	if (has_checkbox)
		qpdf_oh_replace_key(q, fonts, "/ZaDb",
		                    qpdf_make_indirect_object(q, parse(f, dingbats)));
	qpdf_oh dr = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, dr, "/Font", fonts);
	return dr;
}

/* /AcroForm with its fields. Every field has its appearance written here and no value, so
 * viewers need not make their own (/NeedAppearances false). */
static void add_acroform(struct finisher *f, qpdf_oh fields)
{
	qpdf_data q = f->q;
	bool has_text = false, has_checkbox = false;
	for (size_t i = 0; i < f->req->n_fields; i++) {
		has_text = has_text || f->req->fields[i].kind == FINISH_TEXT;
		has_checkbox = has_checkbox || f->req->fields[i].kind == FINISH_CHECKBOX;
	}
	qpdf_oh form = parse(f, "<< /NeedAppearances false >>");
	qpdf_oh_replace_key(q, form, "/Fields", fields);
	qpdf_oh_replace_key(q, form, "/DR", new_form_resources(f, has_text, has_checkbox));
	if (has_text)
		qpdf_oh_replace_key(q, form, "/DA", qpdf_oh_new_string(q, "/Helv 0 Tf 0 g"));
	qpdf_oh_replace_key(q, f->root, "/AcroForm", form);
}

static bool add_fields(struct finisher *f)
{
	qpdf_data q = f->q;
	if (f->req->n_fields == 0)
		return true;
	if (qpdf_oh_has_key(q, f->root, "/AcroForm"))
		return diag_set(f->d, f->req->name, 0, 0, "the PDF already has form fields");
	qpdf_oh nums = 0;
	long long key = 0;
	if (!open_parent_tree(f, &nums, &key))
		return false;
	qpdf_oh fields = qpdf_oh_new_array(q);
	for (size_t i = 0; i < f->req->n_fields; i++) {
		const struct finish_field *fl = &f->req->fields[i];
		qpdf_oh elem = g_array_index(f->forms, qpdf_oh, i);
		qpdf_oh page = 0, widget = 0;
		if (!field_page(f, i, elem, &page) || !new_widget(f, fl, page, &widget))
			return false;
		link_widget(f, widget, elem, page, fl->label, nums, key++);
		page_add_annot(f, page, widget);
		qpdf_oh_append_item(q, fields, widget);
	}
	qpdf_oh_replace_key(q, f->tree, "/ParentTreeNextKey", qpdf_oh_new_integer(q, key));
	add_acroform(f, fields);
	return qpdf_ok(f, "adding the form fields");
}

/* Writes the document into qpdf's memory buffer and copies it out. */
static bool write_pdf(struct finisher *f, unsigned char **out, size_t *out_len)
{
	qpdf_data q = f->q;
	/* The qpdf_set_* write options act on the writer qpdf_init_write_memory makes: they
	 * crash without it, so its failure must stop us here. */
	qpdf_init_write_memory(q);
	if (!qpdf_ok(f, "starting to write"))
		return false;
	/* PDF/UA is built on PDF 1.7; object streams alone need 1.5. */
	qpdf_set_minimum_pdf_version(q, "1.7");
	qpdf_set_deterministic_ID(q, f->req->deterministic_id ? QPDF_TRUE : QPDF_FALSE);
	qpdf_set_object_stream_mode(q, f->req->object_streams ? qpdf_o_generate : qpdf_o_disable);
	qpdf_set_compress_streams(q, QPDF_TRUE);
	/* cairo's streams are compressed already: passing them through as they are, instead of
	 * inflating and deflating each again, halves the time finishing takes. */
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_write(q);
	if (!qpdf_ok(f, "writing") || !qpdf_quiet(f, "writing"))
		return false;
	size_t len = qpdf_get_buffer_length(q);
	const unsigned char *buf = qpdf_get_buffer(q);
	if (!qpdf_ok(f, "writing") || !buf || len == 0)
		return diag_set_first(f->d, f->req->name, 0, 0,
		                      "cannot finish the PDF: qpdf wrote nothing");
	*out = g_memdup2(buf, len);
	*out_len = len;
	return true;
}

bool finish_pdf(const unsigned char *in, size_t in_len, const struct finish_request *req,
                unsigned char **out, size_t *out_len, struct diag *d)
{
	if (!check_request(req, d))
		return false;
	struct finisher f = {
	    .req = req,
	    .d = d,
	    .forms = g_array_new(FALSE, FALSE, sizeof(qpdf_oh)),
	    .figures = g_array_new(FALSE, FALSE, sizeof(qpdf_oh)),
	    .appearances = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
	};
	bool ok = open_pdf(&f, in, in_len) && collect_structure(&f) && set_catalog(&f) &&
	          (!req->page_labels || set_page_labels(&f)) && set_figure_alts(&f) &&
	          make_artifacts(&f) && add_fields(&f) &&
	          (req->margin <= 0 || set_print_boxes(&f)) && write_pdf(&f, out, out_len);
	g_array_free(f.forms, TRUE);
	g_array_free(f.figures, TRUE);
	g_hash_table_destroy(f.appearances);
	if (f.q) {
		/* An error already told in `d` may be pending still; qpdf_cleanup would print it
		 * ("application did not handle error"). */
		qpdf_get_error(f.q);
		qpdf_cleanup(&f.q);
	}
	return ok;
}
