#!/usr/bin/env bash
# End-to-end test of the personal checklists (--people): renders a PDF for every person of
# data/people.sample.csv and reads each back with poppler, qpdf and pypdf (ticking a box the
# way a candidate's PDF reader does). Usage: e2e_people.sh BINARY SOURCE_DIR (CTest passes
# both). Every check runs; each failure is reported on stderr, and the exit status is 1 if any
# failed.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
e2e_setup e2e_people "$@"
data=$src/data/tips.yaml
bodies=$src/data/bodies
sample=$src/data/people.sample.csv
export SOURCE_DATE_EPOCH=1764374400 # 2025-11-29, for the PDF dates
today=(--date 2026-11-29)
python=/usr/bin/python3

# As in e2e.sh: text compared with white space, hyphens and soft hyphens removed.
squeeze() {
  sed 's/\xc2\xad//g' | tr -d '[:space:]-'
}

# Fields are separated by US (0x1f), not a tab: `read` would merge the tabs around an empty
# field, since a tab is white space to it.
sep=$'\x1f'

# "name<US>body<US>email<US>rtl" for each person of a people CSV, in file order; rtl is 1
# for a name in a right-to-left script (poppler reorders such text on extraction).
read_people() {
  "$python" - "$1" <<'EOF'
import csv, sys, unicodedata
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
head = [h.strip().lower() for h in rows[0]]
for row in rows[1:]:
    if not any(v.strip() for v in row):
        continue
    rec = dict(zip(head, (v.strip() for v in row)))
    name = rec["naam"]
    rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in name)
    print("\x1f".join([name, rec["bestuur"], rec.get("e-mail", ""), "1" if rtl else "0"]))
EOF
}

# The tips of the checklist's section (zij-instromer), one a line.
checklist_tips() {
  "$python" - "$data" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
wanted = doc["checklist"]["section"]
for section in doc["sections"]:
    if section["id"] == wanted:
        print("\n".join(section["tips"]))
EOF
}

# people.csv as "name<US>email<US>body<US>pdf" lines (the header first).
read_people_csv() {
  "$python" - "$1" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.reader(f):
        print("\x1f".join(row))
EOF
}

mapfile -t people < <(read_people "$sample")
mapfile -t tips < <(checklist_tips)
if [ "${#people[@]}" -ne 11 ]; then fail "read ${#people[@]} people from $sample, expected 11"; fi
if [ "${#tips[@]}" -ne 7 ]; then fail "read ${#tips[@]} zij-instromer tips, expected 7"; fi

# --- Every person of the sample list ----------------------------------------------------------
out=$tmp/people
run "${today[@]}" --people "$sample" --output "$out"
if [ "$rc" -eq 0 ]; then pass "--people: exit 0"; else fail "--people: exit $rc: $(cat "$tmp/err.txt")"; fi

n_pdf=$(find "$out" -name '*.pdf' | wc -l)
if [ "$n_pdf" -eq 11 ]; then pass "11 PDFs written"; else fail "$n_pdf PDFs written, expected 11"; fi

# people.csv: the header, then one row per person in list order, with the PDF written.
declare -A pdf_of=()
if [ ! -f "$out/people.csv" ]; then
  fail "no people.csv"
