#include "pdfimport.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "pdfread.h"

/* A MediaBox's coordinates, at most, in points: pdf_num writes thousandths through a long
 * long, and no page is a light year wide (PDF's own limit is 14400 units a side). */
#define PDFIMPORT_MAX_COORD 1e9

/* An object waiting to be copied into fragment object `index`. */
struct pending {
	const struct pobj *obj;
	int index;
};

/* One import: the file read, the fragment made of its page 1, what is copied and queued. */
struct importer {
	struct pdfread *r; /* owned */
	const char *name;  /* names the input in messages */
	struct diag *d;
	struct pdffrag *frag;
	GHashTable *copied; /* object number to fragment index + 1 */
	GArray *pending;    /* struct pending, copied in order */
};

/* --- The page ---------------------------------------------------------------------------- */

/* Coordinate `i` of a box, the reference followed; *ok is false if it is no number or out
 * of bounds. */
static bool array_number(struct pdfread *r, const struct pval *array, guint i, double *out,
                         bool *ok)
{
	const struct pval *v;
	if (!pdfread_resolve(r, g_ptr_array_index(array->items, i), &v, NULL))
		return false;
	*ok = v->kind == PV_NUMBER && fabs(v->number) <= PDFIMPORT_MAX_COORD;
	*out = v->number;
	return true;
}

/* The page's MediaBox as x0, y0, x1, y1 with x0 < x1 and y0 < y1. */
static bool media_box(struct importer *im, const struct pdfread_page *page, double box[4])
{
	const struct pval *mb;
	if (!pdfread_resolve(im->r, page->media_box, &mb, NULL))
		return false;
	bool ok = mb && mb->kind == PV_ARRAY && mb->items->len == 4;
	for (guint i = 0; ok && i < 4; i++)
		if (!array_number(im->r, mb, i, &box[i], &ok))
			return false;
	if (ok) {
		double x0 = fmin(box[0], box[2]), x1 = fmax(box[0], box[2]);
		double y0 = fmin(box[1], box[3]), y1 = fmax(box[1], box[3]);
		box[0] = x0, box[1] = y0, box[2] = x1, box[3] = y1;
		ok = x1 - x0 > 0 && y1 - y0 > 0;
	}
	if (!ok)
		return diag_set(im->d, im->name, 0, 0,
		                "cannot import the PDF: page 1 has no usable MediaBox");
	return true;
}

/* A form has no /Rotate: a turned page would come out upright. cairo never turns one. */
static bool check_rotate(struct importer *im, const struct pdfread_page *page)
{
	const struct pval *rotate;
	if (!pdfread_resolve(im->r, page->rotate, &rotate, NULL))
		return false;
	bool upright =
	    !rotate || rotate->kind == PV_NULL ||
	    (rotate->kind == PV_NUMBER && rotate->integer && fmod(rotate->number, 360) == 0);
	if (!upright)
		return diag_set(im->d, im->name, 0, 0,
		                "cannot import the PDF: page 1 is rotated (/Rotate), which a form "
		                "cannot show");
	return true;
}

/* --- Copying ----------------------------------------------------------------------------- */

static bool copy_value(struct importer *im, const struct pval *v, int index);

/* The document's page tree and catalog lie outside any page's drawing: a resource that leads
 * there (a broken or hostile file) would drag the whole document along. */
static bool is_document_node(const struct pval *v)
{
	const struct pval *type = pdfread_dict_get(v, "Type");
	return pdfread_is_name(type, "Page") || pdfread_is_name(type, "Pages") ||
	       pdfread_is_name(type, "Catalog");
}

/* Appends to object `index` a reference to the copy of the object `ref` refers to, queueing
 * the copy the first time the object is met: shared objects are copied once, and a loop of
 * references ends at an object already queued. */
static bool copy_reference(struct importer *im, const struct pval *ref, int index)
{
	gpointer memo = g_hash_table_lookup(im->copied, GINT_TO_POINTER(ref->num));
	int target = GPOINTER_TO_INT(memo) - 1;
	if (!memo) {
		const struct pobj *o = pdfread_lookup(im->r, ref->num, ref->gen);
		if (!o)
			return false;
		if (is_document_node(pdfread_obj_value(o)))
			return diag_set(im->d, im->name, 0, 0,
			                "cannot import the PDF: page 1 refers to the document's "
			                "pages or catalog (object %d)",
			                ref->num);
		target = pdffrag_add(im->frag);
		g_hash_table_insert(im->copied, GINT_TO_POINTER(ref->num),
		                    GINT_TO_POINTER(target + 1));
		struct pending p = {o, target};
		g_array_append_val(im->pending, p);
	}
	pdffrag_ref(im->frag, index, target);
	return true;
}

