/* finish: the PDF finishing stage. Each test draws a small tagged PDF with cairo, finishes
 * it, and reads the result back with real tools: qpdf, pdfinfo, and pypdf under Debian's
 * /usr/bin/python3 (the python3 on PATH may lack it). A missing tool skips its checks with
 * a message on stderr. */
#include <cairo-pdf.h>
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "finish.h"
#include "suites.h"

Suite *finish_suite(void); /* also in suites.h once the runner lists it */

#define PAGE_W 200.0
#define PAGE_H 300.0
#define PYTHON "/usr/bin/python3"

/* One checkbox on page 1, one text field on page 2, as a factsheet would have them. */
static const struct finish_field sample_fields[] = {
    {.kind = FINISH_CHECKBOX,
     .name = "stap-1",
     .label = "Stap 1 gedaan",
     .page = 0,
     .x = 20,
     .y = 120,
     .w = 14,
     .h = 14,
     .colour = {0, 0.4, 0.2}},
    {.kind = FINISH_TEXT,
     .name = "naam",
     .label = "Jouw naam",
     .page = 1,
     .x = 20,
     .y = 200,
     .w = 120,
     .h = 16},
};

/* Non-ASCII on purpose: /Alt must be a text string (UTF-16 when PDFDocEncoding won't do). */
static const char *const sample_alts[] = {"Een groen vierkant", "Logo van İzmir, ıslak €"};

static struct finish_request sample_request(void)
{
	return (struct finish_request){
	    .name = "sample.pdf",
	    .lang = "nl",
	    .display_doc_title = true,
	    .fields = sample_fields,
	    .n_fields = G_N_ELEMENTS(sample_fields),
	    .figure_alts = sample_alts,
	    .n_figure_alts = G_N_ELEMENTS(sample_alts),
	    .page_labels = true,
	    .deterministic_id = true,
	    .object_streams = true,
	};
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* What the sample PDF holds: a background and Form tags (with a drawn box) at `fields`,
 * both decoration drawn as render draws it (inside Private elements, which the finishing
 * stage makes artifacts), `n_figures` figures (the first on page 1, the rest on page 2), a
 * P on each page and a link on page 1. */
struct sample {
	const struct finish_field *fields;
	size_t n_fields;
	size_t n_figures;
	double margin; /* pages grown by this much on each side, the drawing moved in */
	bool untagged; /* no tags at all */
	/* Page 1's P holds a Span and a decorative rule (a Private element) beside it. */
	bool nested_decoration;
};

static void tag_begin(cairo_t *cr, const struct sample *s, const char *tag, const char *attrs)
{
	if (!s->untagged)
		cairo_tag_begin(cr, tag, attrs);
}

static void tag_end(cairo_t *cr, const struct sample *s, const char *tag)
{
	if (!s->untagged)
		cairo_tag_end(cr, tag);
}

static void draw_figure(cairo_t *cr, const struct sample *s, double y)
{
	tag_begin(cr, s, "Figure", "");
	cairo_set_source_rgb(cr, 0, 0.5, 0.3);
	cairo_rectangle(cr, 100, y, 50, 50);
	cairo_fill(cr);
	tag_end(cr, s, "Figure");
}

/* A box where the field goes (decoration), then the empty Form element finish_pdf joins
 * the field to. */
static void draw_fields(cairo_t *cr, const struct sample *s, int page)
{
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct finish_field *f = &s->fields[i];
		if (f->page != page)
			continue;
		tag_begin(cr, s, "Private", "");
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_set_line_width(cr, 1);
		cairo_rectangle(cr, f->x + 0.5, f->y + 0.5, f->w - 1, f->h - 1);
		cairo_stroke(cr);
		tag_end(cr, s, "Private");
		tag_begin(cr, s, "Form", "");
		tag_end(cr, s, "Form");
	}
}

/* The P: a grey bar standing for text, and for `nested_decoration` a rule beside it. */
static void draw_paragraph(cairo_t *cr, const struct sample *s, int page)
{
	bool nested = s->nested_decoration && page == 0;
	tag_begin(cr, s, "P", "");
	if (nested)
		tag_begin(cr, s, "Span", "");
	cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
	cairo_rectangle(cr, 20, 20, 160, 10);
	cairo_fill(cr);
	if (nested) {
		tag_end(cr, s, "Span");
		tag_begin(cr, s, "Private", "");
		cairo_rectangle(cr, 20, 32, 160, 1);
		cairo_fill(cr);
		tag_end(cr, s, "Private");
	}
	tag_end(cr, s, "P");
}

static void draw_page(cairo_t *cr, const struct sample *s, int page)
{
	/* A background, 1 pt short of the page's edges: an opaque paint (or fill) of the whole
	 * page makes cairo 1.16 drop what the page recorded so far, tags included, and the
	 * surface then fails with CAIRO_STATUS_TAG_ERROR. */
	tag_begin(cr, s, "Private", "");
	cairo_set_source_rgb(cr, 1, 0.95, 0.9);
	cairo_rectangle(cr, 1, 1, PAGE_W - 2, PAGE_H - 2);
	cairo_fill(cr);
	tag_end(cr, s, "Private");
	draw_paragraph(cr, s, page);
	if (page == 0 && s->n_figures > 0)
		draw_figure(cr, s, 60);
	draw_fields(cr, s, page);
	for (size_t i = 1; page == 1 && i < s->n_figures; i++)
		draw_figure(cr, s, 60 * (double)i);
	if (page == 0) {
		tag_begin(cr, s, CAIRO_TAG_LINK, "uri='https://example.org/'");
		cairo_rectangle(cr, 20, 250, 60, 10);
		cairo_fill(cr);
		tag_end(cr, s, CAIRO_TAG_LINK);
	}
}

/* The sample as cairo writes it: two pages of PAGE_W × PAGE_H (plus margins). The caller
 * frees it with g_byte_array_unref. */
