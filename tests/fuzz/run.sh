#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, in build-fuzz at the top of the tree) and runs each
# for SECONDS (default 10) on a copy of its seed corpus. Exits non-zero when a harness finds
# a crash, a leak, a timeout or runs out of memory; the input that did it is left in
# build-fuzz/findings/<harness>/ (move it to tests/fuzz/regressions/<harness>/ with a note).
# Usage: tests/fuzz/run.sh [SECONDS]   Environment: FUZZ_BUILD_DIR, FUZZ_JOBS (harnesses run
# at once, default 1), CC (default clang).
set -euo pipefail

seconds=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$src/build-fuzz}
jobs=${FUZZ_JOBS:-1}

# The largest input worth trying for each harness, in bytes: a few times the largest sample.
declare -A max_len=([factsheet]=32768 [layout]=16384 [body]=8192 [people]=16384 [logo]=16384)
harnesses=(factsheet layout body people logo)

cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="${CC:-clang}" -DTIPSHEET_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${harnesses[@]/#/fuzz_}" >/dev/null

# LeakSanitizer reports leaks after each input (-detect_leaks is on with ASan); UBSan stops
# at its first report. Leak suppressions are the suite's (tests/lsan.supp): the harnesses
# need its libxml2 rule (regressions/README.md).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}

run_one() {
  local h=$1
  local corpus=$build/corpus/$h findings=$build/findings/$h log=$build/fuzz-$h.log
  mkdir -p "$corpus" "$findings"
  local rc=0
  # First each regression input once, whole (as seeds they would be cut to -max_len).
  local regressions=()
  if [ -d "$here/regressions/$h" ]; then
    mapfile -t regressions < <(find "$here/regressions/$h" -type f ! -name README.md | sort)
  fi
  if [ "${#regressions[@]}" -gt 0 ]; then
    "$build/tests/fuzz/fuzz_$h" -rss_limit_mb=2048 -timeout=10 "${regressions[@]}" \
      >"$build/regressions-$h.log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
      echo "fuzz_$h: a regression input fails again (exit $rc), see $build/regressions-$h.log" >&2
      return "$rc"
    fi
  fi
  # The seeds and the regressions are read, never written: new inputs go to build-fuzz.
  local seeds=("$here/corpus/$h")
  if [ -d "$here/regressions/$h" ]; then seeds+=("$here/regressions/$h"); fi
  "$build/tests/fuzz/fuzz_$h" "$corpus" "${seeds[@]}" \
    -max_len="${max_len[$h]}" -rss_limit_mb=2048 -timeout=10 -max_total_time="$seconds" \
    -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1 || rc=$?
  local execs corpus_size
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus_size=$(find "$corpus" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    echo "fuzz_$h: ok, ${seconds} s, ${execs:-?} runs, corpus $corpus_size"
  else
    echo "fuzz_$h: FINDING (exit $rc), see $log and $findings/" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5 >&2 || true
  fi
  return "$rc"
}

# Each harness leaves its exit status in a file, so that running them at once stays simple.
for h in "${harnesses[@]}"; do
  (rc=0; run_one "$h" || rc=$?; echo "$rc" >"$build/fuzz-$h.rc") &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
done
wait
failed=0
for h in "${harnesses[@]}"; do
  if [ "$(cat "$build/fuzz-$h.rc")" != 0 ]; then failed=$((failed + 1)); fi
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: findings in $failed harness(es)" >&2
  exit 1
fi
echo "fuzz: no findings"
