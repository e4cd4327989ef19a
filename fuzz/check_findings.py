#!/usr/bin/env python3
"""Checks a hunt's findings folder: every repro replays to its stated verdicts (`dmasim
replay` exits 0) and is 1-minimal in ops (`dmasim minimize` keeping the repro's own finding
cannot drop an op: its single-op pass tries every removal).

usage: check_findings.py DMASIM DIR [--sample N]
"""
import os
import re
import subprocess
import sys
import tempfile

HEAD = re.compile(r"^# dmasim hunt: (\S+) vs (\S+): (\S+) (\S+)$", re.M)
OP = re.compile(r"^(?!#|dmasim |platform |device |buf |expect )\S", re.M)


def main():
    dmasim, folder = sys.argv[1], sys.argv[2]
    sample = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--sample" else None
    files = sorted(f for f in os.listdir(folder) if f.endswith(".dma"))
    bad, minimal_checked = 0, 0
    classes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, name in enumerate(files):
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8").read()
            m = HEAD.search(text)
            if not m:
                print(f"{name}: no hunt header"); bad += 1; continue
            checker, oracle, cls, kind = m.groups()
            classes.setdefault((oracle.split(":")[0], cls, kind), 0)
            classes[(oracle.split(":")[0], cls, kind)] += 1
            r = subprocess.run([dmasim, "replay", path], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{name}: replay exit {r.returncode}"); bad += 1; continue
            if sample is not None and k % max(1, len(files) // sample) != 0:
                continue
            out = os.path.join(tmp, "min.dma")
            keep = f"checker={checker} oracle={oracle} class={cls} kind={kind}"
            r = subprocess.run([dmasim, "minimize", path, "-o", out, "--keep", keep],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{name}: minimize failed: {r.stderr.strip()}"); bad += 1; continue
            before = len(OP.findall(text))
            after = len(OP.findall(open(out, encoding="utf-8").read()))
            minimal_checked += 1
            if after != before:
                print(f"{name}: not 1-minimal ({before} ops, {after} after minimize)"); bad += 1
    for (oracle, cls, kind), n in sorted(classes.items()):
        print(f"  {oracle:9s} {cls:15s} {kind:28s} {n}")
    print(f"{len(files)} repros replayed, {minimal_checked} checked 1-minimal, {bad} bad")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
