#!/usr/bin/env bash
# Every valid trace replays (exit 0) to one well-formed JSON object per file, with the
# fields of the replay contract. Usage: cli_valid_test.sh DMASIM VALID_DIR...
set -u
dmasim=$1
shift
pass=0 fail=0
for dir in "$@"; do
  for f in $(find "$dir" -name '*.dma' | sort); do
    out=$("$dmasim" replay --json "$f" 2>/tmp/dmasim-valid-err.$$)
    rc=$?
    if [ $rc -eq 0 ] && python3 -c '
import json, sys
o = json.loads(sys.stdin.read())
for k in ("file", "ops", "checkers", "oracles", "classification"):
    assert k in o, k
for c in o["checkers"].values():
    assert "era" in c and isinstance(c["reports"], list)
    for r in c["reports"]:
        assert {"op", "kind", "message", "printed"} <= set(r), r
' <<<"$out"; then
      pass=$((pass + 1))
    else
      fail=$((fail + 1))
      echo "FAIL $f (exit $rc): $(head -c 300 /tmp/dmasim-valid-err.$$)"
    fi
  done
done
rm -f /tmp/dmasim-valid-err.$$
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
