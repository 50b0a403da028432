#!/usr/bin/env bash
# End-to-end test: runs the built program the way a user does and reads what it wrote back
# with poppler's tools. Usage: e2e.sh BINARY SOURCE_DIR (CTest passes both).
# Every check runs; each failure is reported on stderr, and the exit status is 1 if any failed.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
e2e_setup e2e "$@"
data=$src/data/tips.yaml

# The neutral (unbranded) edition is the one these checks describe; without --neutral the
# program renders the branded editions of data/bodies (tests/e2e_bodies.sh checks those).
edition_args=(--neutral)

# --- The tips of data/tips.yaml, one "section<TAB>tip" line each ----------------------------
extract_tips() {
  if /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
    /usr/bin/python3 - "$data" <<'EOF'
import sys, yaml
with open(sys.argv[1], encoding="utf-8") as f:
    doc = yaml.safe_load(f)
for i, section in enumerate(doc["sections"]):
    for tip in section["tips"]:
        print(f"{i}\t{tip}")
EOF
  else
    # Without python3-yaml: the file lists each tip on one line as "      - tip", quoted with
    # "..." when it holds ": ".
    awk '
      /^  - id: / { section++ }
      /^      - / {
        tip = substr($0, 9)
        if (tip ~ /^".*"$/) tip = substr(tip, 2, length(tip) - 2)
        printf "%d\t%s\n", section - 1, tip
      }' "$data"
  fi
}

# pdftotext breaks lines where the PDF does and drops the hyphen of a word broken after "-"
# ("zij-" + "instromers" becomes "zijinstromers"). Comparing text with all white space and
# hyphens (and soft hyphens) removed, on both sides, is immune to both.
squeeze() {
  sed 's/\xc2\xad//g' | tr -d '[:space:]-'
}

# --- The default edition ---------------------------------------------------------------------
out=$tmp/default
run "${edition_args[@]}" --output "$out"
if [ "$rc" -eq 0 ]; then pass "default run exits 0"; else
  fail "default run exited $rc: $(cat "$tmp/err.txt")"
fi

pdf=$(files_in "$out" | grep '\.pdf$' | head -n 1 || true)
if [ -z "$pdf" ]; then
  fail "no PDF in $out"
else
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
  if [ "$pages" = 2 ]; then pass "the PDF has 2 pages"; else fail "the PDF has $pages pages, expected 2"; fi

  # Every tip is in the PDF, in order within its section.
  text=$(pdftotext -enc UTF-8 "$pdf" - | squeeze)
  n_tips=0
  current_section=-1
  rest=
  while IFS=$'\t' read -r section tip; do
    n_tips=$((n_tips + 1))
    if [ "$section" != "$current_section" ]; then
      current_section=$section
      rest=$text # each section is searched from the start of the text
    fi
    needle=$(printf '%s' "$tip" | squeeze)
    case $rest in
      *"$needle"*) rest=${rest#*"$needle"} ;;
      *) fail "tip not found in the PDF (or out of order in sections[$section]): $tip" ;;
    esac
  done < <(extract_tips)
  if [ "$n_tips" -eq 36 ]; then pass "36 tips checked against the PDF text"; else
    fail "read $n_tips tips from $data, expected 36"
  fi

  # Only Open Sans, embedded and subset.
  fonts=$(pdffonts "$pdf" | tail -n +3)
  if [ -z "$fonts" ]; then
    fail "pdffonts lists no fonts"
  else
    bad_fonts=$(printf '%s\n' "$fonts" |
      awk '$1 !~ /OpenSans/ || $(NF - 4) != "yes" || $(NF - 3) != "yes"')
    if [ -z "$bad_fonts" ]; then pass "fonts: Open Sans only, embedded and subset"; else
      fail "fonts not Open Sans, or not embedded and subset: $bad_fonts"
    fi
  fi

  # One SVG and one PNG a page; PNG at 150 dpi, its pixels the page size times 150/72, rounded up.
  n_svg=$(files_in "$out" | grep -c '\.svg$' || true)
  n_png=$(files_in "$out" | grep -c '\.png$' || true)
  if [ "$n_svg" -eq 2 ] && [ "$n_png" -eq 2 ]; then pass "2 SVGs and 2 PNGs"; else
    fail "found $n_svg SVGs and $n_png PNGs, expected 2 of each"
  fi
  want=$(pdfinfo "$pdf" | awk '/^Page size:/ {
    w = $3 * 150 / 72; h = $5 * 150 / 72
    printf "%d x %d", (w == int(w) ? w : int(w) + 1), (h == int(h) ? h : int(h) + 1) }')
  while read -r png; do
    size=$(file -b "$png" | grep -o '[0-9]* x [0-9]*' || true)
    if [ "$size" = "$want" ]; then pass "$(basename "$png") is $size"; else
      fail "$(basename "$png") is '$size', expected '$want' (150 dpi)"
    fi
  done < <(files_in "$out" | grep '\.png$')
