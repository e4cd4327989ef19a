#!/bin/bash
# Every trace in tests/import/examples/ (shown in the README) must be what `dmasim import`
# makes of its log today: its header line says the flags and the log it came from, and a
# fresh import from the repository root must give the same bytes.
#   examples_fresh_test.sh DMASIM ROOT
set -u
DMASIM=$1
ROOT=$2
cd "$ROOT" || exit 2
pass=0
fail=0
for ex in tests/import/examples/*.dma; do
  line=$(sed -n '2p' "$ex")
  re='^# Imported by `dmasim import tracefs (.*)` from (.*) \(docs/import.md\)\.$'
  if [[ ! $line =~ $re ]]; then
    echo "FAIL $ex: no '# Imported by' header on line 2"
    fail=$((fail + 1))
    continue
  fi
  read -r -a flags <<<"${BASH_REMATCH[1]}"
  if "$DMASIM" import tracefs "${flags[@]}" "${BASH_REMATCH[2]}" 2>/dev/null | cmp -s - "$ex"; then
    pass=$((pass + 1))
  else
    echo "FAIL $ex: a fresh import of ${BASH_REMATCH[2]} differs (run: dmasim import tracefs ${BASH_REMATCH[1]} ${BASH_REMATCH[2]} -o $ex)"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
test $fail -eq 0 && test $pass -gt 0
