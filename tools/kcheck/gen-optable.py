#!/usr/bin/env python3
"""Turn a dmasim .dma trace into an op table for dmasim_kreplay.c.

Usage: gen-optable.py TRACE.dma [-o OUT] [--header]

Without --header the output is the plain op table the kernel driver reads
from /dmasim.ops in the initramfs (one kernel image serves every trace);
with --header it is a C header defining `dmasim_builtin_ops`, the same text
compiled in (build-kernel.sh OPTABLE=...).  The grammar of the op table is
described at the top of dmasim_kreplay.c.

Supported subset of the trace format (SPEC section 2): dmasim 1, platform
(ignored: the kernel is x86_64), device NAME coherent|noncoherent, buf NAME
at= len= kind=kmalloc|page, map, map_sg, mapping_error, unmap, unmap_sg,
sync_for_cpu, sync_for_device, unbind; cpu_read/cpu_write/dev_read/dev_write
count as ops but do nothing in the kernel.

Buffers: the kernel cannot place a buffer at the trace's address, so one
arena of 2^k pages, k >= 1 (naturally aligned by the page allocator) is allocated and
each buffer lives at arena + (at - base), where base is `at` of the lowest
buffer rounded down to the arena size.  Offsets within the arena, hence
cache lines, pages, 8 KiB hash buckets and sharing between buffers, are the
same as in the trace
(the arena is at least 8 KiB: dma-debug hashes by dev_addr >> 13).

Choices where the trace format leaves the kernel call open:
  * `unmap` of an sg handle: dma_unmap_single on the first DMA segment, size
    defaults to the first element's length;
  * `unmap_sg` of a single handle: a list of NENTS entries (default 1) whose
    entry 0 holds the single mapping's address/length;
  * `mapping_error` of an sg handle: dma_mapping_error(first DMA segment);
  * unmap_sg nents larger than the element count: the list is allocated with
    that many entries, the extra ones empty (never mapped).
"""
import argparse
import re
import sys

DIRS = {"bidirectional": 0, "to_device": 1, "from_device": 2}
# The 7.x bit values (include/linux/dma-mapping.h of 7.3.4). The driver
# drops the bits the running kernel does not define (before 7.x: clean and
# require_coherent are passed as nothing).
ATTRS = {"skip_cpu_sync": 1 << 5,
         "clean": 1 << 11,             # DMA_ATTR_DEBUGGING_IGNORE_CACHELINES
         "require_coherent": 1 << 12}  # DMA_ATTR_REQUIRE_COHERENT


class TraceError(Exception):
    pass


def num(tok, what="number"):
    try:
        return int(tok, 0)
    except ValueError:
        raise TraceError("bad %s %r" % (what, tok))


class Handle:
    def __init__(self, hid, name, dev, is_sg, dirn, size, elems=None):
        self.hid, self.name, self.dev, self.is_sg = hid, name, dev, is_sg
        self.dir, self.size, self.elems = dirn, size, elems or []
        self.cap = len(self.elems)


