#!/usr/bin/env bash
# Malformed input: runs the program on every file of tests/malformed/<kind>/ (and on a few
# made here: 100 MB files, 4,000,000 nested '[', an SVG over the 2 MiB cap, a logo that is
# /dev/zero, a FIFO or a folder, 10,001 people, and the samples with a byte order mark or
# CRLF line ends, which must render) and checks, for each, that it
#   - does not crash (no exit status >= 128, no sanitizer report on stderr) or hang (20 s),
#     under a 4 GB address-space limit;
#   - exits with a documented failure code (64, 65, 70 or 73; src/cli.h), or 0 for the
#     valid files;
#   - prints at least one "tipsheet: FILE[:LINE[:COLUMN]]: message" line naming the broken
#     file (a logo is named in the message about the body file that uses it);
#   - writes nothing into the output folder, unless expect.txt says the file is only partly
#     broken (a bad record among good ones), when the good part may be rendered.
# The program runs on a temporary copy of the data (TIPSHEET_DATADIR: data/, layouts/,
# fonts/), PDF only, with each file put where its kind says:
#   tips         --data FILE, in place of data/tips.yaml
#   layout       --layout FILE
#   body         --bodies DIR, the only body file in DIR (the sample logos in DIR/logos/)
#   logo         DIR/logos/FILE, named by the only body file of --bodies DIR
#   people-csv   --people FILE, with the sample bodies
#   people-yaml  --people FILE, with the sample bodies
# Usage: run.sh BINARY SOURCE_DIR [PATTERN]   (PATTERN: only the cases whose "kind/name"
# contains it). MALFORMED_JOBS sets how many cases run at once (default: the CPUs).
# Prints one line per case and a summary; exits 1 if there was any violation.
set -uo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: $0 BINARY SOURCE_DIR [PATTERN]" >&2
  exit 2
fi
bin=$(realpath "$1")
src=$(realpath "$2")
pattern=${3:-}
here=$src/tests/malformed
jobs=${MALFORMED_JOBS:-$(nproc)}
kinds=(tips layout body logo people-csv people-yaml)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export bin src tmp

# --- The environment ------------------------------------------------------------------------
export SOURCE_DATE_EPOCH=1800000000 # 2027-01-15: the sample evenings are still to come
export LC_ALL=C.UTF-8
# Under AddressSanitizer a 4 GB address-space limit cannot hold the shadow memory: there the
# limit is ASan's own RSS limit instead, and a sanitizer report fails the case. ASan aborts
# on an allocation it cannot make, where malloc would return NULL (librsvg asks for 40 GB
# for logo/047's 100000 x 100000 PNG, and copes with NULL): allocator_may_return_null keeps
# the normal behaviour. Both are added to the caller's options (later options win); leak
# suppressions are the suite's, tests/lsan.supp, unless the caller names a file.
# (The inner subshell keeps bash's "Aborted" off the output.)
ulimit_v=4000000
if ! ( (ulimit -v "$ulimit_v" && exec "$bin" --version) ) >/dev/null 2>&1; then
  ulimit_v=unlimited
  export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=4000:allocator_may_return_null=1
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}
fi
export ulimit_v

# --- The data the program runs on ---------------------------------------------------------
# One copy of data/ and layouts/, with fonts/ linked, made once: TIPSHEET_DATADIR of every
# case. A case gets a folder of its own, with the broken file put in place of the right
# input (--data, --layout or --people FILE; for a body or a logo, a bodies folder of its own
# beside links to the sample logos), and the output folder.
mkdir -p "$tmp/base" "$tmp/cases" "$tmp/no-bodies"
cp -r "$src/data" "$src/layouts" "$tmp/base/"
ln -s "$src/fonts" "$tmp/base/fonts"
cp -r "$src/data/bodies/logos" "$tmp/no-bodies/"
# The body file of a logo case: a sample body, naming the logo under test.
logo_body=$(<"$src/data/bodies/veldkers.yaml")
export logo_body

