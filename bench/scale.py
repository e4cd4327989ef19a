#!/usr/bin/env python3
"""The scaling driver of issue 13: the NIC-like family at 10^4 .. 10^6 ops (10^7 with
--max 7), each size through scale_bench (Google Benchmark, one run: every figure as a ratio
against the hash-map floor of the same run) and through `dmasim replay --oracle contract`
under /usr/bin/time -v (whole process: wall time and peak RSS).

  scale.py BUILD_DIR [--max 6] [--dir DIR]

BUILD_DIR is the CMake build directory (build/default). Prints one table; read the ratios
and t(10^6)/t(10^5), not the absolute times (a shared machine drifts).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def generate(n, path):
    if os.path.exists(path):
        return
    args = [sys.executable, os.path.join(HERE, "gen_nic_trace.py"), str(n), "-o", path]
    if n < 100000:
        args += ["--rx-halves", "1024", "--tx-heads", "128"]  # 4096 halves need 12k ops
    subprocess.run(args, check=True, stderr=subprocess.DEVNULL)


def bench(build, path):
    out = subprocess.run([os.path.join(build, "bench", "scale_bench"), path,
                          "--benchmark_format=json"], check=True, capture_output=True,
                         text=True).stdout
    rows = {}
    for b in json.loads(out)["benchmarks"]:
        name = b["name"].split("/")[0]
        rows[name] = (b["cpu_time"], b.get("items_per_second", 0.0), b.get("label", ""))
    return rows


def whole_process(build, path):
    r = subprocess.run(["/usr/bin/time", "-v", os.path.join(build, "cli", "dmasim"), "replay",
                        "--oracle", "contract", "--json", path], capture_output=True, text=True)
    def field(key):
        m = re.search(key + r": (\S+)", r.stderr)
        return m.group(1) if m else "?"
    return field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)"), \
        field("User time \\(seconds\\)"), field("Maximum resident set size \\(kbytes\\)"), r.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--max", type=int, default=6, help="largest size, 10^MAX ops (4..7)")
    ap.add_argument("--dir", default=None, help="where the traces go (default: a temp dir)")
    a = ap.parse_args()
    d = a.dir or tempfile.mkdtemp(prefix="dmasim-scale-")
    os.makedirs(d, exist_ok=True)
    end_to_end = {}
    print("%-5s %-10s %12s %9s %9s %9s %9s %9s %9s   %s" % (
        "ops", "", "floor ns/op", "parse", "e2e", "eras", "exact", "contract", "hazard",
        "(each: ns/op over the floor's; e2e also in ops/s below)"))
    for k in range(4, a.max + 1):
        n = 10 ** k
        path = os.path.join(d, "nic1e%d.dma" % k)
        generate(n, path)
        rows = bench(a.build, path)
        floor_ns = rows["floor"][0] * 1e6 / n  # cpu_time is in ms
        ratio = lambda key: rows[key][0] * 1e6 / n / floor_ns
        end_to_end[k] = rows["end_to_end"][0]
        print("10^%d  %-10s %12.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f" % (
            k, "", floor_ns, ratio("parse"), ratio("end_to_end"), ratio("eras"),
            ratio("exact"), ratio("contract"), ratio("hazard")))
        wall, user, rss, rc = whole_process(a.build, path)
        print("      end to end %.0f ops/s (scale_bench); hazard %.0f ops/s (%s); "
              "dmasim replay: wall %s, user %s s, peak RSS %s KiB, exit %d" % (
                  rows["end_to_end"][1], rows["hazard"][1], rows["hazard"][2] or "-", wall,
                  user, rss, rc))
    if 5 in end_to_end and 6 in end_to_end:
        print("t(10^6)/t(10^5) end to end: %.2f" % (end_to_end[6] / end_to_end[5]))
    print("traces in %s" % d)


if __name__ == "__main__":
    main()
