#!/usr/bin/env python3
"""Compare dmasim's dma-debug era models with messages recorded on real
kernels (tests/kernel-V/, see the README.md there and tools/kcheck/README.md).

Usage: compare.py DMASIM --dir tests/kernel-V [--checker linux-V] [TRACE.dma ...]

One script for every recorded folder. The checker id comes from the
folder's name: tests/kernel-7.3 is compared with `--checker linux-7.3` (the
model resolves any version string to its era); --checker overrides it.

For every trace (default: all *.dma in DIR)
runs `DMASIM replay --json --all-errors --checker CHECKER TRACE` and
compares, op by op, the list of report messages with the lines of TRACE's
.kernel.txt (`op=N text`), in order.  Hex numbers (0x..., bare runs of 8+
hex digits), pointer values ([addr=...], (____ptrval____)) are masked on both
sides, and a multi-line message counts as its lines.

The kernel ran with all_errors=1, so what it printed is every report the
model marks "printed" under --all-errors; reports with "printed": false
(e.g. a second WARN_ONCE) are left out unless --all-reports is given.
--exact compares without masking: the recorded device addresses and cache
line numbers were mapped back to the trace's addresses by parse-log.py, so a
model that uses the trace's addresses as physical addresses must match them
exactly.

Prints a diff for each failing trace and `N passed, M failed`; exit status 1
on any mismatch or error, 0 otherwise.

`compare.py --selftest` needs no dmasim: for every trace it fabricates the
JSON a perfect model would print (from NAME.kernel.json, with the kernel's
raw addresses, so the masking is exercised), checks that it passes, and
checks that a perturbed copy (one message changed, one dropped, one
unprinted extra) fails in the expected way.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

HEX0X = re.compile(r"0x[0-9a-fA-F]+")
BAREHEX = re.compile(r"(?<![0-9A-Za-z_])[0-9a-fA-F]{8,}(?![0-9A-Za-z_])")
ADDR = re.compile(r"\[((?:probable )?addr)=[^\]]*\]")
PTRVAL = re.compile(r"\(____ptrval____\)")


def mask(msg):
    msg = msg.strip()
    msg = ADDR.sub(r"[\1=#]", msg)
    msg = PTRVAL.sub("#", msg)
    msg = HEX0X.sub("0x#", msg)
    msg = BAREHEX.sub("#", msg)
    return msg


def kernel_messages(path, exact=False):
    ops = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            m = re.match(r"^op=(\d+) ?(.*)$", line)
            if not m:
                raise ValueError("%s:%d: not 'op=N message'" % (path, n))
            ops.setdefault(int(m.group(1)), []).append(
                m.group(2).strip() if exact else mask(m.group(2)))
    return ops


def model_messages(doc, checker, all_reports=False, exact=False):
    try:
        reports = doc["checkers"][checker]["reports"]
    except (KeyError, TypeError):
        raise ValueError("no checkers.%s.reports in the JSON" % checker)
    ops = {}
    for r in reports:
        if not all_reports and not r.get("printed", True):
            continue
        for line in str(r["message"]).split("\n"):
            ops.setdefault(int(r["op"]), []).append(
                line.strip() if exact else mask(line))
    return ops


def diff(kern, model):
    lines = []
    for op in sorted(set(kern) | set(model)):
        k, m = kern.get(op, []), model.get(op, [])
        if k != m:
            lines.append("  op %d:" % op)
            for x in k:
                lines.append("    kernel: %s" % x)
            for x in m:
                lines.append("    dmasim: %s" % x)
    return lines


def run_dmasim(dmasim, checker, trace, all_errors=True):
    cmd = [dmasim, "replay", "--json"]
    if all_errors:
        cmd.append("--all-errors")
    p = subprocess.run(cmd + ["--checker", checker, trace], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    try:
        return json.loads(p.stdout)
    except ValueError:
        raise ValueError("dmasim exit %d, no JSON on stdout: %s" % (
            p.returncode, (p.stderr or p.stdout).strip()[:500]))


def fabricate(kjson, checker):
    with open(kjson) as f:
        msgs = json.load(f)
    return {"checkers": {checker: {"era": "linux-5.15", "reports": [
        {"op": m["op"], "kind": "recorded", "message": m["raw"],
         "printed": True} for m in msgs]}}}


def selftest(traces, checker):
    bad = 0
    for t in traces:
        kern = kernel_messages(t[:-len(".dma")] + ".kernel.txt")
        doc = fabricate(t[:-len(".dma")] + ".kernel.json", checker)
        if diff(kern, model_messages(doc, checker)):
            print("selftest FAIL %s: perfect model rejected" % t)
            bad += 1
        # an unprinted extra report is ignored by default, not with
        # --all-reports
        reps = doc["checkers"][checker]["reports"]
        reps.append({"op": 0, "kind": "x", "message": "extra",
                     "printed": False})
        if diff(kern, model_messages(doc, checker)) or \
                not diff(kern, model_messages(doc, checker, True)):
            print("selftest FAIL %s: printed flag handling" % t)
            bad += 1
        reps.pop()
        if reps:
            reps[0] = dict(reps[0], message=reps[0]["message"] + " x")
            if not diff(kern, model_messages(doc, checker)):
                print("selftest FAIL %s: changed message accepted" % t)
                bad += 1
            reps.pop(0)
            if not diff(kern, model_messages(doc, checker)):
                print("selftest FAIL %s: missing message accepted" % t)
                bad += 1
    print("selftest: %d traces, %d failures" % (len(traces), bad))
    return 1 if bad else 0


def checker_for(d):
    """linux-V for a folder named kernel-V, else None."""
    m = re.match(r"^kernel-(\d+\.\d+(?:\.\d+)?)$",
                 os.path.basename(os.path.normpath(d)))
    return "linux-" + m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser(description="compare dmasim with dma-debug "
                                 "messages recorded on a real kernel")
    ap.add_argument("dmasim", nargs="?", help="path of the dmasim binary")
    ap.add_argument("traces", nargs="*")
    ap.add_argument("--dir", help="recorded folder tests/kernel-V "
                    "(default: the folder of the first TRACE)")
    ap.add_argument("--checker", help="checker id (default: linux-V from "
                    "the folder name kernel-V)")
    ap.add_argument("--all-reports", action="store_true",
                    help="compare unprinted reports too")
    ap.add_argument("--exact", action="store_true",
                    help="no masking of addresses")
    ap.add_argument("--no-all-errors", action="store_true",
                    help="do not pass --all-errors to dmasim")
    ap.add_argument("--json", dest="json_file",
                    help="use this JSON file instead of running dmasim "
                         "(one trace only; for testing the parser)")
    ap.add_argument("--selftest", action="store_true",
                    help="check this script against the recordings only")
    a = ap.parse_args()
    if a.selftest and a.dmasim:
        a.traces.insert(0, a.dmasim)
    if not a.dir and not a.traces:
        ap.error("--dir or TRACE.dma files are required")
    d = a.dir or os.path.dirname(os.path.abspath(a.traces[0]))
    traces = a.traces or sorted(glob.glob(os.path.join(d, "*.dma")))
    if not a.checker:
        a.checker = checker_for(d)
        if not a.checker:
            ap.error("cannot tell the checker from the folder name %r: "
                     "pass --checker" % d)
    if a.selftest:
        return selftest(traces, a.checker)
    if not a.dmasim:
        ap.error("the dmasim binary is required")
    if not traces:
        print("no traces found", file=sys.stderr)
        return 1
    passed = failed = 0
    for t in traces:
        name = os.path.basename(t)
        ktxt = t[:-len(".dma")] + ".kernel.txt" if t.endswith(".dma") \
            else t + ".kernel.txt"
        try:
            kern = kernel_messages(ktxt, a.exact)
            if a.json_file:
                with open(a.json_file) as f:
                    doc = json.load(f)
            else:
                doc = run_dmasim(a.dmasim, a.checker, t,
                                 not a.no_all_errors)
            model = model_messages(doc, a.checker, a.all_reports, a.exact)
        except (OSError, ValueError) as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
            continue
        d = diff(kern, model)
        if d:
            print("FAIL %s" % name)
            print("\n".join(d))
            failed += 1
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
