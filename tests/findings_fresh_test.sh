#!/usr/bin/env bash
# docs/findings.md must be what `dmasim matrix repro --format md` writes today (run from the
# checkout's root, so the paths in it are repro/...). usage: findings_fresh_test.sh DMASIM ROOT
set -u
dmasim=$1 root=$2
cd "$root" || exit 1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! "$dmasim" matrix repro --format md -o "$out"; then
  echo "FAIL: dmasim matrix repro exited $?"; exit 1
fi
if ! cmp -s "$out" docs/findings.md; then
  echo "FAIL: docs/findings.md is stale; regenerate it from the checkout's root with"
  echo "  dmasim matrix repro --format md -o docs/findings.md"
  diff docs/findings.md "$out" | head -20
  exit 1
fi
echo "docs/findings.md is current ($(wc -l <"$out") lines)"