/* A string as written, but for NUL bytes: the copy may become part of a stream's dictionary,
 * which pdfobj takes as a C string. In a literal string a NUL is written "\000"; in a hex
 * string it is white space, like the space that replaces it. */
static void copy_string(GString *s, const struct pval *v)
{
	size_t start = s->len;
	g_string_append_len(s, (const char *)v->raw, (gssize)v->raw_len);
	if (!memchr(v->raw, 0, v->raw_len))
		return;
	if (v->raw[0] == '<') {
		for (size_t i = start; i < s->len; i++)
			if (s->str[i] == 0)
				s->str[i] = ' ';
		return;
	}
	g_string_truncate(s, start);
	for (size_t i = 0; i < v->raw_len; i++) {
		unsigned char c = v->raw[i];
		if (c == '\\' && i + 1 < v->raw_len && v->raw[i + 1] != 0) {
			g_string_append_c(s, '\\');
			g_string_append_c(s, (char)v->raw[++i]);
		} else if (c == '\\' || c == 0) {
			/* "\" before a NUL is dropped, as before any byte it does not escape */
			g_string_append(s, "\\000");
			i += c == '\\';
		} else {
			g_string_append_c(s, (char)c);
		}
	}
}

/* Appends " /Key value" for each entry of `dict` but `skip` (NULL: none). */
static bool copy_entries(struct importer *im, const struct pval *dict, const char *skip, int index)
{
	for (guint i = 0; i + 1 < dict->items->len; i += 2) {
		const struct pval *key = g_ptr_array_index(dict->items, i);
		if (skip && strcmp(key->name, skip) == 0)
			continue;
		GString *s = pdffrag_syntax(im->frag, index);
		g_string_append_c(s, ' ');
		g_string_append_len(s, (const char *)key->raw, (gssize)key->raw_len);
		g_string_append_c(s, ' ');
		if (!copy_value(im, g_ptr_array_index(dict->items, i + 1), index))
			return false;
	}
	return true;
}

static bool copy_array(struct importer *im, const struct pval *array, int index)
{
	g_string_append_c(pdffrag_syntax(im->frag, index), '[');
	for (guint i = 0; i < array->items->len; i++) {
		if (i > 0)
			g_string_append_c(pdffrag_syntax(im->frag, index), ' ');
		if (!copy_value(im, g_ptr_array_index(array->items, i), index))
			return false;
	}
	g_string_append_c(pdffrag_syntax(im->frag, index), ']');
	return true;
}

/* Appends `v` to fragment object `index`: a reference as a reference to a copy, anything
 * else as its syntax. The parser bounded the nesting, so the recursion is bounded too. */
static bool copy_value(struct importer *im, const struct pval *v, int index)
{
	GString *s = pdffrag_syntax(im->frag, index);
	switch (v->kind) {
	case PV_REF:
		return copy_reference(im, v, index);
	case PV_ARRAY:
		return copy_array(im, v, index);
	case PV_DICT:
		g_string_append(s, "<<");
		if (!copy_entries(im, v, NULL, index))
			return false;
		g_string_append(pdffrag_syntax(im->frag, index), " >>");
		return true;
	case PV_STRING:
		copy_string(s, v);
		return true;
	default:
		g_string_append_len(s, (const char *)v->raw, (gssize)v->raw_len);
		return true;
	}
}

/* Copies a stream: its dictionary but /Length (the writer counts anew), and its data as it is
 * stored, still encoded, so its /Filter and /DecodeParms stay true. */
static bool copy_stream(struct importer *im, const struct pobj *o, int index)
{
	const unsigned char *data;
	size_t len;
	if (!copy_entries(im, pdfread_obj_value(o), "Length", index) ||
	    !pdfread_stream_data(im->r, o, &data, &len))
		return false;
	pdffrag_set_stream(im->frag, index, data, len);
	return true;
}

/* Copies the queued objects; copying one may queue more. */
static bool copy_pending(struct importer *im)
{
	for (guint i = 0; i < im->pending->len; i++) {
		struct pending p = g_array_index(im->pending, struct pending, i);
		bool ok = pdfread_obj_is_stream(p.obj)
		              ? copy_stream(im, p.obj, p.index)
		              : copy_value(im, pdfread_obj_value(p.obj), p.index);
		if (!ok)
			return false;
	}
	return true;
}