static GByteArray *draw_sample(const struct sample *s)
{
	GByteArray *bytes = g_byte_array_new();
	cairo_surface_t *surface =
	    cairo_pdf_surface_create_for_stream(append_bytes, bytes, PAGE_W + 2 * s->margin,
						PAGE_H + 2 * s->margin);
	/* Fixed dates: cairo's output is then the same on every run. */
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Proef");
	/* Written by cairo into the Info dictionary; the finishing stage must keep it. */
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS,
				       "zij-instromer, primair onderwijs, één");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
				       "2026-01-01T00:00:00Z");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE,
				       "2026-01-01T00:00:00Z");
	cairo_t *cr = cairo_create(surface);
	/* cairo 1.16 writes /MarkInfo only when Document is the first tag. */
	tag_begin(cr, s, "Document", "");
	for (int page = 0; page < 2; page++) {
		cairo_save(cr);
		cairo_translate(cr, s->margin, s->margin);
		draw_page(cr, s, page);
		cairo_restore(cr);
		if (page == 1)
			tag_end(cr, s, "Document");
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	ck_assert_int_eq(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(surface);
	return bytes;
}

static GByteArray *draw_standard_sample(void)
{
	struct sample s = {.fields = sample_fields,
			   .n_fields = G_N_ELEMENTS(sample_fields),
			   .n_figures = G_N_ELEMENTS(sample_alts)};
	return draw_sample(&s);
}

/* finish_pdf, which must succeed. Caller g_frees the result. */
static unsigned char *finish_ok(const GByteArray *in, const struct finish_request *req, size_t *len)
{
	unsigned char *out = NULL;
	struct diag d = {0};
	bool ok = finish_pdf(in->data, in->len, req, &out, len, &d);
	char *msg = ok ? NULL : diag_format(&d);
	ck_assert_msg(ok, "finish_pdf(%s) failed: %s", req->name, msg);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_gt(*len, 0);
	diag_finish(&d);
	return out;
}

/* finish_pdf, which must fail with exactly `expected` and leave its outputs untouched. */
static void finish_fails(const unsigned char *in, size_t in_len, const struct finish_request *req,
			 const char *what, const char *expected)
{
	static unsigned char sentinel;
	unsigned char *out = &sentinel;
	size_t len = 12345;
	struct diag d = {0};
	bool ok = finish_pdf(in, in_len, req, &out, &len, &d);
	if (ok && out != &sentinel)
		g_free(out);
	ck_assert_msg(!ok, "%s: finish_pdf succeeded, expected \"%s\"", what, expected);
	ck_assert_msg(out == &sentinel && len == 12345, "%s: outputs written on failure", what);
	char *msg = diag_format(&d);
	ck_assert_msg(!strcmp(msg, expected), "%s:\n  expected \"%s\"\n  got      \"%s\"", what,
		      expected, msg);
	g_free(msg);
	diag_finish(&d);
}

/* The PDF written to a temporary file, for the tools. Caller unlinks and g_frees. */
static char *write_temp(const unsigned char *data, size_t len)
{
	char *path = NULL;
	GError *err = NULL;
	int fd = g_file_open_tmp("tipsheet-finish-XXXXXX.pdf", &path, &err);
	ck_assert_msg(fd >= 0, "cannot make a temporary file: %s", err ? err->message : "?");
	close(fd);
	bool ok = g_file_set_contents(path, (const char *)data, (gssize)len, &err);
	ck_assert_msg(ok, "cannot write %s: %s", path, err ? err->message : "?");
	return path;
}

static void remove_temp(char *path)
{
	g_unlink(path);
	g_free(path);
}

/* Runs argv (argv[0] looked up in PATH). Returns standard output (caller g_frees); sets
 * *code to the exit status (-1 if it did not exit) and *err to standard error (g_free). */
static char *run_tool(const char *const *argv, int *code, char **err)
{
	char *out = NULL;
	int status = 0;
	GError *e = NULL;
	bool ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
			       err, &status, &e);
	ck_assert_msg(ok, "cannot run %s: %s", argv[0], e ? e->message : "?");
	*code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return out;
}

/* run_tool, failing the test unless the tool exits 0. Caller g_frees the output. */
static char *run_ok(const char *const *argv)
{
	int code;
	char *err = NULL;
	char *out = run_tool(argv, &code, &err);
	ck_assert_msg(code == 0, "%s exited with %d:\n%s%s", argv[0], code, out, err);
	g_free(err);
	return out;
}

static bool have_program(const char *program, const char *test)
{
	char *path = g_find_program_in_path(program);
	bool found = path != NULL;
	if (!found)
		fprintf(stderr, "%s: skipped, %s is not installed\n", test, program);
	g_free(path);
	return found;
}

static bool have_pypdf(const char *test)
{
	if (!g_file_test(PYTHON, G_FILE_TEST_IS_EXECUTABLE)) {
		fprintf(stderr, "%s: skipped, %s is not installed\n", test, PYTHON);
		return false;
	}
	const char *argv[] = {PYTHON, "-I", "-c", "import pypdf", NULL};
	int code;
	char *err = NULL;
	g_free(run_tool(argv, &code, &err));
	g_free(err);
	if (code != 0)
		fprintf(stderr, "%s: skipped, pypdf (python3-pypdf) is not installed\n", test);
	return code == 0;
}

static void assert_contains(const char *text, const char *part, const char *what)
{
	/* Check cannot pass a long message back from the test process: show the start only. */
	ck_assert_msg(strstr(text, part), "%s: expected \"%s\" in:\n%.1500s", what, part, text);
}

/* Prints what a reader of the file sees: catalog, structure tree (with each /OBJR and
 * whether the ParentTree leads back from the annotation to its element), and each page's
 * annotations and fields. Run with -I, so that no file in the working folder shadows a
 * module. */
static const char inspect_py[] =
    "import sys\n"
    "from pypdf import PdfReader\n"
    "from pypdf.generic import IndirectObject\n"
    "sys.stdout.reconfigure(encoding='utf-8')\n"
    "r = PdfReader(sys.argv[1])\n"
    "root = r.trailer['/Root']\n"
    "vp = root.get('/ViewerPreferences', {})\n"
    "print('lang', root.get('/Lang'), 'title', vp.get('/DisplayDocTitle'),\n"
    "      'marked', root['/MarkInfo']['/Marked'])\n"
    "tree = root['/StructTreeRoot']\n"
    "nums = tree['/ParentTree']['/Nums']\n"
    "keys = [int(nums[i]) for i in range(0, len(nums), 2)]\n"
    "parent = dict(zip(keys, [nums[i] for i in range(1, len(nums), 2)]))\n"
    "print('keys sorted', keys == sorted(keys), 'next', tree.get('/ParentTreeNextKey'),\n"
    "      'max', max(keys))\n"
    "def walk(ref, depth):\n"
    "    if isinstance(ref, list):\n"
    "        for k in ref:\n"
    "            walk(k, depth)\n"
    "        return\n"
    "    node = ref.get_object() if ref is not None else None\n"
    "    if not hasattr(node, 'keys') or '/S' not in node:\n"
    "        return\n"
    "    line = '  ' * depth + node['/S'][1:]\n"
    "    if '/Alt' in node:\n"
    "        line += ' alt=' + node['/Alt']\n"
    "    kids = node.get('/K')\n"
    "    for k in (kids if isinstance(kids, list) else [kids]):\n"
    "        k = k.get_object() if k is not None else None\n"
    "        if hasattr(k, 'keys') and k.get('/Type') == '/OBJR':\n"
    "            w = k['/Obj'].get_object()\n"
    "            back = parent.get(w.get('/StructParent'))\n"
    "            ok = isinstance(ref, IndirectObject) and back is not None \\\n"
    "                and back.idnum == ref.idnum\n"
    "            line += ' objr=' + w.get('/T', w['/Subtype'])\n"
    "            line += '' if ok else ' (NOT IN THE PARENTTREE)'\n"
    "    print(line)\n"
    "    walk(kids, depth + 1)\n"
    "walk(tree['/K'], 0)\n"
    "fields = [f.get_object() for f in root.get('/AcroForm', {}).get('/Fields', [])]\n"
    "for i, page in enumerate(r.pages):\n"
    "    annots = [a.get_object() for a in page.get('/Annots', [])]\n"
    "    print('page', i + 1, 'tabs', page.get('/Tabs'), 'annots',\n"
    "          ' '.join(a['/Subtype'][1:] for a in annots))\n"
    "    for a in (a for a in annots if a['/Subtype'] == '/Widget'):\n"
    "        n = a['/AP']['/N']\n"
    "        n = ' '.join(sorted(n.keys())) if '/Yes' in n else 'stream'\n"
    "        print(' ', a['/T'], a['/FT'], 'rect', ' '.join('%g' % v for v in a['/Rect']),\n"
    "              'tu', a['/TU'], 'F', a['/F'], 'V', a.get('/V'), 'AS', a.get('/AS'),\n"
    "              'N', n, 'D', '/D' in a['/AP'], 'field', a in fields)\n";