def parse(text):
    devices = {}          # name -> index
    bufs = {}             # name -> (at, len, kind)
    handles = {}
    ops = []              # (opn, kind, payload)
    version_seen = False
    opn = 0
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            toks = line.split()
            if not version_seen:
                if toks != ["dmasim", "1"]:
                    raise TraceError("first statement must be 'dmasim 1'")
                version_seen = True
                continue
            kw = toks[0]
            if kw == "platform":
                continue
            if kw == "device":
                if len(toks) < 2:
                    raise TraceError("device needs a name")
                for f in toks[2:]:
                    if f not in ("coherent", "noncoherent"):
                        raise TraceError("device flag %r not supported on "
                                         "the kernel replay" % f)
                if toks[1] in devices:
                    raise TraceError("device %s declared twice" % toks[1])
                devices[toks[1]] = len(devices)
                continue
            if kw == "buf":
                name = toks[1]
                kv = dict(t.split("=", 1) for t in toks[2:])
                at = num(kv.get("at", "0"), "at")
                ln = num(kv.get("len", "0"), "len")
                kind = kv.get("kind", "page")
                if kind not in ("kmalloc", "page"):
                    raise TraceError("buffer kind %r not supported" % kind)
                if ln <= 0:
                    raise TraceError("buffer length must be positive")
                bufs[name] = (at, ln, kind)
                continue
            # op statements
            if len(toks) >= 3 and toks[1] == "=":
                hname, verb, args = toks[0], toks[2], toks[3:]
                if hname in handles:
                    raise TraceError("handle %s defined twice" % hname)
                if verb == "map":
                    if len(args) < 5:
                        raise TraceError("map DEV BUF OFF LEN DIR")
                    dev = devices[args[0]]
                    b = bufs[args[1]]
                    off, ln = num(args[2]), num(args[3])
                    if args[4] not in DIRS:
                        raise TraceError("bad direction %r" % args[4])
                    attrs = 0
                    for a in args[5:]:
                        if a not in ATTRS:
                            raise TraceError("bad attribute %r" % a)
                        attrs |= ATTRS[a]
                    if off < 0 or ln <= 0 or off + ln > b[1]:
                        raise TraceError("map range outside the buffer")
                    h = Handle(len(handles), hname, dev, False,
                               DIRS[args[4]], ln)
                    handles[hname] = h
                    ops.append((opn, "map", (h, args[1], off, ln, attrs)))
                elif verb == "map_sg":
                    dev = devices[args[0]]
                    if args[1] not in DIRS:
                        raise TraceError("bad direction %r" % args[1])
                    i, attrs = 2, 0
                    while i < len(args) and args[i] in ATTRS:
                        attrs |= ATTRS[args[i]]
                        i += 1
                    elems = []
                    for part in " ".join(args[i:]).split(","):
                        p = part.split()
                        if len(p) != 3:
                            raise TraceError("sg element is BUF OFF LEN")
                        b = bufs[p[0]]
                        off, ln = num(p[1]), num(p[2])
                        if off < 0 or ln <= 0 or off + ln > b[1]:
                            raise TraceError("sg element outside its buffer")
                        elems.append((p[0], off, ln))
                    h = Handle(len(handles), hname, dev, True,
                               DIRS[args[1]], elems[0][2], elems)
                    handles[hname] = h
                    ops.append((opn, "map_sg", (h, attrs)))
                else:
                    raise TraceError("unknown statement %r" % verb)
                opn += 1
                continue
            if kw in ("cpu_read", "cpu_write"):
                b = bufs[toks[1]]
                off, ln = num(toks[2]), num(toks[3])
                if off < 0 or ln < 0 or off + ln > b[1]:
                    raise TraceError("CPU range outside the buffer")
                ops.append((opn, "nop", None))
            elif kw in ("dev_read", "dev_write"):
                handles[toks[1]]
                ops.append((opn, "nop", None))
            elif kw == "mapping_error":
                ops.append((opn, "me", handles[toks[1]]))
            elif kw in ("unmap", "unmap_sg"):
                h = handles[toks[1]]
                kv = {}
                for t in toks[2:]:
                    k, _, v = t.partition("=")
                    kv[k] = v
                d = h.dir
                if "dir" in kv:
                    if kv["dir"] not in DIRS:
                        raise TraceError("bad direction %r" % kv["dir"])
                    d = DIRS[kv["dir"]]
                if kw == "unmap":
                    size = num(kv["size"]) if "size" in kv else h.size
                    ops.append((opn, "us", (h, size, d)))
                else:
                    nents = num(kv["nents"]) if "nents" in kv else (
                        len(h.elems) if h.is_sg else 1)
                    if nents < 1:
                        raise TraceError("nents must be >= 1")
                    if h.is_sg:
                        h.cap = max(h.cap, nents)
                    ops.append((opn, "ug", (h, nents, d)))
            elif kw in ("sync_for_cpu", "sync_for_device"):
                h = handles[toks[1]]
                rest = toks[2:]
                d = h.dir
                if rest and rest[-1] in DIRS:
                    d = DIRS[rest[-1]]
                    rest = rest[:-1]
                cpu = kw == "sync_for_cpu"
                if h.is_sg:
                    if rest:
                        raise TraceError("sync of an sg handle takes only DIR")
                    ops.append((opn, "gc" if cpu else "gd",
                                (h, len(h.elems), d)))
                else:
                    if rest:
                        if len(rest) != 2:
                            raise TraceError("sync H [OFF LEN] [DIR]")
                        off, ln = num(rest[0]), num(rest[1])
                        whole = 0
                    else:
                        off, ln, whole = 0, h.size, 1
                    ops.append((opn, "sc" if cpu else "sd",
                                (h, off, ln, d, whole)))
            elif kw == "unbind":
                ops.append((opn, "ub", devices[toks[1]]))
            else:
                raise TraceError("unknown statement %r" % kw)
            opn += 1
        except KeyError as e:
            raise TraceError("line %d: undeclared name %s" % (lineno, e))
        except (TraceError, IndexError, ValueError) as e:
            raise TraceError("line %d: %s" % (lineno, e))
    if not devices:
        raise TraceError("no device declared")
    return devices, bufs, handles, ops


