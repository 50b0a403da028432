#include "pdfobj.h"

#include <libdeflate.h>
#include <math.h>
#include <nettle/md5.h>
#include <string.h>

#include "value.h"

/* Compression level for streams: libdeflate's 6 is where size stops paying for time on
 * fonts and page content (bench/pngenc.c measured the same curve on pixels). */
#define PDFOBJ_DEFLATE_LEVEL 6

/* Numbers are written no larger than this: far past any page, well inside what readers take. */
#define PDFOBJ_MAX_NUMBER 1e9

/* Where each object went: in the file at an offset, or in the object stream at an index. */
struct xref_entry {
	enum { XREF_FREE, XREF_AT, XREF_PACKED } kind;
	size_t where; /* byte offset (XREF_AT) or index in the object stream (XREF_PACKED) */
};

struct pdfw {
	GByteArray *file;     /* the file so far: header and stream objects */
	GArray *xref;         /* struct xref_entry, indexed by object number */
	GString *packed;      /* the object stream's objects, one after the other */
	GString *packed_head; /* its "num offset" pairs */
	size_t n_packed;
	struct libdeflate_compressor *deflate;
	GByteArray *scratch;  /* compressed data on its way into `file` */
};

struct pdfw *pdfw_create(void)
{
	struct pdfw *w = g_new0(struct pdfw, 1);
	w->file = g_byte_array_sized_new(64 * 1024);
	w->xref = g_array_new(FALSE, TRUE, sizeof(struct xref_entry));
	g_array_set_size(w->xref, 1); /* object 0 is always free */
	w->packed = g_string_sized_new(16 * 1024);
	w->packed_head = g_string_sized_new(1024);
	w->deflate = libdeflate_alloc_compressor(PDFOBJ_DEFLATE_LEVEL);
	w->scratch = g_byte_array_new();
	/* The binary comment tells transfer programs the file is not text. */
	static const char header[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
	g_byte_array_append(w->file, (const guint8 *)header, sizeof header - 1);
	return w;
}

void pdfw_destroy(struct pdfw *w)
{
	if (!w)
		return;
	g_byte_array_unref(w->file);
	g_array_free(w->xref, TRUE);
	g_string_free(w->packed, TRUE);
	g_string_free(w->packed_head, TRUE);
	libdeflate_free_compressor(w->deflate);
	g_byte_array_unref(w->scratch);
	g_free(w);
}

int pdfw_reserve(struct pdfw *w)
{
	g_array_set_size(w->xref, w->xref->len + 1);
	return (int)w->xref->len - 1;
}

static struct xref_entry *entry(struct pdfw *w, int num)
{
	g_assert(num > 0 && (guint)num < w->xref->len);
	struct xref_entry *e = &g_array_index(w->xref, struct xref_entry, num);
	g_assert(e->kind == XREF_FREE); /* each object is written once */
	return e;
}

void pdfw_object(struct pdfw *w, int num, const char *syntax, size_t len)
{
	struct xref_entry *e = entry(w, num);
	e->kind = XREF_PACKED;
	e->where = w->n_packed++;
	g_string_append_printf(w->packed_head, "%d %zu ", num, w->packed->len);
	g_string_append_len(w->packed, syntax, (gssize)len);
	g_string_append_c(w->packed, '\n');
}

static void append_text(GByteArray *b, const char *text)
{
	g_byte_array_append(b, (const guint8 *)text, (guint)strlen(text));
}

/* Compresses `data` into w->scratch. */
static void deflate_into_scratch(struct pdfw *w, const void *data, size_t len)
{
	size_t bound = libdeflate_zlib_compress_bound(w->deflate, len);
	g_byte_array_set_size(w->scratch, (guint)bound);
	size_t n = libdeflate_zlib_compress(w->deflate, data, len, w->scratch->data, bound);
	g_assert(n > 0); /* the bound is always enough */
	g_byte_array_set_size(w->scratch, (guint)n);
}

void pdfw_stream(struct pdfw *w, int num, const char *entries, const void *data, size_t len,
		 enum pdfw_encoding encoding)
{
	struct xref_entry *e = entry(w, num);
	e->kind = XREF_AT;
	e->where = w->file->len;
	if (encoding == PDFW_DEFLATE) {
		deflate_into_scratch(w, data, len);
		data = w->scratch->data;
		len = w->scratch->len;
	}
	char *head = g_strdup_printf("%d 0 obj\n<< %s%s/Length %zu >>\nstream\n", num, entries,
				     encoding == PDFW_DEFLATE ? " /Filter /FlateDecode " : " ", len);
	append_text(w->file, head);
	g_free(head);
	g_byte_array_append(w->file, data, (guint)len);
	append_text(w->file, "\nendstream\nendobj\n");
}

/* The object stream: every packed object, compressed together. */
static void write_object_stream(struct pdfw *w)
{
	if (w->n_packed == 0)
		return;
	int num = pdfw_reserve(w);
	GString *body = g_string_sized_new(w->packed_head->len + w->packed->len);
	g_string_append_len(body, w->packed_head->str, (gssize)w->packed_head->len);
	size_t first = body->len;
	g_string_append_len(body, w->packed->str, (gssize)w->packed->len);
	char *entries = g_strdup_printf("/Type /ObjStm /N %zu /First %zu", w->n_packed, first);
	pdfw_stream(w, num, entries, body->str, body->len, PDFW_DEFLATE);
	g_free(entries);
	g_string_free(body, TRUE);
	/* The packed entries point into this stream, now that it has a number. */
	for (guint i = 1; i < w->xref->len; i++) {
		struct xref_entry *e = &g_array_index(w->xref, struct xref_entry, i);
		if (e->kind == XREF_PACKED)
			e->where = ((size_t)num << 16) | e->where;
	}
}

/* Big-endian, `n` bytes. */
static void put_be(guint8 *p, size_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (guint8)(v & 0xff);
}

/* The cross-reference stream's rows: type (1 byte), offset or object stream (4), generation
 * or index (2). The object stream's number and the index share `where` (see above). */
static GByteArray *xref_rows(struct pdfw *w, int self, size_t self_offset)
{
	GByteArray *rows = g_byte_array_sized_new(w->xref->len * 7);
	g_byte_array_set_size(rows, w->xref->len * 7);
	for (guint i = 0; i < w->xref->len; i++) {
		guint8 *row = rows->data + i * 7;
		const struct xref_entry *e = &g_array_index(w->xref, struct xref_entry, i);
		if (i == (guint)self) {
			row[0] = 1, put_be(row + 1, self_offset, 4), put_be(row + 5, 0, 2);
		} else if (e->kind == XREF_AT) {
			row[0] = 1, put_be(row + 1, e->where, 4), put_be(row + 5, 0, 2);
		} else if (e->kind == XREF_PACKED) {
			row[0] = 2, put_be(row + 1, e->where >> 16, 4);
			put_be(row + 5, e->where & 0xffff, 2);
		} else {
			g_assert(i == 0); /* every reserved number was written */
			row[0] = 0, put_be(row + 1, 0, 4), put_be(row + 5, 0xffff, 2);
		}
	}
	return rows;
}

void pdfw_finish(struct pdfw *w, int root, int info, GByteArray *out)
{
	/* An object stream holds at most 65536 objects here (2 bytes of index). */
	g_assert(w->n_packed <= 0xffff);
	write_object_stream(w);
	/* The /ID: the MD5 of everything before the cross-reference stream, so the same
	 * document gets the same /ID and any change gets another. */
	struct md5_ctx md5;
	guint8 digest[MD5_DIGEST_SIZE];
	md5_init(&md5);
	md5_update(&md5, w->file->len, w->file->data);
	md5_digest(&md5, sizeof digest, digest);
	GString *id = g_string_new("<");
	for (size_t i = 0; i < sizeof digest; i++)
		g_string_append_printf(id, "%02x", digest[i]);
	g_string_append_c(id, '>');

	int self = pdfw_reserve(w);
	size_t offset = w->file->len;
	GByteArray *rows = xref_rows(w, self, offset);
	GString *entries = g_string_new(NULL);
	g_string_append_printf(entries, "/Type /XRef /Size %u /W [1 4 2] /Root %d 0 R",
			       w->xref->len, root);
	if (info > 0)
		g_string_append_printf(entries, " /Info %d 0 R", info);
	g_string_append_printf(entries, " /ID [%s %s]", id->str, id->str);
	pdfw_stream(w, self, entries->str, rows->data, rows->len, PDFW_DEFLATE);
	char *tail = g_strdup_printf("startxref\n%zu\n%%%%EOF\n", offset);
	append_text(w->file, tail);
	g_free(tail);
	g_byte_array_append(out, w->file->data, w->file->len);
	g_byte_array_unref(rows);
	g_string_free(entries, TRUE);
	g_string_free(id, TRUE);
}

/* --- Pieces of PDF ----------------------------------------------------------------------- */

struct frag_ref {
	size_t at;  /* byte position in the object's syntax */
	int target; /* index of the object referred to */
};

struct frag_obj {
	GString *syntax;
	GArray *refs;   /* struct frag_ref, in order of `at` */
	GBytes *stream; /* NULL: not a stream */
};

struct pdffrag {
	GPtrArray *objs; /* struct frag_obj * */
};

static void frag_obj_free(gpointer p)
{
	struct frag_obj *o = p;
	g_string_free(o->syntax, TRUE);
	g_array_free(o->refs, TRUE);
	if (o->stream)
		g_bytes_unref(o->stream);
	g_free(o);
}

struct pdffrag *pdffrag_create(void)
{
	struct pdffrag *f = g_new0(struct pdffrag, 1);
	f->objs = g_ptr_array_new_with_free_func(frag_obj_free);
	return f;
}

void pdffrag_destroy(struct pdffrag *f)
{
	if (!f)
		return;
	g_ptr_array_free(f->objs, TRUE);
	g_free(f);
}

int pdffrag_add(struct pdffrag *f)
{
	struct frag_obj *o = g_new0(struct frag_obj, 1);
	o->syntax = g_string_new(NULL);
	o->refs = g_array_new(FALSE, FALSE, sizeof(struct frag_ref));
	g_ptr_array_add(f->objs, o);
	return (int)f->objs->len - 1;
}

static struct frag_obj *frag_obj(const struct pdffrag *f, int index)
{
	g_assert(index >= 0 && (guint)index < f->objs->len);
	return g_ptr_array_index(f->objs, index);
}

GString *pdffrag_syntax(struct pdffrag *f, int index)
{
	return frag_obj(f, index)->syntax;
}

void pdffrag_ref(struct pdffrag *f, int index, int target)
{
	struct frag_obj *o = frag_obj(f, index);
	struct frag_ref r = {o->syntax->len, target};
	g_array_append_val(o->refs, r);
}

void pdffrag_set_stream(struct pdffrag *f, int index, const void *data, size_t len)
{
	struct frag_obj *o = frag_obj(f, index);
	if (o->stream)
		g_bytes_unref(o->stream);
	o->stream = g_bytes_new(data, len);
}

/* The object's syntax with each reference written as "N 0 R" under the numbers given. */
static GString *resolve(const struct frag_obj *o, int base)
{
	GString *s = g_string_sized_new(o->syntax->len + o->refs->len * 8);
	size_t from = 0;
	for (guint i = 0; i < o->refs->len; i++) {
		const struct frag_ref *r = &g_array_index(o->refs, struct frag_ref, i);
		g_string_append_len(s, o->syntax->str + from, (gssize)(r->at - from));
		if (r->at > 0 && !g_ascii_isspace(o->syntax->str[r->at - 1]) &&
		    !strchr("[<(/", o->syntax->str[r->at - 1]))
			g_string_append_c(s, ' ');
		pdf_ref(s, base + r->target);
		g_string_append_c(s, ' ');
		from = r->at;
	}
	g_string_append_len(s, o->syntax->str + from, (gssize)(o->syntax->len - from));
	return s;
}

int pdfw_fragment(struct pdfw *w, const struct pdffrag *f)
{
	g_assert(f->objs->len > 0);
	int base = pdfw_reserve(w);
	for (guint i = 1; i < f->objs->len; i++)
		pdfw_reserve(w);
	for (guint i = 0; i < f->objs->len; i++) {
		const struct frag_obj *o = g_ptr_array_index(f->objs, i);
		GString *s = resolve(o, base);
		if (o->stream) {
			gsize len;
			const void *data = g_bytes_get_data(o->stream, &len);
			pdfw_stream(w, base + (int)i, s->str, data, len, PDFW_ENCODED);
		} else {
			pdfw_object(w, base + (int)i, s->str, s->len);
		}
		g_string_free(s, TRUE);
	}
	return base;
}

/* --- Syntax ------------------------------------------------------------------------------ */

void pdf_num_digits(GString *s, double v, int decimals)
{
	/* PDF has no infinities, and readers take integers to 2^31 at most: callers check
	 * their geometry before, this only keeps the numbers in range. */
	if (!isfinite(v))
		v = 0;
	value_append_decimal(s, fmax(-PDFOBJ_MAX_NUMBER, fmin(PDFOBJ_MAX_NUMBER, v)), decimals);
}

void pdf_num(GString *s, double v)
{
	pdf_num_digits(s, v, 3);
}

void pdf_ref(GString *s, int num)
{
	g_string_append_printf(s, "%d 0 R", num);
}

/* PDF's delimiters and white space may not stand in a name unescaped. */
static bool is_regular(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("#()<>[]{}/%", c);
}

void pdf_name(GString *s, const char *name)
{
	g_string_append_c(s, '/');
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (is_regular(*p))
			g_string_append_c(s, (char)*p);
		else
			g_string_append_printf(s, "#%02X", *p);
	}
}

