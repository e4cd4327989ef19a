#!/usr/bin/env python3
"""Write random dmasim traces of the kind replayed on the real kernel.

Usage: random-traces.py --seed N --count K --out DIR [--prefix rt]
                        [--arch NAME] [--attrs7]

Each trace: 2 devices, 3-6 buffers close together (some starting in the same
64-byte line, some at the same address, some adjacent), then 10-40 ops:
single and sg maps (both devices, every direction, rarely skip_cpu_sync),
mapping_error (sometimes skipped), unmaps with the right or a wrong
size/direction/nents, unmap of an sg handle and unmap_sg of a single one,
double unmaps, whole and partial syncs for cpu/device in every direction,
syncs of unmapped handles, a few CPU/device accesses, and rarely a final
unbind.  Output is a function of (seed, index) only.

Conventions chosen so the kernel call is unambiguous: `unmap` of an sg handle
always carries size=; `unmap_sg` never passes nents larger than the list.

--arch NAME writes `platform arch=NAME` (default: coherent, as the 6.1 corpus
was made). Traces compared with a 7.x kernel on x86 need `--arch x86`: from
7.x dma-debug reports EEXIST only where dma_get_cache_alignment() is at least
a cache line, and on x86 it is 1. --attrs7 also draws the 7.x attributes
`clean` and `require_coherent` on single and sg maps. Without the two options
the output is the same as before they existed.
"""
import argparse
import os
import random

DIRS = ["to_device", "from_device", "bidirectional"]


