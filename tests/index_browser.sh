#!/usr/bin/env bash
# Browser test of output/index.html: renders the sample editions and the neutral one, loads
# the overview page in headless Chromium from a file:// address, and checks that every
# thumbnail loaded (the page records the count in <body data-thumbnails-loaded="n/m">).
# Skips, with a message, where Chromium is not installed. Usage: index_browser.sh BINARY SRC
set -euo pipefail
bin=$(realpath "$1")
export TIPSHEET_DATADIR=$(realpath "$2")
export SOURCE_DATE_EPOCH=1764374400
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "index_browser: SKIP: no chromium installed (apt-get install chromium)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" -q --date 2026-11-29 -o "$tmp/out"
"$bin" -q --neutral -o "$tmp/out"
# The flags the machine's notes give for a closed network: no background connections.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$tmp/profile" --virtual-time-budget=5000)
dom=$("$browser" "${flags[@]}" --dump-dom "file://$tmp/out/index.html" 2>/dev/null)
loaded=$(grep -o 'data-thumbnails-loaded="[0-9]*/[0-9]*"' <<<"$dom" | cut -d'"' -f2)
"$browser" "${flags[@]}" --window-size=1300,1100 --screenshot="$tmp/index.png" \
  "file://$tmp/out/index.html" >/dev/null 2>&1 || true
failures=0
sections=$(grep -c '<section>' "$tmp/out/index.html")
# Four editions (three bodies and the neutral one), two pages each.
if [ "$sections" != 4 ]; then
  echo "index_browser: FAIL: $sections editions on the page, expected 4"; failures=1
fi
if [ "$loaded" != "8/8" ]; then
  echo "index_browser: FAIL: thumbnails loaded: '${loaded:-none}', expected 8/8"; failures=1
fi
if [ ! -s "$tmp/index.png" ]; then
  echo "index_browser: FAIL: no screenshot"; failures=1
fi
if grep -Eq '(src|href)="(https?:)?//' "$tmp/out/index.html"; then
  echo "index_browser: FAIL: the page loads something from elsewhere"; failures=1
fi
[ "$failures" = 0 ] && echo "index_browser: ok: 4 editions, thumbnails $loaded, screenshot taken"
exit "$failures"
