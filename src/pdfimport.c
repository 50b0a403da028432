#include "pdfimport.h"

#include <glib.h>
#include <math.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

/* Direct objects nest a few levels in any real page (resources, a dictionary of images, an
 * image's /DecodeParms); far deeper is a hostile file, which would otherwise exhaust the
 * stack. Indirect objects do not count: they are copied from a queue, not by recursion. */
#define PDFIMPORT_MAX_DEPTH 64

/* Inheritable page attributes (MediaBox, Resources, Rotate) may sit on a /Pages node above
 * the page; a deeper chain of parents is a loop. */
#define PDFIMPORT_MAX_PARENTS 64

/* An indirect object waiting to be copied into fragment object `index`. */
struct pending {
	qpdf_oh oh;
	int index;
};

/* Everything one import works on. Object handles belong to `q` and die with qpdf_cleanup. */
struct importer {
	qpdf_data q;
	const char *name;
	struct diag *d;
	struct pdffrag *frag;
	GHashTable *copied; /* qpdf object id to fragment index + 1 */
	GArray *pending;    /* struct pending, copied in order */
};

/* What qpdf calls the input in its messages. */
static const char *input_name(const struct importer *im)
{
	return im->name ? im->name : "PDF";
}

/* Sets `d` to "cannot import the PDF (doing): detail", on one line: qpdf's details may hold
 * line breaks, and a diagnostic is one line. */
static bool fail(struct importer *im, const char *doing, const char *detail)
{
	char *line = g_strdelimit(g_strdup(detail), "\r\n", ' ');
	diag_set(im->d, im->name, 0, 0, "cannot import the PDF (%s): %s", doing, line);
	g_free(line);
	return false;
}

/* qpdf's object functions report errors only through qpdf_has_error (they return a null
 * handle and carry on), so every step ends here. False, with `d` set, if qpdf failed. */
static bool qpdf_ok(struct importer *im, const char *doing)
{
	if (!qpdf_has_error(im->q))
		return true;
	qpdf_error e = qpdf_get_error(im->q);
	return fail(im, doing, qpdf_get_error_message_detail(im->q, e));
}

/* qpdf repairs damage with warnings only. cairo's own output needs no repair, so a warning
 * means a broken input: the first one refuses it. */
static bool qpdf_quiet(struct importer *im, const char *doing)
{
	if (!qpdf_more_warnings(im->q))
		return true;
	qpdf_error w = qpdf_next_warning(im->q);
	return fail(im, doing, qpdf_get_error_full_text(im->q, w));
}

/* A PDF starts with "%PDF-" within its first 1024 bytes. Checked here because qpdf, given
 * anything else, says only "can't find startxref". */
static bool has_pdf_header(const unsigned char *in, size_t len)
{
	static const char header[] = "%PDF-";
	size_t hlen = sizeof header - 1;
	for (size_t i = 0; i + hlen <= len && i < 1024; i++)
		if (!memcmp(in + i, header, hlen))
			return true;
	return false;
}

static bool open_pdf(struct importer *im, const unsigned char *pdf, size_t len)
{
	if (!has_pdf_header(pdf, len))
		return diag_set(im->d, im->name, 0, 0,
		                "cannot import the PDF: the input is not a PDF (no %%PDF- header)");
	im->q = qpdf_init();
	/* Errors and warnings come back through qpdf_ok and qpdf_quiet, not on stderr. */
	qpdf_silence_errors(im->q);
	qpdf_set_suppress_warnings(im->q, QPDF_TRUE);
	/* Recovery would quietly rebuild a damaged file; better to say it is damaged. */
	qpdf_set_attempt_recovery(im->q, QPDF_FALSE);
	/* qpdf keeps a pointer to `pdf` (no copy): it lives until qpdf_cleanup. */
	qpdf_read_memory(im->q, input_name(im), (const char *)pdf, len, NULL);
	if (!qpdf_ok(im, "reading") || !qpdf_quiet(im, "reading"))
		return false;
	int pages = qpdf_get_num_pages(im->q);
	if (!qpdf_ok(im, "reading the pages") || !qpdf_quiet(im, "reading the pages"))
		return false;
	if (pages < 1)
		return diag_set(im->d, im->name, 0, 0, "cannot import the PDF: it has no pages");
	return true;
}