def gen_trace(rng, name, arch="coherent", attrs7=False):
    if arch == "coherent" and not attrs7:
        what = "the kernel 6.1 replay"
    else:
        what = "the kernel replay, --arch %s%s" % (
            arch, " --attrs7" if attrs7 else "")
    out = ["# %s: random trace for %s "
           "(tools/kcheck/random-traces.py)" % (name, what),
           "dmasim 1",
           "platform arch=%s line=64 page=4096" % arch]
    devs = ["dev0", "dev1"]
    for d in devs:
        out.append("device %s %s" % (d, rng.choice(["coherent",
                                                    "noncoherent"])))
    # buffers
    nbuf = rng.randint(3, 6)
    bufs = []
    pos = 0x10000 + rng.randrange(0, 64) * 64
    for i in range(nbuf):
        r = rng.random()
        if bufs and r < 0.15:
            at = rng.choice(bufs)[1]                 # same address
        elif bufs and r < 0.40:
            pa = rng.choice(bufs)[1]                 # same start line
            at = pa - pa % 64 + rng.randrange(0, 64, 8)
        elif bufs and r < 0.60:
            at = pos                                 # adjacent, unaligned
        else:
            at = pos + rng.choice([0, 64, 128, 4096 - pos % 4096,
                                   rng.randrange(0, 2048, 8)])
        ln = rng.choice([8, 16, 32, 64, 100, 128, 256, 1500, 2048, 4096,
                         rng.randint(1, 3000)])
        kind = rng.choice(["kmalloc", "kmalloc", "page"])
        bname = "b%d" % i
        bufs.append((bname, at, ln))
        pos = max(pos, at + ln)
        out.append("buf %s at=0x%x len=%d kind=%s" % (bname, at, ln, kind))

    singles, sgs = [], []        # handle records
    live = set()
    nops = rng.randint(10, 40)
    nm = ns = 0

    def rand_range(blen):
        if rng.random() < 0.55:
            return 0, blen
        off = rng.randrange(0, blen)
        if rng.random() < 0.5:
            off -= off % 64
        return off, rng.randint(1, blen - off)

    def pick(handles, p_live=0.8):
        if not handles:
            return None
        lv = [h for h in handles if h["name"] in live]
        dead = [h for h in handles if h["name"] not in live]
        if lv and (not dead or rng.random() < p_live):
            return rng.choice(lv)
        return rng.choice(dead)

    def other_dir(d):
        return rng.choice([x for x in DIRS if x != d])

    ops = 0
    while ops < nops:
        r = rng.random()
        if r < 0.24 or (not singles and not sgs):
            bname, _, blen = rng.choice(bufs)
            off, ln = rand_range(blen)
            d = rng.choice(DIRS)
            h = {"name": "m%d" % nm, "dev": rng.choice(devs), "len": ln,
                 "dir": d, "sg": False}
            nm += 1
            attr = " skip_cpu_sync" if rng.random() < 0.06 else ""
            if attrs7 and not attr:
                attr = draw_attrs7(rng)
            out.append("%s = map %s %s %d %d %s%s" % (
                h["name"], h["dev"], bname, off, ln, d, attr))
            singles.append(h)
            live.add(h["name"])
            ops += 1
            if rng.random() < 0.6 and ops < nops:
                out.append("mapping_error %s" % h["name"])
                ops += 1
        elif r < 0.36:
            k = rng.randint(1, 4)
            elems = []
            for _ in range(k):
                bname, _, blen = rng.choice(bufs)
                off, ln = rand_range(blen)
                elems.append("%s %d %d" % (bname, off, ln))
            d = rng.choice(DIRS)
            h = {"name": "s%d" % ns, "dev": rng.choice(devs), "n": k,
                 "dir": d, "sg": True, "len0": int(elems[0].split()[2])}
            ns += 1
            attr = draw_attrs7(rng) if attrs7 else ""
            out.append("%s = map_sg %s %s%s %s" % (h["name"], h["dev"], d,
                                                    attr, " , ".join(elems)))
            sgs.append(h)
            live.add(h["name"])
            ops += 1
        elif r < 0.41:
            h = pick(singles, 0.7) if rng.random() < 0.9 or not sgs \
                else pick(sgs)
            if not h:
                continue
            out.append("mapping_error %s" % h["name"])
            ops += 1
        elif r < 0.58:
            # unmap (single API)
            if rng.random() < 0.88 or not sgs:
                h = pick(singles, 0.8)
                if not h:
                    continue
                args = []
                if rng.random() < 0.25:
                    args.append("size=%d" % rng.choice(
                        [h["len"] + rng.choice([-1, 1, 64]) or 1,
                         rng.randint(1, 4096)]))
                elif rng.random() < 0.2:
                    args.append("size=%d" % h["len"])
                if rng.random() < 0.25:
                    args.append("dir=%s" % other_dir(h["dir"]))
                elif rng.random() < 0.2:
                    args.append("dir=%s" % h["dir"])
            else:
                h = pick(sgs, 0.8)
                args = ["size=%d" % rng.choice([h["len0"],
                                                rng.randint(1, 4096)])]
                if rng.random() < 0.3:
                    args.append("dir=%s" % other_dir(h["dir"]))
            out.append(" ".join(["unmap", h["name"]] + args))
            live.discard(h["name"])
            ops += 1
        elif r < 0.68:
            # unmap_sg
            if rng.random() < 0.88 or not singles:
                h = pick(sgs, 0.8)
                if not h:
                    continue
                args = []
                if h["n"] > 1 and rng.random() < 0.3:
                    args.append("nents=%d" % rng.randint(1, h["n"] - 1))
                elif rng.random() < 0.2:
                    args.append("nents=%d" % h["n"])
                if rng.random() < 0.25:
                    args.append("dir=%s" % other_dir(h["dir"]))
            else:
                h = pick(singles, 0.8)
                args = []
                if rng.random() < 0.3:
                    args.append("dir=%s" % other_dir(h["dir"]))
            out.append(" ".join(["unmap_sg", h["name"]] + args))
            live.discard(h["name"])
            ops += 1
        elif r < 0.95:
            # syncs
            verb = rng.choice(["sync_for_cpu", "sync_for_device"])
            if rng.random() < 0.72 or not sgs:
                h = pick(singles, 0.85)
                if not h:
                    continue
                args = []
                q = rng.random()
                if q < 0.45:
                    off = rng.randrange(0, h["len"])
                    args += [str(off), str(rng.randint(1, h["len"] - off))]
                elif q < 0.52:
                    off = rng.randrange(0, h["len"])
                    args += [str(off), str(h["len"] - off +
                                           rng.randint(1, 64))]
            else:
                h = pick(sgs, 0.85)
                args = []
            if rng.random() < 0.65:
                args.append(rng.choice(DIRS))
            out.append(" ".join([verb, h["name"]] + args))
            ops += 1
        else:
            # plain accesses: no kernel call, but they count as ops
            if rng.random() < 0.5:
                bname, _, blen = rng.choice(bufs)
                off = rng.randrange(0, blen)
                out.append("%s %s %d %d" % (rng.choice(["cpu_read",
                                                        "cpu_write"]),
                                            bname, off,
                                            rng.randint(0, blen - off)))
            else:
                h = pick(singles + sgs, 0.9)
                if not h:
                    continue
                out.append("%s %s 0 %d" % (
                    rng.choice(["dev_read", "dev_write"]), h["name"],
                    h.get("len", h.get("len0"))))
            ops += 1
    if rng.random() < 0.12:
        out.append("unbind %s" % rng.choice(devs))
    return "\n".join(out) + "\n"


def draw_attrs7(rng):
    q = rng.random()
    if q < 0.10:
        return " clean"
    if q < 0.16:
        return " require_coherent"
    if q < 0.18:
        return " clean require_coherent"
    return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--prefix", default="rt")
    ap.add_argument("--arch", default="coherent",
                    help="platform arch= of the traces (x86 for a 7.x kernel)")
    ap.add_argument("--attrs7", action="store_true",
                    help="also draw the 7.x attrs clean and require_coherent")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        rng = random.Random("%d/%d" % (a.seed, i))
        name = "%s-%d-%03d" % (a.prefix, a.seed, i)
        with open(os.path.join(a.out, name + ".dma"), "w") as f:
            f.write(gen_trace(rng, name, a.arch, a.attrs7))


if __name__ == "__main__":
    main()
