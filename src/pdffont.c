#include "pdffont.h"

#include <glib.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdint.h>
#include <string.h>

/* PDF asks no more of an embedded TrueType font shown through a CIDToGIDMap: cmap, name,
 * post, OS/2 and the layout tables would only make every file bigger (poppler, mupdf and
 * pdf.js read the subset without them), and the hinting tables go with the instructions. */
static const hb_tag_t kept_tables[] = {
    HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'),
    HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
};

/* ToUnicode's bfchar blocks hold at most 100 entries each, and a destination string at
 * most 512 bytes (PDF 32000, 9.10.3): 256 UTF-16 code units. */
enum { BFCHAR_BLOCK = 100, UNICODE_TEXT_MAX = 256 };

/* One glyph of a font as the document uses it. */
struct glyph {
	int width;         /* the /W value, once `measured` */
	unsigned text;     /* where its text starts in the font's `texts` */
	unsigned text_len; /* bytes of UTF-8; 0: no text */
	bool measured;
	bool used;
};

/* One font file. */
struct pdffont {
	hb_face_t *face;    /* referenced: pango's, shared by every size of the file */
	hb_font_t *metrics; /* the face at its own scale (upem): widths in font units */
	unsigned upem;
	int object; /* the Type 0 font */
	unsigned glyph_count;
	struct glyph *glyphs; /* glyph_count of them, by glyph id */
	GString *texts;       /* every glyph's text, back to back */
};

struct pdffonts {
	struct pdfw *w;
	GPtrArray *fonts; /* struct pdffont *, by id */
};

static struct pdffont *font_create(hb_face_t *face, int object)
{
	struct pdffont *font = g_new0(struct pdffont, 1);
	font->face = hb_face_reference(face);
	font->metrics = hb_font_create(face);
	font->upem = hb_face_get_upem(face);
	font->object = object;
	font->glyph_count = hb_face_get_glyph_count(face);
	font->glyphs = g_new0(struct glyph, font->glyph_count);
	font->texts = g_string_new(NULL);
	return font;
}

static void font_destroy(void *p)
{
	struct pdffont *font = p;
	hb_font_destroy(font->metrics);
	hb_face_destroy(font->face);
	g_free(font->glyphs);
	g_string_free(font->texts, TRUE);
	g_free(font);
}

struct pdffonts *pdffonts_create(struct pdfw *w)
{
	struct pdffonts *f = g_new0(struct pdffonts, 1);
	f->w = w;
	f->fonts = g_ptr_array_new_with_free_func(font_destroy);
	return f;
}

void pdffonts_destroy(struct pdffonts *f)
{
	if (!f)
		return;
	g_ptr_array_free(f->fonts, TRUE);
	g_free(f);
}

int pdffonts_font(struct pdffonts *f, PangoFont *font, int *object)
{
	hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(font));
	/* A page uses a handful of files: a linear search beats hashing. */
	for (guint id = 0; id < f->fonts->len; id++) {
		const struct pdffont *known = g_ptr_array_index(f->fonts, id);
		if (known->face == face) {
			*object = known->object;
			return (int)id;
		}
	}
	struct pdffont *added = font_create(face, pdfw_reserve(f->w));
	g_ptr_array_add(f->fonts, added);
	*object = added->object;
	return (int)f->fonts->len - 1;
}

/* The glyph `glyph` of font `id`, or NULL for an id or glyph the font does not have (e.g.
 * pango's PANGO_GLYPH_EMPTY), which cannot be shown. */
static struct glyph *glyph_of(const struct pdffonts *f, int id, unsigned glyph)
{
	if (id < 0 || (guint)id >= f->fonts->len)
		return NULL;
	struct pdffont *font = g_ptr_array_index(f->fonts, id);
	return glyph < font->glyph_count ? &font->glyphs[glyph] : NULL;
}

