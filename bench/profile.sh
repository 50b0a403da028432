#!/usr/bin/env bash
# bench/profile.sh: where tipsheet's time goes, by stage (callgrind).
#
#   bench/profile.sh [EDITIONS]      # default 100; takes 10-30 min (callgrind is ~50x slower)
#
# Builds tipsheet as RelWithDebInfo (-O2 -g) in build-bench-prof/, writes EDITIONS synthetic
# bodies (bench/gen_bodies.py), and runs one batch of PDF+SVG+PNG under
# `valgrind --tool=callgrind` (with --jobs 1 when tipsheet has --jobs, so one process does all
# the work). Then, with 10 editions each, one run per format, so that cairo's show_page and
# surface_finish (shared by PDF and SVG) can be told apart. bench/cgstages.py groups each
# profile by stage. perf would be quicker, but this VM has no hardware counters
# (`perf stat -e instructions true` says "not supported"), so the unit is instructions (Ir),
# not time: zlib and pixman run at a higher rate than, say, harfbuzz, so treat the shares as
# a guide, not as milliseconds.
#
# Results in ${BENCH_DIR:-${TMPDIR:-/tmp}/tipsheet-bench}/profile/: callgrind.*.out (open
# with callgrind_annotate or kcachegrind) and stages-*.txt / .md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
N=${1:-100}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/tipsheet-bench}
P=$BENCH_DIR/profile
BUILD=$REPO/build-bench-prof
DATE=2026-11-29
export SOURCE_DATE_EPOCH=$(date -u -d "$DATE" +%s)
command -v valgrind >/dev/null || { echo "bench/profile.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }

rm -rf "$P"; mkdir -p "$P"
cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF > "$P/build.txt" 2>&1
cmake --build "$BUILD" -j "$(nproc)" >> "$P/build.txt" 2>&1 || { tail -20 "$P/build.txt" >&2; exit 1; }
TS=$BUILD/tipsheet
echo "tipsheet $("$TS" --version | head -1) (git $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo n/a), sources $(cd "$REPO" && cat CMakeLists.txt src/*.[ch] | sha256sum | cut -c1-12)), RelWithDebInfo; $(valgrind --version)" | tee "$P/version.txt"
JOBS=()
"$TS" --help | grep -q -- '--jobs' && JOBS=(--jobs 1)

export TIPSHEET_DATADIR=$P/datadir   # a copy, as in run.sh
mkdir -p "$TIPSHEET_DATADIR"
cp -r "$REPO/data" "$REPO/layouts" "$REPO/fonts" "$TIPSHEET_DATADIR/"
python3 "$HERE/gen_bodies.py" --samples "$TIPSHEET_DATADIR/data/bodies" "$N" "$P/bodies-$N"
python3 "$HERE/gen_bodies.py" --samples "$TIPSHEET_DATADIR/data/bodies" 10 "$P/bodies-10"

run() {  # NAME BODIES FORMATS EDITIONS
  local name=$1 bodies=$2 fmts=$3 n=$4
  echo "callgrind: $name ($n editions, $fmts)" >&2
  local t0=$(date +%s)
  valgrind --tool=callgrind --callgrind-out-file="$P/callgrind.$name.out" \
    "$TS" -q "${JOBS[@]}" --date "$DATE" -b "$bodies" -f "$fmts" -o "$P/out-$name" \
    > "$P/valgrind.$name.log" 2>&1 || { tail "$P/valgrind.$name.log" >&2; exit 1; }
  echo "  $(( $(date +%s) - t0 )) s under callgrind" >&2
  python3 "$HERE/cgstages.py" "$P/callgrind.$name.out" "$n" > "$P/stages-$name.txt"
  python3 "$HERE/cgstages.py" "$P/callgrind.$name.out" "$n" --markdown > "$P/stages-$name.md"
  rm -rf "$P/out-$name"
}
run all-$N "$P/bodies-$N" pdf,svg,png "$N"
run pdf-10 "$P/bodies-10" pdf 10
run svg-10 "$P/bodies-10" svg 10
run png-10 "$P/bodies-10" png 10

for f in "$P"/stages-*.txt; do echo "== $(basename "$f" .txt)"; cat "$f"; echo; done
echo "(profiles and tables in $P)"