static bool is_printable_ascii(const char *utf8)
{
	for (const unsigned char *p = (const unsigned char *)utf8; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return true;
}

static void put_utf16_unit(GString *s, unsigned unit)
{
	static const char hex[] = "0123456789ABCDEF";
	g_string_append_c(s, hex[(unit >> 12) & 15]);
	g_string_append_c(s, hex[(unit >> 8) & 15]);
	g_string_append_c(s, hex[(unit >> 4) & 15]);
	g_string_append_c(s, hex[unit & 15]);
}

void pdf_text(GString *s, const char *utf8)
{
	if (is_printable_ascii(utf8)) {
		g_string_append_c(s, '(');
		for (const char *p = utf8; *p; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				g_string_append_c(s, '\\');
			g_string_append_c(s, *p);
		}
		g_string_append_c(s, ')');
		return;
	}
	g_string_append(s, "<FEFF");
	const char *end = utf8 + strlen(utf8);
	for (const char *p = utf8; p < end;) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			c = 0xfffd;
			p++;
		} else {
			p = g_utf8_next_char(p);
		}
		if (c >= 0x10000) {
			put_utf16_unit(s, 0xd800 + ((c - 0x10000) >> 10));
			put_utf16_unit(s, 0xdc00 + ((c - 0x10000) & 0x3ff));
		} else {
			put_utf16_unit(s, c);
		}
	}
	g_string_append_c(s, '>');
}