else
  mapfile -t rows < <(read_people_csv "$out/people.csv")
  if [ "${rows[0]:-}" = "name${sep}email${sep}body${sep}pdf" ]; then pass "people.csv header"; else
    fail "people.csv header is '${rows[0]:-}'"
  fi
  if [ "$((${#rows[@]} - 1))" -eq 11 ]; then pass "people.csv has 11 rows"; else
    fail "people.csv has $((${#rows[@]} - 1)) rows, expected 11"
  fi
  for i in "${!people[@]}"; do
    IFS=$sep read -r name body email _ <<<"${people[$i]}"
    IFS=$sep read -r r_name r_email r_body r_pdf <<<"${rows[$((i + 1))]:-}"
    if [ "$r_name" != "$name" ] || [ "$r_email" != "$email" ] || [ "$r_body" != "$body" ]; then
      fail "people.csv row $((i + 1)) is '$r_name,$r_email,$r_body', expected '$name,$email,$body'"
      continue
    fi
    # A path relative to the output folder (or, from older versions, a full one).
    case $r_pdf in /*) ;; ?*) r_pdf=$out/$r_pdf ;; esac
    case $r_pdf in
      "$out/$body/people/"*.pdf)
        if [ -f "$r_pdf" ]; then pdf_of[$i]=$r_pdf; else fail "people.csv: $name: '$r_pdf' does not exist"; fi ;;
      *) fail "people.csv: $name: the pdf field is '$r_pdf', expected a file in $out/$body/people/" ;;
    esac
  done
  distinct=$(printf '%s\n' "${pdf_of[@]}" | sort -u | grep -c . || true)
  if [ "${#pdf_of[@]}" -eq 11 ] && [ "$distinct" -eq 11 ]; then
    pass "people.csv: a PDF of its own for each person, and it exists"
  else
    fail "people.csv: ${#pdf_of[@]} existing PDFs, $distinct distinct, expected 11"
  fi
fi

# A person whose PDF people.csv does not give (a failure reported above) is looked up by the
# PDF's title, which ends in their name, so that the checks of the PDFs below still run.
if [ "${#pdf_of[@]}" -lt "${#people[@]}" ]; then
  while IFS=$sep read -r i path; do
    if [ -z "${pdf_of[$i]:-}" ]; then pdf_of[$i]=$path; fi
  done < <("$python" - "$out" "${people[@]}" <<'EOF'
import glob, os, sys
from pypdf import PdfReader
out, people = sys.argv[1], [p.split("\x1f") for p in sys.argv[2:]]
used = set()
for i, (name, body, *_) in enumerate(people):
    for pdf in sorted(glob.glob(os.path.join(out, body, "people", "*.pdf"))):
        title = (PdfReader(pdf).metadata or {}).get("/Title", "")
        if pdf not in used and title.endswith(name):
            used.add(pdf)
            print(f"{i}\x1f{pdf}")
            break
EOF
  )
fi

# --- Each person's PDF ------------------------------------------------------------------------
for i in "${!people[@]}"; do
  IFS=$sep read -r name body email rtl <<<"${people[$i]}"
  pdf=${pdf_of[$i]:-}
  [ -n "$pdf" ] || continue
  page1=$(pdftotext -enc UTF-8 -f 1 -l 1 "$pdf" - | squeeze)
  page2=$(pdftotext -enc UTF-8 -f 2 -l 2 "$pdf" - | squeeze)
  body_name=$(sed -n 's/^name: //p' "$bodies/$body.yaml")
  problems=()
  # Their name on page 2; a right-to-left name is checked in the PDF's title instead.
  if [ "$rtl" = 1 ]; then
    title=$(pdfinfo "$pdf" | sed -n 's/^Title: *//p')
    case $title in *"$name"*) ;; *) problems+=("title '$title' lacks the name") ;; esac
  else
    case $page2 in *"$(printf '%s' "$name" | squeeze)"*) ;; *) problems+=("name not on page 2") ;; esac
  fi
  for tip in "${tips[@]}"; do
    case $page2 in *"$(printf '%s' "$tip" | squeeze)"*) ;; *) problems+=("tip not on page 2: $tip") ;; esac
  done
  # No one else's name (two people may share a name, as the two Jan de Vries do).
  for other in "${people[@]}"; do
    other_name=${other%%"$sep"*}
    [ "$other_name" != "$name" ] || continue
    case $page2 in *"$(printf '%s' "$other_name" | squeeze)"*) problems+=("page 2 names $other_name") ;; esac
  done
  case $page1 in *"$(printf '%s' "$body_name" | squeeze)"*) ;; *) problems+=("page 1 lacks $body_name") ;; esac
  if [ "${#problems[@]}" -eq 0 ]; then pass "$name: name, 7 tips, no one else's name; $body_name on page 1"; else
    fail "$name ($pdf): $(printf '%s; ' "${problems[@]}")"
  fi

  # The form: a checkbox per item (7 tips, 8 route steps) and a date field beside each.
  if "$python" - "$pdf" >"$tmp/form.txt" 2>&1 <<'EOF'
import sys
from pypdf import PdfReader
fields = PdfReader(sys.argv[1]).get_fields() or {}
boxes = sorted(n for n, f in fields.items() if f.get("/FT") == "/Btn")
texts = {n for n, f in fields.items() if f.get("/FT") == "/Tx"}
want_boxes = sorted([f"tip-{i}" for i in range(1, 8)] + [f"stap-{i}" for i in range(1, 9)])
problems = []
if boxes != want_boxes:
    problems.append(f"checkboxes {boxes}, expected {want_boxes}")