fi

# --- --format pdf writes the PDF and no SVG or PNG --------------------------------------------
out=$tmp/pdf-only
run "${edition_args[@]}" --format pdf --output "$out"
n_pdf=$(files_in "$out" | grep -c '\.pdf$' || true)
n_other=$(files_in "$out" | grep -c '\.\(svg\|png\)$' || true)
if [ "$rc" -eq 0 ] && [ "$n_pdf" -eq 1 ] && [ "$n_other" -eq 0 ]; then
  pass "--format pdf writes only the PDF"
else
  fail "--format pdf: exit $rc, $n_pdf PDFs, $n_other SVG/PNG files"
fi

# --- --page 1: the factsheet page's SVG and PNG, and the whole PDF ---------------------------
out=$tmp/page-1
run "${edition_args[@]}" --page 1 --output "$out"
files=$(files_in "$out" | grep '\.\(pdf\|svg\|png\)$' | sed 's|.*/||' | sort | tr '\n' ' ')
if [ "$rc" -eq 0 ] && [ "$(files_in "$out" | grep -c '\.pdf$')" -eq 1 ] &&
  [ "$(files_in "$out" | grep -c -- '-1\.\(svg\|png\)$')" -eq 2 ] &&
  [ "$(files_in "$out" | grep -c -- '-2\.\(svg\|png\)$')" -eq 0 ]; then
  pass "--page 1 writes the PDF and page 1's SVG and PNG"
else
  fail "--page 1: exit $rc, files: $files"
fi
run "${edition_args[@]}" --page 3 --output "$tmp/page-3"
if [ "$rc" -eq 64 ] && grep -q -- "--page 3: the layout 'a4-portrait' has 2 pages" "$tmp/err.txt"; then
  pass "--page 3 of a two-page layout is a usage error"
else
  fail "--page 3: exit $rc, stderr: $(head -c 200 "$tmp/err.txt")"
fi

# --- Input errors: exit 65, file:line:column on stderr, nothing written -----------------------
# expect_input_error NAME FILE POSITION_AND_MESSAGE: runs with --data FILE into a fresh folder.
expect_input_error() {
  local name=$1 file=$2 expected=$3
  local dir=$tmp/out-$name
  run "${edition_args[@]}" --data "$file" --output "$dir"
  if [ "$rc" -ne 65 ]; then fail "$name: exit $rc, expected 65"; fi
  if grep -qF -- "$expected" "$tmp/err.txt"; then pass "$name: stderr names $expected"; else
    fail "$name: stderr does not contain '$expected': $(cat "$tmp/err.txt")"
  fi
  if [ -n "$(files_in "$dir")" ]; then fail "$name: files written: $(files_in "$dir")"; fi
}

# A line of data/tips.yaml (by its text) replaced; prints the line number.
edit_line() {
  local old=$1 new=$2 to=$3
  local line
  line=$(grep -nxF -- "$old" "$data" | cut -d: -f1)
  [ -n "$line" ] || { echo "e2e: line not found in $data: $old" >&2; exit 2; }
  awk -v n="$line" -v new="$new" 'NR == n { print new; next } { print }' "$data" >"$to"
  echo "$line"
}