void pdffonts_use(struct pdffonts *f, int id, unsigned glyph, const char *text, size_t len)
{
	struct glyph *g = glyph_of(f, id, glyph);
	if (!g)
		return;
	g->used = true;
	/* The first text is kept; a glyph shown without one (the second glyph of a cluster)
	 * takes the first text it gets later. */
	if (g->text_len > 0 || len == 0)
		return;
	struct pdffont *font = g_ptr_array_index(f->fonts, id);
	g->text = (unsigned)font->texts->len;
	g->text_len = (unsigned)len;
	g_string_append_len(font->texts, text, (gssize)len);
}

/* `v` font units in thousandths of the em, rounded half away from zero: integers only, so
 * that every machine writes the same number. */
static int per_mille(int64_t v, unsigned upem)
{
	int64_t scaled = v * 1000;
	int64_t half = upem / 2;
	return (int)(scaled >= 0 ? (scaled + half) / upem : -((-scaled + half) / upem));
}

int pdffonts_width(const struct pdffonts *f, int id, unsigned glyph)
{
	struct glyph *g = glyph_of(f, id, glyph);
	if (!g)
		return 0;
	/* A cache: the set's contents do not change, so `f` stays const for the caller. */
	if (!g->measured) {
		const struct pdffont *font = g_ptr_array_index(f->fonts, id);
		g->width = per_mille(hb_font_get_glyph_h_advance(font->metrics, glyph), font->upem);
		g->measured = true;
	}
	return g->width;
}

/* --- Writing ------------------------------------------------------------------------------ */

/* The object numbers of one font's objects besides its Type 0 font. */
struct font_objects {
	int cidfont, descriptor, file, tounicode;
};

static char *postscript_name(hb_face_t *face)
{
	char buf[128];
	unsigned size = sizeof buf;
	hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &size, buf);
	return g_strdup(size > 0 ? buf : "Unnamed");
}

/* "ABCDEF+Name": the tag is a hash of the name and the glyphs kept (FNV-1a), so that the
 * same subset gets the same tag in every process, and another subset another tag. */
static char *subset_name(const struct pdffont *font, const char *postscript)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (const char *p = postscript; *p; p++)
		h = (h ^ (unsigned char)*p) * UINT64_C(1099511628211);
	for (unsigned gid = 0; gid < font->glyph_count; gid++) {
		if (!font->glyphs[gid].used)
			continue;
		h = (h ^ (gid >> 8)) * UINT64_C(1099511628211);
		h = (h ^ (gid & 0xff)) * UINT64_C(1099511628211);
	}
	char tag[7];
	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
	return g_strconcat(tag, "+", postscript, NULL);
}

/* Every table of the face but the kept ones goes into `drop`. */
static void drop_tables(hb_face_t *face, hb_set_t *drop)
{
	hb_tag_t tags[32];
	unsigned start = 0, n;
	do {
		n = G_N_ELEMENTS(tags);
		hb_face_get_table_tags(face, start, &n, tags);
		for (unsigned i = 0; i < n; i++) {
			bool kept = false;
			for (size_t k = 0; k < G_N_ELEMENTS(kept_tables); k++)
				kept = kept || tags[i] == kept_tables[k];
			if (!kept)
				hb_set_add(drop, tags[i]);
		}
		start += n;
	} while (n == G_N_ELEMENTS(tags));
}

/* The font file with the used glyphs and .notdef, glyph ids unchanged; NULL on failure. */
static hb_blob_t *subset(const struct pdffont *font)
{
	hb_subset_input_t *input = hb_subset_input_create_or_fail();
	if (!input)
		return NULL;
	hb_set_t *glyphs = hb_subset_input_glyph_set(input);
	hb_set_add(glyphs, 0);
	for (unsigned gid = 0; gid < font->glyph_count; gid++) {
		if (font->glyphs[gid].used)
			hb_set_add(glyphs, gid);
	}
	hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
	drop_tables(font->face, hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG));
	hb_face_t *sub = hb_subset_or_fail(font->face, input);
	hb_subset_input_destroy(input);
	if (!sub)
		return NULL;
	hb_blob_t *blob = hb_face_reference_blob(sub); /* serializes the new face */
	hb_face_destroy(sub);
	if (hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		return NULL;
	}
	return blob;
}