/* The decoded data of the content streams in `array`, one after another: a page may split its
 * content into several streams, each compressed apart, which a form cannot do. */
static bool join_contents(struct importer *im, const struct pval *array, GByteArray *out)
{
	for (guint i = 0; i < array->items->len; i++) {
		const struct pval *dict;
		const struct pobj *part;
		if (!pdfread_resolve(im->r, g_ptr_array_index(array->items, i), &dict, &part))
			return false;
		if (!part || !pdfread_obj_is_stream(part) || !pdfread_decodable(dict))
			return diag_set(im->d, im->name, 0, 0,
			                "cannot import the PDF: part %u of page 1's content cannot "
			                "be decoded",
			                i + 1);
		if (!pdfread_stream_decode(im->r, part, out))
			return false;
		/* The streams break between tokens, never inside one. */
		g_byte_array_append(out, (const guint8 *)"\n", 1);
	}
	return true;
}

/* Object 0's data from one content stream: as stored, with its /Filter and /DecodeParms. */
static bool copy_content_stream(struct importer *im, const struct pobj *contents)
{
	static const char *const keys[] = {"Filter", "DecodeParms"};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		const struct pval *value = pdfread_dict_get(pdfread_obj_value(contents), keys[i]);
		if (!value || value->kind == PV_NULL)
			continue;
		g_string_append_printf(pdffrag_syntax(im->frag, 0), " /%s ", keys[i]);
		if (!copy_value(im, value, 0))
			return false;
	}
	const unsigned char *data;
	size_t len;
	if (!pdfread_stream_data(im->r, contents, &data, &len))
		return false;
	pdffrag_set_stream(im->frag, 0, data, len);
	return true;
}

/* Object 0's data: the page's content stream as stored; or several streams decoded and
 * joined, unfiltered; or nothing. */
static bool copy_contents(struct importer *im, const struct pdfread_page *page)
{
	const struct pval *contents;
	const struct pobj *obj;
	if (!pdfread_resolve(im->r, pdfread_dict_get(page->dict, "Contents"), &contents, &obj))
		return false;
	if (obj && pdfread_obj_is_stream(obj))
		return copy_content_stream(im, obj);
	GByteArray *joined = g_byte_array_new();
	bool ok = true;
	if (contents && contents->kind == PV_ARRAY)
		ok = join_contents(im, contents, joined);
	else if (contents && contents->kind != PV_NULL)
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

/* Appends " /Key value" to object 0 if `value`, resolved, is a dictionary; else `fallback`
 * (NULL: nothing). */
static bool copy_dict_entry(struct importer *im, const char *key, const struct pval *value,
                            const char *fallback)
{
	const struct pval *dict;
	if (!pdfread_resolve(im->r, value, &dict, NULL))
		return false;
	bool is_dict = dict && dict->kind == PV_DICT;
	if (!is_dict && !fallback)
		return true;
	g_string_append_printf(pdffrag_syntax(im->frag, 0), " /%s ", key);
	if (is_dict)
		return copy_value(im, value, 0);
	g_string_append(pdffrag_syntax(im->frag, 0), fallback);
	return true;
}

/* Object 0: the form, with the page's box, resources, transparency group and content. Its
 * /Matrix moves the box's lower left corner to the origin, so that the form covers
 * (0, 0, width, height) wherever the page's MediaBox began. */
static bool make_form(struct importer *im, const struct pdfread_page *page, const double box[4])
{
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
	/* The page's transparency group: without it, the form's blending would differ. */
	return copy_dict_entry(im, "Resources", page->resources, "<< >>") &&
	       copy_dict_entry(im, "Group", pdfread_dict_get(page->dict, "Group"), NULL) &&
	       copy_contents(im, page) && copy_pending(im);
}

static bool import(struct importer *im, const unsigned char *pdf, size_t len, double box[4])
{
	struct pdfread_page page = {0};
	if (!pdfread_create(pdf, len, im->name, &im->r, im->d) ||
	    !pdfread_first_page(im->r, &page) || !media_box(im, &page, box) ||
	    !check_rotate(im, &page))
		return false;
	im->frag = pdffrag_create();
	pdffrag_add(im->frag); /* object 0, the form */
	return make_form(im, &page, box);
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
	pdfread_destroy(im.r);
	if (!ok) {
		pdffrag_destroy(im.frag);
		return false;
	}
	*out = im.frag;
	*width = box[2] - box[0];
	*height = box[3] - box[1];
	return true;
}
