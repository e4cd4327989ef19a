#!/usr/bin/env bash
# Every malformed trace must give "FILE:LINE:COL: message" on stderr and exit status 2,
# with no crash and no sanitizer report. Usage: cli_malformed_test.sh DMASIM MALFORMED_DIR
set -u
dmasim=$1
dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Generated cases that are awkward to check in.
: > "$work/empty.dma"
printf 'dmasim 1\n\x00\x01\x02\xff\xfe garbage\n' > "$work/binary-garbage.dma"
head -c 4096 /dev/zero | tr '\0' '\377' > "$work/all-ff.dma"
{ printf 'dmasim 1\n'; head -c 204800 /dev/zero | tr '\0' 'x'; printf '\n'; } > "$work/200k-line.dma"
{ printf 'dmasim 1\nbuf a at=0 len=8\n'; yes 'cpu_read a 0 8' | head -c 70000000; } > "$work/70mb.dma"
printf 'dmasim 1\nbuf a at=0 len=8\ncpu_read a 0 8 \r\n\x1b[31m\n' > "$work/escape.dma"

pass=0 fail=0
for f in "$dir"/*.dma "$work"/*.dma; do
  err=$("$dmasim" replay "$f" 2>&1 >/dev/null)
  rc=$?
  first=$(printf '%s\n' "$err" | head -n 1)
  if [ $rc -eq 2 ] && [[ "$first" =~ ^"$f":[0-9]+:[0-9]+:\ . ]] &&
     ! grep -qE 'Sanitizer|runtime error|Aborted|invariant violated' <<<"$err"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $f (exit $rc): $first"
  fi
done
# stdin ("-") has the file cap too: an endless stream stops at 64 MiB with exit 2.
err=$({ printf 'dmasim 1\nbuf a at=0 len=8\n'; yes 'cpu_read a 0 8'; } |
      timeout 120 "$dmasim" replay - 2>&1 >/dev/null)
rc=$?
if [ $rc -eq 2 ] && [[ "$err" =~ ^"<stdin>":[0-9]+:[0-9]+:\ .*too\ large ]]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL endless stdin (exit $rc): $(printf '%s\n' "$err" | head -n 1)"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
