#!/usr/bin/env bash
# The daily commands: validate reports every problem with its place, new-body writes a file
# that validates and renders as it is, and watch re-renders an edited body within a second
# and keeps the last good output through a broken edit. Usage: daily.sh BINARY SOURCE_DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_setup daily "$@"
export SOURCE_DATE_EPOCH=1764374400

# --- validate: the samples are fine; three different errors are all reported -------------
run validate --date 2026-11-29
[ "$rc" = 0 ] && grep -q '^all valid' "$tmp/out.txt" && pass "validate: the samples are valid" \
  || fail "validate on the samples: exit $rc: $(cat "$tmp/err.txt")"
cp -r "$src/data/bodies" "$tmp/bodies"
sed -i 's/primary: "#1B4D3E"/primary: "#7A7A7A"/' "$tmp/bodies/veldkers.yaml"
sed -i 's|file: logos/zandloper.png|file: logos/ontbreekt.png|' "$tmp/bodies/zandloper.yaml"
sed -i 's/^kind: regio$/kind: provincie/' "$tmp/bodies/duinhaven.yaml"
run validate --bodies "$tmp/bodies" --output "$tmp/validate-out"
if [ "$rc" = 65 ] && grep -q 'veldkers.yaml: colors: unreadable colour pair' "$tmp/err.txt" &&
  grep -q 'zandloper.yaml:[0-9]*:[0-9]*: logo.file' "$tmp/err.txt" &&
  grep -q 'duinhaven.yaml:[0-9]*:[0-9]*: kind: expected one of bestuur, regio' "$tmp/err.txt"; then
  pass "validate: three broken bodies, three messages with their places, exit 65"
else
  fail "validate with three errors: exit $rc: $(cat "$tmp/err.txt")"
fi
[ -z "$(files_in "$tmp/validate-out")" ] && pass "validate writes nothing" || fail "validate wrote files"

# --- new-body: a commented file that validates and renders as it is -------------------------
mkdir -p "$tmp/nb"
run new-body stichting-proef --name 'Stichting "Proef": Oost' --bodies "$tmp/nb"
[ "$rc" = 0 ] && [ -f "$tmp/nb/stichting-proef.yaml" ] && pass "new-body wrote the file" || fail "new-body: exit $rc"
grep -c '^#' "$tmp/nb/stichting-proef.yaml" | grep -qv '^[0-9]$' && pass "new-body's file explains its fields" \
  || fail "new-body's file has few comments"
run --bodies "$tmp/nb" --output "$tmp/nb-out" -f pdf
[ "$rc" = 0 ] && pdfinfo "$tmp"/nb-out/stichting-proef/*.pdf | grep -q '^Author: *Stichting "Proef": Oost' \
  && pass "the new body renders as it is, with its name" || fail "new body render: exit $rc"
run new-body stichting-proef --name X --bodies "$tmp/nb"
[ "$rc" = 73 ] && pass "new-body refuses to overwrite" || fail "new-body overwrite: exit $rc"

# --- watch: an edit re-renders that edition; a broken edit keeps the previous output -------
cp -r "$src/data/bodies" "$tmp/wb"
"$bin" watch --bodies "$tmp/wb" --output "$tmp/wout" -f pdf --date 2026-11-29 >"$tmp/watch.txt" 2>&1 &
watcher=$!
for _ in $(seq 1 100); do grep -q 'watching for changes' "$tmp/watch.txt" && break; sleep 0.1; done
pdf=$tmp/wout/veldkers/tips-zij-instromers-veldkers.pdf
before=$(sha256sum "$pdf" | cut -d' ' -f1)
sed -i 's/primary: "#1B4D3E"/primary: "#3B2D6E"/' "$tmp/wb/veldkers.yaml"
changed=no
for _ in $(seq 1 20); do
  sleep 0.1
  if [ "$(sha256sum "$pdf" | cut -d' ' -f1)" != "$before" ]; then changed=yes; break; fi
done
[ "$changed" = yes ] && pass "watch re-rendered the edited body within 2 s" || fail "watch did not re-render: $(cat "$tmp/watch.txt")"
good=$(sha256sum "$pdf" | cut -d' ' -f1)
sed -i 's/primary: "#3B2D6E"/primary: "#7A7A7A"/' "$tmp/wb/veldkers.yaml"
for _ in $(seq 1 30); do grep -q 'unreadable colour pair' "$tmp/watch.txt" && break; sleep 0.1; done
grep -q 'unreadable colour pair' "$tmp/watch.txt" && pass "watch reports a broken edit" || fail "watch did not report the broken edit"
[ "$(sha256sum "$pdf" | cut -d' ' -f1)" = "$good" ] && pass "the previous output stays after a broken edit" || fail "output changed after a broken edit"
kill -INT "$watcher"
wait "$watcher" 2>/dev/null || true
grep -q 'changed: rendering veldkers' "$tmp/watch.txt" && pass "watch says what it re-renders" || fail "watch lines: $(cat "$tmp/watch.txt")"

e2e_finish
