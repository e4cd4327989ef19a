#!/usr/bin/env bash
# Same input, same bytes out, across processes: Abseil's hash containers are seeded per
# process, so only two runs in two processes can see hash order leaking into output. Runs
# `dmasim replay` (JSON, text and table, every platform; with hazard witnesses) over every
# trace of the repo, `dmasim explain` on two, `dmasim gen skb` for every profile on several
# archs, `dmasim matrix` over repro/ and `dmasim export kunit` of repro/false-positive/,
# twice each, and compares the bytes.
# usage: determinism_test.sh DMASIM REPO_ROOT
set -u
dmasim=$1 root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
twice() {  # NAME ARGS...: run dmasim twice, compare stdout+stderr byte for byte
  local name=$1; shift
  "$dmasim" "$@" >"$work/a" 2>&1
  "$dmasim" "$@" >"$work/b" 2>&1
  if ! cmp -s "$work/a" "$work/b"; then
    echo "FAIL $name: two runs differ"; diff "$work/a" "$work/b" | head -5; fail=$((fail + 1))
  elif [ ! -s "$work/a" ]; then
    echo "FAIL $name: no output"; fail=$((fail + 1))
  fi
}
dirs=("$root/repro" "$root/tests/hazard-worked" "$root/tests/kernel-6.1" "$root/docs/examples")
twice "replay --json --platform all" replay --json --platform all "${dirs[@]}"
twice "replay text --all-errors" replay --all-errors --platform all "${dirs[@]}"
twice "replay --table" replay --table --platform all "${dirs[@]}"
for f in "$root/repro/hazard/m2-virtio-vsock-noncoherent.dma" "$root/tests/hazard-worked/14-swiotlb-kmalloc-rx-partial.dma"; do
  twice "explain $(basename "$f")" explain --platform all "$f"
done
twice "matrix --format json" matrix --format json "$root/repro"
twice "matrix --format md" matrix --format md "$root/repro"
for f in "$root"/repro/false-positive/*.dma; do
  twice "export kunit $(basename "$f")" export kunit "$f"
done
for p in $("$dmasim" gen skb --profile list | awk 'NR % 2 == 1 {print $1}'); do
  for arch in arm64 riscv mips x86; do
    twice "gen $p $arch" gen skb --profile "$p" --platform "$arch" --seed 11 --packets 40 --out-of-order
  done
done
[ $fail -eq 0 ] && echo "all passed"
[ $fail -eq 0 ]
