#!/usr/bin/env python3
"""Turns bench/run.sh's raw figures into tables (Python standard library only).

    bench/report.py RESULTS_DIR

Reads RESULTS_DIR/cases.tsv and meta.tsv and prints the tables twice: aligned text for the
terminal, then the same as a markdown block (also written to RESULTS_DIR/report.md).
All times are medians over the runs of one case; every ratio divides two figures of the
same run of bench/run.sh.
"""
import csv
import os
import sys


def load(res):
    with open(os.path.join(res, "cases.tsv"), newline="") as f:
        cases = {r["id"]: r for r in csv.DictReader(f, delimiter="\t")}
    meta = {}
    with open(os.path.join(res, "meta.tsv")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            meta[k] = v
    return cases, meta


def num(r, key):
    try:
        return float(r[key])
    except (KeyError, TypeError, ValueError):
        return None


def ms_per_doc(r):
    d = int(r["docs"])
    return num(r, "wall_median") * 1000 / d if d else num(r, "wall_median") * 1000


def f0(x):
    return "–" if x is None else f"{x:,.0f}".replace(",", " ")


def f1(x):
    return "–" if x is None else f"{x:.1f}"


def f2(x):
    return "–" if x is None else f"{x:.2f}"


class Table:
    def __init__(self, title, headers, right=None, note=None):
        self.title, self.headers, self.rows, self.note = title, headers, [], note
        self.right = right if right is not None else [i > 0 for i in range(len(headers))]

    def add(self, *cells):
        self.rows.append([str(c) for c in cells])

    def text(self):
        w = [max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h)
             for i, h in enumerate(self.headers)]
        def line(cells):
            return "  ".join(c.rjust(w[i]) if self.right[i] else c.ljust(w[i])
                             for i, c in enumerate(cells)).rstrip()
        out = [self.title, "=" * len(self.title), line(self.headers),
               line(["-" * x for x in w])]
        out += [line(r) for r in self.rows]
        if self.note:
            out += ["", self.note]
        return "\n".join(out)

    def markdown(self):
        out = [f"#### {self.title}", "", "| " + " | ".join(self.headers) + " |",
               "|" + "|".join("---:" if r else "---" for r in self.right) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        if self.note:
            out += ["", self.note]
        return "\n".join(out)


def main():
    res = sys.argv[1]
    cases, meta = load(res)
    c = cases.get
    tables = []

    # --- tipsheet per N and format ---
    t = Table("tipsheet: editions per N and format (medians)",
              ["N", "format", "--jobs", "runs", "wall s (min-max)", "editions/s", "ms/edition",
               "CPU s", "peak MiB", "bytes/edition", "PNG p1 bytes/ed."],
              right=[True, False, False] + [True] * 8)
    fmt_order = {"pdf": 0, "svg": 1, "png": 2, "png1": 3, "all": 4}
    rows = [r for r in cases.values() if r["group"] == "tipsheet"]
    rows.sort(key=lambda r: (int(r["docs"]), fmt_order.get(r["format"], 9), r["jobs"]))
    for r in rows:
        n = int(r["docs"])
        wall = num(r, "wall_median")
        fmt = {"all": "PDF+SVG+PNG", "png1": "PNG page 1"}.get(r["format"], r["format"].upper())
        p1 = num(r, "bytes_page1")
        t.add(n, fmt, r["jobs"], r["runs"] + (f" ({r['failures']} failed)" if r["failures"] != "0" else ""),
              f"{wall:.3f} ({float(r['wall_min']):.3f}-{float(r['wall_max']):.3f})",
              f1(n / wall), f1(wall * 1000 / n), f"{num(r, 'cpu_median'):.3f}",
              f1(num(r, "peak_median_mib")), f0(num(r, "bytes") / n),
              f0(p1 / n) if p1 is not None else "–")
    t.note = ("SVG and PNG: both pages (two files per edition); PNG page 1: --page 1, page 1 "
              "only. bytes/edition: mean over the editions of the last run. --jobs 'default' "
              "is tipsheet's default.")
    tables.append(t)

    # --- start-up ---
    t = Table("tipsheet: start-up (one process, medians)",
              ["case", "runs", "wall ms", "CPU ms", "peak MiB"], right=[False, True, True, True, True])
    for r in cases.values():
        if r["group"] == "startup":
            t.add(r["format"], r["runs"], f1(num(r, "wall_median") * 1000),
                  f1(num(r, "cpu_median") * 1000), f1(num(r, "peak_median_mib")))
    tables.append(t)

    # --- parallel headroom ---
    one, two, dflt = c("ts_pdf_100_j1"), c("ctl_pdf_100_shards"), c("ts_pdf_100")
    if one and two:
        t = Table("Parallel headroom: 100 PDFs (medians)",
                  ["how", "runs", "wall s", "CPU s", "speed-up over one --jobs 1 process"],
                  right=[False, True, True, True, True])
        w1 = num(one, "wall_median")
        t.add("one process, --jobs 1", one["runs"], f"{w1:.3f}", f"{num(one, 'cpu_median'):.3f}", "1.00x")
        if dflt:
            t.add("one run, default --jobs (worker processes)", dflt["runs"], f"{num(dflt, 'wall_median'):.3f}",
                  f"{num(dflt, 'cpu_median'):.3f}", f"{w1 / num(dflt, 'wall_median'):.2f}x")
        t.add("two processes at once, --jobs 1 --shard 1/2 and 2/2 (control)", two["runs"],
              f"{num(two, 'wall_median'):.3f}", "–", f"{w1 / num(two, 'wall_median'):.2f}x")
        t.note = ("The control shows how much parallelism the machine gave during the run: about 2x "
                  "on an idle 2-core machine. --jobs cannot beat it.")
        tables.append(t)

    # --- anchors ---
    anchors = [r for r in cases.values() if r["group"] in ("anchor", "reference")]
    if anchors:
        t = Table("Anchors and references, same run (medians)",
                  ["case", "tool", "output", "docs", "runs", "wall s", "ms/doc", "CPU s",
                   "peak MiB", "bytes/doc"],
                  right=[False, False, False] + [True] * 7)
        for r in anchors:
            d = max(int(r["docs"]), 1)
            fails = f" ({r['failures']} failed)" if r["failures"] != "0" else ""
            b = num(r, "bytes")
            t.add(r["id"], r["tool"], r["format"], r["docs"], r["runs"] + fails,
                  f"{num(r, 'wall_median'):.3f}", f1(ms_per_doc(r)), f"{num(r, 'cpu_median'):.3f}",
                  f1(num(r, "peak_median_mib")), f0(b / d) if b is not None else "–")
        t.note = ("Typst and WeasyPrint PNG = their PDF, then `pdftoppm -r 150 -png` on page 1 (one "
                  "pdftoppm process per document). Peak = the largest single process.")
        tables.append(t)

    # --- ratios ---
    def per_doc(i):
        r = c(i)
        return ms_per_doc(r) if r and r["failures"] == "0" else None

    def first(*ids):
        for i in ids:
            if c(i):
                return i
        return None

    t = Table("Ratios tipsheet/anchor (same run; < 1 means tipsheet is faster)",
              ["work", "tipsheet case", "tipsheet ms/ed.", "anchor case", "anchor ms/doc",
               "tipsheet/anchor", "tipsheet faster by", "CPU ratio"],
              right=[False, False, True, False, True, True, True, True])
    comparisons = [
        ("one edition PDF, cold process", "ts_pdf_1", ["typst_pdf_1", "weasy_pdf_1"]),
        ("PDF per edition, batch of 10 in one process", "ts_pdf_10", ["typst_pdf_10", "weasy_pdf_10"]),
        ("PDF per edition, batch of 100 (vs the anchors' batch of 10)", "ts_pdf_100",
         ["typst_pdf_10", "weasy_pdf_10"]),
        ("SVG, one edition, cold process", "ts_svg_1", ["typst_svg_1"]),
        ("SVG per edition, batch of 10", "ts_svg_10", ["typst_svg_10"]),
        ("SVG per edition, batch of 100 (vs batch of 10)", "ts_svg_100", ["typst_svg_10"]),
        ("PNG 150 dpi, one edition, cold (tipsheet: 2 pages; anchors: page 1)", "ts_png_1",
         ["typst_png_1", "weasy_png_1"]),
        ("PNG 150 dpi per edition, batch of 10 (tipsheet: 2 pages; anchors: p1)", "ts_png_10",
         ["typst_png_10", "weasy_png_10", "ref_pdftoppm_ts"]),
        ("PNG 150 dpi per edition, batch of 100 (vs batch of 10)", "ts_png_100",
         ["typst_png_10", "weasy_png_10", "ref_pdftoppm_ts"]),
    ]
    for work, ts, anchors_ids in comparisons:
        a_ms = per_doc(ts)
        for aid in anchors_ids:
            b_ms = per_doc(aid)
            if a_ms is None or b_ms is None:
                continue
            cpu = num(c(ts), "cpu_median") / max(int(c(ts)["docs"]), 1) / (
                num(c(aid), "cpu_median") / max(int(c(aid)["docs"]), 1))
            t.add(work, ts, f1(a_ms), aid, f1(b_ms), f2(a_ms / b_ms), f"{b_ms / a_ms:.2f}x", f2(cpu))
    t.note = ("CPU ratio: the same division with CPU time (user + system) instead of wall time. "
              "ref_pdftoppm_ts: `pdftoppm -r 150 -png` alone (one process) on page 1 of "
              "tipsheet's own PDF: the cost of the anchors' PNG step without their renderer.")
    if t.rows:
        tables.append(t)

    # --- the targets ---
    t = Table("Issue 7, 'Done when' (figures of this run)",
              ["target", "measured", "verdict"], right=[False, False, False])

    def verdict(ok):
        return "met" if ok else "NOT met"

    ts1, ty1 = per_doc("ts_pdf_1"), per_doc("typst_pdf_1")
    if ts1 and ty1:
        t.add("one edition PDF, cold: >= 3.5x faster than Typst",
              f"{ts1:.1f} ms vs Typst {ty1:.1f} ms: {ty1 / ts1:.2f}x", verdict(ty1 / ts1 >= 3.5))
    i100 = first("ts_pdf_100", "ts_pdf_10")
    ts100, ty10 = per_doc(i100) if i100 else None, per_doc("typst_pdf_10")
    if ts100 and ty10:
        t.add("PDF per edition, batch of 100, default --jobs: >= 5x faster than Typst's batch",
              f"{ts100:.1f} ms/ed. ({i100}) vs Typst {ty10:.1f} ms/doc: {ty10 / ts100:.2f}x",
              verdict(ty10 / ts100 >= 5))
    i = first("ts_svg_100", "ts_svg_10")
    if i:
        v = per_doc(i)
        t.add("SVG per edition (both pages) in a batch: <= 15 ms", f"{v:.1f} ms ({i})",
              verdict(v <= 15) + (f", by {v / 15:.1f}x" if v > 15 else ""))
    i1 = first("ts_png1_100", "ts_png1_10")
    i = first("ts_png_100", "ts_png_10")
    if i1:
        v = per_doc(i1)
        t.add("PNG page 1, 150 dpi, in a batch: <= 30 ms", f"{v:.1f} ms, page 1 alone ({i1})",
              verdict(v <= 30))
    elif i:
        v = per_doc(i)
        if v <= 30:
            vd = "met (even for both pages)"
        elif v / 2 > 30:
            vd = f"NOT met: even half of it is {v / 2:.0f} ms (page 1 is the heavier page)"
        else:
            vd = "not shown: only both pages can be timed"
        t.add("PNG page 1, 150 dpi, in a batch: <= 30 ms", f"{v:.1f} ms for both pages ({i})", vd)
    ts_p1 = num({"x": meta.get("ts_png_p1_body1")}, "x")
    r = c("ref_pdftoppm_ts")
    if ts_p1 and r:
        pp = num(r, "bytes")
        t.add("PNG page 1 no larger than pdftoppm's PNG of the same page",
              f"{ts_p1:,.0f} B vs {pp:,.0f} B (body-0001): {ts_p1 / pp:.2f}".replace(",", " "),
              verdict(ts_p1 <= pp))
    i1000 = first("ts_all_1000_j2", "ts_all_1000")
    if i1000:
        r = c(i1000)
        w = num(r, "wall_median")
        jobs = r["jobs"] if r["jobs"] != "default" else "default (no --jobs option)"
        t.add("1,000 editions PDF+SVG+PNG, --jobs 2: under 45 s", f"{w:.1f} s (--jobs {jobs})",
              verdict(w < 45) + (f", by {w / 45:.1f}x" if w >= 45 else ""))
        p1000 = num(r, "peak_median_mib")
        t.add("... peak memory under 60 MiB", f"{p1000:.1f} MiB", verdict(p1000 < 60))
        i10 = first("ts_all_10")
        if i10:
            p10 = num(c(i10), "peak_median_mib")
            t.add("... and within 10 % of the peak for 10 editions",
                  f"{p1000:.1f} vs {p10:.1f} MiB: {100 * (p1000 / p10 - 1):+.1f} %",
                  verdict(p1000 <= p10 * 1.1))
    j = [k for k in meta if k.startswith("jobs_identical_")]
    if j:
        for k in j:
            t.add(f"--jobs 1 and --jobs 2 outputs identical (N={k.rsplit('_', 1)[1]})", meta[k],
                  verdict(meta[k].startswith("yes")))
    else:
        t.add("--jobs 1 and --jobs 2 outputs identical", "no --jobs option in this build", "NOT met")
    if t.rows:
        tables.append(t)

    # --- sizes ---
    t = Table("Output size per document (bytes, mean over the documents of a case)",
              ["output", "tipsheet", "Typst", "WeasyPrint", "pdftoppm"],
              right=[False, True, True, True, True])

    def bytes_per(i, key="bytes"):
        r = c(i)
        if not r:
            return None
        v = num(r, key)
        return v / max(int(r["docs"]), 1) if v is not None else None

    t.add("PDF, 2 pages", f0(bytes_per(first("ts_pdf_10", "ts_pdf_100", "ts_pdf_1"))),
          f0(bytes_per("typst_pdf_10")), f0(bytes_per("weasy_pdf_10")), "")
    t.add("SVG, both pages", f0(bytes_per(first("ts_svg_10", "ts_svg_100", "ts_svg_1"))),
          f0(bytes_per("typst_svg_10")), "–", "")
    t.add("PNG page 1, 150 dpi", f0(bytes_per(first("ts_png_10", "ts_png_100", "ts_png_1"), "bytes_page1")),
          f0(bytes_per("typst_png_10", "bytes_page1")), f0(bytes_per("weasy_png_10", "bytes_page1")),
          f0(bytes_per("ref_pdftoppm_ts")) + " (of tipsheet's PDF)" if c("ref_pdftoppm_ts") else "–")
    t.note = ("Typst/WeasyPrint PNG: pdftoppm's PNG of their own PDF. "
              f"tipsheet PNG: {meta.get('ts_png_p1_info', '?')}; "
              f"pdftoppm PNG: {meta.get('pdftoppm_png_p1_info', '?')}.")
    tables.append(t)

    # --- meta ---
    keys = ["date", "command", "machine", "tipsheet", "libraries", "typst", "weasyprint", "poppler",
            "runs", "date_option", "ts_pdf_pages", "jobs_note", "wall_total", "nice", "load_start", "load_end"]
    head = [f"{k}: {meta[k]}" for k in keys if k in meta]

    text = "\n".join(head) + "\n\n" + "\n\n".join(tb.text() for tb in tables)
    md = ("\n".join(f"- **{k}**: {meta[k]}" for k in keys if k in meta) + "\n\n"
          + "\n\n".join(tb.markdown() for tb in tables) + "\n")
    with open(os.path.join(res, "report.md"), "w") as f:
        f.write(md)
    print(text)
    print("\n---- markdown ----\n")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
