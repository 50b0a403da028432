/* pdfobj: the bytes of a PDF file, written in one pass. Numbered objects; streams compressed
 * with libdeflate; every object that is not a stream packed into one compressed object
 * stream; a cross-reference stream; an /ID made from the file's own bytes, so that the same
 * document always gives the same file. Knows PDF syntax, nothing about pages: pdfdoc builds
 * the document on it.
 *
 * Also here: pieces of PDF that can be copied into any document (struct pdffrag, e.g. a logo
 * made once and placed in a thousand editions), and the formatting of numbers, names and
 * text strings, which never depends on the locale. */
#ifndef TIPSHEET_PDFOBJ_H
#define TIPSHEET_PDFOBJ_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

struct pdfw;

/* A new, empty file. Free with pdfw_destroy (NULL is fine). */
struct pdfw *pdfw_create(void);
void pdfw_destroy(struct pdfw *w);

/* The next object number (1, 2, ...), for an object written later with pdfw_object or
 * pdfw_stream. Every number handed out must be written before pdfw_finish. */
int pdfw_reserve(struct pdfw *w);

/* Writes object `num`: `syntax` is its value ("<< /Type /Page ... >>", "[1 2 3]"). It goes
 * into the object stream. */
void pdfw_object(struct pdfw *w, int num, const char *syntax, size_t len);

enum pdfw_encoding {
	PDFW_DEFLATE, /* compress `data` (Flate); adds /Filter /FlateDecode */
	PDFW_ENCODED, /* `data` is encoded already; `entries` names its /Filter */
};

/* Writes stream object `num`: `entries` are its dictionary's entries other than /Length
 * (and /Filter, with PDFW_DEFLATE), without the << >>: e.g. "/Type /XObject /Subtype /Form". */
void pdfw_stream(struct pdfw *w, int num, const char *entries, const void *data, size_t len,
		 enum pdfw_encoding encoding);

/* Ends the file and appends it to `out`: the object stream, the cross-reference stream with
 * the trailer (/Root `root`, /Info `info` unless 0, /ID) and the end marker. `w` can only be
 * destroyed afterwards. */
void pdfw_finish(struct pdfw *w, int root, int info, GByteArray *out);

/* --- Pieces of PDF ----------------------------------------------------------------------- */

/* Objects that refer to each other by index, to be copied into any number of documents,
 * each copy with object numbers of its own. Object 0 is the one the document refers to. */
struct pdffrag;

struct pdffrag *pdffrag_create(void);
void pdffrag_destroy(struct pdffrag *f);

/* Adds an object and returns its index (0, 1, ...). */
int pdffrag_add(struct pdffrag *f);

/* The syntax of object `index`, to append to: a value, or a stream's dictionary entries as
 * pdfw_stream takes them (its /Filter included: stream data is kept encoded). */
GString *pdffrag_syntax(struct pdffrag *f, int index);

/* Appends to object `index`'s syntax a reference to object `target` ("N 0 R" once copied). */
void pdffrag_ref(struct pdffrag *f, int index, int target);

/* Makes object `index` a stream with these encoded bytes (copied). */
void pdffrag_set_stream(struct pdffrag *f, int index, const void *data, size_t len);

/* Copies every object of `f` into `w` under new numbers; returns the number of object 0. */
int pdfw_fragment(struct pdfw *w, const struct pdffrag *f);

/* --- Syntax ------------------------------------------------------------------------------ */

/* A number with at most three decimals and no trailing zeros ("12.5", "-3", "0.072"). */
void pdf_num(GString *s, double v);

/* The same with at most `decimals` (0-6) decimals: for scale factors, where a thousandth
 * can be a few percent of the result. */
void pdf_num_digits(GString *s, double v, int decimals);

/* "N 0 R" */
void pdf_ref(GString *s, int num);

/* A name: "/" and `name`, with '#' escapes for anything outside the regular characters. */
void pdf_name(GString *s, const char *name);

/* A text string from UTF-8: "(...)" when it is printable ASCII, else UTF-16BE with a byte
 * order mark, in hex ("<FEFF...>"). Invalid UTF-8 is written as U+FFFD. */
void pdf_text(GString *s, const char *utf8);

#endif