missing = [f"{b}-datum" for b in want_boxes if f"{b}-datum" not in texts]
if missing:
    problems.append(f"no date fields {missing}")
if problems:
    sys.exit("; ".join(problems))
EOF
  then pass "$name: 15 checkboxes and their date fields"; else fail "$name: form: $(cat "$tmp/form.txt")"; fi
done

# --- Ticking a box, the way a PDF reader saves it ------------------------------------------
pdf=${pdf_of[0]:-}
if [ -n "$pdf" ]; then
  ticked=$tmp/ticked.pdf
  if "$python" - "$pdf" "$ticked" >"$tmp/tick.txt" 2>&1 <<'EOF'
import sys
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
writer = PdfWriter()
writer.clone_document_from_reader(PdfReader(sys.argv[1]))
page = writer.pages[1]
writer.update_page_form_field_values(page, {"stap-3": "/Yes"})
for ref in page["/Annots"]:
    a = ref.get_object()
    if a.get("/T") == "stap-3":
        # The on-state must be one the box has an appearance for.
        if "/Yes" not in a["/AP"]["/N"]:
            sys.exit(f"stap-3 has no /Yes appearance: {list(a['/AP']['/N'])}")
        a[NameObject("/V")] = NameObject("/Yes")
        a[NameObject("/AS")] = NameObject("/Yes")
with open(sys.argv[2], "wb") as f:
    writer.write(f)

reader = PdfReader(sys.argv[2])
fields = reader.get_fields()
got = {n: fields[n].get("/V") for n in ("stap-2", "stap-3", "stap-4")}
states = {a.get_object().get("/T"): a.get_object().get("/AS") for a in reader.pages[1]["/Annots"]}
if got["stap-3"] != "/Yes" or states.get("stap-3") != "/Yes":
    sys.exit(f"stap-3 reads back as /V {got['stap-3']}, /AS {states.get('stap-3')}")
if got["stap-2"] != "/Off" or got["stap-4"] != "/Off":
    sys.exit(f"neighbours changed: {got}")
EOF
  then pass "ticking stap-3 with pypdf reads back /Yes"; else fail "ticking stap-3: $(cat "$tmp/tick.txt")"; fi
  if qpdf --check "$ticked" >/dev/null 2>&1; then pass "the ticked PDF passes qpdf --check"; else
    fail "the ticked PDF fails qpdf --check"
  fi
fi

# --- The very long name: shrunk onto its line, not cut --------------------------------------
long="Maximiliaan Alexander Johannes-Benedictus van der Heijden-Vermeulen"
short="Daan Kuipers"
long_pdf= short_pdf=
for i in "${!people[@]}"; do
  case ${people[$i]} in
    "$long$sep"*) long_pdf=${pdf_of[$i]:-} ;;
    "$short$sep"*) short_pdf=${pdf_of[$i]:-} ;;
  esac
done
if [ -z "$long_pdf" ] || [ -z "$short_pdf" ]; then
  fail "no PDF for '$long' or '$short'"
else
  if pdftotext -enc UTF-8 -f 2 -l 2 "$long_pdf" - | grep -qxF -- "$long"; then
    pass "the long name is whole, on one line"
  else
    fail "page 2 of $long_pdf does not hold '$long' whole on one line"
  fi
  # Its words stay inside the page's margins, and are smaller than a short name's.
  if "$python" - "$long_pdf" "$short_pdf" "$long" "$short" >"$tmp/bbox.txt" 2>&1 <<'EOF'
import re, subprocess, sys
def words(pdf):
    html = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "2", "-l", "2", "-bbox", pdf, "-"],
                          check=True, capture_output=True, text=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    found = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
    return width, found
def name_words(pdf, name):
    width, found = words(pdf)
    parts = name.split()
    for i in range(len(found) - len(parts) + 1):
        if [w[4] for w in found[i:i + len(parts)]] == parts:
            return width, found[i:i + len(parts)]
    sys.exit(f"'{name}' not found as words on page 2 of {pdf}")
width, long_words = name_words(sys.argv[1], sys.argv[3])
_, short_words = name_words(sys.argv[2], sys.argv[4])
margin = 12 * 72 / 25.4  # a4-portrait's left and right margins
left, right = min(w[0] for w in long_words), max(w[2] for w in long_words)
if left < margin - 1 or right > width - margin + 1:
    sys.exit(f"the long name runs from {left:.1f} to {right:.1f} pt, outside {margin:.1f}..{width - margin:.1f}")
