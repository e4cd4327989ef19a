#!/usr/bin/env python3
"""A NIC-like .dma trace of about N ops, written without the project's code.

The shape of a busy network driver on a non-coherent arm64 SoC:
  * an RX ring of 4096 page halves (2048 pages, two 2 KiB halves each), all mapped
    from_device up front and refilled continuously: the device writes a frame into the
    oldest half, the driver unmaps it, reads the frame and maps the half again;
  * TX heads: 512 kmalloc skb heads, each written by the CPU, mapped to_device, read by the
    device and unmapped 512 packets later (TX completion, oldest first).
About 4600 mappings are live at any time. The trace ends by unmapping every live mapping,
so a clean replay has no findings (--faults K adds a driver bug every K-th frame). Deterministic: the same N and seed give the same bytes.

  gen_nic_trace.py OPS [--seed S] [--rx-halves N] [--tx-heads N] [-o FILE]

10^4 ops cannot hold the set-up of 4096 halves (3 ops each): use --rx-halves 1024.
"""
import argparse
import random
import sys

PAGE = 4096
HALF = 2048
RX_BASE = 0x80000000
TX_BASE = 0xC0000000


def generate(total_ops, seed, out, RX_PAGES, TX_HEADS, faults=0):
    rng = random.Random(seed)
    w = out.write
    w("dmasim 1\n")
    w("platform arch=arm64 line=64 dma_align=128 page=4096 prefetch=yes\n")
    w("device eth0 noncoherent\n")
    for p in range(RX_PAGES):
        w("buf rxp%d at=0x%x len=%d kind=page\n" % (p, RX_BASE + p * PAGE, PAGE))
    for t in range(TX_HEADS):
        w("buf txh%d at=0x%x len=%d kind=kmalloc\n" % (t, TX_BASE + t * HALF, HALF))
    ops = 0
    next_handle = 0
    rx_live = []  # (handle, page, half) in ring order
    tx_live = []  # handles, oldest first
    lines = []

    def emit(s):
        nonlocal ops
        lines.append(s)
        ops += 1
        if len(lines) >= 4096:
            w("".join(lines))
            lines.clear()

    def map_rx(page, half):
        nonlocal next_handle
        h = "r%d" % next_handle
        next_handle += 1
        emit("%s = map eth0 rxp%d %d %d from_device\n" % (h, page, half * HALF, HALF))
        emit("mapping_error %s\n" % h)
        rx_live.append((h, page, half))

    for p in range(RX_PAGES):
        for half in range(2):
            map_rx(p, half)
    rx_next = 0  # index into rx_live of the oldest posted buffer (a ring)
    tx_slot = 0
    packet = 0
    while ops + len(rx_live) + len(tx_live) + 10 < total_ops:
        # RX: a frame into the oldest posted half, then refill it.
        h, page, half = rx_live[rx_next]
        frame = rng.randint(60, 1514)
        packet += 1
        if faults and packet % faults == 0:
            # A driver bug: the CPU writes into the posted half, and a stray to_device
            # mapping of 64 bytes inside it shares its granules.
            emit("cpu_write rxp%d %d 8\n" % (page, half * HALF + 16))
            fh = "f%d" % next_handle
            next_handle += 1
            emit("%s = map eth0 rxp%d %d 64 to_device\n" % (fh, page, half * HALF + 1024))
            emit("mapping_error %s\n" % fh)
            emit("unmap %s\n" % fh)
        emit("dev_write %s 0 %d\n" % (h, frame))
        emit("unmap %s\n" % h)
        emit("cpu_read rxp%d %d %d\n" % (page, half * HALF, frame))
        nh = "r%d" % next_handle
        next_handle += 1
        emit("%s = map eth0 rxp%d %d %d from_device\n" % (nh, page, half * HALF, HALF))
        emit("mapping_error %s\n" % nh)
        rx_live[rx_next] = (nh, page, half)
        rx_next = (rx_next + 1) % len(rx_live)
        # TX: complete the oldest head once the ring is full, then send one.
        if len(tx_live) == TX_HEADS:
            emit("unmap %s\n" % tx_live.pop(0)[0])
        size = rng.randint(54, 1514)
        t = tx_slot
        tx_slot = (tx_slot + 1) % TX_HEADS
        emit("cpu_write txh%d 0 %d\n" % (t, size))
        th = "t%d" % next_handle
        next_handle += 1
        emit("%s = map eth0 txh%d 0 %d to_device\n" % (th, t, size))
        emit("mapping_error %s\n" % th)
        emit("dev_read %s\n" % th)
        tx_live.append((th, t))
    for h, _, _ in rx_live:
        emit("unmap %s\n" % h)
    for h, _ in tx_live:
        emit("unmap %s\n" % h)
    w("".join(lines))
    return ops


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ops", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rx-halves", type=int, default=4096, help="RX ring size (even)")
    ap.add_argument("--tx-heads", type=int, default=512, help="TX heads in flight")
    ap.add_argument("--faults", type=int, default=0,
                    help="every K-th RX frame a CPU write into the posted half and a stray "
                         "mapping sharing its granules (0: a clean trace)")
    ap.add_argument("-o", default="-")
    a = ap.parse_args()
    if a.rx_halves < 2 or a.rx_halves % 2 or a.tx_heads < 1:
        sys.exit("gen_nic_trace.py: --rx-halves must be even and >= 2, --tx-heads >= 1")
    floor = 3 * a.rx_halves + a.tx_heads + 20
    if a.ops < floor:
        sys.exit("gen_nic_trace.py: OPS must be at least %d for this ring (set-up and "
                 "teardown); give a smaller --rx-halves" % floor)
    out = sys.stdout if a.o == "-" else open(a.o, "w")
    n = generate(a.ops, a.seed, out, a.rx_halves // 2, a.tx_heads, a.faults)
    out.close()
    print("%d ops" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
