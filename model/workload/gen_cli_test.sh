#!/usr/bin/env bash
# `dmasim gen skb` from the outside: the parameter-block flags reach the generator, bad values
# exit 2 with a message naming the knob, `--profile list` lists every profile, the output is
# the same bytes on every run and through -o, and every profile's output replays.
# Usage: gen_cli_test.sh DMASIM
set -u
dmasim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() {  # check NAME COMMAND...: COMMAND must succeed
  local name=$1; shift
  if ! "$@"; then echo "FAIL $name"; fail=$((fail + 1)); fi
}
absent() {  # absent PATTERN FILE
  ! grep -q -- "$1" "$2"
}

# --profile list: exit 0, every profile on a line of its own.
list=$("$dmasim" gen skb --profile list); rc=$?
check "list exits 0" [ $rc -eq 0 ]
for p in dpaa2-tx mlx5-tx rx-page-pool smc-r smc-r-skip virtio kmalloc-small; do
  check "list names $p" grep -q "^$p " <<<"$list"
done

# Bad values: exit 2, nothing on stdout, a message naming the knob on stderr.
bad() {  # bad WORD ARGS...: the run must fail with WORD in its message
  local word=$1; shift
  local out err rc
  out=$("$dmasim" gen skb "$@" 2>"$work/err"); rc=$?
  err=$(cat "$work/err")
  if [ $rc -ne 2 ] || [ -n "$out" ] || ! grep -q -- "$word" <<<"$err"; then
    echo "FAIL bad $* (exit $rc): $err"; fail=$((fail + 1))
  fi
}
bad "no profile given" --seed 3
bad "unknown profile 'nope' (known: dpaa2-tx" --profile nope
bad "unknown arch 'sparc'" --profile dpaa2-tx --platform sparc
bad "one --platform only" --profile dpaa2-tx --platform arm64 --platform mips
bad "packets must be in 1..4096" --profile virtio --packets 0
bad "inflight must be in 1..64" --profile dpaa2-tx --inflight 65
bad "mss must be in 1..9000" --profile dpaa2-tx --mss 9001
bad "mss" --profile dpaa2-tx --mss -5
bad "first_payload must be in 0..65536" --profile dpaa2-tx --first-payload 65537
bad "small_percent must be in 0..100" --profile mlx5-tx --small-percent 101
bad "rx_buf must be 0" --profile rx-page-pool --rx-buf 63
bad "bounce-kmalloc must be auto, yes or no" --profile kmalloc-small --bounce-kmalloc maybe
bad "coherent-devices must be auto, yes or no" --profile virtio --coherent-devices 2
bad "usage: dmasim gen skb" --profile virtio nonsense

# The knobs reach the trace.
"$dmasim" gen skb --profile kmalloc-small --platform arm64 --bounce-kmalloc no \
  --coherent-devices yes --packets 2 >"$work/k.dma"
check "bounce-kmalloc no reaches the platform" absent 'bounce_kmalloc=yes' "$work/k.dma"
check "coherent-devices yes" grep -q '^device xhci0 coherent' "$work/k.dma"
"$dmasim" gen skb --profile rx-page-pool --rx-buf 1024 --rx-build-skb=false --packets 4 \
  >"$work/r.dma"
check "rx-buf reaches the ring" grep -q '^sync_for_device m0 1024 1024$' "$work/r.dma"
check "no build_skb, no CPU write" absent '^cpu_write' "$work/r.dma"
"$dmasim" gen skb --profile dpaa2-tx --first-payload 100 --mss 1000 --inflight 2 \
  --out-of-order --small-percent 0 --packets 3 >"$work/d.dma"
check "first-payload and mss reach the skbs" grep -q '^cpu_write page0 100 1000$' "$work/d.dma"

# Same bytes every run, on stdout and through -o; every profile replays (exit 0).
for p in dpaa2-tx mlx5-tx rx-page-pool smc-r smc-r-skip virtio kmalloc-small; do
  for arch in arm64 mips x86; do
    args=(gen skb --profile "$p" --platform "$arch" --seed 7 --packets 16 --out-of-order)
    "$dmasim" "${args[@]}" >"$work/a.dma"
    "$dmasim" "${args[@]}" -o "$work/b.dma"
    check "$p $arch same bytes" cmp -s "$work/a.dma" "$work/b.dma"
    "$dmasim" replay "$work/a.dma" >/dev/null; rc=$?
    check "$p $arch replays" [ $rc -eq 0 ]
  done
done

[ $fail -eq 0 ] && echo "all passed"
[ $fail -eq 0 ]