# --- One case: kind file name outcome ---------------------------------------------------------
# Prints "ok|FAIL|xfail|xpass kind/name exit N T ms  first message", then one line per
# violation. Made of shell builtins as far as possible: it runs some 400 times.
run_case() {
  local kind=$1 file=$2 name=$3 outcome=${4%-known} known=
  if [ "$4" != "$outcome" ]; then known=1; fi
  local case_dir=$tmp/cases/$kind-$name dd=$tmp/base
  local out=$case_dir/out offending args
  case $kind in
  tips | layout | people-csv | people-yaml)
    mkdir "$case_dir"
    offending=$case_dir/$name
    ;;
  body | logo)
    # The sample logos as links, in a bodies folder with no other body file.
    cp -rs "$tmp/no-bodies" "$case_dir"
    offending=$case_dir/$name
    if [ "$kind" = logo ]; then offending=$case_dir/logos/$name; fi
    ;;
  esac
  case $kind in
  tips) args=(--neutral --data "$offending") ;;
  layout) args=(--neutral --layout "$offending") ;;
  body) args=(--bodies "$case_dir") ;;
  logo)
    printf '%s\n' "${logo_body//logos\/veldkers.svg/logos/$name}" >"$case_dir/logo-test.yaml"
    args=(--bodies "$case_dir")
    ;;
  people-csv | people-yaml) args=(--people "$offending" --bodies "$dd/data/bodies") ;;
  esac
  # A copy (-a: a symlink, FIFO or folder stays one); the 100 MB files are linked.
  case $name in
  gen-100mb*) ln -sf "$file" "$offending" ;;
  *) cp -a --remove-destination "$file" "$offending" ;;
  esac

  local rc=0 start=${EPOCHREALTIME/./}
  (
    ulimit -v "$ulimit_v"
    export TIPSHEET_DATADIR=$dd
    exec timeout 20 "$bin" "${args[@]}" --format pdf --output "$out" --date 2027-01-15 --quiet
  ) >"$case_dir/stdout" 2>"$case_dir/stderr" </dev/null || rc=$?
  local ms=$(((${EPOCHREALTIME/./} - start) / 1000))

  local lines=() line problems=() sanitizer= named=0
  mapfile -t lines <"$case_dir/stderr"
  for line in "${lines[@]}"; do
    if [[ $line == *Sanitizer* || $line == *"runtime error:"* || $line =~ ^==[0-9]+== ]]; then
      sanitizer=${sanitizer:-$line}
    fi
    # "tipsheet: FILE[:LINE[:COLUMN]]: message", with the file as the program was given it;
    # a logo's line is about the body file, and names the logo in its message.
    if [[ $line =~ ^tipsheet:\ [^:]+(:[0-9]+(:[0-9]+)?)?:\ . ]]; then
      if [ "$kind" = logo ]; then
        if [[ $line == *"$offending"* ]]; then named=1; fi
      elif [[ $line == "tipsheet: $offending:"* ]]; then
        named=1
      fi
    fi
  done
  if [ "$rc" -eq 124 ]; then
    problems+=("timed out (20 s)")
  elif [ "$rc" -ge 128 ]; then
    problems+=("crashed: exit status $rc")
  fi
  if [ -n "$sanitizer" ]; then problems+=("sanitizer report: $sanitizer"); fi
  if [ "$outcome" = ok ]; then
    if [ "$rc" -ne 0 ]; then problems+=("a valid file was refused (exit $rc)"); fi
  else
    case $rc in
    64 | 65 | 70 | 73 | 124) ;;
    *) if [ "$rc" -lt 128 ]; then problems+=("exit status $rc, expected 64, 65, 70 or 73"); fi ;;
    esac
    if [ "$named" -eq 0 ]; then
      problems+=("no 'tipsheet: FILE[:LINE[:COLUMN]]: message' line naming $name")
    fi
    if [ "$outcome" != partial ]; then
      local f written=()
      shopt -s globstar nullglob dotglob
      for f in "$out"/**; do
        if [ -f "$f" ]; then written+=("${f#"$out"/}"); fi
      done
      if [ "${#written[@]}" -gt 0 ]; then
        problems+=("refused, but wrote ${#written[@]} file(s) in the output folder: ${written[*]:0:3}")
      fi
    fi
  fi

  # The case's lines go out in one write, so that cases running at once do not interleave.
  local verdict=ok report first=${lines[0]:-}
  if [ "${#problems[@]}" -gt 0 ]; then verdict=FAIL; fi
  # A known bug: its violations are expected (xfail); once it is fixed, say so (xpass).
  if [ -n "$known" ] && [ "$verdict" = FAIL ]; then verdict=xfail; elif [ -n "$known" ]; then verdict=xpass; fi
  first=${first//"$case_dir/"/}
  printf -v report '%-5s %-66s exit %3d %6d ms  %s' "$verdict" "$kind/$name" "$rc" "$ms" "${first:0:160}"
  for line in "${problems[@]}"; do
    report+=$'\n'"      $line"
  done
  if [ "$verdict" = FAIL ]; then
    for line in "${lines[@]:0:4}"; do report+=$'\n'"      stderr: ${line:0:300}"; done
  elif [ "$verdict" = xpass ]; then
    report+=$'\n'"      no longer fails: remove its 'known:' note from expect.txt"
  fi
  printf '%s\n' "$report"
  rm -rf "$case_dir"
}
# Runs the cases given as groups of four arguments (xargs hands a batch to each bash).
run_cases() {
  while [ "$#" -ge 4 ]; do
    run_case "$1" "$2" "$3" "$4"
    shift 4
  done
}
export -f run_case run_cases

# --- The list of cases: "kind<TAB>file<TAB>name<TAB>outcome" --------------------------------
# expect.txt names the valid and the partly broken files; every other file must be refused.
declare -A expect=()
while read -r name outcome rest; do
  case $name in '' | '#'*) continue ;; esac
  # "known: ..." marks a violation that is a known bug: reported, but not a failure.
  case $rest in known:*) outcome=$outcome-known ;; esac
  expect[$name]=$outcome
done <"$here/expect.txt"

list=$tmp/cases.tsv
: >"$list"
add_case() { # kind file name outcome
  if [ -z "$pattern" ] || [[ "$1/$3" == *$pattern* ]]; then
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$list"
  fi
}
wanted() { [ -z "$pattern" ] || [[ $1 == *$pattern* ]]; }

for kind in "${kinds[@]}"; do
  for f in "$here/$kind"/*; do
    name=$(basename "$f")
    add_case "$kind" "$f" "$name" "${expect[$kind/$name]:-fatal}"
  done
done

# --- Files made here: too large to keep, not files, or valid forms of the current samples ---
gen=$tmp/gen
mkdir -p "$gen"
sample_of() {
  case $1 in
  tips) echo "$src/data/tips.yaml" ;;
  layout) echo "$src/layouts/a4-portrait.yaml" ;;
  body) echo "$src/data/bodies/veldkers.yaml" ;;
  logo) echo "$src/data/bodies/logos/veldkers.svg" ;;
  people-csv) echo "$src/data/people.sample.csv" ;;
  people-yaml) echo "$src/data/people.sample.yaml" ;;
  esac
}
ext_of() {
  case $1 in logo) echo svg ;; people-csv) echo csv ;; *) echo yaml ;; esac
}

# The 100 MB files are made and run one at a time, before the rest, to bound the disk used.
big_cases=0
for kind in "${kinds[@]}"; do
  name=gen-100mb.$(ext_of "$kind")
  wanted "$kind/$name" || continue
  # The sample, then 100 MB of comment lines (a reader without a cap would read them all).
  { cat "$(sample_of "$kind")"; yes '# filler filler filler filler filler filler filler' | head -c 100000000; } >"$gen/$name"
  run_case "$kind" "$gen/$name" "$name" fatal >>"$tmp/results"
  rm -f "$gen/$name"
  big_cases=$((big_cases + 1))
done

# Nesting as deep as a file under the 4 MB cap (YREAD_MAX_FILE_BYTES) allows: 4,000,000 '['.
# libyaml's scanner is quadratic in the depth: this ran for hours before the depth limit.
for kind in tips layout body people-yaml; do
  wanted "$kind/gen-4mb-of-brackets" || continue
  head -c 4000000 /dev/zero | tr '\0' '[' >"$gen/$kind-brackets.yaml"
  add_case "$kind" "$gen/$kind-brackets.yaml" gen-4mb-of-brackets.yaml fatal
done

# An SVG logo over the 2 MiB cap (LOGO_MAX_FILE_BYTES), made of small squares.
wanted logo/gen-svg-over-2mib && awk 'BEGIN {
  print "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">"
  for (i = 1; i <= 70000; i++)
    printf "<rect x=\"%d\" y=\"%d\" width=\"1\" height=\"1\"/>\n", i % 100, i / 700
  print "</svg>" }' >"$gen/huge.svg"
add_case logo "$gen/huge.svg" gen-svg-over-2mib.svg fatal

# A logo that is not a regular file: /dev/zero (never ends), a FIFO (blocks), a folder.
if wanted logo/gen-; then
  ln -s /dev/zero "$gen/zero.svg"
  mkfifo "$gen/fifo.svg"
  mkdir "$gen/folder.svg"
fi
add_case logo "$gen/zero.svg" gen-symlink-to-dev-zero.svg fatal
add_case logo "$gen/fifo.svg" gen-fifo.svg fatal
add_case logo "$gen/folder.svg" gen-folder.svg fatal

# More people than PEOPLE_MAX_RECORDS (10,000) allows.
wanted people-csv/gen-10001 && awk 'BEGIN { print "naam;bestuur"
  for (i = 1; i <= 10001; i++) printf "Persoon %d;veldkers\n", i }' >"$gen/many.csv"
add_case people-csv "$gen/many.csv" gen-10001-people.csv fatal
wanted people-yaml/gen-10001 && awk 'BEGIN {
  for (i = 1; i <= 10001; i++) printf "- {name: Persoon %d, body: veldkers}\n", i }' >"$gen/many.yaml"
add_case people-yaml "$gen/many.yaml" gen-10001-people.yaml fatal

# Valid: each sample with a UTF-8 byte order mark (the CSV sample has one: there, without),
# and the YAML and CSV samples with CRLF line ends. Made from the current samples, so that
# they stay valid as the schema grows.
bom=$'\xef\xbb\xbf'
for kind in "${kinds[@]}"; do
  sample=$(sample_of "$kind")
  ext=$(ext_of "$kind")
  if [ "$kind" = people-csv ]; then
    tail -c +4 "$sample" >"$gen/$kind-bom.$ext"
  else
    { printf '%s' "$bom"; cat "$sample"; } >"$gen/$kind-bom.$ext"
  fi
  add_case "$kind" "$gen/$kind-bom.$ext" "gen-valid-bom.$ext" ok
  if [ "$kind" != logo ]; then
    sed 's/$/\r/' "$sample" >"$gen/$kind-crlf.$ext"
    add_case "$kind" "$gen/$kind-crlf.$ext" "gen-valid-crlf.$ext" ok
  fi
done

# --- Run, then sum up -----------------------------------------------------------------------
start=$SECONDS
tr '\t\n' '\0\0' <"$list" | xargs -0 -n 40 -P "$jobs" bash -c 'run_cases "$@"' run_cases >>"$tmp/results"
cat "$tmp/results"
cases=$(grep -cE '^(ok|FAIL|xfail|xpass) ' "$tmp/results")
failed=$(grep -cE '^FAIL ' "$tmp/results")
xfailed=$(grep -cE '^xfail ' "$tmp/results")
xpassed=$(grep -cE '^xpass ' "$tmp/results")
summary=$(grep -E '^(ok|FAIL|xfail|xpass) ' "$tmp/results" | sed -E 's/.* exit +([0-9]+) .*/\1/' |
  sort -n | uniq -c | awk '{ printf " exit %s: %d;", $2, $1 }')
echo "malformed: $cases cases ($big_cases of 100 MB first, the rest in $((SECONDS - start)) s on $jobs jobs);$summary"
echo "malformed: $failed failed, $xfailed known bugs (xfail), $xpassed known bugs no longer failing (xpass)"
[ "$failed" -eq 0 ]
