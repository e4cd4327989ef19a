#!/usr/bin/env python3
"""The consistency test of `dmasim import` (issue 15, item 3): a capture of a real kernel's
dma tracepoint log, imported and replayed with the dma-debug model of that kernel, must give
the messages that kernel printed during the same boot, at the same calls.

Usage: consistency.py DMASIM CAPTURE.trace.txt [CAPTURE.trace.txt ...]
                      [--dmesg FILE] [--checker ID] [--hazards] [--keep DIR]
       consistency.py DMASIM --selftest

For each capture NAME.trace.txt (tracefs `trace` text) the kernel's log is NAME.dmesg.txt
beside it (or --dmesg). The kernel version comes from its "Linux version X" line (or
--checker). The test:
  1. dmasim import tracefs NAME.trace.txt -o NAME.dma   (x86, the capture's machine)
  2. dmasim replay --json --all-errors --checker linux-X NAME.dma
  3. the kernel's dma-debug messages, in print order: every line `DMA-API: DRIVER DEV: TEXT`
     (the leak report's second line joined to its first), and the device-less error lines
     (`DMA-API: exceeded N overlapping mappings ...`); not the informational ones;
  4. the model's printed reports in op order (within an op, in report order), each with the
     dev_name of its op's device (from the trace's header), must equal the kernel's list,
     pair by pair: same device, same text (addresses exact: without an IOMMU the DMA address
     is the physical address, which the import keeps; for a device the import declared
     `iommu`, hex numbers are masked, since the model's IOVAs are its own).
The messages of both sides come in call order, so equal lists pair every kernel message
with the op (and log line, `# L<n>`) that produced it in the model.
  5. when NAME.dma-api-dump.txt is there (debugfs dma-api/dump at the end of the capture:
     dma-debug's live entries), the model's dma-debug must hold as many streaming entries
     per device at the end (a copy of the trace with `unbind DEV` appended for every device
     makes it report them: "pending DMA allocations [count=N]"), and the entry that report
     details must be one of the dump's; the coherent entries, which the import keeps as
     comments, are not counted. The mappings the contract oracle finds live at the end
     (leak-at-end) are compared with the dump too, entry by entry; a difference there is
     printed as a note (the oracle ends a whole sg mapping at its unmap_sg, dma-debug may
     keep some of its entries), not a failure.
--hazards also prints what `dmasim replay --platform all --oracle hazard` says of each
capture (which calls would be a hazard on which non-coherent platform).

Prints `PASS NAME (N messages)` or a diff per capture, then `N passed, M failed`; exit 1 on
any failure. --selftest checks this script on tests/import/logs/selftest.* (a hand-made
capture whose dmesg and dump hold what 7.3's dma-debug prints and keeps for it, per
reference dma-debug.md §4.3 and §12) and on perturbed copies of them, which must fail.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

PREFIX = re.compile(r"^(?:\[\s*\d+\.\d+\]\s*)?DMA-API: (\S+) (\S+): (.*)$")
BARE = re.compile(r"^(?:\[\s*\d+\.\d+\]\s*)?DMA-API: (.*)$")
CONT = re.compile(r"^(?:\[\s*\d+\.\d+\]\s*)?(One of leaked entries details: .*)$")
DEVICELESS_ERRORS = ("exceeded ", "cacheline tracking ENOMEM", "debugging out of memory")
VERSION = re.compile(r"Linux version (\d+\.\d+(?:\.\d+)?)")
HEX = re.compile(r"0x[0-9a-fA-F]+")
DUMP = re.compile(r"^(\S+) (\S+) (\S+) idx \d+ P=0x([0-9a-fA-F]+) D=([0-9a-fA-F]+) "
                  r"L=([0-9a-fA-F]+) cln=\S+ DMA_(\w+) ")


def dump_entries(lines):
    """Multiset {(dev_name, phys, len, dir): n} of the streaming entries of a dma-api dump."""
    out = {}
    for line in lines:
        m = DUMP.match(line)
        if not m or m.group(3) in ("coherent", "noncoherent"):
            continue
        k = (m.group(2), int(m.group(4), 16), int(m.group(6), 16), m.group(7).lower())
        out[k] = out.get(k, 0) + 1
    return out


def live_at_end(doc, dma_text, devices):
    """The same multiset for the mappings the contract oracle finds live at the end."""
    bufs, maps = {}, {}
    for line in dma_text.splitlines():
        w = line.partition("  #")[0].split()
        if len(w) >= 3 and w[0] == "buf":
            bufs[w[1]] = int(w[2][len("at="):], 16)
        elif len(w) > 4 and w[1] == "=" and w[2] in ("map", "map_sg"):
            dirs = [x for x in w if x in ("to_device", "from_device", "bidirectional")]
            body = [x for x in w[4:] if x not in dirs and x not in (
                "skip_cpu_sync", "clean", "require_coherent")]
            elems = []
            for i in range(0, len(body), 4):  # BUF OFF LEN [,]
                elems.append((bufs[body[i]] + int(body[i + 1]), int(body[i + 2])))
            maps[w[0]] = (devices.get(w[3], (w[3], False))[0], elems, dirs[0])
    out = {}
    for f in doc["oracles"]["contract"]["findings"]:
        if f["rule"] != "leak-at-end":
            continue
        for h in f["handles"]:
            dev, elems, d = maps[h]
            for phys, n in elems:
                k = (dev, phys, n, d)
                out[k] = out.get(k, 0) + 1
    return out


PENDING = re.compile(r"device driver has pending DMA allocations while released from device "
                     r"\[count=(\d+)\]\nOne of leaked entries details: \[device address="
                     r"0x([0-9a-f]+)\] \[size=(\d+) bytes\] \[mapped with DMA_(\w+)\]")


def pending_check(dmasim, checker, dma, dma_text, devices, kernel_live):
    """(problems, kernel's live streaming entries): the model's dma-debug at the end."""
    names = [n for n in devices]
    probe = dma + ".unbind.dma"
    with open(probe, "w") as f:
        f.write(dma_text + "".join("unbind %s\n" % n for n in names))
    rc, out, err = run([dmasim, "replay", "--json", "--all-errors", "--checker", checker,
                        "--oracle", "contract", probe])
    os.remove(probe)
    if rc not in (0, 1):
        return ["replay of the unbind probe failed (exit %d): %s" % (rc, err.strip())], 0
    reports = json.loads(out)["checkers"][checker]["reports"]
    first_unbind = len(trace_devices_and_ops(dma_text)[1])
    problems = []
    total = 0
    for i, n in enumerate(names):
        dev = devices[n][0]
        want = sum(c for k, c in kernel_live.items() if k[0] == dev)
        total += want
        got, detail = 0, None
        for r in reports:
            m = PENDING.match(str(r["message"]))
            if int(r["op"]) == first_unbind + i and m:
                got = int(m.group(1))
                detail = (dev, int(m.group(2), 16), int(m.group(3)), m.group(4).lower())
        if got != want:
            problems.append("  live at the end on %s: the kernel's dump has %d streaming "
                            "entries, dmasim's dma-debug %d" % (dev, want, got))
        elif detail is not None and not devices[n][1] and kernel_live.get(detail, 0) == 0:
            problems.append("  live at the end on %s: dmasim's leak report names %s, which "
                            "is not in the kernel's dump" % (dev, detail))
    return problems, total


def dump_diff(kernel, model):
    lines = []
    for k in sorted(set(kernel) | set(model), key=lambda k: (k[0], k[1])):
        if kernel.get(k, 0) != model.get(k, 0):
            lines.append("  live at the end: %s phys 0x%x len %d %s: kernel %d, dmasim %d"
                         % (k[0], k[1], k[2], k[3], kernel.get(k, 0), model.get(k, 0)))
    return lines[:40]


def kernel_messages(dmesg_lines):
    """[(dev_name or None, text)] in print order."""
    out = []
    for raw in dmesg_lines:
        line = raw.rstrip("\r\n")
        m = PREFIX.match(line)
        if m and not m.group(1).endswith(":") and (m.group(1), m.group(2)) != ("Mapped", "at"):
            out.append([m.group(2), m.group(3).rstrip()])
            continue
        m = CONT.match(line)
        if m and out and "pending DMA allocations" in out[-1][1]:
            out[-1][1] += "\n" + m.group(1).rstrip()
            continue
        m = BARE.match(line)
        if m and m.group(1).startswith(DEVICELESS_ERRORS):
            out.append([None, m.group(1).rstrip()])
    return [tuple(x) for x in out]


def kernel_version(dmesg_lines):
    for line in dmesg_lines:
        m = VERSION.search(line)
        if m:
            return m.group(1)
    return None


def trace_devices_and_ops(dma_text):
    """(trace name -> (dev_name, iommu), [device trace name of op i], [log line of op i])."""
    devices, iommu, handle_dev, op_dev, op_line = {}, set(), {}, [], []
    header = re.compile(r"^#   (\S+) = (\S+) (?:coherent|noncoherent): (.*)$")
    for line in dma_text.splitlines():
        m = header.match(line)
        if m:
            devices[m.group(1)] = m.group(2)
            continue
        if line.startswith("device "):
            w = line.split()
            if "iommu" in w[2:]:
                iommu.add(w[1])
            continue
        if not line or line.startswith("#") or line.split()[0] in (
                "dmasim", "platform", "buf", "expect"):
            continue
        stmt, _, comment = line.partition("  #")
        w = stmt.split()
        if len(w) > 3 and w[1] == "=":
            handle_dev[w[0]] = w[3]
            dev = w[3]
        elif w[0] == "unbind":
            dev = w[1]
        else:
            dev = handle_dev.get(w[1])
        op_dev.append(dev)
        m = re.match(r"\s*L(\d+)", comment)
        op_line.append(int(m.group(1)) if m else None)
    return {n: (d, n in iommu) for n, d in devices.items()}, op_dev, op_line


def model_messages(doc, checker, devices, op_dev, op_line):
    out = []
    for r in doc["checkers"][checker]["reports"]:
        if not r.get("printed", True):
            continue
        op = int(r["op"])
        name = op_dev[op] if op < len(op_dev) else None
        dev, iommu = devices.get(name, (name, False))
        if str(r["message"]).startswith(DEVICELESS_ERRORS):
            dev = None
        out.append((dev, str(r["message"]), op, op_line[op] if op < len(op_line) else None,
                    iommu))
    return out


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    return p.returncode, p.stdout, p.stderr


def compare(kern, model):
    """Lines of a diff; empty when equal."""
    diff = []
    for i in range(max(len(kern), len(model))):
        k = kern[i] if i < len(kern) else None
        m = model[i] if i < len(model) else None
        same = k is not None and m is not None and k[0] == m[0] and (
            k[1] == m[1] or (m[4] and HEX.sub("0x#", k[1]) == HEX.sub("0x#", m[1])))
        if same:
            continue
        diff.append("  message %d:" % i)
        diff.append("    kernel: %s" % ("(none)" if k is None else "%s: %s" % k))
        diff.append("    dmasim: %s" % ("(none)" if m is None else "%s: %s  (op %d, log line %s)"
                                        % (m[0], m[1], m[2], m[3])))
        if len(diff) > 60:
            diff.append("  ...")
            break
    return diff


def check_capture(dmasim, trace, dmesg, checker, hazards, keep):
    name = os.path.basename(trace)
    with open(dmesg, errors="replace") as f:
        dmesg_lines = f.readlines()
    if checker is None:
        v = kernel_version(dmesg_lines)
        if v is None:
            return ["no 'Linux version' line in %s (give --checker)" % dmesg]
        checker = "linux-" + v
    out_dir = keep or tempfile.mkdtemp(prefix="dmasim-consistency-")
    dma = os.path.join(out_dir, re.sub(r"\.trace\.txt$|\.txt$", "", name) + ".dma")
    rc, _, err = run([dmasim, "import", "tracefs", trace, "-o", dma])
    if rc != 0:
        return ["import failed (exit %d): %s" % (rc, err.strip())]
    rc, out, err = run([dmasim, "replay", "--json", "--all-errors", "--checker", checker,
                        "--oracle", "contract", dma])
    if rc not in (0, 1):
        return ["replay failed (exit %d): %s" % (rc, err.strip())]
    with open(dma) as f:
        dma_text = f.read()
    devices, op_dev, op_line = trace_devices_and_ops(dma_text)
    doc = json.loads(out)
    model = model_messages(doc, checker, devices, op_dev, op_line)
    kern = kernel_messages(dmesg_lines)
    diff = compare(kern, model)
    dump = re.sub(r"\.trace\.txt$", "", trace) + ".dma-api-dump.txt"
    live = ""
    if os.path.exists(dump):
        with open(dump, errors="replace") as f:
            kernel_live = dump_entries(f.readlines())
        problems, n = pending_check(dmasim, checker, dma, dma_text, devices, kernel_live)
        diff += problems
        for line in dump_diff(kernel_live, live_at_end(doc, dma_text, devices)):
            print("note %s: contract oracle vs dma-debug dump:%s" % (name, line[1:]))
        live = ", %d live entries at the end" % n
    if hazards:
        rc, out, err = run([dmasim, "replay", "--platform", "all", "--oracle", "hazard",
                            "--checker", checker, dma])
        print("--- %s: dmasim replay --platform all (hazard oracle)" % name)
        for line in out.splitlines():
            if line.startswith("oracle hazard:"):
                print("  " + line)
    if not keep:
        os.remove(dma)
        os.rmdir(out_dir)
    if diff:
        return ["%s (%s): %d kernel messages, %d model messages" % (name, checker, len(kern),
                                                                    len(model))] + diff
    print("PASS %s (%s, %d messages%s)" % (name, checker, len(kern), live))
    return []


def selftest(dmasim):
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "logs")
    trace = os.path.join(here, "selftest.trace.txt")
    dmesg = os.path.join(here, "selftest.dmesg.txt")
    bad = 0
    if check_capture(dmasim, trace, dmesg, None, False, None):
        print("selftest FAIL: the hand-made capture does not match")
        bad += 1
    with open(dmesg) as f:
        lines = f.readlines()
    msg = [i for i, l in enumerate(lines) if "DMA-API: " in l and ": device driver" in l]
    perturbed = []
    changed = list(lines)
    changed[msg[0]] = changed[msg[0]].replace("size=", "size=1")
    perturbed.append(("a changed message", changed))
    perturbed.append(("a missing message", [l for i, l in enumerate(lines) if i != msg[0]]))
    perturbed.append(("swapped messages", [lines[msg[1]] if i == msg[0] else
                                           lines[msg[0]] if i == msg[1] else l
                                           for i, l in enumerate(lines)]))
    perturbed.append(("another device", [l.replace("0000:00:04.0:", "0000:00:05.0:", 1)
                                         if i == msg[0] else l for i, l in enumerate(lines)]))
    with tempfile.TemporaryDirectory() as d:
        for what, text in perturbed:
            p = os.path.join(d, "x.dmesg.txt")
            with open(p, "w") as f:
                f.writelines(text)
            if not check_capture(dmasim, trace, p, None, False, None):
                print("selftest FAIL: %s was accepted" % what)
                bad += 1
        # the dump: an entry missing, or another entry, must fail too
        with open(os.path.join(here, "selftest.dma-api-dump.txt")) as f:
            dump = f.read()
        for what, text in (("an empty dump", ""),
                           ("another live entry", dump.replace("P=0x0000000002c03000",
                                                               "P=0x0000000002c04000"))):
            for ext in (".trace.txt", ".dmesg.txt"):
                with open(os.path.join(here, "selftest" + ext)) as src, \
                        open(os.path.join(d, "y" + ext), "w") as dst:
                    dst.write(src.read())
            with open(os.path.join(d, "y.dma-api-dump.txt"), "w") as f:
                f.write(text)
            if not check_capture(dmasim, os.path.join(d, "y.trace.txt"),
                                 os.path.join(d, "y.dmesg.txt"), None, False, None):
                print("selftest FAIL: %s was accepted" % what)
                bad += 1
    print("selftest: %d failures" % bad)
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dmasim")
    ap.add_argument("traces", nargs="*")
    ap.add_argument("--dmesg")
    ap.add_argument("--checker")
    ap.add_argument("--hazards", action="store_true")
    ap.add_argument("--keep", help="keep the imported traces in this folder")
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args()
    if a.selftest:
        return selftest(a.dmasim)
    if not a.traces:
        ap.error("no capture given")
    passed = failed = 0
    for t in a.traces:
        dmesg = a.dmesg or re.sub(r"\.trace\.txt$", "", t) + ".dmesg.txt"
        try:
            problems = check_capture(a.dmasim, t, dmesg, a.checker, a.hazards, a.keep)
        except (OSError, ValueError, KeyError) as e:
            problems = ["%s: %s" % (t, e)]
        if problems:
            print("FAIL " + "\n".join(problems))
            failed += 1
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