long_h = max(w[3] - w[1] for w in long_words)
short_h = max(w[3] - w[1] for w in short_words)
if not long_h < short_h:
    sys.exit(f"the long name is {long_h:.1f} pt high, the short one {short_h:.1f} pt: not shrunk")
print(f"long name {long_h:.1f} pt high, short name {short_h:.1f} pt; {left:.1f}..{right:.1f} pt")
EOF
  then pass "the long name is shrunk to fit the margins: $(cat "$tmp/bbox.txt")"; else
    fail "the long name: $(cat "$tmp/bbox.txt")"
  fi
fi

# A name in Arabic script is drawn in the bundled Arabic font (no missing glyphs, or the run
# would have failed), and its PDF embeds that font.
for i in "${!people[@]}"; do
  IFS=$sep read -r name _ _ rtl <<<"${people[$i]}"
  if [ "$rtl" = 1 ] && [ -n "${pdf_of[$i]:-}" ]; then
    if pdffonts "${pdf_of[$i]}" | grep -q 'NotoSansArabic'; then pass "$name: Noto Sans Arabic embedded"; else
      fail "$name: no Noto Sans Arabic in $(pdffonts "${pdf_of[$i]}" | tail -n +3 | awk '{ print $1 }' | tr '\n' ' ')"
    fi
  fi
done

# --- A list with problems: each reported with its line, the others still rendered -----------
bad=$tmp/bad.csv
cat >"$bad" <<'EOF'
naam;bestuur;e-mail
Anna Jansen;veldkers;anna@post.example
Piet Onbekend;bestaatniet;piet@post.example
;zandloper;leeg@post.example
Kees Kapot;veldkers;kees@post.example;extra;veld
Bram Bos;zandloper;
EOF
out=$tmp/bad
run "${today[@]}" --people "$bad" --output "$out"
if [ "$rc" -eq 65 ]; then pass "a list with problems: exit 65"; else fail "a list with problems: exit $rc, expected 65"; fi
for expected in "$bad:3: Piet Onbekend: body 'bestaatniet'" "$bad:4: " "$bad:5: "; do
  if grep -qF -- "$expected" "$tmp/err.txt"; then pass "stderr reports '$expected...'"; else
    fail "stderr lacks '$expected': $(cat "$tmp/err.txt")"
  fi
done
if grep -F -- "$bad:5: " "$tmp/err.txt" | grep -q 'expected 3 fields, found 5'; then
  pass "the malformed row: expected 3 fields, found 5"
else
  fail "the malformed row is not reported as a wrong field count: $(cat "$tmp/err.txt")"
fi
if [ "$(grep -c '^tipsheet: ' "$tmp/err.txt")" -eq 3 ]; then pass "three problems, three messages"; else
  fail "expected 3 messages: $(cat "$tmp/err.txt")"
fi
mapfile -t rows < <(read_people_csv "$out/people.csv" 2>/dev/null || true)
for who in "Anna Jansen${sep}anna@post.example${sep}veldkers${sep}veldkers/people/anna-jansen.pdf" \
  "Bram Bos${sep}${sep}zandloper${sep}zandloper/people/bram-bos.pdf"; do
  pdf=$out/${who##*"$sep"}
  # The PDF's path is relative to the output folder, or (older versions) the full path.
  if printf '%s\n' "${rows[@]}" | sed "s#${sep}$out/#${sep}#" | grep -qxF -- "$who" && [ -f "$pdf" ]; then
    pass "${who%%"$sep"*}: rendered and listed in people.csv"
  else
    fail "${who%%"$sep"*}: expected the row '${who//$sep/,}' in people.csv and the PDF; people.csv: $(cat "$out/people.csv" 2>/dev/null)"
  fi
done
if [ "${#rows[@]}" -eq 3 ]; then pass "people.csv lists only the 2 people rendered"; else
  fail "people.csv has ${#rows[@]} lines, expected the header and 2 rows"
fi
n_pdf=$(find "$out" -name '*.pdf' | wc -l)
if [ "$n_pdf" -eq 2 ]; then pass "2 PDFs written"; else fail "$n_pdf PDFs written, expected 2"; fi

e2e_finish