/* The value of `key` on the page or, as MediaBox, Resources and Rotate are inherited, on
 * the nearest /Pages node above it that has it; a null handle if none has. */
static qpdf_oh inherited(struct importer *im, qpdf_oh page, const char *key)
{
	qpdf_data q = im->q;
	qpdf_oh node = page;
	for (int up = 0; up < PDFIMPORT_MAX_PARENTS && qpdf_oh_is_dictionary(q, node); up++) {
		qpdf_oh value = qpdf_oh_get_key(q, node, key);
		if (!qpdf_oh_is_null(q, value))
			return value;
		node = qpdf_oh_get_key(q, node, "/Parent");
	}
	return qpdf_oh_new_null(q);
}

/* The page's MediaBox as x0, y0, x1, y1 with x0 < x1 and y0 < y1. */
static bool media_box(struct importer *im, qpdf_oh page, double box[4])
{
	qpdf_data q = im->q;
	qpdf_oh mb = inherited(im, page, "/MediaBox");
	bool ok = qpdf_oh_is_array(q, mb) && qpdf_oh_get_array_n_items(q, mb) == 4;
	for (int i = 0; ok && i < 4; i++)
		ok = qpdf_oh_get_value_as_number(q, qpdf_oh_get_array_item(q, mb, i), &box[i]) &&
		     isfinite(box[i]);
	if (!qpdf_ok(im, "reading the MediaBox"))
		return false;
	if (ok) {
		double x0 = fmin(box[0], box[2]), x1 = fmax(box[0], box[2]);
		double y0 = fmin(box[1], box[3]), y1 = fmax(box[1], box[3]);
		box[0] = x0, box[1] = y0, box[2] = x1, box[3] = y1;
		ok = x1 - x0 > 0 && y1 - y0 > 0 && isfinite(x1 - x0) && isfinite(y1 - y0);
	}
	if (!ok)
		return diag_set(im->d, im->name, 0, 0,
		                "cannot import the PDF: page 1 has no usable MediaBox");
	return true;
}

/* A form has no /Rotate: a turned page would come out upright. cairo never turns one. */
static bool check_rotate(struct importer *im, qpdf_oh page)
{
	int rotate = 0;
	qpdf_oh r = inherited(im, page, "/Rotate");
	if (!qpdf_oh_is_null(im->q, r) && !qpdf_oh_get_value_as_int(im->q, r, &rotate))
		rotate = -1;
	if (!qpdf_ok(im, "reading /Rotate"))
		return false;
	if (rotate % 360 != 0)
		return diag_set(im->d, im->name, 0, 0,
		                "cannot import the PDF: page 1 is rotated (/Rotate), which a form "
		                "cannot show");
	return true;
}

static bool copy_value(struct importer *im, qpdf_oh oh, int index, int depth);

/* The document's page tree and catalog lie outside any page's drawing: a resource that
 * leads there (a broken or hostile file) would drag the whole document along. */
static bool is_document_node(struct importer *im, qpdf_oh oh)
{
	qpdf_data q = im->q;
	return qpdf_oh_is_dictionary_of_type(q, oh, "/Page", "") ||
	       qpdf_oh_is_dictionary_of_type(q, oh, "/Pages", "") ||
	       qpdf_oh_is_dictionary_of_type(q, oh, "/Catalog", "");
}

/* Appends to object `index` a reference to the copy of indirect object `oh`, queueing the
 * copy the first time the object is met: shared objects are copied once, and a loop of
 * references ends at an object already queued. */