mkdir -p "$tmp/data"
f=$tmp/data/wrong-type.yaml
line=$(edit_line "      - Zorg dat je niet te snel zelfstandig voor de klas komt te staan" \
  "      - {tip: Zorg dat je niet te snel zelfstandig voor de klas komt te staan}" "$f")
expect_input_error wrong-type "$f" "$f:$line:9: sections[1].tips[2]: expected a string, found a mapping"

f=$tmp/data/unknown-key.yaml
cp "$data" "$f"
printf 'titel: Fout\n' >>"$f"
line=$(wc -l <"$f")
expect_input_error unknown-key "$f" "$f:$line:1: unknown key 'titel'"

f=$tmp/data/broken-yaml.yaml
line=$(edit_line "title: Tips voor een succesvolle route van zij-instromers" \
  "title: Tips: voor een succesvolle route van zij-instromers" "$f")
expect_input_error broken-yaml "$f" "$f:$line:12: YAML syntax error"

# --- Usage error: exit 64 ------------------------------------------------------------------------
run --bogus --output "$tmp/out-usage"
if [ "$rc" -eq 64 ] && grep -qF -- "unknown option '--bogus'" "$tmp/err.txt"; then
  pass "an unknown option exits 64"
else
  fail "--bogus: exit $rc, expected 64: $(cat "$tmp/err.txt")"
fi

# --- Output error: exit 73, and no temporary files left ---------------------------------------
touch "$tmp/file"
run "${edition_args[@]}" --output "$tmp/file/out"
if [ "$rc" -eq 73 ]; then pass "an output folder under a regular file exits 73"; else
  fail "output under a regular file: exit $rc, expected 73: $(cat "$tmp/err.txt")"
fi
leftovers=$(find "$tmp" -name '*.tmp-*')
if [ -z "$leftovers" ]; then pass "no temporary files left"; else fail "left behind: $leftovers"; fi

# --- Fitting: twelve more long tips still fit A4, sixty do not --------------------------------
extra_tips() { # extra_tips N FILE: data/tips.yaml with a section of N long tips added
  /usr/bin/python3 - "$data" "$1" "$2" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
tip = ("Bespreek met de zij-instromer en de schoolopleider elke maand hoe de combinatie van "
       "werken, leren en begeleiding verloopt, en stel de planning bij waar dat nodig is")
tips = "".join(f"      - {tip} ({i})\n" for i in range(1, int(sys.argv[2]) + 1))
extra = f"  - id: extra\n    heading: Tips voor de regio\n    tips:\n{tips}\n"
open(sys.argv[3], "w", encoding="utf-8").write(text.replace("\nsource: >-", "\n" + extra + "source: >-", 1))
PY
}
extra_tips 12 "$tmp/tips12.yaml"
run "${edition_args[@]}" -v --data "$tmp/tips12.yaml" --format pdf --output "$tmp/fit12"
if [ "$rc" -eq 0 ] && grep -q 'page 1 fitted' "$tmp/err.txt"; then
  pass "12 extra long tips fit A4 by fitting: $(grep -o 'fitted.*' "$tmp/err.txt" | head -1)"
else
  fail "12 extra tips: exit $rc: $(head -c 300 "$tmp/err.txt")"
fi
extra_tips 60 "$tmp/tips60.yaml"
run "${edition_args[@]}" --data "$tmp/tips60.yaml" --output "$tmp/fit60"
if [ "$rc" -eq 65 ] && grep -q "section 'Tips voor de regio' does not fit" "$tmp/err.txt" &&
  [ -z "$(files_in "$tmp/fit60")" ]; then
  pass "60 extra tips: exit 65, names the section, writes nothing"
else
  fail "60 extra tips: exit $rc, files: $(files_in "$tmp/fit60" | head -3), stderr: $(head -c 300 "$tmp/err.txt")"
fi

e2e_finish
