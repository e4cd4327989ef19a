#!/usr/bin/env bash
# The per-command flag tables (cli/flag_table.h): `dmasim help COMMAND` lists that command's
# flags only, a flag of another command is an error naming the command it belongs to, and
# every spelling the table promises parses.
# usage: cli_flags_test.sh DMASIM REPO_ROOT
set -u
dmasim=$1 root=$2
e1=$root/docs/examples/e1-reduced.dma
fail=0
check() {  # NAME COMMAND...
  local name=$1; shift
  if ! "$@"; then echo "FAIL $name"; fail=$((fail + 1)); fi
}
help_replay=$("$dmasim" help replay)
check "help replay shows --checker" grep -q -- '--checker ID' <<<"$help_replay"
check "help replay hides gen's --profile" bash -c '! grep -q -- "--profile" <<<"$1"' _ "$help_replay"
help_gen=$("$dmasim" help gen)
check "help gen shows --profile" grep -q -- '--profile P' <<<"$help_gen"
check "help gen hides replay's --fail-on" bash -c '! grep -q -- "--fail-on" <<<"$1"' _ "$help_gen"
check "replay --help is help replay" bash -c '[ "$("$1" replay --help)" = "$2" ]' _ "$dmasim" "$help_replay"

err=$("$dmasim" replay --profile dpaa2-tx "$e1" 2>&1 >/dev/null); rc=$?
check "a gen flag on replay exits 2" [ $rc -eq 2 ]
check "and names gen" grep -q "'--profile' is a gen flag, not a replay flag" <<<"$err"
err=$("$dmasim" gen skb --fail-on hazard --profile virtio 2>&1 >/dev/null); rc=$?
check "a replay flag on gen exits 2" [ $rc -eq 2 ]
check "and names replay" grep -q "'--fail-on' is a replay flag, not a gen flag" <<<"$err"
err=$("$dmasim" replay --frobnicate "$e1" 2>&1 >/dev/null); rc=$?
check "an unknown flag exits 2" [ $rc -eq 2 ]
check "and says unknown" grep -q "unknown flag '--frobnicate'" <<<"$err"
err=$("$dmasim" help nonsense 2>&1 >/dev/null); rc=$?
check "help of an unknown command exits 2" [ $rc -eq 2 ]

# Spellings: --a=b, --a b, -a, dashes or underscores, --no-x, comma lists, repeats add up.
base=$("$dmasim" replay --json --checker linux-5.15 --checker linux-5.9 "$e1")
check "comma list = repeats" [ "$("$dmasim" replay -json --checker=linux-5.15,linux-5.9 "$e1")" = "$base" ]
check "underscores = dashes" [ "$("$dmasim" replay --json --all_errors --checker linux-5.15 --checker linux-5.9 "$e1")" = \
                               "$("$dmasim" replay --json --all-errors --checker linux-5.15 --checker linux-5.9 "$e1")" ]
check "--no-json is text" bash -c '"$1" replay --no-json "$2" | head -1 | grep -q "8 ops"' _ "$dmasim" "$e1"
err=$("$dmasim" replay --num-errors 2>&1 >/dev/null); rc=$?
check "a value-less flag exits 2" [ $rc -eq 2 ]
check "and says so" grep -q "needs a value" <<<"$err"
err=$("$dmasim" replay --num-errors=many "$e1" 2>&1 >/dev/null); rc=$?
check "a bad integer exits 2" [ $rc -eq 2 ]
[ $fail -eq 0 ] && echo "all passed"
[ $fail -eq 0 ]
