#!/usr/bin/env bash
# Output is never half-written: a run killed with SIGKILL at a random moment, a disk that
# fills up (ulimit -f) and an output folder that cannot be written leave every PDF, SVG and
# PNG under output/ either the previous complete file or the new complete one.
# Usage: atomic.sh BINARY SOURCE_DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_setup atomic "$@"
export SOURCE_DATE_EPOCH=1764374400
out=$tmp/out

# Every deliverable must be whole: qpdf checks the PDFs, Python's XML parser the SVGs, and
# pngdiff-free PNG checking by reading every chunk's CRC with zlib.
check_whole() {
  local bad=0 f
  while IFS= read -r f; do
    case $f in
      *.pdf) qpdf --check "$f" >/dev/null 2>&1 || { fail "$1: truncated PDF $f"; bad=1; } ;;
      *.svg) /usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$f" 2>/dev/null \
               || { fail "$1: broken SVG $f"; bad=1; } ;;
      *.png) /usr/bin/python3 - "$f" <<'PY' || { fail "$1: broken PNG $f"; bad=1; }
import sys, zlib, struct
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n"
i, end = 8, False
while i < len(d):
    n, t = struct.unpack(">I4s", d[i:i + 8])
    assert zlib.crc32(d[i + 4:i + 8 + n]) == struct.unpack(">I", d[i + 8 + n:i + 12 + n])[0]
    end = t == b"IEND"
    i += 12 + n
assert end
PY
      ;;
    esac
  done < <(find "$out" -type f \( -name '*.pdf' -o -name '*.svg' -o -name '*.png' \))
  return $bad
}

# A complete run first: the "previous version" of every file.
"$bin" -q --date 2026-11-29 -o "$out"
check_whole "first run" && pass "a complete run writes whole files"

# Killed at random moments while rewriting them: old or new, never in between.
killed=0
for i in $(seq 1 12); do
  "$bin" -q --date 2026-11-29 --jobs 2 -o "$out" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 400)))"
  kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null || true
  check_whole "kill -9 run $i" || break
done
pass "$killed runs killed with SIGKILL mid-run: every PDF, SVG and PNG is whole"

# A disk that fills up: a clear error, exit 73, and the files as they were.
before=$(find "$out" -type f \( -name '*.pdf' -o -name '*.svg' -o -name '*.png' \) -exec sha256sum {} + | sort)
rc=0
(ulimit -f 64; "$bin" -q --date 2026-11-29 -o "$out") >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
after=$(find "$out" -type f \( -name '*.pdf' -o -name '*.svg' -o -name '*.png' \) -exec sha256sum {} + | sort)
if [ "$rc" = 73 ] && grep -q 'cannot write: File too large' "$tmp/err.txt"; then
  pass "a full disk (ulimit -f) exits 73 with 'cannot write: File too large'"
else
  fail "full disk: exit $rc, stderr: $(head -c 300 "$tmp/err.txt")"
fi
[ "$before" = "$after" ] && pass "after the full disk every file is the previous one" || fail "files changed after a failed run"
check_whole "full disk"

# An output folder that cannot be written.
rc=0
"$bin" -q --neutral -o /proc/tipsheet-out >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
[ "$rc" = 73 ] && grep -q '/proc/tipsheet-out' "$tmp/err.txt" \
  && pass "an unwritable output folder exits 73 and names it" || fail "unwritable folder: exit $rc"

# Nothing escapes the output folder: an edition folder that is a symbolic link to elsewhere
# is refused, and nothing is written through it.
mkdir -p "$tmp/sym/out" "$tmp/sym/elsewhere"
ln -s "$tmp/sym/elsewhere" "$tmp/sym/out/veldkers"
rc=0
"$bin" -q --date 2026-11-29 -f pdf -o "$tmp/sym/out" >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
if [ "$rc" = 73 ] && grep -q 'veldkers: is a symbolic link' "$tmp/err.txt" &&
  [ -z "$(ls -A "$tmp/sym/elsewhere")" ]; then
  pass "a symlinked edition folder is refused and nothing is written through it"
else
  fail "symlink: exit $rc, written elsewhere: $(ls -A "$tmp/sym/elsewhere")"
fi

e2e_finish