static bool copy_reference(struct importer *im, qpdf_oh oh, int index)
{
	int id = qpdf_oh_get_object_id(im->q, oh);
	gpointer memo = g_hash_table_lookup(im->copied, GINT_TO_POINTER(id));
	int target = GPOINTER_TO_INT(memo) - 1;
	if (!memo) {
		if (is_document_node(im, oh))
			return diag_set(im->d, im->name, 0, 0,
			                "cannot import the PDF: page 1 refers to the document's "
			                "pages or catalog (object %d)",
			                id);
		target = pdffrag_add(im->frag);
		g_hash_table_insert(im->copied, GINT_TO_POINTER(id), GINT_TO_POINTER(target + 1));
		struct pending p = {oh, target};
		g_array_append_val(im->pending, p);
	}
	pdffrag_ref(im->frag, index, target);
	return true;
}

/* The dictionary's keys, copied: qpdf iterates one dictionary at a time, and copying a value
 * may iterate a nested one. qpdf gives them sorted, so copies are the same every time. */
static GPtrArray *dict_keys(qpdf_data q, qpdf_oh dict)
{
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	qpdf_oh_begin_dict_key_iter(q, dict);
	while (qpdf_oh_dict_more_keys(q))
		g_ptr_array_add(keys, g_strdup(qpdf_oh_dict_next_key(q)));
	return keys;
}

/* Appends " /Key value" for each entry of `dict` but `skip` (NULL: none). */
static bool copy_entries(struct importer *im, qpdf_oh dict, const char *skip, int index, int depth)
{
	GPtrArray *keys = dict_keys(im->q, dict);
	bool ok = true;
	for (guint i = 0; ok && i < keys->len; i++) {
		const char *key = g_ptr_array_index(keys, i);
		if (skip && !strcmp(key, skip))
			continue;
		GString *s = pdffrag_syntax(im->frag, index);
		g_string_append_c(s, ' ');
		pdf_name(s, key + 1); /* qpdf's keys are "/Name" with escapes resolved */
		g_string_append_c(s, ' ');
		ok = copy_value(im, qpdf_oh_get_key(im->q, dict, key), index, depth + 1);
	}
	g_ptr_array_free(keys, TRUE);
	return ok;
}

static bool copy_array(struct importer *im, qpdf_oh array, int index, int depth)
{
	int n = qpdf_oh_get_array_n_items(im->q, array);
	g_string_append_c(pdffrag_syntax(im->frag, index), '[');
	for (int i = 0; i < n; i++) {
		if (i > 0)
			g_string_append_c(pdffrag_syntax(im->frag, index), ' ');
		if (!copy_value(im, qpdf_oh_get_array_item(im->q, array, i), index, depth + 1))
			return false;
	}
	g_string_append_c(pdffrag_syntax(im->frag, index), ']');
	return true;
}

/* Appends the syntax of `oh`, as it stands (an indirect object's value, not a reference to
 * it), to fragment object `index`. */
static bool copy_direct(struct importer *im, qpdf_oh oh, int index, int depth)
{
	qpdf_data q = im->q;
	if (depth > PDFIMPORT_MAX_DEPTH)
		return diag_set(
		    im->d, im->name, 0, 0,
		    "cannot import the PDF: objects are nested more than %d levels deep",
		    PDFIMPORT_MAX_DEPTH);
	switch (qpdf_oh_get_type_code(q, oh)) {
	case ot_null:
	case ot_boolean:
	case ot_integer:
	case ot_real:
	case ot_string:
	case ot_name:
		/* Binary: strings as hex, whatever bytes they hold. */
		g_string_append(pdffrag_syntax(im->frag, index), qpdf_oh_unparse_binary(q, oh));
		return true;
	case ot_array:
		return copy_array(im, oh, index, depth);
	case ot_dictionary:
		g_string_append(pdffrag_syntax(im->frag, index), "<<");
		if (!copy_entries(im, oh, NULL, index, depth))
			return false;
		g_string_append(pdffrag_syntax(im->frag, index), " >>");
		return true;
	default:
		/* A stream is always indirect, so it comes through copy_reference; anything else
		 * (an operator, an unresolved object) has no place in a page's resources. */
		return diag_set(im->d, im->name, 0, 0,
		                "cannot import the PDF: unexpected %s object in page 1's resources",
		                qpdf_oh_get_type_name(q, oh));
	}
}

