#!/bin/bash
# `dmasim import tracefs` from the command line: a hand-made log of each layout imports
# into a valid trace; stdin and a file give the same ops; the output is the same in two
# processes; every malformed log in malformed/ gets its `# expect-error: LINE:COL: text`
# (prefixed by the file name) and exit 2, and -o leaves an existing file alone then;
# usage errors exit 2.
#   cli_import_test.sh DMASIM DIR(tests/import)
set -u
DMASIM=$1
DIR=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
pass=0
check() {  # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $name"; fail=$((fail + 1)); fi
}

# 1. tracefs layout: imports, replays, and says what it dropped.
"$DMASIM" import tracefs "$DIR/logs/basic.trace.txt" -o "$T/basic.dma" 2>"$T/err"
check "basic: exit 0" test $? -eq 0
check "basic: summary on stderr" grep -q '^dmasim import: 12 ops from 12 dma events (3 kept as comments), 2 devices, 4 buffers$' "$T/err"
"$DMASIM" replay --checker linux-7.3 "$T/basic.dma" >"$T/replay" 2>&1
check "basic: the output replays" test $? -le 1
check "basic: two mappings of one buffer" grep -q '^m1 = map d0000_00_04.0 b0 0 4096 from_device  # L16$' "$T/basic.dma"
check "basic: counted coherent allocation" grep -q 'coherent allocation (dma_alloc\*): not in the format$' "$T/basic.dma"

# 2. stdin gives the same trace (but for the name in the header).
"$DMASIM" import tracefs - <"$DIR/logs/basic.trace.txt" >"$T/stdin.dma" 2>/dev/null
check "stdin: exit 0" test $? -eq 0
check "stdin: same ops" diff <(grep -v '^# Imported' "$T/basic.dma") <(grep -v '^# Imported' "$T/stdin.dma")
check "stdin: named <stdin>" grep -q 'from <stdin> (docs/import.md)' "$T/stdin.dma"

# 3. trace-cmd report layout.
"$DMASIM" import tracefs "$DIR/logs/trace-cmd.report.txt" -o "$T/tc.dma" 2>/dev/null
check "trace-cmd: exit 0" test $? -eq 0
check "trace-cmd: sorted across CPUs" diff <(grep -v '^#' "$T/tc.dma" | grep -E '^(m|s|unmap|sync|mapping)' | sed 's/  #.*//') "$DIR/logs/trace-cmd.expected-ops.txt"

# 4. two processes, same bytes.
"$DMASIM" import tracefs "$DIR/logs/basic.trace.txt" >"$T/again.dma" 2>/dev/null
check "determinism: same bytes in two processes" cmp -s "$T/basic.dma" "$T/again.dma"

# 5. malformed logs: FILE:LINE:COL: message, exit 2, and -o keeps the old file.
for f in "$DIR"/malformed/*.trace.txt; do
  want=$(sed -n '1s/^# expect-error: //p' "$f")
  echo "keep me" >"$T/out.dma"
  "$DMASIM" import tracefs "$f" -o "$T/out.dma" 2>"$T/err" >/dev/null
  rc=$?
  check "$(basename "$f"): exit 2" test $rc -eq 2
  check "$(basename "$f"): message" test "$(cat "$T/err")" = "$f:$want"
  check "$(basename "$f"): -o untouched" test "$(cat "$T/out.dma")" = "keep me"
done
python3 -c 'print("# a comment\n" + "x" * 70000)' >"$T/long.txt"
"$DMASIM" import tracefs "$T/long.txt" >/dev/null 2>"$T/err"
check "line too long: exit 2" test $? -eq 2
check "line too long: message" test "$(cat "$T/err")" = "$T/long.txt:2:65537: line too long (the limit is 65536 bytes)"
check "no temporary files left" test -z "$(ls "$T" | grep '\.tmp\.')"

# 6. usage errors.
expect2() { "$DMASIM" "$@" >/dev/null 2>&1; test $? -eq 2; }
check "usage: no format" expect2 import
check "usage: unknown format" expect2 import perf "$DIR/logs/basic.trace.txt"
check "usage: no file" expect2 import tracefs
check "usage: two files" expect2 import tracefs "$DIR/logs/basic.trace.txt" "$DIR/logs/basic.trace.txt"
check "usage: missing file" expect2 import tracefs "$T/none.txt"
check "usage: two platforms" expect2 import tracefs --platform arm64 --platform arc "$DIR/logs/basic.trace.txt"
check "usage: unknown arch" expect2 import tracefs --platform vax "$DIR/logs/basic.trace.txt"
check "usage: unknown device" expect2 import tracefs --coherent eth7 "$DIR/logs/basic.trace.txt"
check "usage: a replay flag" expect2 import tracefs --json "$DIR/logs/basic.trace.txt"
"$DMASIM" help import >"$T/help"
check "help import" grep -q -- '--unchecked DEV' "$T/help"

echo "$pass passed, $fail failed"
test $fail -eq 0
