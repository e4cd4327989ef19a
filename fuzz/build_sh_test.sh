#!/usr/bin/env bash
# CTest fuzz.build_sh: runs fuzz/build.sh with the variables OSS-Fuzz / ClusterFuzzLite set
# (clang, -fsanitize=fuzzer-no-link, LIB_FUZZING_ENGINE=-fsanitize=fuzzer, OUT/SRC/WORK in a
# scratch folder), checks that every target comes with its .dict, .options and seed zip, and
# runs each target over its unzipped seed corpus (-runs=0: replay only).
set -euo pipefail
root="$1"
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$root/out" "$root/seeds"
mkdir -p "$root/out" "$root/src" "$root/work" "$root/seeds"
export CC=clang CXX=clang++
export CFLAGS="-O1 -gline-tables-only -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export OUT="$root/out" SRC="$root/src" WORK="$root/work"
bash "$here/build.sh"
for t in trace_fuzzer skb_fuzzer parse_fuzzer; do
  for f in "$t" "$t.dict" "$t.options" "${t}_seed_corpus.zip"; do
    [ -s "$OUT/$f" ] || { echo "missing $OUT/$f"; exit 1; }
  done
  mkdir -p "$root/seeds/$t"
  python3 -m zipfile -e "$OUT/${t}_seed_corpus.zip" "$root/seeds/$t"
  n=$(ls "$root/seeds/$t" | wc -l)
  [ "$n" -gt 0 ] || { echo "$t: empty seed corpus"; exit 1; }
  "$OUT/$t" -runs=0 "$root/seeds/$t" 2>"$root/$t.log" || { tail -20 "$root/$t.log"; exit 1; }
  grep -q "INITED\|DONE" "$root/$t.log" || { echo "$t: libFuzzer did not run"; tail -5 "$root/$t.log"; exit 1; }
  echo "$t: $n seeds replayed under libFuzzer"
done