/* Appends `oh` to object `index`: a reference if it is indirect, else its syntax. */
static bool copy_value(struct importer *im, qpdf_oh oh, int index, int depth)
{
	/* A reference to a missing object is null; no object is needed to say so. */
	if (qpdf_oh_is_indirect(im->q, oh) && !qpdf_oh_is_null(im->q, oh))
		return copy_reference(im, oh, index);
	return copy_direct(im, oh, index, depth);
}

/* Copies a stream: its dictionary but /Length (the writer counts anew), and its data as it
 * is stored, still encoded, so its /Filter and /DecodeParms stay true. */
static bool copy_stream(struct importer *im, qpdf_oh stream, int index)
{
	if (!copy_entries(im, qpdf_oh_get_dict(im->q, stream), "/Length", index, 0))
		return false;
	unsigned char *data = NULL;
	size_t len = 0;
	qpdf_oh_get_stream_data(im->q, stream, qpdf_dl_none, NULL, &data, &len);
	if (!qpdf_ok(im, "reading a stream") || !qpdf_quiet(im, "reading a stream")) {
		free(data);
		return false;
	}
	pdffrag_set_stream(im->frag, index, data, len);
	free(data); /* qpdf allocates it with malloc */
	return true;
}

/* Copies the queued indirect objects; copying one may queue more. */
static bool copy_pending(struct importer *im)
{
	for (guint i = 0; i < im->pending->len; i++) {
		struct pending p = g_array_index(im->pending, struct pending, i);
		bool ok = qpdf_oh_is_stream(im->q, p.oh) ? copy_stream(im, p.oh, p.index)
		                                         : copy_direct(im, p.oh, p.index, 0);
		if (!ok || !qpdf_ok(im, "copying the resources"))
			return false;
	}
	return qpdf_quiet(im, "copying the resources");
}

/* The decoded data of the content streams in `array`, one after another: a page may split
 * its content into several streams, each compressed apart, which a form cannot do. */
static bool join_contents(struct importer *im, qpdf_oh array, GByteArray *out)
{
	int n = qpdf_oh_get_array_n_items(im->q, array);
	for (int i = 0; i < n; i++) {
		qpdf_oh part = qpdf_oh_get_array_item(im->q, array, i);
		unsigned char *data = NULL;
		size_t len = 0;
		QPDF_BOOL decoded = QPDF_FALSE;
		if (qpdf_oh_is_stream(im->q, part))
			qpdf_oh_get_stream_data(im->q, part, qpdf_dl_generalized, &decoded, &data,
			                        &len);
		if (data && decoded) {
			g_byte_array_append(out, data, (guint)len);
			/* The streams break between tokens, never inside one. */
			g_byte_array_append(out, (const guint8 *)"\n", 1);
		}
		free(data);
		if (!qpdf_ok(im, "reading the page's content") ||
		    !qpdf_quiet(im, "reading the page's content"))
			return false;
		if (!decoded)
			return diag_set(im->d, im->name, 0, 0,
			                "cannot import the PDF: part %d of page 1's content cannot "
			                "be decoded",
			                i + 1);
	}
	return true;
}

/* Object 0's data: the page's content stream as stored, with its /Filter and /DecodeParms
 * among the entries; or several streams decoded and joined, unfiltered; or nothing. */
static bool copy_contents(struct importer *im, qpdf_oh page)
{
	qpdf_data q = im->q;
	qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
	if (qpdf_oh_is_stream(q, contents)) {
		qpdf_oh dict = qpdf_oh_get_dict(q, contents);
		static const char *const keys[] = {"/Filter", "/DecodeParms"};
		for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
			qpdf_oh value = qpdf_oh_get_key(q, dict, keys[i]);
			if (qpdf_oh_is_null(q, value))
				continue;
			g_string_append_printf(pdffrag_syntax(im->frag, 0), " %s ", keys[i]);
			if (!copy_value(im, value, 0, 1))
				return false;
		}
		unsigned char *data = NULL;
		size_t len = 0;
		qpdf_oh_get_stream_data(q, contents, qpdf_dl_none, NULL, &data, &len);
		bool ok = qpdf_ok(im, "reading the page's content") &&
		          qpdf_quiet(im, "reading the page's content");
		if (ok)
			pdffrag_set_stream(im->frag, 0, data, data ? len : 0);
		free(data); /* qpdf allocates it with malloc */
		return ok;
	}
	GByteArray *joined = g_byte_array_new();
	bool ok = true;
	if (qpdf_oh_is_array(q, contents))
		ok = join_contents(im, contents, joined);
	else if (!qpdf_oh_is_null(q, contents))
		ok = diag_set(im->d, im->name, 0, 0,
		              "cannot import the PDF: page 1's /Contents is not a stream");
	if (ok)
		pdffrag_set_stream(im->frag, 0, joined->data, joined->len);
	g_byte_array_free(joined, TRUE);
	return ok;
}

