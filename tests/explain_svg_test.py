#!/usr/bin/env python3
"""`dmasim explain --svg` renders with a real SVG renderer (issue 12, item 2).

For a ~100-op trace with hazard findings, a ~1000-op trace (both generated, seeded), a repro
and a hand-worked swiotlb trace, each with a hazard witness but the 1000-op one: the SVG is well-formed XML (Python's parser, and xmllint when
installed), self-contained (no script, no external reference, generic fonts only),
byte-identical across two processes, and rsvg-convert turns it into a non-empty PNG.
Usage: explain_svg_test.py DMASIM SOURCE_DIR"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

DMASIM, SRC = sys.argv[1], sys.argv[2]
SVG_NS = "{http://www.w3.org/2000/svg}"


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"FAIL: {path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def check(trace, tmp, name, want_witness, min_ops):
    svgs = []
    for k in range(2):
        out = os.path.join(tmp, f"{name}.{k}.svg")
        text = run([DMASIM, "explain", trace, "--svg", out])
        svgs.append(open(out, "rb").read())
    if svgs[0] != svgs[1]:
        sys.exit(f"FAIL: {name}: two runs wrote different SVG bytes")
    data = svgs[0].decode("utf-8")
    root = ET.fromstring(data)  # raises on malformed XML
    if root.tag != SVG_NS + "svg":
        sys.exit(f"FAIL: {name}: root is {root.tag}")
    tags = {e.tag for e in root.iter()}
    if SVG_NS + "script" in tags or SVG_NS + "image" in tags or SVG_NS + "foreignObject" in tags:
        sys.exit(f"FAIL: {name}: not self-contained ({sorted(tags)})")
    for e in root.iter():
        for k, v in e.attrib.items():
            if k.endswith("href") or "url(" in v or k.startswith("on"):
                sys.exit(f"FAIL: {name}: external reference or handler {k}={v}")
            if k == "font-family" and v not in ("monospace", "sans-serif", "serif"):
                sys.exit(f"FAIL: {name}: font {v}")
    if "Legend" not in data:
        sys.exit(f"FAIL: {name}: no legend")
    if want_witness and "Witness of H1" not in data:
        sys.exit(f"FAIL: {name}: no witness drawn")
    ops = int(text.split(": ", 1)[1].split(" ops")[0])
    if ops < min_ops:
        sys.exit(f"FAIL: {name}: only {ops} ops")
    if shutil.which("xmllint"):
        run(["xmllint", "--noout", os.path.join(tmp, f"{name}.0.svg")])
    png = os.path.join(tmp, f"{name}.png")
    run(["rsvg-convert", os.path.join(tmp, f"{name}.0.svg"), "-o", png])
    w, h = png_size(png)
    if w == 0 or h == 0 or os.path.getsize(png) < 1000:
        sys.exit(f"FAIL: {name}: empty PNG ({w}x{h}, {os.path.getsize(png)} bytes)")
    print(f"ok {name}: {ops} ops, SVG {len(data)} bytes, PNG {w}x{h}")


def check_terminal(tmp):
    """The terminal view marks the finding at its op and line and lists the lines touched."""
    trace = os.path.join(SRC, "docs/examples/witness.dma")
    text = run([DMASIM, "explain", trace, "--checker", "linux-6.1"])
    ops = text.split("\n  op ")
    unmap = [o for o in ops if o.startswith("4: unmap m")]
    if len(unmap) != 1 or "! H1 hazard:riscv-6.1 device-write-lost [line 0x1000]" not in unmap[0]:
        sys.exit("FAIL: terminal view: H1 not marked at op 4, line 0x1000:\n" + text)
    dev = [o for o in ops if o.startswith("3: dev_write m")]
    if len(dev) != 1 or "dev_write m from_device: 0x1000*" not in dev[0]:
        sys.exit("FAIL: terminal view: op 3 does not show its shared line:\n" + text)
    if "witness of H1" not in text or "=> device-write-lost" not in text:
        sys.exit("FAIL: terminal view: no witness:\n" + text)
    r = subprocess.run([DMASIM, "explain", trace, "--hazard", "2"], capture_output=True, text=True)
    if r.returncode != 2 or "1 hazard finding" not in r.stderr:
        sys.exit(f"FAIL: --hazard 2 of 1 finding: exit {r.returncode}, {r.stderr}")
    print("ok terminal view")


def main():
    if not shutil.which("rsvg-convert"):
        sys.exit("FAIL: rsvg-convert not installed (Debian librsvg2-bin; scripts/install-deps)")
    with tempfile.TemporaryDirectory() as tmp:
        small = os.path.join(tmp, "small.dma")
        run([DMASIM, "gen", "skb", "--profile", "kmalloc-small", "--packets", "17",
             "--platform", "mips", "-o", small])
        large = os.path.join(tmp, "large.dma")
        run([DMASIM, "gen", "skb", "--profile", "dpaa2-tx", "--packets", "166",
             "--platform", "mips", "-o", large])
        check_terminal(tmp)
        check(small, tmp, "small", True, 90)
        check(large, tmp, "large", False, 950)
        check(os.path.join(SRC, "repro/hazard/m2-virtio-vsock-noncoherent.dma"), tmp,
              "repro", True, 1)
        check(os.path.join(SRC, "tests/hazard-worked/14-swiotlb-kmalloc-rx-partial.dma"), tmp,
              "swiotlb", True, 1)


main()
