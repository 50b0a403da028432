#!/usr/bin/env bash
# bench/run.sh: tipsheet's benchmark, beside Typst and WeasyPrint in the same run.
#
#   bench/run.sh            # the full run (about 10-15 min on a 2-core VM)
#   bench/run.sh --quick    # N = 1, 10, 100 only and fewer runs (a few minutes)
#
# What it does, in order (see bench/README.md for what each figure means):
#   1. builds tipsheet in Release mode in build-bench/ (cmake; no tests);
#   2. writes N synthetic bodies (N = 1, 10, 100, 1000) with bench/gen_bodies.py: copies of
#      data/bodies/veldkers.yaml and zandloper.yaml as body-0001 ..., with their own names and
#      dark colour pairs, logos referenced in data/bodies/logos/;
#   3. times tipsheet on each N, per format (PDF only, SVG only, PNG only, all three), with
#      --date 2026-11-29 and SOURCE_DATE_EPOCH set, each run a whole process writing into an
#      empty folder (bench/timeit.py: wall, CPU, peak RSS from wait4; medians);
#   4. where the anchors of ../shared/anchors can run (node + `npm ci` for Typst; Debian's
#      weasyprint, python3-yaml, fonts-open-sans, poppler-utils for WeasyPrint and PNG), copies
#      them to the scratch folder, installs Typst there with `npm ci`, and times the same work,
#      interleaved with tipsheet's so that ratios come from the same run;
#   5. if tipsheet has --jobs: N = 100 and 1000 (all formats) with --jobs 1 and --jobs 2, and
#      checks that both write the same bytes; and, as a control of how many cores the machine
#      really gives, 100 PDFs by one --jobs 1 process against two at once (--shard 1/2, 2/2);
#   6. prints the tables (aligned text, then the same as a markdown block) via bench/report.py.
#
# Environment (all optional):
#   BENCH_DIR   scratch folder (default ${TMPDIR:-/tmp}/tipsheet-bench); bodies, outputs, the
#               anchors' copy and results/ (cases.tsv, meta.tsv, report.md, logs/) go here
#   ANCHORS     the anchors folder (default: ../shared/anchors beside this repository);
#               ANCHORS=none skips them
#   RUNS_1 RUNS_10 RUNS_100 RUNS_1000 RUNS_ANCHOR   timed runs per case (defaults 9 5 3 1 5;
#               --quick: 5 3 1 - 3); every case gets one uncounted warm-up run, except N=1000
#   NS          the batch sizes (default "1 10 100 1000"; --quick "1 10 100")
#   FORMATS_1000  formats timed at N=1000 (default "all": PDF+SVG+PNG only, to stay in time;
#               "pdf svg png all" for every format)
#
# Needs: cmake, a C compiler and tipsheet's libraries (.ci/install-deps), python3. Nothing is
# written into the repository except build-bench/ (ignored by git). tipsheet runs on a copy of
# data/, layouts/ and fonts/ taken after the build (TIPSHEET_DATADIR), so that the repository
# can be edited during a run.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
QUICK=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: bench/run.sh [--quick]" >&2; exit 64 ;;
  esac
done

if [ $QUICK = 1 ]; then
  NS=${NS:-"1 10 100"}; RUNS_1=${RUNS_1:-5}; RUNS_10=${RUNS_10:-3}; RUNS_100=${RUNS_100:-1}
  RUNS_1000=${RUNS_1000:-1}; RUNS_ANCHOR=${RUNS_ANCHOR:-3}
else
  NS=${NS:-"1 10 100 1000"}; RUNS_1=${RUNS_1:-9}; RUNS_10=${RUNS_10:-5}; RUNS_100=${RUNS_100:-3}
  RUNS_1000=${RUNS_1000:-1}; RUNS_ANCHOR=${RUNS_ANCHOR:-5}
fi
FORMATS_1000=${FORMATS_1000:-all}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/tipsheet-bench}
ANCHORS=${ANCHORS:-$(cd "$REPO/.." && pwd)/shared/anchors}
DATE=2026-11-29
export SOURCE_DATE_EPOCH=$(date -u -d "$DATE" +%s)
export LC_ALL=C.UTF-8
PY=python3
TIMEIT="$PY $HERE/timeit.py"
BUILD=$REPO/build-bench
TS=$BUILD/tipsheet
RES=$BENCH_DIR/results
OUT=$BENCH_DIR/out
START=$(date +%s)