/* Ticks the checkbox and types in the text field (pypdf's own way for text; /V and /AS by
 * hand for the box, since pypdf 3.4 writes a checkbox's /V as a string), writes the copy,
 * reads it back and prints every field's value. */
static const char fill_py[] =
    "import sys\n"
    "from pypdf import PdfReader, PdfWriter\n"
    "from pypdf.generic import NameObject\n"
    "w = PdfWriter()\n"
    "w.clone_reader_document_root(PdfReader(sys.argv[1]))\n"
    "for page in w.pages:\n"
    "    for a in page.get('/Annots', []):\n"
    "        a = a.get_object()\n"
    "        if a.get('/T') == 'stap-1':\n"
    "            a[NameObject('/V')] = NameObject('/Yes')\n"
    "            a[NameObject('/AS')] = NameObject('/Yes')\n"
    "w.update_page_form_field_values(w.pages[1], {'naam': 'Jan'})\n"
    "with open(sys.argv[2], 'wb') as f:\n"
    "    w.write(f)\n"
    "fields = PdfReader(sys.argv[2]).get_fields()\n"
    "print(' '.join('%s=%s' % (k, fields[k].get('/V')) for k in sorted(fields)))\n";

/* inspect_py's report on `data`. Caller g_frees. */
static char *inspect(const unsigned char *data, size_t len)
{
	char *path = write_temp(data, len);
	const char *argv[] = {PYTHON, "-I", "-c", inspect_py, path, NULL};
	char *out = run_ok(argv);
	remove_temp(path);
	return out;
}

static void assert_text_eq(const char *got, const char *expected, const char *what)
{
	ck_assert_msg(!strcmp(got, expected), "%s:\n--- expected\n%s--- got\n%s", what, expected,
		      got);
}

/* Checks marked content against the structure tree, as an accessibility checker would:
 * counts the artifact sequences, the painting operators outside any marked content
 * (neither content nor artifact: PDF/UA rejects them) and the Private elements left in
 * the tree; then prints each inconsistency: a tagged sequence inside an artifact, an MCID
 * in the content whose ParentTree slot is empty or names an element that does not hold
 * it, a non-null slot with no content or whose element does not hold that MCID, and an
 * element's MCID that the ParentTree does not lead back from. */
static const char artifacts_py[] =
    "import sys\n"
    "from pypdf import PdfReader\n"
    "from pypdf.generic import ContentStream, IndirectObject, NullObject\n"
    "r = PdfReader(sys.argv[1])\n"
    "tree = r.trailer['/Root']['/StructTreeRoot']\n"
    "nums = tree['/ParentTree']['/Nums']\n"
    "parent = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}\n"
    "def obj(x):\n"
    "    x = x.get_object() if x is not None else None\n"
    "    return None if isinstance(x, NullObject) else x\n"
    "def mcids(e):\n"
    "    k = e.get('/K')\n"
    "    out = []\n"
    "    for x in (k if isinstance(k, list) else [k]):\n"
    "        if isinstance(x, int):\n"
    "            out.append(int(x))\n"
    "        elif hasattr(obj(x), 'keys') and obj(x).get('/Type') == '/MCR':\n"
    "            out.append(int(obj(x)['/MCID']))\n"
    "    return out\n"
    "problems, private = [], 0\n"
    "def walk(ref):\n"
    "    global private\n"
    "    for x in (ref if isinstance(ref, list) else [ref]):\n"
    "        e = obj(x)\n"
    "        if not hasattr(e, 'keys') or '/S' not in e:\n"
    "            continue\n"
    "        private += e['/S'] == '/Private'\n"
    "        for m in mcids(e):\n"
    "            slots = parent.get(e['/Pg'].get_object().get('/StructParents'), [])\n"
    "            back = slots[m] if m < len(slots) else None\n"
    "            if not isinstance(x, IndirectObject) or not isinstance(back, IndirectObject)\\\n"
    "                    or back.idnum != x.idnum:\n"
    "                problems.append('%s MCID %d: not in the ParentTree' % (e['/S'], m))\n"
    "        walk(e.get('/K'))\n"
    "walk(tree['/K'])\n"
    "paint = {b'f', b'F', b'f*', b'B', b'B*', b'b', b'b*', b'S', b's', b'Tj', b'TJ', b\"'\",\n"
    "         b'\"', b'Do', b'sh', b'INLINE IMAGE'}\n"
    "artifacts = unmarked = 0\n"
    "for i, page in enumerate(r.pages):\n"
    "    stack, seen = [], {}\n"
    "    for operands, op in ContentStream(page.get_contents(), r).operations:\n"
    "        if op in (b'BMC', b'BDC'):\n"
    "            if '/Artifact' in stack and op == b'BDC':\n"
    "                problems.append('page %d: BDC inside an artifact' % (i + 1))\n"
    "            stack.append(operands[0])\n"
    "            artifacts += op == b'BMC' and operands[0] == '/Artifact'\n"
    "            if op == b'BDC' and '/MCID' in operands[1]:\n"
    "                seen[int(operands[1]['/MCID'])] = operands[0]\n"
    "        elif op == b'EMC':\n"
    "            stack.pop()\n"
    "        elif op in paint and not stack:\n"
    "            unmarked += 1\n"
    "    slots = parent.get(page.get('/StructParents'), [])\n"
    "    for m, tag in sorted(seen.items()):\n"
    "        e = obj(slots[m]) if m < len(slots) else None\n"
    "        if e is None or e['/S'] != tag or m not in mcids(e):\n"
    "            problems.append('page %d: %s MCID %d: slot %s' % (i + 1, tag, m,\n"
    "                            e and e['/S']))\n"
    "    for m, e in enumerate(obj(e) for e in slots):\n"
    "        if e is not None and (m not in seen or m not in mcids(e)):\n"
    "            problems.append('page %d: slot %d: no such content' % (i + 1, m))\n"
    "print('artifacts', artifacts, 'unmarked', unmarked, 'private', private)\n"
    "for p in problems[:20]:\n"
    "    print(p)\n";

/* artifacts_py's report on `data`. Caller g_frees. */
static char *audit_artifacts(const unsigned char *data, size_t len)
{
	char *path = write_temp(data, len);
	const char *argv[] = {PYTHON, "-I", "-c", artifacts_py, path, NULL};
	char *out = run_ok(argv);
	remove_temp(path);
	return out;
}

/* A PDF written by hand, for content cairo never writes: the objects' texts, numbered
 * from 1 (object 1 the catalog), with a cross-reference table. Caller unrefs. */
