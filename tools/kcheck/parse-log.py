#!/usr/bin/env python3
"""Split a dmasim_kreplay serial log (or the log of an exported KUnit suite, which prints the
same markers) into per-op dma-debug messages.

Usage: parse-log.py SERIAL.log OUT.kernel.txt [OUT.kernel.json]

OUT.kernel.txt: one line per dma-debug message, `op=N <text>`, where <text>
is what follows "DMA-API: <driver> <device>: " (or "DMA-API: " for messages
without a device).  A message printed over several lines (e.g. the unbind
leak report) gives one `op=N` line per printed line, in order.
OUT.kernel.json: the same as a list of {"op", "message", "raw", "warn",
"device"} objects, message lines joined with "\\n"; warn tells a WARN splat
("cut here" right before the message) from a plain pr_err/pr_warn line.

Addresses: the driver prints where its buffer arena is (physical address,
size) and which trace address the arena start stands for.  Device addresses
in messages (no IOMMU: dev_addr = physical address) that fall in the arena
are rewritten to trace addresses, and so is the cache line number of the
"exceeded 7 overlapping mappings of cacheline" WARN (physical address >> 6),
keeping the printed width.  "raw" in the JSON keeps the text as printed.

Exit status 0 if the log has "dmasim-done" and no "dmasim-error", else 1
(the outputs are written anyway).
"""
import json
import re
import sys

PREFIX = re.compile(r"^DMA-API: (?:(\S+) (\S+): )?(.*)$")
CUT = "------------[ cut here ]------------"
# lines that end a multi-line message
STOP = re.compile(r"^(WARNING: |------------\[ cut here|dmasim-|DMA-API: |"
                  r"---\[ end trace|Modules linked in|CPU: |Call Trace:|"
                  r"\s*# |\s*(not )?ok \d|\s*1\.\.\d|K?TAP version)")  # KUnit lines


ARENA = re.compile(r"dmasim-note arena order \d+ phys 0x([0-9a-f]+) "
                   r"size 0x([0-9a-f]+) tracebase 0x([0-9a-f]+)")
HEXNUM = re.compile(r"0x([0-9a-f]+)")
# our devices: dmasim.K (dmasim_kreplay.c) and dmasim_kunit.K (suites of `dmasim export kunit`)
DEVICE = re.compile(r"^dmasim(_kunit)?\.\d+$")


def to_trace(text, arenas):
    """Rewrite arena addresses in a message to trace addresses (arenas: list of
    (phys, size, tracebase); kreplay prints one, an exported suite one per allocation)."""
    if not arenas:
        return text
    cln = "overlapping mappings of cacheline" in text

    def sub(m):
        v = int(m.group(1), 16)
        for phys, size, base in arenas:
            lo, hi, b = phys, phys + size, base
            if cln:
                lo, hi, b = phys >> 6, (phys + size) >> 6, base >> 6
            if lo <= v < hi:
                return "0x%0*x" % (len(m.group(1)), b + v - lo)
        return m.group(0)
    return HEXNUM.sub(sub, text)


def parse(lines):
    msgs = []
    arenas = []
    op = None
    done = error = False
    prev = ""
    cur = None
    version = None
    for raw in lines:
        line = raw.rstrip("\r\n")
        if "Linux version " in line and version is None:
            version = line[line.index("Linux version "):]
        if cur is not None:
            if line and not STOP.match(line):
                cur["message"] += "\n" + line
                continue
            cur = None
        am = ARENA.search(line)
        if am:
            arenas.append(tuple(int(x, 16) for x in am.groups()))
        m = re.match(r"^dmasim-op (\d+)$", line)
        if m:
            op = int(m.group(1))
        elif line == "dmasim-done":
            done = True
            op = None
        elif line.startswith("dmasim-error"):
            error = True
        elif op is not None and line.startswith("DMA-API: "):
            pm = PREFIX.match(line)
            text = pm.group(3)
            if pm.group(1) is None or not DEVICE.match(pm.group(2)):
                text = line[len("DMA-API: "):]
            cur = {"op": op, "message": text, "warn": prev == CUT}
            if pm.group(2):
                cur["device"] = pm.group(2)
            msgs.append(cur)
        if line:
            prev = line
    for m in msgs:
        m["raw"] = m["message"]
        m["message"] = to_trace(m["message"], arenas)
    return msgs, done and not error, version


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], errors="replace") as f:
        msgs, ok, _ = parse(f)
    with open(sys.argv[2], "w") as f:
        for m in msgs:
            for l in m["message"].split("\n"):
                f.write("op=%d %s\n" % (m["op"], l))
    if len(sys.argv) == 4:
        with open(sys.argv[3], "w") as f:
            json.dump(msgs, f, indent=1)
            f.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