say() { printf '[%4ds] %s\n' $(( $(date +%s) - START )) "$*" >&2; }
die() { echo "bench/run.sh: $*" >&2; exit 1; }

rm -rf "$RES" "$OUT"
mkdir -p "$RES/logs" "$OUT"
CASES=$RES/cases.tsv
META=$RES/meta.tsv
printf 'id\tgroup\ttool\tformat\tdocs\tjobs\truns\tfailures\twall_min\twall_median\twall_max\tcpu_median\tpeak_median_mib\tpeak_max_mib\tbytes\tbytes_page1\n' > "$CASES"
: > "$META"
meta() { printf '%s\t%s\n' "$1" "$2" >> "$META"; }

# ---- 1. build ----
say "building tipsheet (Release) in $BUILD"
cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > "$RES/logs/build.txt" 2>&1 \
  && cmake --build "$BUILD" -j "$(nproc)" >> "$RES/logs/build.txt" 2>&1 \
  || { tail -20 "$RES/logs/build.txt" >&2; die "build failed (see $RES/logs/build.txt)"; }

# A copy of data/, layouts/ and fonts/ taken right after the build, so that edits to the
# repository during the run cannot change what is measured (tipsheet reads TIPSHEET_DATADIR).
export TIPSHEET_DATADIR=$BENCH_DIR/datadir
rm -rf "$TIPSHEET_DATADIR"; mkdir -p "$TIPSHEET_DATADIR"
cp -r "$REPO/data" "$REPO/layouts" "$REPO/fonts" "$TIPSHEET_DATADIR/"

HAS_JOBS=0
"$TS" --help | grep -q -- '--jobs' && HAS_JOBS=1
HAS_SHARD=0
"$TS" --help | grep -q -- '--shard' && HAS_SHARD=1
HAS_PAGE=0 # --page N: page 1's PNG alone, the page issue 7's PNG target is about
"$TS" --help | grep -q -- '--page' && HAS_PAGE=1

meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta command "bench/run.sh $*"
meta machine "$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr)"
meta tipsheet "$("$TS" --version | head -1) (git $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo n/a), sources $(cd "$REPO" && cat CMakeLists.txt src/*.[ch] | sha256sum | cut -c1-12)), Release, $(cc --version | head -1)"
meta libraries "$(for p in cairo pango harfbuzz fontconfig libdeflate nettle yaml-0.1 librsvg-2.0; do printf '%s %s, ' "$p" "$(pkg-config --modversion $p 2>/dev/null || echo n/a)"; done | sed 's/, $//')"
meta has_jobs "$HAS_JOBS"
meta nice "$(nice) (scheduling niceness of the run; e.g. nice -n -10 bench/run.sh on a shared machine)"
meta load_start "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load average at the start)"
meta runs "N=1: $RUNS_1, N=10: $RUNS_10, N=100: $RUNS_100, N=1000: $RUNS_1000 (no warm-up); anchors: $RUNS_ANCHOR; +1 warm-up each"
meta date_option "--date $DATE, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH"

# ---- timing helpers ----
# time_case ID GROUP TOOL FORMAT DOCS JOBS RUNS WARMUP CLEAN_DIR -- COMMAND...
# Appends a row to cases.tsv (bytes filled in by the caller through LAST_ROW_BYTES).
LAST=
time_case() {
  local id=$1 group=$2 tool=$3 fmt=$4 docs=$5 jobs=$6 runs=$7 warm=$8 clean=$9
  shift 10
  say "$id: $runs run(s) + $warm warm-up"
  local line
  line=$($TIMEIT -n "$runs" --warmup "$warm" ${clean:+--clean "$clean"} --stderr "$RES/logs/$id.stderr" -- "$@") || {
    echo "FAILED: $id: $*" >&2; tail -5 "$RES/logs/$id.stderr" >&2
    [ "$group" = tipsheet ] && die "tipsheet failed; see $RES/logs/$id.stderr"
    true  # an anchor that fails is reported (failures column) and the run goes on
  }
  LAST="$id	$group	$tool	$fmt	$docs	$jobs	$line"
}
commit_case() {  # BYTES BYTES_PAGE1
  printf '%s\t%s\t%s\n' "$LAST" "${1:--}" "${2:--}" >> "$CASES"
}
sum_bytes() {  # DIR NAME-PATTERN -> total bytes of matching files
  find "$1" -type f -name "$2" -not -path '*/index-files/*' -printf '%s\n' 2>/dev/null | awk '{s += $1} END {print s + 0}'
}
# tipsheet's editions only: DIR/<slug>/ (not the manifest, nor an index page and its thumbnails)
ed_bytes() { find "$1" -mindepth 2 -maxdepth 2 -path "$1/body-*/*" -type f -name "$2" -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
count_files() { find "$1" -mindepth 2 -maxdepth 2 -path "$1/body-*/*" -type f -name "$2" | wc -l; }

# ---- tipsheet cases ----
fmt_arg() { case $1 in all) echo pdf,svg,png ;; png1) echo png ;; *) echo "$1" ;; esac; }
runs_for() { eval echo "\${RUNS_$1:-3}"; }