static GByteArray *build_pdf(const char *const *objects, size_t n)
{
	GString *s = g_string_new("%PDF-1.7\n");
	GString *xref = g_string_new(NULL);
	g_string_append_printf(xref, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
	for (size_t i = 0; i < n; i++) {
		g_string_append_printf(xref, "%010zu 00000 n \n", s->len);
		g_string_append_printf(s, "%zu 0 obj\n%s\nendobj\n", i + 1, objects[i]);
	}
	size_t start = s->len;
	g_string_append(s, xref->str);
	g_string_append_printf(s, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
			       n + 1, start);
	g_string_free(xref, TRUE);
	GByteArray *bytes = g_byte_array_new();
	g_byte_array_append(bytes, (const guint8 *)s->str, (guint)s->len);
	g_string_free(s, TRUE);
	return bytes;
}

/* One page whose content is `content` (unfiltered), with a P element at MCID 0 and a
 * Private element at MCID 1 in the structure tree and the ParentTree. The Private element
 * is the one kid of a Div: /K is the element itself, not an array. */
static GByteArray *build_marked_pdf(const char *content)
{
	char *stream = g_strdup_printf("<< /Length %zu >>\nstream\n%s\nendstream", strlen(content),
				       content);
	const char *objects[] = {
	    "<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 5 0 R /MarkInfo << /Marked true >> >>",
	    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
	    "/Resources << /Font << /F1 9 0 R >> >> /StructParents 0 >>",
	    stream,
	    "<< /Type /StructTreeRoot /K [6 0 R 10 0 R] /ParentTree 8 0 R /ParentTreeNextKey 1 >>",
	    "<< /Type /StructElem /S /P /P 5 0 R /Pg 3 0 R /K 0 >>",
	    "<< /Type /StructElem /S /Private /P 10 0 R /Pg 3 0 R /K 1 >>",
	    "<< /Nums [0 [6 0 R 7 0 R]] >>",
	    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	    "<< /Type /StructElem /S /Div /P 5 0 R /K 7 0 R >>",
	};
	GByteArray *pdf = build_pdf(objects, G_N_ELEMENTS(objects));
	g_free(stream);
	return pdf;
}

START_TEST(qpdf_check_is_clean)
{
	if (!have_program("qpdf", "qpdf_check_is_clean"))
		return;
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *path = write_temp(out, len);
	const char *argv[] = {"qpdf", "--check", path, NULL};
	int code;
	char *err = NULL;
	char *report = run_tool(argv, &code, &err);
	/* qpdf --check exits 0 when clean, 3 with warnings, 2 with errors. */
	ck_assert_msg(code == 0 && !*err, "qpdf --check exited %d:\n%s%s", code, report, err);
	assert_contains(report, "PDF Version: 1.7", "qpdf --check");
	assert_contains(report, "No syntax or stream encoding errors found", "qpdf --check");
	g_free(report);
	g_free(err);
	remove_temp(path);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

START_TEST(pdfinfo_sees_tags_form_and_version)
{
	if (!have_program("pdfinfo", "pdfinfo_sees_tags_form_and_version"))
		return;
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *path = write_temp(out, len);
	const char *info_argv[] = {"pdfinfo", path, NULL};
	char *info = run_ok(info_argv);
	assert_contains(info, "Tagged:          yes", "pdfinfo");
	assert_contains(info, "Form:            AcroForm", "pdfinfo");
	assert_contains(info, "PDF version:     1.7", "pdfinfo");
	assert_contains(info, "Keywords:        zij-instromer, primair onderwijs, één\n", "pdfinfo");
	/* Each Form element holds its widget; cairo's Link keeps its own annotation. */
	const char *struct_argv[] = {"pdfinfo", "-struct", path, NULL};
	char *tree = run_ok(struct_argv);
	GRegex *re = g_regex_new("^Document\n  P \\(block\\)\n  Figure\n  Form\n    Object \\d+ 0\n"
				 "  Link \\(inline\\)\n    Object \\d+ 0\n  P \\(block\\)\n  Form\n"
				 "    Object \\d+ 0\n  Figure\n$",
				 0, 0, NULL);
	ck_assert_msg(g_regex_match(re, tree, 0, NULL), "pdfinfo -struct:\n%s", tree);
	g_regex_unref(re);
	g_free(tree);
	g_free(info);
	remove_temp(path);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

START_TEST(qpdf_json_sees_catalog_alts_and_fields)
{
	if (!have_program("qpdf", "qpdf_json_sees_catalog_alts_and_fields"))
		return;
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *path = write_temp(out, len);
	const char *objects_argv[] = {"qpdf", "--json", "--json-key=qpdf", path, NULL};
	char *objects = run_ok(objects_argv);
	assert_contains(objects, "\"/Lang\": \"u:nl\"", "qpdf --json");
	assert_contains(objects, "\"/DisplayDocTitle\": true", "qpdf --json");
	assert_contains(objects, "\"/Alt\": \"u:Een groen vierkant\"", "qpdf --json");
	assert_contains(objects, "\"/Alt\": \"u:Logo van İzmir, ıslak €\"", "qpdf --json");
	const char *form_argv[] = {"qpdf", "--json", "--json-key=acroform", path, NULL};
	char *form = run_ok(form_argv);
	assert_contains(form, "\"hasacroform\": true", "qpdf --json acroform");
	assert_contains(form, "\"needappearances\": false", "qpdf --json acroform");
	GRegex *re =
	    g_regex_new("\"alternativename\": \"Stap 1 gedaan\",.*"
			"\"fieldtype\": \"/Btn\",.*\"fullname\": \"stap-1\",.*"
			"\"ischeckbox\": true,.*\"pageposfrom1\": 1,.*\"value\": \"/Off\".*"
			"\"alternativename\": \"Jouw naam\",.*\"fieldtype\": \"/Tx\",.*"
			"\"fullname\": \"naam\",.*\"istext\": true,.*\"pageposfrom1\": 2,",
			G_REGEX_DOTALL, 0, NULL);
	ck_assert_msg(g_regex_match(re, form, 0, NULL), "qpdf --json acroform:\n%s", form);
	g_regex_unref(re);
	g_free(form);
	g_free(objects);
	remove_temp(path);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

/* Rectangles: the checkbox at (20, 120) 14 × 14 from the top-left of a 300 pt page is
 * [20 166 34 180] in PDF's bottom-left space. */
START_TEST(pypdf_sees_structure_and_widgets)
{
	if (!have_pypdf("pypdf_sees_structure_and_widgets"))
		return;
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *report = inspect(out, len);
	assert_text_eq(report,
		       "lang nl title True marked True\n"
		       "keys sorted True next 5 max 4\n"
		       "Document\n"
		       "  P\n"
		       "  Figure alt=Een groen vierkant\n"
		       "  Form alt=Stap 1 gedaan objr=stap-1\n"
		       "  Link objr=/Link\n"
		       "  P\n"
		       "  Form alt=Jouw naam objr=naam\n"
		       "  Figure alt=Logo van İzmir, ıslak €\n"
		       "page 1 tabs /S annots Link Widget\n"
		       "  stap-1 /Btn rect 20 166 34 180 tu Stap 1 gedaan F 4 V /Off AS /Off "
		       "N /Off /Yes D True field True\n"
		       "page 2 tabs /S annots Widget\n"
		       "  naam /Tx rect 20 84 140 100 tu Jouw naam F 4 V None AS None N stream "
		       "D False field True\n",
		       "the finished sample, read by pypdf");
	g_free(report);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

START_TEST(pypdf_fills_the_fields)
{
	if (!have_pypdf("pypdf_fills_the_fields") ||
	    !have_program("qpdf", "pypdf_fills_the_fields"))
		return;
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *path = write_temp(out, len);
	char *filled = g_strconcat(path, ".filled.pdf", NULL);
	const char *fill_argv[] = {PYTHON, "-I", "-c", fill_py, path, filled, NULL};
	char *values = run_ok(fill_argv);
	assert_text_eq(values, "naam=Jan stap-1=/Yes\n", "field values after filling");
	const char *check_argv[] = {"qpdf", "--check", filled, NULL};
	g_free(run_ok(check_argv));
	g_free(values);
	g_unlink(filled);
	g_free(filled);
	remove_temp(path);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

/* qpdf's ordinary /ID digests the time in seconds: two runs in the same second match
 * anyway, so the runs here are more than a second apart. */
START_TEST(same_input_same_bytes)
{
	struct finish_request req = sample_request();
	GByteArray *in = draw_standard_sample();
	size_t len[4];
	unsigned char *out[4];
	for (int run = 0; run < 2; run++) {
		if (run > 0)
			g_usleep(1100 * 1000);
		req.deterministic_id = true;
		/* The name goes into messages only, never into the bytes. */
		req.name = run ? "elsewhere/other-name.pdf" : "sample.pdf";
		out[2 * run] = finish_ok(in, &req, &len[2 * run]);
		req.deterministic_id = false;
		out[2 * run + 1] = finish_ok(in, &req, &len[2 * run + 1]);
	}
	ck_assert_msg(len[0] == len[2] && !memcmp(out[0], out[2], len[0]),
		      "deterministic_id: two runs gave different bytes");
	ck_assert_msg(len[1] != len[3] || memcmp(out[1], out[3], len[1]),
		      "without deterministic_id two runs a second apart should differ (in /ID)");
	ck_assert_msg(memmem(out[0], len[0], "/ID [<", 6), "no /ID in the trailer");
	GByteArray *again = draw_standard_sample();
	ck_assert_msg(again->len == in->len && !memcmp(again->data, in->data, in->len),
		      "cairo's own output differs between runs (are both dates set?)");
	for (int i = 0; i < 4; i++)
		g_free(out[i]);
	g_byte_array_unref(again);
	g_byte_array_unref(in);
}
END_TEST

START_TEST(object_streams_make_it_smaller)
{
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	size_t packed_len, plain_len;
	unsigned char *packed = finish_ok(in, &req, &packed_len);
	req.object_streams = false;
	unsigned char *plain = finish_ok(in, &req, &plain_len);
	ck_assert_msg(packed_len < plain_len, "object streams: %zu bytes, without: %zu", packed_len,
		      plain_len);
	g_free(packed);
	g_free(plain);
	g_byte_array_unref(in);
}
END_TEST

/* Without text fields the form names no Helvetica: only ZapfDingbats, for viewers that
 * redraw a checkbox themselves. */
START_TEST(checkboxes_only)
{
	if (!have_program("qpdf", "checkboxes_only"))
		return;
	struct sample s = {.fields = sample_fields, .n_fields = 1, .n_figures = 2};
	GByteArray *in = draw_sample(&s);
	struct finish_request req = sample_request();
	req.n_fields = 1;
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *path = write_temp(out, len);
	const char *check_argv[] = {"qpdf", "--check", path, NULL};
	g_free(run_ok(check_argv));
	const char *json_argv[] = {"qpdf", "--json", "--json-key=qpdf", path, NULL};
	char *objects = run_ok(json_argv);
	assert_contains(objects, "\"/BaseFont\": \"/ZapfDingbats\"", "qpdf --json");
	ck_assert_msg(!strstr(objects, "/Helvetica"), "Helvetica without text fields");
	g_free(objects);
	remove_temp(path);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

/* pdfinfo's columns with each run of spaces made one, so that a test need not count them. */
static void squeeze_spaces(char *s)
{
	char *to = s;
	for (const char *from = s; *from; from++)
		if (*from != ' ' || to == s || to[-1] != ' ')
			*to++ = *from;
	*to = '\0';
}

/* A print sheet `margin` points larger than the page on every side, with `bleed` points of
 * it printed; the fields move with the drawing. `boxes` is pdfinfo's MediaBox, BleedBox and
 * TrimBox line for each page, `rect` the checkbox's /Rect. */
static void check_print_sheet(double margin, double bleed, const char *boxes, const char *rect)
{
	struct sample s = {.fields = sample_fields,
			   .n_fields = G_N_ELEMENTS(sample_fields),
			   .n_figures = G_N_ELEMENTS(sample_alts),
			   .margin = margin};
	GByteArray *in = draw_sample(&s);
	struct finish_field fields[G_N_ELEMENTS(sample_fields)];
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		fields[i] = sample_fields[i];
		fields[i].x += margin;
		fields[i].y += margin;
	}
	struct finish_request req = sample_request();
	req.fields = fields;
	req.margin = margin;
	req.bleed = bleed;
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *path = write_temp(out, len);
	const char *argv[] = {"pdfinfo", "-box", "-f", "1", "-l", "2", path, NULL};
	char *info = run_ok(argv);
	squeeze_spaces(info);
	char **lines = g_strsplit(boxes, "\n", -1);
	for (int page = 1; page <= 2; page++) {
		for (char **line = lines; *line && **line; line++) {
			char *expected = g_strdup_printf("Page %d %s\n", page, *line);
			assert_contains(info, expected, "pdfinfo -box");
			g_free(expected);
		}
	}
	g_strfreev(lines);
	if (have_pypdf("print_boxes")) {
		char *report = inspect(out, len);
		char *expected = g_strdup_printf("stap-1 /Btn rect %s ", rect);
		assert_contains(report, expected, "the checkbox on a print sheet");
		g_free(expected);
		g_free(report);
	}
	g_free(info);
	remove_temp(path);
	g_free(out);
	g_byte_array_unref(in);
}

START_TEST(print_boxes)
{
	if (!have_program("pdfinfo", "print_boxes"))
		return;
	/* Grown by a 9 pt bleed alone: the bleed is the whole sheet. */
	check_print_sheet(9, 9,
			  "MediaBox: 0.00 0.00 218.00 318.00\n"
			  "BleedBox: 0.00 0.00 218.00 318.00\n"
			  "TrimBox: 9.00 9.00 209.00 309.00\n",
			  "29 175 43 189");
	/* A 9 pt bleed inside a 20 pt margin that holds crop marks. */
	check_print_sheet(20, 9,
			  "MediaBox: 0.00 0.00 240.00 340.00\n"
			  "BleedBox: 11.00 11.00 229.00 329.00\n"
			  "TrimBox: 20.00 20.00 220.00 320.00\n",
			  "40 186 54 200");
}
END_TEST

/* Nothing to join: an untagged PDF with no fields and figures still comes out clean. */
START_TEST(untagged_pdf_passes_through)
{
	struct sample s = {.untagged = true, .n_figures = 1};
	GByteArray *in = draw_sample(&s);
	struct finish_request req = {.name = "plain.pdf", .lang = "nl", .deterministic_id = true};
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	if (have_program("pdfinfo", "untagged_pdf_passes_through")) {
		char *path = write_temp(out, len);
		const char *argv[] = {"pdfinfo", path, NULL};
		char *info = run_ok(argv);
		assert_contains(info, "Tagged:          no", "pdfinfo");
		assert_contains(info, "Pages:           2", "pdfinfo");
		g_free(info);
		remove_temp(path);
	}
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

/* Numbers in the file ignore the locale: under a comma-decimal LC_NUMERIC a half-point
 * rectangle must still be written "20.5", not "20,5". */
START_TEST(comma_decimal_locale)
{
	static const char *const locales[] = {"nl_NL.UTF-8", "nl_NL.utf8", "de_DE.UTF-8",
					      "de_DE.utf8", "fr_FR.UTF-8"};
	const char *found = NULL;
	for (size_t i = 0; !found && i < G_N_ELEMENTS(locales); i++)
		if (setlocale(LC_ALL, locales[i]))
			found = locales[i];
	if (!found || strcmp(localeconv()->decimal_point, ",")) {
		fprintf(stderr,
			"comma_decimal_locale: skipped, no comma-decimal locale installed\n");
		setlocale(LC_ALL, "C");
		return;
	}
	struct finish_field fields[] = {sample_fields[0], sample_fields[1]};
	fields[0].x = 20.5;
	struct sample s = {.fields = fields, .n_fields = 2, .n_figures = 2};
	GByteArray *in = draw_sample(&s);
	struct finish_request req = sample_request();
	req.fields = fields;
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	setlocale(LC_ALL, "C");
	if (have_pypdf("comma_decimal_locale")) {
		char *report = inspect(out, len);
		assert_contains(report, "stap-1 /Btn rect 20.5 166 34.5 180 ", found);
		g_free(report);
	}
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

/* Every Private element's sequence becomes an artifact: a page's background and each field's
 * box here, four in all. Nothing is left unmarked or unaccounted for, the tree is as
 * before (pypdf_sees_structure_and_widgets), and /MarkInfo stays. */
START_TEST(decoration_becomes_artifacts)
{
	if (!have_pypdf("decoration_becomes_artifacts") ||
	    !have_program("qpdf", "decoration_becomes_artifacts"))
		return;
	GByteArray *in = draw_standard_sample();
	ck_assert_msg(memmem(in->data, in->len, "/S /Private", 11),
		      "cairo wrote no Private element: the test draws no decoration");
	struct finish_request req = sample_request();
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *report = audit_artifacts(out, len);
	assert_text_eq(report, "artifacts 4 unmarked 0 private 0\n", "marked content");
	char *path = write_temp(out, len);
	const char *json_argv[] = {"qpdf", "--json", "--json-key=qpdf", path, NULL};
	char *objects = run_ok(json_argv);
	ck_assert_msg(!strstr(objects, "/Private"), "a Private element is left in the file");
	assert_contains(objects, "\"/MarkInfo\": {\n", "qpdf --json");
	if (have_program("mutool", "decoration_becomes_artifacts")) {
		for (int page = 1; page <= 2; page++) {
			char *contents = g_strdup_printf("pages/%d/Contents", page);
			const char *show_argv[] = {"mutool", "show", "-b", path, contents, NULL};
			char *content = run_ok(show_argv);
			assert_contains(content, "/Artifact BMC\n", "mutool show -b");
			ck_assert_msg(!strstr(content, "/Private"), "page %d: /Private in content",
				      page);
			g_free(content);
			g_free(contents);
		}
	}
	g_free(objects);
	remove_temp(path);
	g_free(report);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

/* Decoration beside a child element: the Private element leaves its parent's /K, the Span
 * stays, and the P keeps its place. */
START_TEST(artifact_inside_an_element)
{
	if (!have_pypdf("artifact_inside_an_element"))
		return;
	struct sample s = {.fields = sample_fields,
			   .n_fields = G_N_ELEMENTS(sample_fields),
			   .n_figures = G_N_ELEMENTS(sample_alts),
			   .nested_decoration = true};
	GByteArray *in = draw_sample(&s);
	struct finish_request req = sample_request();
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *report = audit_artifacts(out, len);
	assert_text_eq(report, "artifacts 5 unmarked 0 private 0\n", "marked content");
	char *tree = inspect(out, len);
	assert_contains(tree, "Document\n  P\n    Span\n  Figure alt=Een groen vierkant\n",
			"the structure tree");
	g_free(tree);
	g_free(report);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

/* Only operators are rewritten: a string, a comment and an inline image's data that spell
 * "/Private << /MCID 1 >> BDC" stay as they are, byte for byte. */
START_TEST(artifact_rewrite_reads_tokens)
{
	if (!have_pypdf("artifact_rewrite_reads_tokens") ||
	    !have_program("qpdf", "artifact_rewrite_reads_tokens"))
		return;
	static const char before[] =
	    "/P << /MCID 0 >> BDC\n"
	    "BT /F1 12 Tf 10 150 Td (\\) /Private << /MCID 1 >> BDC \\(\\)) Tj ET\n"
	    "EMC\n"
	    "% /Private << /MCID 1 >> BDC\n"
	    "/Private <</MCID 1>>BDC\n"
	    "0 0 10 10 re f\n"
	    "q 22 0 0 1 10 100 cm\n"
	    "BI /W 22 /H 1 /BPC 8 /CS /G ID /Private<</MCID 1>>BDC EI\n"
	    "Q\n"
	    "EMC";
	GByteArray *in = build_marked_pdf(before);
	struct finish_request req = {.name = "hand.pdf", .deterministic_id = true};
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *path = write_temp(out, len);
	const char *check_argv[] = {"qpdf", "--check", path, NULL};
	g_free(run_ok(check_argv));
	static const char print_py[] =
	    "import sys\n"
	    "from pypdf import PdfReader\n"
	    "page = PdfReader(sys.argv[1]).pages[0]\n"
	    "sys.stdout.write(page['/Contents'].get_object().get_data().decode('latin-1'))\n";
	const char *print_argv[] = {PYTHON, "-I", "-c", print_py, path, NULL};
	char *after = run_ok(print_argv);
	char **parts = g_strsplit(before, "/Private <</MCID 1>>BDC\n", -1);
	char *expected = g_strjoinv("/Artifact BMC\n", parts);
	assert_text_eq(after, expected, "the page's content");
	char *report = audit_artifacts(out, len);
	assert_text_eq(report, "artifacts 1 unmarked 0 private 0\n", "marked content");
	const char *json_argv[] = {"qpdf", "--json", "--json-key=qpdf", path, NULL};
	char *objects = run_ok(json_argv);
	GRegex *re = g_regex_new("\"/K\": \\[\\],\\s*\"/P\": \"\\d+ 0 R\",\\s*\"/S\": \"/Div\"", 0,
				 0, NULL);
	ck_assert_msg(g_regex_match(re, objects, 0, NULL), "the Div still holds a kid:\n%.3000s",
		      objects);
	g_regex_unref(re);
	g_free(objects);
	g_free(report);
	g_free(expected);
	g_strfreev(parts);
	g_free(after);
	remove_temp(path);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

/* Page labels: decimal from 1, or a range per prefix, each counting from 1. */
START_TEST(page_labels)
{
	if (!have_pypdf("page_labels") || !have_program("qpdf", "page_labels"))
		return;
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	static const char labels_py[] = "import sys\n"
					"from pypdf import PdfReader\n"
					"print(PdfReader(sys.argv[1]).page_labels)\n";
	static const char *const prefixes[][2] = {{"", "Bijlage "}, {"Blad ", "Blad "}};
	static const char *const expected[] = {"['1', '2']\n", "['1', 'Bijlage 1']\n",
					       "['Blad 1', 'Blad 2']\n"};
	for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
		req.page_label_prefixes = i ? prefixes[i - 1] : NULL;
		req.n_page_label_prefixes = i ? 2 : 0;
		size_t len;
		unsigned char *out = finish_ok(in, &req, &len);
		char *path = write_temp(out, len);
		const char *argv[] = {PYTHON, "-I", "-c", labels_py, path, NULL};
		char *labels = run_ok(argv);
		assert_text_eq(labels, expected[i], "page labels");
		const char *json_argv[] = {"qpdf", "--json", "--json-key=pagelabels", path, NULL};
		char *json = run_ok(json_argv);
		assert_contains(json, "\"index\": 0,", "qpdf --json pagelabels");
		g_free(json);
		g_free(labels);
		remove_temp(path);
		g_free(out);
	}
	/* Not asked for: none. */
	req = sample_request();
	req.page_labels = false;
	size_t len;
	unsigned char *out = finish_ok(in, &req, &len);
	char *path = write_temp(out, len);
	const char *json_argv[] = {"qpdf", "--json", "--json-key=pagelabels", path, NULL};
	char *json = run_ok(json_argv);
	assert_contains(json, "\"pagelabels\": []", "qpdf --json pagelabels, none asked for");
	g_free(json);
	remove_temp(path);
	g_free(out);
	g_byte_array_unref(in);
}
END_TEST

START_TEST(not_a_pdf)
{
	static const char text[] = "title: Informatieavond\n";
	struct finish_request req = sample_request();
	finish_fails((const unsigned char *)text, strlen(text), &req, "a YAML file",
		     "sample.pdf: cannot finish the PDF: the input is not a PDF (no %PDF- header)");
	finish_fails((const unsigned char *)"", 0, &req, "no bytes",
		     "sample.pdf: cannot finish the PDF: the input is not a PDF (no %PDF- header)");
}
END_TEST

/* qpdf's own message comes through; recovery is off, so a cut file is refused. */
START_TEST(damaged_pdf)
{
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	unsigned char *out = NULL;
	size_t len = 0;
	struct diag d = {0};
	ck_assert(!finish_pdf(in->data, in->len / 2, &req, &out, &len, &d));
	char *msg = diag_format(&d);
	ck_assert_msg(g_str_has_prefix(msg, "sample.pdf: cannot finish the PDF (reading"),
		      "a PDF cut in half: %s", msg);
	ck_assert_ptr_null(out);
	g_free(msg);
	diag_finish(&d);
	g_byte_array_unref(in);
}
END_TEST

START_TEST(form_tags_must_match_fields)
{
	struct sample s = {.fields = sample_fields, .n_fields = 1, .n_figures = 2};
	GByteArray *in = draw_sample(&s);
	struct finish_request req = sample_request();
	finish_fails(in->data, in->len, &req, "one Form tag, two fields",
		     "sample.pdf: the PDF has 1 Form structure elements, but 2 form fields were "
		     "given (draw an empty \"Form\" tag at each field)");
	req.n_fields = 0;
	finish_fails(in->data, in->len, &req, "one Form tag, no fields",
		     "sample.pdf: the PDF has 1 Form structure elements, but 0 form fields were "
		     "given (draw an empty \"Form\" tag at each field)");
	g_byte_array_unref(in);
	struct sample untagged = {.untagged = true};
	in = draw_sample(&untagged);
	req = sample_request();
	req.n_figure_alts = 0;
	finish_fails(in->data, in->len, &req, "an untagged PDF, two fields",
		     "sample.pdf: the PDF has 0 Form structure elements, but 2 form fields were "
		     "given (draw an empty \"Form\" tag at each field)");
	g_byte_array_unref(in);
}
END_TEST

START_TEST(figure_alts_must_match_figures)
{
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	req.n_figure_alts = 1;
	finish_fails(in->data, in->len, &req, "two figures, one alt",
		     "sample.pdf: the PDF has 2 Figure structure elements, but 1 alternative "
		     "texts were given");
	g_byte_array_unref(in);
}
END_TEST

/* The Nth field goes with the Nth Form tag: fields given in another order than drawn
 * would put each label on the wrong element, so the page check refuses them. */
START_TEST(fields_out_of_order)
{
	GByteArray *in = draw_standard_sample();
	struct finish_field swapped[] = {sample_fields[1], sample_fields[0]};
	struct finish_request req = sample_request();
	req.fields = swapped;
	finish_fails(in->data, in->len, &req, "fields swapped",
		     "sample.pdf: form field \"naam\" is on page 2, but Form structure element 1 "
		     "is not: fields and Form tags must come in the same order");
	swapped[0] = sample_fields[0];
	swapped[1] = sample_fields[1];
	swapped[1].page = 2;
	finish_fails(in->data, in->len, &req, "a field past the last page",
		     "sample.pdf: form field \"naam\" is on page 3, but the PDF has 2 pages");
	g_byte_array_unref(in);
}
END_TEST

/* Requests refused before qpdf is even started, each with the field it is about. */
START_TEST(bad_requests)
{
	static const unsigned char pdf[] = "%PDF-1.5\n";
	struct {
		const char *what;
		struct finish_field field;
		const char *expected;
	} cases[] = {
	    {"no name", {.label = "x", .w = 1, .h = 1}, "sample.pdf: form field 2 has no name"},
	    {"a dot",
	     {.name = "stap.1", .label = "x", .w = 1, .h = 1},
	     "sample.pdf: form field \"stap.1\": a name cannot hold '.'"},
	    {"no label",
	     {.name = "x", .w = 1, .h = 1},
	     "sample.pdf: form field \"x\" has no label"},
	    {"zero width",
	     {.name = "x", .label = "x", .h = 1},
	     "sample.pdf: form field \"x\": page or rectangle out of range"},
	    {"a negative page",
	     {.name = "x", .label = "x", .page = -1, .w = 1, .h = 1},
	     "sample.pdf: form field \"x\": page or rectangle out of range"},
	    {"a duplicate",
	     {.name = "stap-1", .label = "x", .w = 1, .h = 1},
	     "sample.pdf: two form fields are named \"stap-1\""},
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct finish_field fields[] = {sample_fields[0], cases[i].field};
		struct finish_request req = sample_request();
		req.fields = fields;
		finish_fails(pdf, sizeof pdf - 1, &req, cases[i].what, cases[i].expected);
	}
	struct finish_request req = sample_request();
	req.lang = "";
	finish_fails(pdf, sizeof pdf - 1, &req, "empty lang",
		     "sample.pdf: the document language is empty");
	req = sample_request();
	req.bleed = -1;
	finish_fails(pdf, sizeof pdf - 1, &req, "negative bleed",
		     "sample.pdf: the bleed (-1 pt) must be 0 or more, and no wider than the "
		     "margin (0 pt)");
	req = sample_request();
	req.bleed = 9;
	req.margin = 5;
	finish_fails(pdf, sizeof pdf - 1, &req, "bleed past the margin",
		     "sample.pdf: the bleed (9 pt) must be 0 or more, and no wider than the "
		     "margin (5 pt)");
	const char *alts[] = {"een", NULL};
	req = sample_request();
	req.figure_alts = alts;
	finish_fails(pdf, sizeof pdf - 1, &req, "a NULL alt",
		     "sample.pdf: figure 2 has no alternative text");
	const char *prefixes[] = {"", NULL};
	req = sample_request();
	req.page_label_prefixes = prefixes;
	req.n_page_label_prefixes = 2;
	finish_fails(pdf, sizeof pdf - 1, &req, "a NULL page label prefix",
		     "sample.pdf: page label prefix 2 is NULL");
}
END_TEST

/* Finishing a finished file would add every field a second time. */
START_TEST(finishing_twice_is_refused)
{
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	size_t len;
	unsigned char *once = finish_ok(in, &req, &len);
	finish_fails(once, len, &req, "a finished PDF",
		     "sample.pdf: the PDF already has form fields");
	g_free(once);
	g_byte_array_unref(in);
}
END_TEST

START_TEST(margin_larger_than_page)
{
	GByteArray *in = draw_standard_sample();
	struct finish_request req = sample_request();
	req.margin = 100;
	finish_fails(in->data, in->len, &req, "a margin of 100 pt on a 200 pt page",
		     "sample.pdf: page 1 is too small for a margin of 100 pt");
	g_byte_array_unref(in);
}
END_TEST

/* A Private element is dropped with all it holds: one that holds an element is refused. */
START_TEST(private_holding_an_element)
{
	GByteArray *bytes = g_byte_array_new();
	cairo_surface_t *surface =
	    cairo_pdf_surface_create_for_stream(append_bytes, bytes, 100, 100);
	cairo_t *cr = cairo_create(surface);
	cairo_tag_begin(cr, "Document", "");
	cairo_tag_begin(cr, "Private", "");
	cairo_tag_begin(cr, "Span", "");
	cairo_rectangle(cr, 10, 10, 10, 10);
	cairo_fill(cr);
	cairo_tag_end(cr, "Span");
	cairo_tag_end(cr, "Private");
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	ck_assert_int_eq(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(surface);
	struct finish_request req = {.name = "sample.pdf"};
	finish_fails(bytes->data, bytes->len, &req, "Private{Span}",
		     "sample.pdf: a Private structure element holds more than marked content: it "
		     "cannot become an artifact");
	g_byte_array_unref(bytes);
}
END_TEST

/* Content and structure that do not agree are refused, not half rewritten. */
START_TEST(artifact_content_mismatch)
{
	static const struct {
		const char *what, *content, *expected;
	} cases[] = {
	    {"tagged content inside decoration",
	     "/Private << /MCID 1 >> BDC /P << /MCID 0 >> BDC EMC EMC",
	     "hand.pdf: page 1's content cannot become artifacts: tagged content inside "
	     "decoration"},
	    {"no Private sequence in the content", "/P << /MCID 0 >> BDC EMC",
	     "hand.pdf: the Private structure elements hold 1 marked-content sequences, but 0 "
	     "were found in the pages' content streams"},
	    {"the P's MCID under /Private",
	     "/Private << /MCID 0 >> BDC EMC /P << /MCID 1 >> BDC EMC",
	     "hand.pdf: page 1's content cannot become artifacts: a Private sequence whose "
	     "ParentTree entry is not a Private element"},
	    {"one sequence twice",
	     "/P << /MCID 0 >> BDC EMC /Private << /MCID 1 >> BDC EMC /Private << /MCID 1 >> BDC "
	     "EMC",
	     "hand.pdf: page 1's content cannot become artifacts: a Private sequence whose "
	     "ParentTree entry is not a Private element"},
	    {"no MCID", "/P << /MCID 0 >> BDC EMC /Private << /X 1 >> BDC EMC",
	     "hand.pdf: page 1's content cannot become artifacts: a Private sequence without an "
	     "/MCID"},
	    {"an unterminated string", "/P << /MCID 0 >> BDC (abc EMC",
	     "hand.pdf: page 1's content cannot become artifacts: a malformed token"},
	    {"EMC too many", "/P << /MCID 0 >> BDC EMC EMC",
	     "hand.pdf: page 1's content cannot become artifacts: EMC without BMC or BDC"},
	};
	struct finish_request req = {.name = "hand.pdf"};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		GByteArray *in = build_marked_pdf(cases[i].content);
		finish_fails(in->data, in->len, &req, cases[i].what, cases[i].expected);
		g_byte_array_unref(in);
	}
}
END_TEST

START_TEST(page_label_prefixes_must_match_pages)
{
	GByteArray *in = draw_standard_sample();
	static const char *const prefixes[] = {"A", "B", "C"};
	struct finish_request req = sample_request();
	req.page_label_prefixes = prefixes;
	req.n_page_label_prefixes = 3;
	finish_fails(in->data, in->len, &req, "three prefixes, two pages",
		     "sample.pdf: the PDF has 2 pages, but 3 page label prefixes were given");
	g_byte_array_unref(in);
}
END_TEST

Suite *finish_suite(void)
{
	Suite *s = suite_create("finish");
	TCase *tools = tcase_create("read back by tools");
	/* Each test starts qpdf, pdfinfo or python a few times. */
	tcase_set_timeout(tools, 60);
	tcase_add_test(tools, qpdf_check_is_clean);
	tcase_add_test(tools, pdfinfo_sees_tags_form_and_version);
	tcase_add_test(tools, qpdf_json_sees_catalog_alts_and_fields);
	tcase_add_test(tools, pypdf_sees_structure_and_widgets);
	tcase_add_test(tools, pypdf_fills_the_fields);
	tcase_add_test(tools, same_input_same_bytes);
	tcase_add_test(tools, object_streams_make_it_smaller);
	tcase_add_test(tools, checkboxes_only);
	tcase_add_test(tools, print_boxes);
	tcase_add_test(tools, untagged_pdf_passes_through);
	tcase_add_test(tools, comma_decimal_locale);
	tcase_add_test(tools, decoration_becomes_artifacts);
	tcase_add_test(tools, artifact_inside_an_element);
	tcase_add_test(tools, artifact_rewrite_reads_tokens);
	tcase_add_test(tools, page_labels);
	suite_add_tcase(s, tools);
	TCase *errors = tcase_create("errors");
	tcase_add_test(errors, not_a_pdf);
	tcase_add_test(errors, damaged_pdf);
	tcase_add_test(errors, form_tags_must_match_fields);
	tcase_add_test(errors, figure_alts_must_match_figures);
	tcase_add_test(errors, fields_out_of_order);
	tcase_add_test(errors, bad_requests);
	tcase_add_test(errors, finishing_twice_is_refused);
	tcase_add_test(errors, margin_larger_than_page);
	tcase_add_test(errors, private_holding_an_element);
	tcase_add_test(errors, artifact_content_mismatch);
	tcase_add_test(errors, page_label_prefixes_must_match_pages);
	suite_add_tcase(s, errors);
	return s;
}
