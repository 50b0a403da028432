#!/usr/bin/env bash
# Visual regression tests: renders every sample edition in every layout (page 1) and the
# checklist page of a4-portrait at 36 dpi, and compares each PNG pixel by pixel with its
# reference in tests/visual/refs/ (pngdiff: a few pixels of antialiasing noise allowed).
# The SVG pages of a4-portrait are drawn by tipsheet's own SVG writer, not by cairo: they
# are rasterised with librsvg (rsvg-convert) and compared with refs/svg-*.png the same way.
# A difference fails the test and leaves a diff image (red: changed pixels) in
# $VISUAL_DIFFS (default build/visual-diffs/).
#
#   tests/visual/run.sh BINARY PNGDIFF SOURCE_DIR            compare (CTest runs this)
#   tests/visual/run.sh --update BINARY PNGDIFF SOURCE_DIR   regenerate the references on
#                                                            purpose, after a wanted change
set -euo pipefail
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
bin=$(realpath "$1"); pngdiff=$(realpath "$2"); src=$(realpath "$3")
refs=$src/tests/visual/refs
diffs=${VISUAL_DIFFS:-$(pwd)/visual-diffs}
export TIPSHEET_DATADIR=$src SOURCE_DATE_EPOCH=1764374400
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The editions as rendered now: <layout>-<edition>-<page>.png
for layout in a4-portrait a4-landscape a3-portrait a5-portrait; do
  "$bin" -q --jobs 2 --date 2026-11-29 -l "$layout" -f png --dpi 36 -o "$tmp/$layout"
  "$bin" -q --neutral -l "$layout" -f png --dpi 36 -o "$tmp/$layout"
  for png in "$tmp/$layout"/*/*-1.png "$tmp/$layout"/*-1.png; do
    [ -e "$png" ] || continue
    case "$png" in */index-files/*) continue ;; esac
    edition=$(basename "$(dirname "$png")")
    [ "$(dirname "$png")" = "$tmp/$layout" ] && edition=neutral
    cp "$png" "$tmp/$layout-$edition-1.png"
  done
done
# The checklist pages of a4-portrait (page 2).
for png in "$tmp"/a4-portrait/*/*-2.png "$tmp"/a4-portrait/*-2.png; do
  case "$png" in */index-files/*) continue ;; esac
  edition=$(basename "$(dirname "$png")")
  [ "$(dirname "$png")" = "$tmp/a4-portrait" ] && edition=neutral
  cp "$png" "$tmp/a4-portrait-$edition-2.png"
done

# The SVG pages of a4-portrait, as librsvg draws them: svg-a4-portrait-<edition>-<page>.png
"$bin" -q --jobs 2 --date 2026-11-29 -f svg -o "$tmp/svg"
"$bin" -q --neutral -f svg -o "$tmp/svg"
for svg in "$tmp"/svg/*/*.svg "$tmp"/svg/*.svg; do
  edition=$(basename "$(dirname "$svg")")
  [ "$(dirname "$svg")" = "$tmp/svg" ] && edition=neutral
  page=${svg%.svg}; page=${page##*-}
  rsvg-convert -d 36 -p 36 "$svg" -o "$tmp/svg-a4-portrait-$edition-$page.png"
done

if [ "$update" = 1 ]; then
  mkdir -p "$refs"
  rm -f "$refs"/*.png
  cp "$tmp"/*-[12].png "$refs/"
  echo "visual: wrote $(ls "$refs" | wc -l) references to $refs"
  exit 0
fi

failures=0 checked=0
mkdir -p "$diffs"
for ref in "$refs"/*.png; do
  name=$(basename "$ref")
  checked=$((checked + 1))
  if [ ! -e "$tmp/$name" ]; then
    echo "visual: FAIL: $name was not rendered"; failures=$((failures + 1)); continue
  fi
  if ! "$pngdiff" "$ref" "$tmp/$name" "$diffs/$name"; then
    cp "$tmp/$name" "$diffs/${name%.png}-actual.png"
    failures=$((failures + 1))
  fi
done
for png in "$tmp"/*-[12].png; do
  [ -e "$refs/$(basename "$png")" ] || { echo "visual: FAIL: no reference for $(basename "$png") (run with --update)"; failures=$((failures + 1)); }
done
echo "visual: $checked references checked, $failures differ"
[ "$failures" = 0 ]
