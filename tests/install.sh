#!/usr/bin/env bash
# Install test: `cmake --install` of the already-built tree into a temporary prefix, then the
# installed program run as a user runs it, from / and without TIPSHEET_DATADIR: it must find
# the installed data, layouts and fonts, not the source tree. Also the man page (with man -l)
# and the bash completion. Usage: install.sh BUILD_DIR SOURCE_DIR (CTest passes both).
# Every check runs; each failure is reported on stderr, and the exit status is 1 if any failed.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
e2e_setup install "$@"
# e2e_setup takes a binary; here the first argument is the build folder. And the installed
# program must find its data without being told.
build=$bin
unset TIPSHEET_DATADIR
prefix=$tmp/prefix
bin=$prefix/bin/tipsheet
share=$prefix/share/tipsheet
page=$prefix/share/man/man1/tipsheet.1
completion=$prefix/share/bash-completion/completions/tipsheet

# Runs the installed program from /; sets $rc, and leaves stdout and stderr in $tmp/out.txt and
# $tmp/err.txt.
run() {
  rc=0
  (cd / && "$bin" "$@") >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
}

# --- cmake --install -------------------------------------------------------------------------
if cmake --install "$build" --prefix "$prefix" >"$tmp/install.txt" 2>&1; then
  pass "cmake --install into a temporary prefix"
else
  fail "cmake --install: $(cat "$tmp/install.txt")"
  exit 1
fi
for f in bin/tipsheet share/tipsheet/data/tips.yaml share/tipsheet/data/bodies \
  share/tipsheet/data/people.sample.csv share/tipsheet/layouts/a4-portrait.yaml \
  share/tipsheet/fonts/fonts.conf share/tipsheet/fonts/OpenSans-Regular.ttf \
  share/bash-completion/completions/tipsheet share/doc/tipsheet/README.md \
  share/doc/tipsheet/docs/schema.md; do
  if [ -e "$prefix/$f" ]; then pass "installed $f"; else fail "not installed: $f"; fi
done
# The body logos come along with the bodies; every bundled font with its licence.
for f in "$src"/data/bodies/logos/* "$src"/fonts/LICENSE-*; do
  rel=${f#"$src"/}
  if [ -f "$share/$rel" ]; then pass "installed $rel"; else fail "not installed: share/tipsheet/$rel"; fi
done

# --- The installed program, run from / --------------------------------------------------------
out=$tmp/out
run --neutral --output "$out"
if [ "$rc" -eq 0 ]; then pass "tipsheet --neutral from / exits 0"; else
  fail "tipsheet --neutral from / exited $rc: $(cat "$tmp/err.txt")"
fi
pdfs=0
[ -d "$out" ] && pdfs=$(find "$out" -maxdepth 1 -name '*.pdf' | wc -l)
if [ "$pdfs" -eq 1 ]; then pass "the neutral PDF was written"; else
  fail "expected one PDF in $out, found $pdfs"
fi

run --list-layouts
if [ "$rc" -eq 0 ] && grep -q '^a4-portrait ' "$tmp/out.txt"; then pass "--list-layouts from /"; else
  fail "--list-layouts from / exited $rc: $(cat "$tmp/out.txt" "$tmp/err.txt")"
fi

# The installed data is what is used, not the source tree the program was built from: a layout
# removed from the installed copy only is no longer listed, and rendering with it fails.
rm "$share/layouts/a5-portrait.yaml"
run --list-layouts
if [ "$rc" -eq 0 ] && ! grep -q '^a5-portrait ' "$tmp/out.txt"; then
  pass "the installed layouts are the ones listed"
else
  fail "--list-layouts still lists a5-portrait after it was removed from $share/layouts:" \
    "the installed program reads the source tree, not PREFIX/share/tipsheet"
fi
run --neutral --layout a5-portrait --output "$tmp/a5"
if [ "$rc" -eq 65 ]; then pass "a layout missing from the installed data exits 65"; else
  fail "--layout a5-portrait with the installed a5 layout removed: exit $rc, expected 65"
fi

# TIPSHEET_DATADIR still wins, and a wrong one is an error, not a silent fallback.
rc=0
(cd / && TIPSHEET_DATADIR=/nonexistent "$bin" --neutral --output "$tmp/none") \
  >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
if [ "$rc" -eq 65 ] || [ "$rc" -eq 70 ]; then
  pass "TIPSHEET_DATADIR=/nonexistent exits $rc"
else
  fail "TIPSHEET_DATADIR=/nonexistent: exit $rc, expected 65 or 70: $(cat "$tmp/err.txt")"
fi

# --- The man page ------------------------------------------------------------------------------
if [ ! -f "$page" ]; then
  echo "install: skipped: the man page was not built (scdoc missing when configured)"
elif ! command -v man >/dev/null; then
  echo "install: skipped: man -l (no man installed)"
elif MANPAGER=cat MANWIDTH=100 man -l "$page" >"$tmp/man.txt" 2>"$tmp/man-err.txt" &&
  grep -q tipsheet "$tmp/man.txt"; then
  pass "man -l shows the installed page"
  # Every option of --help, and every exit code, is in the page.
  missing=""
  for opt in $("$bin" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "$opt" "$tmp/man.txt" || missing="$missing $opt"
  done
  for word in validate watch new-body TIPSHEET_DATADIR SOURCE_DATE_EPOCH 64 65 70 73; do
    grep -qw -- "$word" "$tmp/man.txt" || missing="$missing $word"
  done
  if [ -z "$missing" ]; then pass "the man page has every option, command and exit code"; else
    fail "the man page does not mention:$missing"
  fi
else
  fail "man -l $page: $(cat "$tmp/man-err.txt")"
fi

# --- Bash completion ---------------------------------------------------------------------------
if bash -c 'source "$1" && complete -p tipsheet' _ "$completion" >"$tmp/complete.txt" 2>&1; then
  pass "the completion registers: $(cat "$tmp/complete.txt")"
else
  fail "sourcing $completion: $(cat "$tmp/complete.txt")"
fi
# Completing "tipsheet --layout " and "tipsheet --body " with the installed program on PATH.
complete_words() {
  (cd / && PATH="$prefix/bin:$PATH" bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tipsheet; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$completion" "$@") 2>&1
}
layouts=$(complete_words tipsheet --layout "")
if grep -qx a4-portrait <<<"$layouts" && ! grep -qx a5-portrait <<<"$layouts"; then
  pass "--layout completes the installed layouts"
else
  fail "--layout completed to: $(tr '\n' ' ' <<<"$layouts")"
fi
bodies=$(complete_words tipsheet --body "")
if grep -qx veldkers <<<"$bodies"; then pass "--body completes the installed bodies' slugs"; else
  fail "--body completed to: $(tr '\n' ' ' <<<"$bodies")"
fi
options=$(complete_words tipsheet --)
missing=""
for opt in $("$bin" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
  grep -qx -- "$opt" <<<"$options" || missing="$missing $opt"
done
if [ -z "$missing" ]; then pass "the completion offers every option of --help"; else
  fail "the completion lacks:$missing"
fi

e2e_finish
