#!/usr/bin/env python3
"""Groups a callgrind profile of tipsheet by stage (Python standard library only).

    bench/cgstages.py CALLGRIND_OUT EDITIONS [--markdown] [--edges]

Stages are an exact partition of the instructions executed under main(): each of tipsheet's
own functions belongs to a stage (by its source file and name, table STAGES below), and is
charged its own instructions plus everything its direct calls into libraries (cairo, pango,
libpng, zlib, harfbuzz, glib, libc...) executed. Calls from one tipsheet function to another are
not charged to the caller, so nothing is counted twice; a tipsheet function that is only ever
called back from a library (a cairo or libpng write callback) is inside that library call and
is not charged again. A library call made by output.c is split further by the function it
calls (cairo_image_surface_create, nettle's SHA-256...), because output.c drives several
stages.

Also printed: each library's own (exclusive) instructions, and cross-cutting costs (zlib's deflate by the library that called it, float
formatting, SHA-256, shaping, rasterising) as inclusive figures, which overlap the stages.
Debian's libraries carry no symbols for their internal functions, so work inside cairo is
named by its exported entry point (e.g. pango_cairo_show_layout for a PNG page's text).
"""
import argparse
import collections
import re
import sys

# tipsheet function -> stage; first match wins: (file regex, function regex, stage)
STAGES = [
    (r"main\.c$", r".", "set-up (command line, data folder, start of the run)"),
    (r"cli\.c$|diag\.c$|manifest\.c$|batch\.c$|edition\.c$", r".", "batch driver, manifest"),
    (r"fonts\.c$", r".", "fonts: private fontconfig set-up"),
    (r"hyph\.c$", r"^hyph_create|^load|^read|^parse", "hyphenation patterns: loading"),
    (r"logo\.c$", r"^logo_load|decode|^load", "logo decoding (librsvg / libpng)"),
    (r"logo\.c$", r".", "drawing (render.c onto cairo)"),
    (r"yread\.c$|load\.c$|spec\.c$|body\.c$|bodyset\.c$|value\.c$|model\.c$|people\.c$", r".",
     "YAML load and checks (libyaml)"),
    (r"layout.*\.c$|flow\.c$|plan\.c$|hyph\.c$|qr\.c$", r".",
     "layout: measuring, shaping, line breaking, fitting (pango, harfbuzz)"),
    (r"render\.c$", r".", "drawing (render.c onto cairo)"),
    (r"pngfile\.c$", r".", "PNG encoding (libdeflate)"),
    (r"pdffont\.c$", r".", "PDF font subsets (pdffont.c: hb-subset, /W, ToUnicode)"),
    (r"pdfimport\.c$", r".", "PDF logo import (pdfimport.c: reading cairo's logo page)"),
    (r"pdfdoc\.c$|pdfobj\.c$", r".", "PDF writing (pdfdoc.c, pdfobj.c: pages, structure, objects, deflate)"),
    (r"svgpage\.c$", r".", "SVG writing (svgpage.c: glyph outlines, numbers)"),
    (r"output\.c$", r".", "output: surfaces, files"),
]
# library calls made by output.c, split by callee
OUTPUT_CALLS = [
    (r"^nettle_sha256|^sha256_hex", "SHA-256 of every file (manifest)"),
    (r"^cairo_image_surface_create|^cairo_create|^cairo_pdf_surface|^cairo_destroy", "surface creation"),
    (r".", "output: surfaces, files"),
]
CROSS = [
    ("libdeflate (PNG)", r"^libdeflate_zlib_compress$", r"."),
    ("zlib deflate, called from cairo (a logo's PDF page, once per logo)", r"^deflate$", r"libcairo"),
    ("hb-subset (PDF font subsets)", r"^hb_subset_or_fail$|^hb_subset_plan_execute_or_fail$", r"."),
    ("SHA-256 (nettle)", r"^nettle_sha256_update$", r"."),
    ("pango shaping (pango_shape_item, harfbuzz inside)", r"^pango_shape_item$|^pango_shape_with_flags$|^pango_shape_full$", r"libpango"),
    ("pango_cairo_show_layout (text drawing)", r"^pango_cairo_show_layout$", r"."),
    ("librsvg (SVG logo) rendering", r"^rsvg_handle_render_document$|^rsvg_handle_render_cairo$", r"."),
]


def parse(path):
    """Returns self[(ob, fn)], edges[(caller, callee)] = inclusive cost, files[(ob, fn)]."""
    names = {"ob": {}, "fl": {}, "fn": {}}
    selfc = collections.Counter()
    edges = collections.Counter()
    files = {}
    ob = fl = fn = None
    cob = cfn = None
    pending_call = False
    total = 0

    def name(kind, rest):
        m = re.match(r"\((\d+)\)(?: (.*))?$", rest)
        if not m:
            return rest
        key = m.group(1)
        if m.group(2) is not None:
            names[kind][key] = m.group(2)
        return names[kind].get(key, key)

    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line[0] == "#":
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if pending_call:
                    # cob= names the callee's object for this call only; without it, the
                    # callee is in the caller's object
                    edges[((ob, fn), (cob or ob, cfn))] += cost
                    pending_call = False
                    cob = None
                else:
                    selfc[(ob, fn)] += cost
                continue
            if line.startswith(("summary:", "totals:")):
                total = max(total, int(line.split()[1]))
                continue
            key, _, rest = line.partition("=")
            if key == "ob":
                ob = name("ob", rest)
            elif key in ("fl", "fi", "fe"):
                fl = name("fl", rest)
            elif key == "fn":
                fn = name("fn", rest)
                files.setdefault((ob, fn), fl)
                cob = None
            elif key == "cob":
                cob = name("ob", rest)
            elif key in ("cfi", "cfl"):
                name("fl", rest)
            elif key == "cfn":
                cfn = name("fn", rest)
            elif key == "calls":
                pending_call = True
    return selfc, edges, files, total


