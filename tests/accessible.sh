#!/usr/bin/env bash
# Accessibility, metadata, reproducibility and size of what tipsheet writes, read back with
# poppler's pdfinfo and qpdf. Usage: accessible.sh BINARY SOURCE_DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_setup accessible "$@"

# --- The neutral edition's structure tree, in reading order --------------------------------
"$bin" -q --neutral -f pdf -o "$tmp/neutral"
pdf=$tmp/neutral/tips-zij-instromers.pdf
info=$(pdfinfo "$pdf")
grep -q '^Tagged: *yes' <<<"$info" && pass "Tagged: yes" || fail "not tagged"
grep -q '^Title: *Tips voor een succesvolle route van zij-instromers' <<<"$info" \
  && pass "title set" || fail "title: $(grep '^Title' <<<"$info")"
grep -q '^Creator: *tipsheet ' <<<"$info" && pass "creator is tipsheet" || fail "creator"
struct=$(pdfinfo -struct-text "$pdf")
# Page 1 is everything before the second H1 (page 2's title).
page1=$(awk '/^  H1/ {n++} n == 1' <<<"$struct")
h1=$(grep -c '^  H1' <<<"$page1" || true)
h2=$(grep -c '^  H2' <<<"$page1" || true)
li=$(grep -c '^    LI' <<<"$page1" || true)
if [ "$h1" = 1 ] && [ "$h2" = 5 ] && [ "$li" = 36 ]; then
  pass "page 1: H1, five H2 and 36 list items"
else
  fail "page 1 has $h1 H1, $h2 H2, $li LI (want 1, 5, 36)"
fi
# Reading order: the H2s in the order of the sections.
order=$(grep -A1 '^  H2' <<<"$page1" | grep -v '^  H2\|^--' | tr -d '"' | sed 's/^ *//' | tr '\n' '|')
want='Tips voor het bestuur|Tips voor de zij-instromer|Tips voor de opleiding|Tips voor leerkrachten|Tips voor de schoolleider|'
[ "$order" = "$want" ] && pass "headings in reading order" || fail "heading order: $order"
# A tip's text comes out whole: in the structure tree (nothing cut at a line end), and in
# copied text, where a word broken at a line end is joined again. (In the structure tree a
# broken word keeps its hyphen, "positie-ve": cairo cannot give the hyphen an ActualText.)
grep -q '"Wees samen verantwoordelijk: de school is de succesfactor"' <<<"$struct" \
  && pass "a tip reads whole in the structure tree" || fail "tip not whole in the structure tree"
joined=$(pdftotext "$pdf" - | tr '\n' ' ' | tr -s ' ')
grep -qF 'Stimuleer in het team een positieve houding tegenover zij-instroom door de toegevoegde waarde hier van te benadrukken' <<<"$joined" \
  && pass "a hyphenated tip is whole in copied text" || fail "hyphenated tip not whole in pdftotext"
if LC_ALL=C grep -q $'\xc2\xad' <<<"$struct$(pdftotext "$pdf" -)"; then fail "soft hyphens in the text"; else pass "no soft hyphens in the text"; fi

# --- Catalog: language, title shown, page labels; qpdf --check clean ------------------------
json=$(qpdf --json --json-key=qpdf "$pdf")
/usr/bin/python3 - "$json" <<'PY' && pass "/Lang nl and DisplayDocTitle" || fail "catalog: no /Lang nl or DisplayDocTitle"
import json, sys
objs = json.loads(sys.argv[1])["qpdf"][1]
cat = next(v["value"] for v in objs.values() if isinstance(v.get("value"), dict) and v["value"].get("/Type") == "/Catalog")
ok = cat.get("/Lang") in ("u:nl", "nl")
vp = cat.get("/ViewerPreferences")
if isinstance(vp, str) and vp.endswith(" R"):
    vp = objs["obj:" + vp]["value"]
ok = ok and isinstance(vp, dict) and vp.get("/DisplayDocTitle") is True
sys.exit(0 if ok else 1)
PY
qpdf --check "$pdf" >/dev/null 2>&1 && pass "qpdf --check clean" || fail "qpdf --check: $(qpdf --check "$pdf" 2>&1 | tail -2)"

# --- Branded editions: author, size ---------------------------------------------------------
"$bin" -q --date 2026-11-29 -f pdf,png -o "$tmp/bodies"
for pdf in "$tmp"/bodies/*/*.pdf; do
  author=$(pdfinfo "$pdf" | sed -n 's/^Author: *//p')
  [ -n "$author" ] && pass "$(basename "$pdf"): author $author" || fail "$(basename "$pdf"): no author"
  size=$(stat -c %s "$pdf")
  [ "$size" -lt 51200 ] && pass "$(basename "$pdf"): $size bytes, under 50 KB" || fail "$(basename "$pdf"): $size bytes"
done
for png in "$tmp"/bodies/*/*-1.png; do
  size=$(stat -c %s "$png")
  [ "$size" -lt 409600 ] && pass "$(basename "$png"): $size bytes, under 400 KB" || fail "$(basename "$png"): $size bytes"
done

# --- SVG and PNG carry a title --------------------------------------------------------------
"$bin" -q --body veldkers --date 2026-11-29 -f svg,png -o "$tmp/svg"
svg=$(ls "$tmp"/svg/veldkers/*-1.svg)
grep -q '<title>Tips voor een succesvolle route van zij-instromers – Stichting Veldkers Onderwijs</title>' "$svg" \
  && grep -q 'role="img"' "$svg" && grep -q '<desc>' "$svg" \
  && pass "SVG has title, desc and role" || fail "SVG title/desc/role missing"
# The footer's web address, sign-up page and e-mail address are links in the SVG as well.
grep -q '<a xlink:href="https://www.veldkers.example/zij-instroom">' "$svg" \
  && grep -q '<a xlink:href="mailto:zij-instroom@veldkers.example">' "$svg" \
  && pass "SVG links the website and the e-mail address" || fail "SVG links missing"
png=$(ls "$tmp"/svg/veldkers/*-1.png)
LC_ALL=C grep -aq 'iTXtTitle' "$png" && LC_ALL=C grep -aq 'iTXtAuthor' "$png" \
  && pass "PNG has Title and Author" || fail "PNG text chunks missing"

# --- Reproducible: same input, same bytes, whatever the time, locale or --jobs -----------
export SOURCE_DATE_EPOCH=1764374400
"$bin" -q --date 2026-11-29 --jobs 1 -o "$tmp/r1"
sleep 1
LC_ALL=C.UTF-8 "$bin" -q --date 2026-11-29 --jobs 2 -o "$tmp/r2"
if diff -r "$tmp/r1" "$tmp/r2" >/dev/null; then
  pass "two runs (a second apart, another locale, --jobs 1 and 2): identical bytes in every file"
else
  fail "runs differ: $(diff -rq "$tmp/r1" "$tmp/r2" | head -3)"
fi
date=$(pdfinfo "$(ls "$tmp"/r1/veldkers/*.pdf)" | sed -n 's/^CreationDate: *//p')
grep -q 2025 <<<"$date" && pass "SOURCE_DATE_EPOCH is the PDF's date ($date)" || fail "CreationDate $date"

e2e_finish
