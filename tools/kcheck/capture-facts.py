#!/usr/bin/env python3
"""Summarise a capture (capture.sh NAME.trace.txt): which of the facts the
importer cares about it shows, with the first example of each.

Usage: capture-facts.py NAME.trace.txt [...]

Reads the tracefs text of the `dma` events (formats: dma-debug.md section
12) and the `dmasim-capture: ...` trace markers, keeps the live mappings
(single: dma_map_phys/dma_unmap_phys by (device, dma_addr, size); sg: the
elements of dma_map_sg, released by dma_unmap_sg's phys_addrs; coherent:
dma_alloc*/dma_free*), and prints:

  events       count per event name
  duplicates   the largest number of times one (device, DMA address, size)
               was live at once, single mappings and sg elements counted
               together
  free-null    dma_free* events with size=0 (and the virt_addr they name)
  cpu-reuse    syncs for the CPU of a range that had already been synced for
               the CPU, with no sync for the device of that range between
               them (the buffer went back to the device without one)
  live-at-end  mappings still live at the end, per device, and how many of
               them were mapped before the last `links down` marker
This is a reading aid; it does not change or filter the capture.
"""
import collections
import re
import sys

LINE = re.compile(r"^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): "
                  r"(\w+): (.*)$")
ARR = re.compile(r"\{([^}]*)\}")


def fields(body):
    dev, _, rest = body.partition(" ")
    kv = {}
    for m in re.finditer(r"(\w+)=(\{[^}]*\}|\S*)", rest):
        kv[m.group(1)] = m.group(2)
    return dev, kv


def arr(s):
    m = ARR.match(s or "")
    if not m or not m.group(1):
        return []
    return [int(x, 16) if x.startswith("0x") else int(x)
            for x in m.group(1).split(",")]


def analyse(path):
    ev = collections.Counter()
    live = collections.Counter()          # (dev, addr, size) -> count
    first_dup = {}                        # count -> (time, key)
    sg = collections.defaultdict(list)    # (dev, phys tuple) -> [elements]
    alloc = collections.Counter()
    free_null = []
    # per (dev, addr, size) single mapping: ranges synced for cpu since the
    # last sync for device that covered them
    cpu_synced = collections.defaultdict(list)
    reuse = []
    mapped_at = collections.defaultdict(list)   # key -> [marker index]
    marker = None
    markers = []
    with open(path, errors="replace") as f:
        for raw in f:
            if raw.startswith("#"):
                continue
            m = LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            t, name, body = m.group(4), m.group(5), m.group(6)
            # a trace_marker write is an ftrace `print` event; without
            # CONFIG_KALLSYMS its name column is the caller's address
            if name == "tracing_mark_write" or body.startswith(
                    "dmasim-capture: "):
                ev["marker"] += 1
                marker = body.replace("dmasim-capture: ", "").strip()
                markers.append(marker)
                continue
            ev[name] += 1
            dev, kv = fields(body)
            if name == "dma_map_phys":
                a = int(kv["dma_addr"], 16)
                if a == 0xffffffffffffffff:
                    continue
                key = (dev, a, int(kv["size"]))
                live[key] += 1
                mapped_at[key].append(len(markers))
                if live[key] >= 2 and live[key] not in first_dup:
                    first_dup[live[key]] = (t, key)
                cpu_synced.pop(key, None)
            elif name == "dma_unmap_phys":
                key = (dev, int(kv["dma_addr"], 16), int(kv["size"]))
                if live[key] > 0:
                    live[key] -= 1
                    mapped_at[key].pop(0)
                    if not live[key]:
                        del live[key]
                        cpu_synced.pop(key, None)
            elif name == "dma_map_sg":
                addrs, sizes = arr(kv.get("dma_addrs")), arr(kv.get("sizes"))
                phys = tuple(arr(kv.get("phys_addrs")))
                els = list(zip(addrs, sizes))
                sg[(dev, phys)].append(els)
                for a, s in els:
                    key = (dev, a, s)
                    live[key] += 1
                    mapped_at[key].append(len(markers))
                    if live[key] >= 2 and live[key] not in first_dup:
                        first_dup[live[key]] = (t, key)
            elif name == "dma_unmap_sg":
                phys = tuple(arr(kv.get("phys_addrs")))
                lst = sg.get((dev, phys))
                if lst:
                    for a, s in lst.pop(0):
                        key = (dev, a, s)
                        if live[key] > 0:
                            live[key] -= 1
                            mapped_at[key].pop(0)
                            if not live[key]:
                                del live[key]
            elif name in ("dma_alloc", "dma_alloc_pages"):
                alloc[(dev, int(kv["dma_addr"], 16), int(kv["size"]))] += 1
            elif name in ("dma_free", "dma_free_pages"):
                key = (dev, int(kv["dma_addr"], 16), int(kv["size"]))
                if key[2] == 0:
                    free_null.append((t, dev, kv.get("dma_addr"),
                                      kv.get("virt_addr")))
                if alloc[key] > 0:
                    alloc[key] -= 1
            elif name in ("dma_sync_single_for_cpu",
                          "dma_sync_single_for_device"):
                a, s = int(kv["dma_addr"], 16), int(kv["size"])
                for key in live:
                    if key[0] == dev and key[1] <= a and a + s <= key[1] + key[2]:
                        break
                else:
                    continue
                rs = cpu_synced[key]
                if name.endswith("cpu"):
                    for (ra, rsz) in rs:
                        if ra < a + s and a < ra + rsz:
                            reuse.append((t, dev, a, s, key))
                            break
                    rs.append((a, s))
                else:
                    cpu_synced[key] = [(ra, rsz) for ra, rsz in rs
                                       if not (a <= ra and ra + rsz <= a + s)]
    return ev, first_dup, free_null, reuse, live, mapped_at, markers


def main():
    for path in sys.argv[1:]:
        ev, dup, free_null, reuse, live, mapped_at, markers = analyse(path)
        print("== %s" % path)
        print("events: " + ", ".join("%s %d" % kv for kv in sorted(ev.items())))
        if dup:
            n = max(dup)
            t, (d, a, s) = dup[n]
            print("duplicates: yes, up to %d at once; first %d-fold at %s: "
                  "%s dma_addr=%x size=%d" % (n, n, t, d, a, s))
        else:
            print("duplicates: no")
        if free_null:
            t, d, a, v = free_null[0]
            print("free-null: yes, %d; first at %s: %s dma_addr=%s size=0 "
                  "virt_addr=%s" % (len(free_null), t, d, a, v))
        else:
            print("free-null: no")
        if reuse:
            t, d, a, s, key = reuse[0]
            per = collections.Counter(r[1] for r in reuse)
            print("cpu-reuse: yes, %d (%s); first at %s: %s dma_addr=%x "
                  "size=%d in the mapping dma_addr=%x size=%d" % (
                      len(reuse), ", ".join("%s %d" % x for x in sorted(
                          per.items())), t, d, a, s, key[1], key[2]))
        else:
            print("cpu-reuse: no")
        down = max((i for i, m in enumerate(markers) if m == "links down"),
                   default=None)
        per = collections.Counter()
        before = collections.Counter()
        for key, n in live.items():
            per[key[0]] += n
            if down is not None:
                before[key[0]] += sum(1 for i in mapped_at[key] if i <= down)
        print("live-at-end: " + (", ".join(
            "%s %d%s" % (d, n, "" if down is None else
                         " (%d mapped before 'links down')" % before[d])
            for d, n in sorted(per.items())) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
