#!/usr/bin/env python3
"""Replays one repro trace and checks its `expect` lines.

A repro passes when `dmasim replay` exits 0, the trace states at least one expectation, every
expectation's target ran, and every one holds. Usage: check_repro.py DMASIM FILE
"""
import json
import subprocess
import sys


def main() -> int:
    dmasim, path = sys.argv[1], sys.argv[2]
    proc = subprocess.run([dmasim, "replay", "--json", path], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(f"{path}: dmasim exited {proc.returncode}: {proc.stderr.strip()}")
        return 1
    out = json.loads(proc.stdout)
    exps = out.get("expectations", [])
    if not exps:
        print(f"{path}: states no expectation")
        return 1
    bad = 0
    for x in exps:
        if not x["ran"]:
            print(f"{path}:{x['line']}: expect {x['target']}: target did not run in this build")
            bad += 1
        elif not x["ok"]:
            print(f"{path}:{x['line']}: expect {x['target']} {' '.join(x['expected'])}; "
                  f"observed: {' '.join(x['observed']) or 'none'}")
            bad += 1
    print(f"{len(exps) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
