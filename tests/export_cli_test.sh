#!/usr/bin/env bash
# `dmasim export kunit` and `dmasim matrix` at the command line: output written atomically
# and equal to stdout, refused traces exit 2 naming the op, bad usage exits 2.
# usage: export_cli_test.sh DMASIM ROOT
set -u
dmasim=$1 root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() {  # NAME WANT_STATUS GREP_PATTERN CMD...: exit status and a line of stderr+stdout
  local name=$1 want=$2 pat=$3; shift 3
  "$@" >"$work/out" 2>&1
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; head -3 "$work/out"; fail=$((fail + 1))
  elif [ -n "$pat" ] && ! grep -q -- "$pat" "$work/out"; then
    echo "FAIL $name: no '$pat' in the output"; head -3 "$work/out"; fail=$((fail + 1))
  fi
}
e1=$root/repro/false-positive/e1-dpaa2-tcp-frags.dma
check "export to stdout" 0 "kunit_test_suite(dmasim_suite);" "$dmasim" export kunit "$e1"
cp "$work/out" "$work/stdout.c"
check "export -o" 0 "" "$dmasim" export kunit "$e1" -o "$work/e1.c"
cmp -s "$work/e1.c" "$work/stdout.c" || { echo "FAIL export -o differs from stdout"; fail=$((fail + 1)); }
ls "$work" | grep -q '\.tmp\.' && { echo "FAIL export left a temporary file"; fail=$((fail + 1)); }
printf 'dmasim 1\ndevice d\nbuf s at=0x1000 len=64 kind=stack\ns0 = map d s 0 64 to_device\n' >"$work/stack.dma"
check "stack buffer refused" 2 "stack.dma:4:1: op 0 (map): buffer 's' is kind=stack" \
  "$dmasim" export kunit "$work/stack.dma" -o "$work/stack.c"
[ -e "$work/stack.c" ] && { echo "FAIL a refused export wrote its output"; fail=$((fail + 1)); }
check "unknown format" 2 "unknown format 'c'" "$dmasim" export c "$e1"
check "unknown checker" 2 "" "$dmasim" export kunit "$e1" --checker linux-1.0
check "exact refused" 2 "not a dma-debug era" "$dmasim" export kunit "$e1" --checker exact
check "malformed trace" 2 "bad.dma:1:" sh -c "printf 'dmasim 2\n' >'$work/bad.dma'; '$dmasim' export kunit '$work/bad.dma'"
check "matrix json" 0 '"traces":' "$dmasim" matrix --format json "$e1"
check "matrix bad format" 2 "md or json" "$dmasim" matrix --format html "$e1"
check "matrix no input" 2 "" "$dmasim" matrix
check "matrix missing file" 2 "" "$dmasim" matrix "$work/none.dma"
check "matrix -o" 0 "" "$dmasim" matrix "$e1" -o "$work/m.md"
grep -q "^# Findings" "$work/m.md" || { echo "FAIL matrix -o wrote no Markdown"; fail=$((fail + 1)); }
[ $fail -eq 0 ] && echo "all passed"
[ $fail -eq 0 ]