def short(ob):
    return ob.rsplit("/", 1)[-1] if ob else "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("profile")
    ap.add_argument("editions", type=int)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--edges", action="store_true", help="list tipsheet->library calls too")
    a = ap.parse_args()
    selfc, edges, files, total = parse(a.profile)

    tipsheet_ob = None
    for (ob, fn) in selfc:
        if fn == "main" and ob and "tipsheet" in short(ob):
            tipsheet_ob = ob
    if tipsheet_ob is None:
        sys.exit("no tipsheet main() in the profile")

    def is_ts(key):
        return key[0] == tipsheet_ob and not key[1].startswith("0x")

    def stage_of(key):
        f = files.get(key) or ""
        fn = re.sub(r"\.(constprop|part|isra|cold)\.\d+$|'\d+$", "", key[1])
        for frx, nrx, st in STAGES:
            if re.search(frx, f) and re.search(nrx, fn):
                return st
        return "other tipsheet code"

    callers = collections.defaultdict(set)
    for (src, dst) in edges:
        callers[dst].add(src)
    incl_main = sum(c for (s, d), c in edges.items() if d[1] == "main" and is_ts(d))
    if not incl_main:
        incl_main = selfc[(tipsheet_ob, "main")] + sum(
            c for (s, d), c in edges.items() if s == (tipsheet_ob, "main") and d != s)

    stages = collections.Counter()
    detail = collections.Counter()
    for key in set(list(selfc) + [s for s, _ in edges]):
        if not is_ts(key):
            continue
        cs = callers.get(key, set())
        if key[1] != "main" and cs and not any(is_ts(c) for c in cs):
            continue  # a callback, inside a library call
        st = stage_of(key)
        stages[st] += selfc[key]
        for (src, dst), c in edges.items():
            if src != key or is_ts(dst):
                continue
            s2 = st
            if st == "output: surfaces, files":
                for rx, label in OUTPUT_CALLS:
                    if re.search(rx, dst[1]):
                        s2 = label
                        break
            stages[s2] += c
            detail[(s2, f"{dst[1]} [{short(dst[0])}]")] += c

    def incl(fnrx, callerob):
        s = 0
        for (src, dst), c in edges.items():
            if re.search(fnrx, dst[1]) and re.search(callerob, short(src[0])) and src != dst:
                s += c
        return s

    n = a.editions
    rows = sorted(stages.items(), key=lambda kv: -kv[1])
    accounted = sum(stages.values())
    out = []
    if a.markdown:
        out.append("| stage | instructions (M) | % of main | M instr. per edition |")
        out.append("|---|---:|---:|---:|")
        for st, c in rows:
            out.append(f"| {st} | {c / 1e6:,.0f} | {100 * c / incl_main:.1f} % | {c / 1e6 / n:.1f} |")
        out.append(f"| **total under main()** | {incl_main / 1e6:,.0f} | 100 % | {incl_main / 1e6 / n:.1f} |")
        out.append("")
        out.append(f"Program total (with dynamic loading and exit): {total / 1e6:,.0f} M; "
                   f"stages add up to {100 * accounted / incl_main:.1f} % of main().")
        out.append("")
        out.append("| cross-cutting (inclusive, overlaps the stages) | instructions (M) | % of main | per edition (M) |")
        out.append("|---|---:|---:|---:|")
        for label, fnrx, obrx in CROSS:
            c = incl(fnrx, obrx)
            if c:
                out.append(f"| {label} | {c / 1e6:,.0f} | {100 * c / incl_main:.1f} % | {c / 1e6 / n:.1f} |")
    else:
        w = max(len(st) for st, _ in rows)
        out.append(f"{'stage':<{w}}  {'M instr':>9}  {'%':>6}  {'M/ed.':>7}")
        for st, c in rows:
            out.append(f"{st:<{w}}  {c / 1e6:9,.0f}  {100 * c / incl_main:5.1f}%  {c / 1e6 / n:7.1f}")
        out.append(f"{'total under main()':<{w}}  {incl_main / 1e6:9,.0f}  100.0%  {incl_main / 1e6 / n:7.1f}")
        out.append(f"(program total {total / 1e6:,.0f} M; stages cover {100 * accounted / incl_main:.1f} % of main)")
        out.append("")
        out.append("cross-cutting (inclusive, overlaps the stages):")
        for label, fnrx, obrx in CROSS:
            c = incl(fnrx, obrx)
            if c:
                out.append(f"  {label:<60} {c / 1e6:9,.0f}  {100 * c / incl_main:5.1f}%  {c / 1e6 / n:7.1f}")
    # own (exclusive) instructions by shared object: which library does the work
    byob = collections.Counter()
    for (ob, fn), c in selfc.items():
        byob[short(ob)] += c
    top = [(o, c) for o, c in byob.most_common(12) if c > 0.005 * total]
    out.append("")
    if a.markdown:
        out.append("| library (own instructions, all stages) | instructions (M) | % of program |")
        out.append("|---|---:|---:|")
        for o, c in top:
            out.append(f"| {o} | {c / 1e6:,.0f} | {100 * c / total:.1f} % |")
    else:
        out.append("own instructions by library (all stages):")
        for o, c in top:
            out.append(f"  {o:<40} {c / 1e6:9,.0f}  {100 * c / total:5.1f}%")
    if a.edges:
        out.append("")
        out.append("tipsheet -> library calls, by stage (inclusive, M instructions):")
        for (st, callee), c in sorted(detail.items(), key=lambda kv: -kv[1])[:60]:
            out.append(f"  {c / 1e6:9,.1f}  {st[:40]:<40}  {callee}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