# ts_case N FORMAT [JOBS]: JOBS empty = tipsheet's default
ts_case() {
  local n=$1 fmt=$2 jobs=${3:-} id dir runs warm=1
  id=ts_${fmt}_$n${jobs:+_j$jobs}
  dir=$OUT/$id
  runs=$(runs_for "$n")
  [ "$n" -ge 1000 ] && warm=0
  time_case "$id" tipsheet tipsheet "$fmt" "$n" "${jobs:-default}" "$runs" "$warm" "$dir" -- \
    "$TS" -q --date "$DATE" -b "$BENCH_DIR/bodies-$n" -f "$(fmt_arg "$fmt")" -o "$dir" ${jobs:+--jobs "$jobs"} \
    $([ "$fmt" = png1 ] && echo --page 1)
  # check what was written (the last run's files stay)
  local want_pdf=0 want_pages=0
  case $fmt in pdf) want_pdf=$n ;; svg|png) want_pages=$((2 * n)) ;; png1) want_pages=$n ;; all) want_pdf=$n; want_pages=$((2 * n)) ;; esac
  [ "$(count_files "$dir" '*.pdf')" = "$want_pdf" ] || die "$id: expected $want_pdf PDFs in $dir"
  case $fmt in svg|all) [ "$(count_files "$dir" '*.svg')" = "$want_pages" ] || die "$id: expected $want_pages SVGs" ;; esac
  case $fmt in png|png1|all) [ "$(count_files "$dir" '*.png')" = "$want_pages" ] || die "$id: expected $want_pages PNGs" ;; esac
  local bytes p1=-
  bytes=$(( $(ed_bytes "$dir" '*.pdf') + $(ed_bytes "$dir" '*.svg') + $(ed_bytes "$dir" '*.png') ))
  case $fmt in png|png1|all) p1=$(ed_bytes "$dir" '*-1.png') ;; esac
  commit_case "$bytes" "$p1"
}

