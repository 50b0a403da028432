# Shared by the end-to-end test scripts. Source it, then call
#   e2e_setup NAME "$@"        (the script's arguments: BINARY SOURCE_DIR)
# which sets $bin and $src (absolute), exports TIPSHEET_DATADIR=$src, makes $tmp (removed at
# exit) and a failure count; then use fail/pass to report, run to call the program, and
# files_in to list what a folder holds. The script ends with e2e_finish.

e2e_setup() {
  e2e_name=$1
  shift
  if [ "$#" -ne 2 ]; then
    echo "usage: $0 BINARY SOURCE_DIR" >&2
    exit 2
  fi
  bin=$(realpath "$1")
  src=$(realpath "$2")
  # The program finds data/, layouts/ and fonts/ here, the same tree the tests read.
  export TIPSHEET_DATADIR=$src
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  failures=0
}

fail() {
  echo "$e2e_name: FAIL: $*" >&2
  failures=$((failures + 1))
}

pass() {
  echo "$e2e_name: ok: $*"
}

# Runs the program; sets $rc, and leaves its stdout and stderr in $tmp/out.txt, $tmp/err.txt.
run() {
  rc=0
  "$bin" "$@" >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
}

# The files under a folder, none if it does not exist; index-files/ holds the overview
# page's thumbnails, not deliverables.
files_in() {
  if [ -d "$1" ]; then find "$1" -type f -not -path '*/index-files/*'; fi
}

# Reports the count and exits 1 if any check failed.
e2e_finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$e2e_name: $failures check(s) failed" >&2
    exit 1
  fi
  echo "$e2e_name: all checks passed"
}
