#!/usr/bin/env python3
"""Writes N synthetic body files for the benchmark (Python standard library only).

    bench/gen_bodies.py N OUTDIR [--samples DIR]

Body i (1-based) is a copy of data/bodies/veldkers.yaml (odd i: SVG logo, two information
evenings) or data/bodies/zandloper.yaml (even i: PNG logo, one evening, a local section),
written to OUTDIR/body-NNNN.yaml, so its slug is body-NNNN. Each copy gets its own name
(the organisation and the logo's alt text follow it; e-mail and web addresses get the
domain bNNNN.example) and a colour pair from a
small palette of dark primaries, all of which pass tipsheet's WCAG contrast check. The logo
stays the sample's file, referenced by a path relative to OUTDIR that points into
data/bodies/logos/, so no logo is copied. The output is the same for the same N.
"""
import argparse
import os
import re
import sys

# (primary, accent): dark primaries, so white title text reads on them at well over 4.5:1.
PALETTE = [
    ("#1B4D3E", "#E8A33D"),
    ("#1F3A68", "#F2A900"),
    ("#5B2245", "#F28C28"),
    ("#0B5563", "#F4D35E"),
    ("#3D2C8D", "#FFB000"),
    ("#7A1F1F", "#F2C14E"),
    ("#264653", "#E9C46A"),
    ("#2F4858", "#F26419"),
]
KINDS = ["Stichting", "Scholengroep", "Stichting Openbaar Onderwijs", "Vereniging",
         "Stichting Katholiek Primair Onderwijs"]
PLACES = ["Veldkers", "Zandloper", "Heidebloem", "Rivierduin", "Lindehof", "Kempenrand",
          "Waterlinie", "Polderwind", "Meerzicht", "Eikenhout", "Bosrand", "Zeeklei",
          "Vlietland", "Brughof", "Scheldemond"]


def make_body(template, i, logo_dir_rel):
    kind = KINDS[i % len(KINDS)]
    place = PLACES[(i // len(KINDS)) % len(PLACES)]
    name = f"{kind} {place} {i:04d}"
    primary, accent = PALETTE[i % len(PALETTE)]
    out = []
    for line in template.splitlines():
        if line.startswith("#"):
            continue  # the sample's header comment
        if line.startswith("name: "):
            line = f"name: {name}"
        elif re.match(r"^  primary: ", line):
            line = f'  primary: "{primary}"'
        elif re.match(r"^  accent: ", line):
            line = f'  accent: "{accent}"'
        elif re.match(r"^  file: logos/", line):
            line = "  file: " + logo_dir_rel + "/" + line.split("logos/", 1)[1]
        elif re.match(r"^  alt: Logo van ", line):
            line = f"  alt: Logo van {name}"
        elif re.match(r"^  organisation: ", line):
            line = f"  organisation: {name}"
        elif re.match(r"^  (email|website): |^    signup: ", line):
            # Same length class as the sample's, so the contact block still fits its column.
            line = re.sub(r"(veldkers|zandloper)\.example", f"b{i:04d}.example", line)
        out.append(line)
    return "# Synthetic benchmark body, written by bench/gen_bodies.py.\n" + "\n".join(out) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--samples", default=os.path.join(here, "..", "data", "bodies"))
    a = ap.parse_args()
    samples = os.path.abspath(a.samples)
    templates = []
    for name in ("veldkers.yaml", "zandloper.yaml"):
        with open(os.path.join(samples, name), encoding="utf-8") as f:
            templates.append(f.read())
    os.makedirs(a.outdir, exist_ok=True)
    logo_rel = os.path.relpath(os.path.join(samples, "logos"), os.path.abspath(a.outdir))
    for i in range(1, a.n + 1):
        text = make_body(templates[(i - 1) % 2], i, logo_rel)
        with open(os.path.join(a.outdir, f"body-{i:04d}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
