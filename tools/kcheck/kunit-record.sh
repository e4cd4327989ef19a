#!/bin/bash
# The one command that regenerates tests/kunit-V/: every repro/ trace the kernel can express,
# exported as a KUnit suite, built into the KUnit kernel and run under qemu, one boot each.
#
#   kunit-record.sh [--kernel V] DMASIM [OUTDIR] [REPRO_DIR]
#       DMASIM     the dmasim binary (build/default/cli/dmasim)
#       OUTDIR     default tests/kunit-V of this checkout
#       REPRO_DIR  default repro/ of this checkout
#
# Steps: `dmasim export kunit --checker linux-V[-debug_sg]` for every *.dma below REPRO_DIR (sorted); a
# trace the exporter refuses (exit 2) or whose cache line is not this kernel's (x86: 64 bytes)
# is listed in OUTDIR/not-expressible.txt with the reason; the others go to
# $KBUILD_DIR/kunit-suites-V/ (outside the repo), build-kunit.sh links them all into the
# kernel, run-kunit.sh boots once per suite. OUTDIR gets, per suite, STEM.kernel.txt,
# STEM.kernel.json and STEM.ktap.txt, MANIFEST (STEM and repro path, one a line) and
# CHECKER (the checker id the suites were exported with).
# Recordings of suites that did not finish are not written; the script then exits 1.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/kernels.sh"
kcheck_parse_kernel_flag "$@"
set -- "${KCHECK_ARGS[@]}"
kcheck_select_kernel
DMASIM=$(realpath "${1:?usage: kunit-record.sh [--kernel V] DMASIM [OUTDIR] [REPRO_DIR]}")
OUT=${2:-$ROOT/tests/kunit-$KERNEL_VERSION}
REPRO=${3:-$ROOT/repro}
WORK=$KBUILD_DIR/kunit-suites-$KERNEL_VERSION
KERNEL_LINE=64  # L1_CACHE_BYTES of x86_64
# The kernels are built with CONFIG_DMA_API_DEBUG_SG wherever it exists (before 7.0;
# build-kernel.sh): the model that predicts them is the -debug_sg one.
CHECKER=linux-$KERNEL_VERSION
[ "${KERNEL_VERSION%%.*}" -lt 7 ] && CHECKER=$CHECKER-debug_sg

rm -rf "$WORK.new" && mkdir -p "$WORK.new" "$OUT"
manifest=$WORK.new/MANIFEST
refused=$WORK.new/not-expressible.txt
: >"$manifest"
echo "# repro traces this kernel cannot run as exported suites (kunit-record.sh), with why" >"$refused"
suites=()
cd "$ROOT"
while IFS= read -r f; do
    rel=${f#"$ROOT"/}
    stem=$(basename "$f" .dma)
    if grep -q "^$stem " "$manifest"; then
        echo "$rel: a second trace named $stem (suite names must be unique)" >&2; exit 2
    fi
    if ! err=$("$DMASIM" export kunit "$rel" --checker "$CHECKER" \
                 -o "$WORK.new/$stem.c" 2>&1); then
        echo "$rel: $err" >>"$refused"
        continue
    fi
    line=$(sed -n 's/^#define DMASIM_TRACE_LINE \([0-9]*\)$/\1/p' "$WORK.new/$stem.c")
    if [ "$line" != "$KERNEL_LINE" ]; then
        echo "$rel: cache line $line bytes; this x86_64 kernel has $KERNEL_LINE" >>"$refused"
        rm -f "$WORK.new/$stem.c"
        continue
    fi
    echo "$stem $rel" >>"$manifest"
    suites+=("$WORK.new/$stem.c")
done < <(find "$REPRO" -name '*.dma' -type f | LC_ALL=C sort)
rm -rf "$WORK" && mv "$WORK.new" "$WORK"
suites=("${suites[@]/#$WORK.new/$WORK}")
echo "exported ${#suites[@]} suites; $(($(wc -l <"$WORK/not-expressible.txt") - 1)) traces not expressible"

"$HERE/build-kunit.sh" --kernel "$KERNEL_VERSION" "${suites[@]}"
status=0
"$HERE/run-kunit.sh" --kernel "$KERNEL_VERSION" "${suites[@]}" || status=1

rm -f "$OUT"/*.kernel.txt "$OUT"/*.kernel.json "$OUT"/*.ktap.txt
: >"$OUT/MANIFEST.new"
while read -r stem rel; do
    if [ -f "$WORK/$stem.ktap.txt" ] && grep -Eq "^ok 1 (- )?dmasim_" "$WORK/$stem.ktap.txt"; then
        cp "$WORK/$stem.kernel.txt" "$WORK/$stem.kernel.json" "$WORK/$stem.ktap.txt" "$OUT/"
        echo "$stem $rel" >>"$OUT/MANIFEST.new"
    else
        echo "$stem: no passing run, not recorded" >&2; status=1
    fi
done <"$WORK/MANIFEST"
mv "$OUT/MANIFEST.new" "$OUT/MANIFEST"
cp "$WORK/not-expressible.txt" "$OUT/not-expressible.txt"
booted=$(grep -a -h -m1 -o 'Linux version .*' "$KBUILD_DIR/logs-$KERNEL_VERSION-kunit/"*.serial.log | head -1)
echo "$booted" >"$OUT/KERNEL"
echo "$CHECKER" >"$OUT/CHECKER"  # the model the suites were exported with (kunit-compare.py)
echo "recorded $(wc -l <"$OUT/MANIFEST") suites into $OUT ($booted)"
exit $status