# ---- anchors ----
HAVE_TYPST=0 HAVE_WEASY=0 HAVE_POPPLER=0
A=$BENCH_DIR/anchors
AOUT=$OUT/anchors
B=polderwijs                   # the anchors' board for the one-document cases
P150="pdftoppm -r 150 -png -f 1 -l 1 -singlefile"
command -v pdftoppm >/dev/null && command -v pdfinfo >/dev/null && HAVE_POPPLER=1
if [ "$ANCHORS" != none ] && [ -f "$ANCHORS/typst/render_typst.mjs" ]; then
  say "copying the anchors from $ANCHORS to $A"
  mkdir -p "$A"
  # copy without node_modules/out; keep an earlier npm ci in $A
  (cd "$ANCHORS" && tar --exclude=./node_modules --exclude=./out -cf - .) | (cd "$A" && tar -xf -)
  if command -v node >/dev/null && command -v npm >/dev/null; then
    if [ ! -d "$A/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
      say "npm ci (Typst) in $A"
      (cd "$A" && npm ci --no-audit --no-fund) > "$RES/logs/npm-ci.txt" 2>&1 || say "npm ci failed: no Typst figures"
    fi
    (cd "$A" && node typst/version.mjs) > /dev/null 2>&1 && HAVE_TYPST=1
  fi
  if /usr/bin/python3 -c 'import yaml, weasyprint' 2>/dev/null && [ -d /usr/share/fonts/truetype/open-sans ]; then
    HAVE_WEASY=1
  fi
  [ $HAVE_TYPST = 1 ] && [ -d /usr/share/fonts/truetype/open-sans ] || HAVE_TYPST=0
else
  say "no anchors (ANCHORS=$ANCHORS): tipsheet figures only"
fi
[ $HAVE_TYPST = 1 ] && meta typst "Typst $(cd "$A" && node typst/version.mjs) (typst-ts-node-compiler $(cd "$A" && node -p "require('@myriaddreamin/typst-ts-node-compiler/package.json').version"), node $(node --version))"
[ $HAVE_WEASY = 1 ] && meta weasyprint "WeasyPrint $(/usr/bin/python3 -c 'import weasyprint; print(weasyprint.__version__)') ($(/usr/bin/python3 --version))"
[ $HAVE_POPPLER = 1 ] && meta poppler "pdftoppm $(pdftoppm -v 2>&1 | head -1 | awk '{print $3}')"
[ $HAVE_TYPST = 1 ] || meta typst "not available (need node, npm ci in a copy of the anchors, fonts-open-sans)"
[ $HAVE_WEASY = 1 ] || meta weasyprint "not available (apt-get install -y weasyprint python3-yaml fonts-open-sans)"

T="node $A/typst/render_typst.mjs"
W="/usr/bin/python3 $A/weasy/render_weasy.py"
RA=$RUNS_ANCHOR
# anchor_case ID TOOL FORMAT DOCS OUTDIR -- COMMAND (the anchors find their files from their
# own path, so they run from anywhere)
anchor_case() {
  local id=$1 tool=$2 fmt=$3 docs=$4 dir=$5; shift 6
  time_case "$id" anchor "$tool" "$fmt" "$docs" - "$RA" 1 "$dir" -- "$@"
}
anchor_bytes() {  # DIR PATTERN DOCS -> bytes of all files (per case: total)
  commit_case "$(sum_bytes "$1" "$2")" "${3:--}"
}
anchors_cold() {
  if [ $HAVE_TYPST = 1 ]; then
    anchor_case typst_pdf_1 Typst PDF 1 "$AOUT/typst_pdf_1" -- $T -o "$AOUT/typst_pdf_1" $B
    anchor_bytes "$AOUT/typst_pdf_1" '*.pdf'
    anchor_case typst_svg_1 Typst "SVG (svg())" 1 "$AOUT/typst_svg_1" -- $T --format svg -o "$AOUT/typst_svg_1" $B
    anchor_bytes "$AOUT/typst_svg_1" '*.svg'
    if [ $HAVE_POPPLER = 1 ]; then
      anchor_case typst_png_1 Typst "PDF + pdftoppm PNG p1" 1 "$AOUT/typst_png_1" -- \
        sh -c "$T -o $AOUT/typst_png_1 $B && $P150 $AOUT/typst_png_1/$B.pdf $AOUT/typst_png_1/$B-p1"
      anchor_bytes "$AOUT/typst_png_1" '*-p1.png' "$(sum_bytes "$AOUT/typst_png_1" '*-p1.png')"
    fi
  fi
  if [ $HAVE_WEASY = 1 ]; then
    anchor_case weasy_pdf_1 WeasyPrint PDF 1 "$AOUT/weasy_pdf_1" -- $W -o "$AOUT/weasy_pdf_1" $B
    anchor_bytes "$AOUT/weasy_pdf_1" '*.pdf'
    if [ $HAVE_POPPLER = 1 ]; then
      anchor_case weasy_png_1 WeasyPrint "PDF + pdftoppm PNG p1" 1 "$AOUT/weasy_png_1" -- \
        sh -c "$W -o $AOUT/weasy_png_1 $B && $P150 $AOUT/weasy_png_1/$B.pdf $AOUT/weasy_png_1/$B-p1"
      anchor_bytes "$AOUT/weasy_png_1" '*-p1.png' "$(sum_bytes "$AOUT/weasy_png_1" '*-p1.png')"
    fi
  fi
}
anchors_batch() {
  if [ $HAVE_TYPST = 1 ]; then
    anchor_case typst_pdf_10 Typst PDF 10 "$AOUT/typst_pdf_10" -- $T -o "$AOUT/typst_pdf_10" all
    anchor_bytes "$AOUT/typst_pdf_10" '*.pdf'
    anchor_case typst_svg_10 Typst "SVG (svg())" 10 "$AOUT/typst_svg_10" -- $T --format svg -o "$AOUT/typst_svg_10" all
    anchor_bytes "$AOUT/typst_svg_10" '*.svg'
    if [ $HAVE_POPPLER = 1 ]; then
      anchor_case typst_png_10 Typst "PDF + pdftoppm PNG p1" 10 "$AOUT/typst_png_10" -- \
        sh -c "$T -o $AOUT/typst_png_10 all && for f in $AOUT/typst_png_10/*.pdf; do $P150 \$f \${f%.pdf}-p1 || exit 1; done"
      anchor_bytes "$AOUT/typst_png_10" '*-p1.png' "$(sum_bytes "$AOUT/typst_png_10" '*-p1.png')"
    fi
  fi
  if [ $HAVE_WEASY = 1 ]; then
    anchor_case weasy_pdf_10 WeasyPrint PDF 10 "$AOUT/weasy_pdf_10" -- $W -o "$AOUT/weasy_pdf_10" all
    anchor_bytes "$AOUT/weasy_pdf_10" '*.pdf'
    if [ $HAVE_POPPLER = 1 ]; then
      anchor_case weasy_png_10 WeasyPrint "PDF + pdftoppm PNG p1" 10 "$AOUT/weasy_png_10" -- \
        sh -c "$W -o $AOUT/weasy_png_10 all && for f in $AOUT/weasy_png_10/*.pdf; do $P150 \$f \${f%.pdf}-p1 || exit 1; done"
      anchor_bytes "$AOUT/weasy_png_10" '*-p1.png' "$(sum_bytes "$AOUT/weasy_png_10" '*-p1.png')"
    fi
  fi
  if [ $HAVE_POPPLER = 1 ]; then
    # pdftoppm alone, on page 1 of tipsheet's own PDF (the same page tipsheet writes as PNG)
    local pdf
    pdf=$(find "$OUT/ts_pdf_10/body-0001" -name '*.pdf' | head -1)
    time_case ref_pdftoppm_ts reference pdftoppm "PNG p1 of tipsheet's PDF" 1 - "$RA" 1 "$OUT/ref_pdftoppm_ts" -- \
      sh -c "mkdir -p $OUT/ref_pdftoppm_ts && $P150 $pdf $OUT/ref_pdftoppm_ts/p1"
    commit_case "$(sum_bytes "$OUT/ref_pdftoppm_ts" '*.png')" "$(sum_bytes "$OUT/ref_pdftoppm_ts" '*.png')"
    time_case ref_pdftoppm_ppm reference pdftoppm "PPM p1 of tipsheet's PDF (raster, no PNG)" 1 - "$RA" 1 "$OUT/ref_pdftoppm_ppm" -- \
      sh -c "mkdir -p $OUT/ref_pdftoppm_ppm && pdftoppm -r 150 -f 1 -l 1 -singlefile $pdf $OUT/ref_pdftoppm_ppm/p1"
    commit_case - -
    # the tipsheet PNG of the same page, for the size comparison
    local png1
    png1=$(find "$OUT/ts_png_10/body-0001" -name '*-1.png' | head -1)
    meta ts_png_p1_body1 "$(stat -c %s "$png1")"
    meta ts_png_p1_info "$(file -b "$png1" 2>/dev/null || echo n/a)"
    meta pdftoppm_png_p1_info "$(file -b "$OUT/ref_pdftoppm_ts/p1.png" 2>/dev/null || echo n/a)"
  fi
}

# ---- 2. bodies ----
for n in $NS; do
  rm -rf "$BENCH_DIR/bodies-$n"
  $PY "$HERE/gen_bodies.py" --samples "$TIPSHEET_DATADIR/data/bodies" "$n" "$BENCH_DIR/bodies-$n"
done
say "bodies written: $NS"

# ---- 3. start-up ----
time_case ts_version startup tipsheet "--version (process start, libraries)" 0 default "$RUNS_1" 1 "" -- "$TS" --version
commit_case - -
time_case ts_neutral_png startup tipsheet "neutral edition, PNG only (no logo, no PDF)" 1 default "$RUNS_1" 1 "$OUT/ts_neutral_png" -- \
  "$TS" -q --date "$DATE" -n -f png -o "$OUT/ts_neutral_png"
commit_case "$(sum_bytes "$OUT/ts_neutral_png" '*.png')" -
time_case ts_neutral_pdf startup tipsheet "neutral edition, PDF only" 1 default "$RUNS_1" 1 "$OUT/ts_neutral_pdf" -- \
  "$TS" -q --date "$DATE" -n -f pdf -o "$OUT/ts_neutral_pdf"
commit_case "$(sum_bytes "$OUT/ts_neutral_pdf" '*.pdf')" -

# ---- 4. tipsheet per N and format, the anchors beside ----
for n in $NS; do
  fmts="pdf svg png all"
  [ $HAS_PAGE = 1 ] && [ "$n" -ge 10 ] && fmts="pdf svg png png1 all"
  [ "$n" -ge 1000 ] && fmts=$FORMATS_1000
  if [ "$n" -ge 100 ] && [ $HAS_JOBS = 1 ]; then
    for f in $fmts; do
      if [ "$f" = all ]; then ts_case "$n" all 1; ts_case "$n" all 2; else ts_case "$n" "$f"; fi
    done
  else
    for f in $fmts; do ts_case "$n" "$f"; done
  fi
  [ "$n" = 1 ] && anchors_cold
  [ "$n" = 10 ] && anchors_batch
  # How many cores does the machine really give? Two independent --jobs 1 processes, each
  # with half the bodies (--shard), against one --jobs 1 process with all of them. On an
  # idle 2-core machine the pair takes about half the time; if it does not, --jobs 2 cannot
  # gain either, whatever tipsheet does.
  if [ "$n" = 100 ] && [ $HAS_JOBS = 1 ] && [ $HAS_SHARD = 1 ]; then
    ts_case 100 pdf 1
    time_case ctl_pdf_100_shards control tipsheet "pdf" 100 "2 processes x --jobs 1, --shard 1/2 + 2/2" \
      "$(runs_for 100)" 1 "$OUT/ctl_pdf_100_shards" -- sh -c \
      "$TS -q --date $DATE -b $BENCH_DIR/bodies-100 -f pdf -o $OUT/ctl_pdf_100_shards/a --jobs 1 --shard 1/2 &
       $TS -q --date $DATE -b $BENCH_DIR/bodies-100 -f pdf -o $OUT/ctl_pdf_100_shards/b --jobs 1 --shard 2/2; s=\$?; wait \$! && exit \$s"
    commit_case - -
  fi
  if [ "$n" = 1 ]; then
    pdf=$(find "$OUT/ts_pdf_1/body-0001" -name '*.pdf' | head -1)
    [ $HAVE_POPPLER = 1 ] && meta ts_pdf_pages "$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
  fi
  # --jobs 1 and --jobs 2 must write the same bytes
  if [ "$n" -ge 100 ] && [ $HAS_JOBS = 1 ] && [ -d "$OUT/ts_all_${n}_j1" ] && [ -d "$OUT/ts_all_${n}_j2" ]; then
    if diff -r -q -x manifest.csv "$OUT/ts_all_${n}_j1" "$OUT/ts_all_${n}_j2" > "$RES/logs/jobs-diff-$n.txt" 2>&1 &&
       cmp -s <(cut -d, -f1-3,5- "$OUT/ts_all_${n}_j1/manifest.csv") <(cut -d, -f1-3,5- "$OUT/ts_all_${n}_j2/manifest.csv"); then
      meta "jobs_identical_$n" "yes ($(find "$OUT/ts_all_${n}_j1" -type f | wc -l) files, byte for byte)"
    else
      meta "jobs_identical_$n" "NO (see $RES/logs/jobs-diff-$n.txt)"
    fi
  fi
  # keep the disk in check: the big outputs go once measured
  [ "$n" -ge 100 ] && rm -rf "$OUT"/ts_*_"$n" "$OUT"/ts_*_"$n"_j*
done
[ $HAS_JOBS = 1 ] || meta jobs_note "tipsheet has no --jobs option in this build: every figure is one process on one core"

meta wall_total "$(( $(date +%s) - START )) s"
meta load_end "$(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
say "done; report:"
$PY "$HERE/report.py" "$RES" | tee "$RES/report.txt"
echo
echo "(raw figures: $CASES; logs: $RES/logs/)"