def layout(bufs):
    if not bufs:
        return 0, 0
    lo = min(a for a, _, _ in bufs.values())
    hi = max(a + n for a, n, _ in bufs.values())
    # at least 8 KiB: dma-debug's hash buckets are 8 KiB of DMA address
    # (dev_addr >> 13), and sync lookups walk them, so keep their phase
    for order in range(1, 11):
        size = 4096 << order
        base = lo - lo % size
        if base + size >= hi:
            return order, base
    raise TraceError("buffers span more than 4 MiB")


def optable(text, source="trace"):
    devices, bufs, handles, ops = parse(text)
    order, base = layout(bufs)

    def aoff(bname, off):
        return bufs[bname][0] - base + off

    out = ["# dmasim op table generated by gen-optable.py from %s" % source,
           "ndev %d" % len(devices), "arena %d %d" % (order, base)]
    for opn, kind, p in ops:
        if kind == "nop":
            out.append("%d nop" % opn)
        elif kind == "map":
            h, bname, off, ln, attrs = p
            verb = "mp" if bufs[bname][2] == "page" else "ms"
            out.append("%d %s %d %d %d %d %d %d" % (
                opn, verb, h.hid, h.dev, aoff(bname, off), ln, h.dir, attrs))
        elif kind == "map_sg":
            h, attrs = p
            el = " ".join("%d %d" % (aoff(b, o), n) for b, o, n in h.elems)
            out.append("%d mg %d %d %d %d %d %d %s" % (
                opn, h.hid, h.dev, h.dir, attrs, h.cap, len(h.elems), el))
        elif kind == "me":
            out.append("%d me %d" % (opn, p.hid))
        elif kind == "us":
            out.append("%d us %d %d %d" % (opn, p[0].hid, p[1], p[2]))
        elif kind == "ug":
            out.append("%d ug %d %d %d" % (opn, p[0].hid, p[1], p[2]))
        elif kind in ("sc", "sd"):
            h, off, ln, d, whole = p
            out.append("%d %s %d %d %d %d %d" % (opn, kind, h.hid, off, ln,
                                                 d, whole))
        elif kind in ("gc", "gd"):
            out.append("%d %s %d %d %d" % (opn, kind, p[0].hid, p[1], p[2]))
        elif kind == "ub":
            out.append("%d ub %d" % (opn, p))
    return "\n".join(out) + "\n"


def as_header(table):
    lines = ['/* generated by gen-optable.py */',
             'static const char dmasim_builtin_ops[] =']
    for l in table.splitlines():
        lines.append('\t"%s\\n"' % l.replace("\\", "\\\\").replace('"', '\\"'))
    lines[-1] += ";"
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("trace")
    ap.add_argument("-o", "--out", default="-")
    ap.add_argument("--header", action="store_true")
    a = ap.parse_args()
    try:
        with open(a.trace) as f:
            table = optable(f.read(), a.trace)
    except TraceError as e:
        print("%s: %s" % (a.trace, e), file=sys.stderr)
        return 2
    text = as_header(table) if a.header else table
    if a.out == "-":
        sys.stdout.write(text)
    else:
        with open(a.out, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
