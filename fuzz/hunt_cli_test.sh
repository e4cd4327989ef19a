#!/usr/bin/env bash
# CLI tests of `dmasim hunt` and `dmasim minimize` (CTest fuzz.hunt_cli):
#   * bad arguments get a clear error and exit 2 before any work;
#   * a corrupt file in --out is reported and left alone;
#   * the plain search is deterministic: two processes with one --seed and --runs write the
#     same table and byte-identical repro files;
#   * every written repro replays with exit 0 (its expect lines hold) and is 1-minimal
#     (`dmasim minimize` with its own finding cannot drop an op);
#   * a second run counts known signatures instead of writing them again;
#   * minimize: the output replays, the input is untouched, a trace without the finding is
#     an error.
set -euo pipefail
dmasim="$1"
t="$(mktemp -d)"
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect_usage_error() {  # WORDS-IN-MESSAGE ARGS...
  local want="$1"; shift
  set +e
  "$dmasim" hunt "$@" >"$t/out" 2>"$t/err"
  local rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "hunt $*: exit $rc, want 2"
  grep -q -- "$want" "$t/err" || fail "hunt $*: stderr lacks '$want': $(cat "$t/err")"
  [ ! -s "$t/out" ] || fail "hunt $*: printed a table"
}
expect_usage_error "unknown oracle" --oracle nope --out "$t/o1"
expect_usage_error "linux-2" --checker linux-2.6 --out "$t/o1"
expect_usage_error "unknown arch" --platform vax --out "$t/o1"
touch "$t/afile"
expect_usage_error "not a folder" --out "$t/afile"
expect_usage_error "cannot create" --out "$t/afile/sub"
mkdir -p "$t/corp/sub"
expect_usage_error "not a regular file" --corpus "$t/corp" --out "$t/o1"
expect_usage_error "--jobs" --jobs 0 --out "$t/o1"
[ ! -e "$t/o1" ] || [ -z "$(ls -A "$t/o1")" ] || fail "work started before the errors"

# Determinism, two processes.
run() { "$dmasim" hunt --engine plain --time 0 --runs 300 --seed 7 --out "$1" --progress=false; }
run "$t/a" >"$t/table-a" 2>/dev/null
run "$t/b" >"$t/table-b" 2>/dev/null
sed "s|$t/a|DIR|g" "$t/table-a" >"$t/ta"
sed "s|$t/b|DIR|g" "$t/table-b" >"$t/tb"
cmp -s "$t/ta" "$t/tb" || fail "tables differ: $(diff "$t/ta" "$t/tb" | head)"
(cd "$t/a" && ls *.dma) >"$t/la"
(cd "$t/b" && ls *.dma) >"$t/lb"
cmp -s "$t/la" "$t/lb" || fail "different repro files"
[ -s "$t/la" ] || fail "no repro written"
for f in $(cat "$t/la"); do cmp -s "$t/a/$f" "$t/b/$f" || fail "$f differs"; done

# Every repro replays to its verdicts; a sample is checked 1-minimal with dmasim minimize.
n=0
for f in $(cat "$t/la"); do
  "$dmasim" replay "$t/a/$f" >/dev/null || fail "replay $f: expectations do not hold"
  n=$((n + 1))
done
for f in $(head -5 "$t/la"); do
  checker=$(sed -n 's/^# dmasim hunt: \([^ ]*\) vs \([^:]*\(:[^:]*\)\?\): \([^ ]*\) \(.*\)$/\1/p' "$t/a/$f")
  line=$(sed -n 's/^# dmasim hunt: //p' "$t/a/$f")
  oracle=$(echo "$line" | sed 's/^[^ ]* vs \([^ ]*\): .*/\1/')
  cls=$(echo "$line" | sed 's/.*: \([^ ]*\) [^ ]*$/\1/')
  kind=$(echo "$line" | sed 's/.* //')
  "$dmasim" minimize "$t/a/$f" -o "$t/min.dma" \
    --keep "checker=$checker oracle=$oracle class=$cls kind=$kind" 2>"$t/min.err" \
    || fail "minimize $f: $(cat "$t/min.err")"
  before=$(grep -cvE '^(#|dmasim|platform|device|buf|expect)|^$' "$t/a/$f")
  after=$(grep -cvE '^(#|dmasim|platform|device|buf|expect)|^$' "$t/min.dma")
  [ "$before" -eq "$after" ] || fail "$f is not 1-minimal: $before ops -> $after"
done

# A second run counts, never rewrites; a corrupt file is reported and left alone.
printf 'not a repro\n' >"$t/a/zz-corrupt.dma"
cp -r "$t/a" "$t/a-before"
run "$t/a" >"$t/table-a2" 2>"$t/err2"
grep -q "left alone.*zz-corrupt.dma" "$t/err2" || fail "corrupt file not reported"
grep -q "(0 new repros" "$t/table-a2" || fail "second run wrote repros: $(head -1 "$t/table-a2")"
diff -r "$t/a-before" "$t/a" -x corpus >/dev/null || fail "second run changed the folder"

# --json
"$dmasim" hunt --engine plain --time 0 --runs 50 --seed 1 --out "$t/j" --json --progress=false \
  2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["execs"]==50 and "rows" in d'

# minimize on a user trace
cat >"$t/user.dma" <<'DMA'
dmasim 1
platform arch=coherent line=64
device a coherent
device b coherent
buf x at=0x40000 len=256
buf y at=0x80000 len=64
cpu_write y 0 64
m0 = map a x 0 256 from_device
m1 = map b x 0 256 from_device
mapping_error m0
mapping_error m1
cpu_read y 0 64
unmap m0
unmap m1
DMA
cp "$t/user.dma" "$t/user.orig"
"$dmasim" minimize "$t/user.dma" -o "$t/user.min" --keep eexist 2>/dev/null
cmp -s "$t/user.dma" "$t/user.orig" || fail "minimize touched its input"
"$dmasim" replay "$t/user.min" >/dev/null || fail "minimized trace does not replay to its expects"
[ "$(grep -c ' = map' "$t/user.min")" -eq 2 ] || fail "minimized trace: $(cat "$t/user.min")"
set +e
"$dmasim" minimize "$t/user.dma" -o "$t/none.dma" --keep sharing 2>"$t/err3"; rc=$?
"$dmasim" minimize "$t/user.dma" -o "$t/user.dma" --keep eexist 2>/dev/null; rc2=$?
set -e
[ "$rc" -eq 2 ] && grep -q "does not show the finding" "$t/err3" || fail "no error for a missing finding"
[ ! -e "$t/none.dma" ] || fail "wrote output for a missing finding"
[ "$rc2" -eq 2 ] || fail "minimize onto its own input accepted"
echo "hunt CLI: $n repros replayed, all checks passed"