static void append_box(GString *s, const char *key, const double v[4])
{
	g_string_append_printf(s, " %s [", key);
	for (int i = 0; i < 4; i++) {
		if (i > 0)
			g_string_append_c(s, ' ');
		pdf_num(s, v[i]);
	}
	g_string_append_c(s, ']');
}

/* Object 0: the form, with the page's box, resources, transparency group and content. Its
 * /Matrix moves the box's lower left corner to the origin, so that the form covers
 * (0, 0, width, height) wherever the page's MediaBox began. */
static bool make_form(struct importer *im, qpdf_oh page, const double box[4])
{
	qpdf_data q = im->q;
	GString *s = pdffrag_syntax(im->frag, 0);
	g_string_append(s, "/Type /XObject /Subtype /Form");
	append_box(s, "/BBox", box);
	if (box[0] != 0 || box[1] != 0) {
		g_string_append(s, " /Matrix [1 0 0 1 ");
		pdf_num(s, -box[0]);
		g_string_append_c(s, ' ');
		pdf_num(s, -box[1]);
		g_string_append_c(s, ']');
	}
	g_string_append(s, " /Resources ");
	qpdf_oh resources = inherited(im, page, "/Resources");
	if (qpdf_oh_is_dictionary(q, resources)) {
		if (!copy_value(im, resources, 0, 1))
			return false;
	} else {
		g_string_append(s, "<< >>");
	}
	/* The page's transparency group: without it, the form's blending would differ. */
	qpdf_oh group = qpdf_oh_get_key(q, page, "/Group");
	if (qpdf_oh_is_dictionary(q, group)) {
		g_string_append(pdffrag_syntax(im->frag, 0), " /Group ");
		if (!copy_value(im, group, 0, 1))
			return false;
	}
	return qpdf_ok(im, "reading page 1") && copy_contents(im, page) && copy_pending(im);
}

static bool import(struct importer *im, const unsigned char *pdf, size_t len, double box[4])
{
	if (!open_pdf(im, pdf, len))
		return false;
	qpdf_oh page = qpdf_get_page_n(im->q, 0);
	if (!qpdf_ok(im, "reading page 1") || !media_box(im, page, box) || !check_rotate(im, page))
		return false;
	im->frag = pdffrag_create();
	pdffrag_add(im->frag); /* object 0, the form */
	return make_form(im, page, box);
}

bool pdfimport_page(const unsigned char *pdf, size_t len, const char *name, struct pdffrag **out,
                    double *width, double *height, struct diag *d)
{
	struct importer im = {
	    .name = name,
	    .d = d,
	    .copied = g_hash_table_new(g_direct_hash, g_direct_equal),
	    .pending = g_array_new(FALSE, FALSE, sizeof(struct pending)),
	};
	double box[4];
	bool ok = import(&im, pdf, len, box);
	g_hash_table_destroy(im.copied);
	g_array_free(im.pending, TRUE);
	if (im.q) {
		/* An error already told in `d` may be pending still; qpdf_cleanup would print it
		 * ("application did not handle error"). */
		qpdf_get_error(im.q);
		qpdf_cleanup(&im.q);
	}
	if (!ok) {
		pdffrag_destroy(im.frag);
		return false;
	}
	*out = im.frag;
	*width = box[2] - box[0];
	*height = box[3] - box[1];
	return true;
}
