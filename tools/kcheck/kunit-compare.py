#!/usr/bin/env python3
"""Check a recorded KUnit run (tests/kunit-V/, made by kunit-record.sh) against dmasim.

Usage: kunit-compare.py DMASIM --record tests/kunit-6.1 [--root DIR] [--coverage]

For every suite of the record's MANIFEST (`STEM repro/PATH.dma`):
  * `DMASIM export kunit PATH --checker C` is run again (C from the record's CHECKER file) and the messages its header
    predicts (the lines between dmasim-predicted-begin and -end) must equal STEM.kernel.txt,
    line for line, hex numbers included (the recording maps kernel addresses back to the
    trace's, tools/kcheck/parse-log.py);
  * STEM.ktap.txt must say the suite passed (`ok 1 - dmasim_...`, no `not ok`): inside the
    kernel the suite compared dma-debug's error_count after every op with the model's count.
With --coverage, instead: every *.dma below ROOT/repro that the exporter accepts and whose
cache line is 64 bytes must be in the MANIFEST (else the record is stale: rerun
kunit-record.sh), and every MANIFEST path must exist.

The kernel version V comes from the folder name kunit-V. Prints a diff per failing suite
and `N passed, M failed`; exit status 1 on any failure.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

BEGIN = "dmasim-predicted-begin"
END = "dmasim-predicted-end"
KERNEL_LINE = 64


def predicted(c_text):
    """The op=N lines of an exported suite's header."""
    b, e = c_text.find(BEGIN), c_text.find(END)
    if b < 0 or e < b:
        raise ValueError("no %s/%s block" % (BEGIN, END))
    out = []
    for line in c_text[b:e].split("\n")[1:]:
        if line.startswith(" *   "):
            out.append(line[5:])
    return out


def export(dmasim, root, rel, checker):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "suite.c")
        p = subprocess.run([dmasim, "export", "kunit", rel, "--checker", checker, "-o", out],
                           cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if p.returncode != 0:
            return None, p.stderr.strip()
        with open(out) as f:
            return f.read(), ""


def manifest(record):
    rows = []
    with open(os.path.join(record, "MANIFEST")) as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if len(parts) != 2:
                raise ValueError("MANIFEST:%d: not 'STEM PATH'" % n)
            rows.append(parts)
    return rows


def check_suite(dmasim, root, record, stem, rel, checker):
    """A list of problem lines (empty: passed)."""
    text, err = export(dmasim, root, rel, checker)
    if text is None:
        return ["export failed: " + err]
    want = predicted(text)
    with open(os.path.join(record, stem + ".kernel.txt")) as f:
        have = [l.rstrip("\n") for l in f if l.strip()]
    problems = []
    if want != have:
        problems.append("messages differ (model predicted, kernel printed):")
        problems += ["  model:  " + l for l in want] or ["  model:  (none)"]
        problems += ["  kernel: " + l for l in have] or ["  kernel: (none)"]
    with open(os.path.join(record, stem + ".ktap.txt")) as f:
        ktap = f.read()
    if not re.search(r"^ok 1 (- )?dmasim_\w+$", ktap, re.M) or re.search(r"^\s*not ok", ktap, re.M):
        problems.append("the suite did not pass in the kernel:")
        problems += ["  " + l for l in ktap.splitlines() if "not ok" in l or "EXPECTATION" in l
                     or "counted" in l]
    return problems


def coverage(dmasim, root, record, checker):
    listed = {rel for _, rel in manifest(record)}
    bad = 0
    for rel in sorted(listed):
        if not os.path.isfile(os.path.join(root, rel)):
            print("FAIL %s: in the MANIFEST but not in the tree" % rel)
            bad += 1
    for path in sorted(glob.glob(os.path.join(root, "repro", "**", "*.dma"), recursive=True)):
        rel = os.path.relpath(path, root)
        if rel in listed:
            continue
        text, _ = export(dmasim, root, rel, checker)
        if text is None:
            continue  # not expressible: the exporter says why
        m = re.search(r"^#define DMASIM_TRACE_LINE (\d+)$", text, re.M)
        if m and int(m.group(1)) != KERNEL_LINE:
            continue
        print("FAIL %s: the kernel can run it but the record has no run of it "
              "(rerun tools/kcheck/kunit-record.sh)" % rel)
        bad += 1
    print("coverage: %d traces recorded, %d problems" % (len(listed), bad))
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description="recorded KUnit runs against dmasim's model")
    ap.add_argument("dmasim")
    ap.add_argument("--record", required=True, help="tests/kunit-V")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."),
                    help="the checkout (repro paths are relative to it)")
    ap.add_argument("--coverage", action="store_true")
    a = ap.parse_args()
    m = re.match(r"^kunit-(\d+\.\d+)$", os.path.basename(os.path.normpath(a.record)))
    if not m:
        ap.error("the record folder must be named kunit-V")
    # The checker the record was made with (kunit-record.sh writes it: the -debug_sg model
    # where the kernel has CONFIG_DMA_API_DEBUG_SG, i.e. before 7.0).
    with open(os.path.join(a.record, "CHECKER")) as f:
        checker = f.read().strip()
    if not checker.startswith("linux-" + m.group(1)):
        ap.error("%s/CHECKER names %r, not a model of Linux %s" % (a.record, checker, m.group(1)))
    dmasim, root = os.path.abspath(a.dmasim), os.path.abspath(a.root)
    if a.coverage:
        return coverage(dmasim, root, a.record, checker)
    passed = failed = 0
    for stem, rel in manifest(a.record):
        problems = check_suite(dmasim, root, a.record, stem, rel, checker)
        if problems:
            print("FAIL %s (%s)" % (stem, rel))
            print("\n".join(problems))
            failed += 1
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