static void write_type0(struct pdfw *w, const struct pdffont *font, const char *name,
                        const struct font_objects *o)
{
	GString *s = g_string_new("<< /Type /Font /Subtype /Type0 /BaseFont ");
	pdf_name(s, name);
	g_string_append(s, " /Encoding /Identity-H /DescendantFonts [");
	pdf_ref(s, o->cidfont);
	g_string_append(s, "] /ToUnicode ");
	pdf_ref(s, o->tounicode);
	g_string_append(s, " >>");
	pdfw_object(w, font->object, s->str, s->len);
	g_string_free(s, TRUE);
}

/* /W with the used glyphs only, consecutive ids in one run: "3 [600 580] 17 [1200]". */
static void append_widths(GString *s, const struct pdffonts *f, int id)
{
	const struct pdffont *font = g_ptr_array_index(f->fonts, id);
	bool in_run = false;
	g_string_append(s, "/W [");
	for (unsigned gid = 0; gid < font->glyph_count; gid++) {
		if (!font->glyphs[gid].used) {
			if (in_run)
				g_string_append(s, "] ");
			in_run = false;
			continue;
		}
		if (!in_run)
			g_string_append_printf(s, "%u [", gid);
		else
			g_string_append_c(s, ' ');
		g_string_append_printf(s, "%d", pdffonts_width(f, id, gid));
		in_run = true;
	}
	if (in_run)
		g_string_append_c(s, ']');
	g_string_append_c(s, ']');
}

static void write_cidfont(const struct pdffonts *f, int id, const char *name,
                          const struct font_objects *o)
{
	GString *s = g_string_new("<< /Type /Font /Subtype /CIDFontType2 /BaseFont ");
	pdf_name(s, name);
	g_string_append(s, " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
	                   "/Supplement 0 >> /FontDescriptor ");
	pdf_ref(s, o->descriptor);
	g_string_append_c(s, ' ');
	append_widths(s, f, id);
	g_string_append(s, " /CIDToGIDMap /Identity >>");
	pdfw_object(f->w, o->cidfont, s->str, s->len);
	g_string_free(s, TRUE);
}

/* head's xMin, yMin, xMax, yMax, in thousandths of the em. */
static void append_bbox(GString *s, const struct pdffont *font)
{
	hb_blob_t *head = hb_face_reference_table(font->face, HB_TAG('h', 'e', 'a', 'd'));
	unsigned len;
	const unsigned char *data = (const unsigned char *)hb_blob_get_data(head, &len);
	g_string_append(s, "/FontBBox [");
	for (unsigned i = 0; i < 4; i++) {
		unsigned at = 36 + 2 * i;
		int16_t v = len >= 54 ? (int16_t)(data[at] << 8 | data[at + 1]) : 0;
		g_string_append_printf(s, i ? " %d" : "%d", per_mille(v, font->upem));
	}
	g_string_append_c(s, ']');
	hb_blob_destroy(head);
}

static int metric(const struct pdffont *font, hb_ot_metrics_tag_t tag)
{
	hb_position_t v = 0;
	hb_ot_metrics_get_position_with_fallback(font->metrics, tag, &v);
	return per_mille(v, font->upem);
}

static void write_descriptor(struct pdfw *w, const struct pdffont *font, const char *name,
                             const struct font_objects *o)
{
	float angle = hb_style_get_value(font->metrics, HB_STYLE_TAG_SLANT_ANGLE);
	GString *s = g_string_new("<< /Type /FontDescriptor /FontName ");
	pdf_name(s, name);
	/* Symbolic (4): the glyphs are named by id, not by a standard encoding. */
	g_string_append_printf(s, " /Flags %d ", angle != 0.0f ? 4 | 64 : 4);
	append_bbox(s, font);
	g_string_append(s, " /ItalicAngle ");
	pdf_num(s, angle);
	g_string_append_printf(s, " /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 ",
	                       metric(font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER),
	                       metric(font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER),
	                       metric(font, HB_OT_METRICS_TAG_CAP_HEIGHT));
	pdf_ref(s, o->file);
	g_string_append(s, " >>");
	pdfw_object(w, o->descriptor, s->str, s->len);
	g_string_free(s, TRUE);
}

