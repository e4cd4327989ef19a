#!/usr/bin/env python3
"""Replays one repro trace and checks its `expect` lines.

A repro passes when `dmasim replay` exits 0, the trace states at least one expectation, every
expectation's target ran, and every one holds. A file in a class folder must also show its
class in the same replay (README.md of each folder): `false-positive/` a false positive of
some checker, `missed-overlap/` a missed overlap of some checker, `hazard/` a hazard verdict
on some platform; `incident/` (and the other folders) no class. Usage: check_repro.py DMASIM FILE
"""
import json
import os
import subprocess
import sys

# What a file of each class folder must show (classification classes, or a hazard verdict).
CLASS_OF_FOLDER = {"false-positive": "false-positive", "missed-overlap": "missed-overlap",
                   "hazard": "hazard"}


def class_problem(path, out):
    """None, or why the file does not show the class its folder names."""
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    want = CLASS_OF_FOLDER.get(folder)
    if want is None:
        return None
    if want == "hazard":
        if any(o.get("verdict") == "hazard" for name, o in out.get("oracles", {}).items()
               if name.startswith("hazard:")):
            return None
        return "in hazard/ but no hazard oracle of this replay finds a hazard"
    # A false report of another kind (issue 14: the 7.x "sync not allocated") is a false
    # positive of the checker too.
    wanted = {want, "false-report"} if want == "false-positive" else {want}
    if any(c["class"] in wanted for c in out.get("classification", [])):
        return None
    return f"in {folder}/ but no checker of this replay has a {' or a '.join(sorted(wanted))}"


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
    problem = class_problem(path, out)
    if problem:
        print(f"{path}: {problem}")
        bad += 1
    print(f"{len(exps) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
