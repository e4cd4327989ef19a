#!/usr/bin/env python3
"""Writes a synthetic tracefs log of dma events, for measuring the importer on big logs.

Usage: gen_log.py EVENTS [--seed N] [--cpus N] > LOG

Deterministic (seeded). Two devices with rings of 256 slots each at fixed physical
addresses (an RX-like ring of single FROM_DEVICE mappings, and a TX-like ring of two-entry
TO_DEVICE sg lists), each slot mapped, synced and unmapped over and over, plus other
events (sched_switch) in between. Events of the CPUs are interleaved in timestamp order,
with neighbours swapped now and then as trace-cmd may print them.
"""
import argparse
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("events", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cpus", type=int, default=2)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = sys.stdout
    out.write("# tracer: nop\n#\n# entries-in-buffer/entries-written: %d/%d   #P:%d\n#\n"
              % (a.events, a.events, a.cpus))
    rx_live = [False] * 256
    tx_live = [False] * 256
    t = 1000000  # microseconds
    n = 0
    pending = None  # one line held back to swap with the next (out of order by one)
    buf = []
    while n < a.events:
        t += rng.randint(0, 3)
        cpu = rng.randrange(a.cpus)
        r = rng.random()
        if r < 0.08:
            body = ("sched_switch: prev_comm=ksoftirqd/%d prev_pid=15 prev_prio=120 "
                    "prev_state=S ==> next_comm=swapper/%d next_pid=0 next_prio=120" % (cpu, cpu))
        elif r < 0.60:
            i = rng.randrange(256)
            addr = 0x40000000 + i * 0x1000
            if not rx_live[i]:
                body = ("dma_map_phys: 0000:00:06.0 dir=FROM_DEVICE dma_addr=%x size=1536 "
                        "phys_addr=%x attrs=SKIP_CPU_SYNC" % (addr, addr))
            elif rng.random() < 0.5:
                body = ("dma_sync_single_for_cpu: 0000:00:06.0 dir=FROM_DEVICE dma_addr=%x "
                        "size=%d" % (addr, rng.choice((64, 128, 1536))))
            else:
                body = ("dma_unmap_phys: 0000:00:06.0 dir=FROM_DEVICE dma_addr=%x size=1536 "
                        "attrs=SKIP_CPU_SYNC" % addr)
            if not body.startswith("dma_sync"):
                rx_live[i] = not rx_live[i]
        else:
            i = rng.randrange(256)
            a0 = 0x50000000 + i * 0x2000
            a1 = a0 + 0x1000
            if not tx_live[i]:
                body = ("dma_map_sg: 0000:00:04.0 dir=TO_DEVICE nents=2/2 ents=2/2 "
                        "dma_addrs={0x%x,0x%x} sizes={0x200,0x1000} phys_addrs={0x%x,0x%x} "
                        "attrs=" % (a0, a1, a0, a1))
            else:
                body = ("dma_unmap_sg: 0000:00:04.0 dir=TO_DEVICE phys_addrs={0x%x,0x%x} "
                        "attrs=" % (a0, a1))
            tx_live[i] = not tx_live[i]
        line = "     kworker/%d:1-%d     [%03d] d.s1. %6d.%06d: %s\n" % (
            cpu, 20 + cpu, cpu, t // 1000000, t % 1000000, body)
        n += 1
        if pending is not None:
            buf.append(line)
            buf.append(pending)
            pending = None
        elif rng.random() < 0.01:
            pending = line
        else:
            buf.append(line)
        if len(buf) >= 4096:
            out.write("".join(buf))
            buf = []
    if pending is not None:
        buf.append(pending)
    out.write("".join(buf))


if __name__ == "__main__":
    main()