static void write_file(struct pdfw *w, hb_blob_t *blob, int num)
{
	unsigned len;
	const char *data = hb_blob_get_data(blob, &len);
	char *entries = g_strdup_printf("/Length1 %u", len);
	pdfw_stream(w, num, entries, data, len, PDFW_DEFLATE);
	g_free(entries);
}

/* `len` bytes of UTF-8 as UTF-16BE in hex, surrogate pairs for the astral planes; invalid
 * bytes become U+FFFD, one each. */
static void append_utf16(GString *s, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	for (int units = 0; p < end && units < UNICODE_TEXT_MAX - 1; units++) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		bool valid = c < 0x110000;
		p = valid ? g_utf8_next_char(p) : p + 1;
		c = valid ? c : 0xfffd;
		if (c >= 0x10000) {
			c -= 0x10000;
			g_string_append_printf(s, "%04X", 0xd800 + (c >> 10));
			c = 0xdc00 + (c & 0x3ff);
			units++;
		}
		g_string_append_printf(s, "%04X", c);
	}
}

static unsigned count_texts(const struct pdffont *font)
{
	unsigned n = 0;
	for (unsigned gid = 0; gid < font->glyph_count; gid++)
		n += font->glyphs[gid].used && font->glyphs[gid].text_len > 0;
	return n;
}

/* The bfchar blocks: each glyph with a text, in glyph id order, 100 to a block. */
static void append_bfchars(GString *s, const struct pdffont *font)
{
	unsigned left = count_texts(font), in_block = 0;
	for (unsigned gid = 0; gid < font->glyph_count; gid++) {
		const struct glyph *g = &font->glyphs[gid];
		if (!g->used || g->text_len == 0)
			continue;
		if (in_block == 0)
			g_string_append_printf(s, "%u beginbfchar\n", MIN(left, BFCHAR_BLOCK));
		g_string_append_printf(s, "<%04X> <", gid);
		append_utf16(s, font->texts->str + g->text, g->text_len);
		g_string_append(s, ">\n");
		left--;
		if (++in_block == BFCHAR_BLOCK || left == 0) {
			g_string_append(s, "endbfchar\n");
			in_block = 0;
		}
	}
}

static void write_tounicode(struct pdfw *w, const struct pdffont *font, int num)
{
	GString *s = g_string_new(
	    "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	append_bfchars(s, font);
	g_string_append(s, "endcmap\n"
	                   "CMapName currentdict /CMapResource defineresource pop\n"
	                   "end\n"
	                   "end\n");
	pdfw_stream(w, num, "", s->str, s->len, PDFW_DEFLATE);
	g_string_free(s, TRUE);
}

static bool write_font(const struct pdffonts *f, int id, struct diag *d)
{
	const struct pdffont *font = g_ptr_array_index(f->fonts, id);
	char *postscript = postscript_name(font->face);
	hb_blob_t *blob = subset(font);
	if (!blob) {
		diag_set(d, NULL, 0, 0, "cannot subset the font %s for the PDF", postscript);
		g_free(postscript);
		return false;
	}
	char *name = subset_name(font, postscript);
	struct font_objects o = {
	    .cidfont = pdfw_reserve(f->w),
	    .descriptor = pdfw_reserve(f->w),
	    .file = pdfw_reserve(f->w),
	    .tounicode = pdfw_reserve(f->w),
	};
	write_type0(f->w, font, name, &o);
	write_cidfont(f, id, name, &o);
	write_descriptor(f->w, font, name, &o);
	write_file(f->w, blob, o.file);
	write_tounicode(f->w, font, o.tounicode);
	hb_blob_destroy(blob);
	g_free(name);
	g_free(postscript);
	return true;
}

bool pdffonts_finish(struct pdffonts *f, struct diag *d)
{
	for (guint id = 0; id < f->fonts->len; id++) {
		if (!write_font(f, (int)id, d))
			return false;
	}
	return true;
}
