#!/bin/bash
# Replay every .dma trace in DIR on the real kernel built by build-kernel.sh,
# one qemu boot per trace (dma-debug state does not carry over), and write
# NAME.kernel.txt (+ NAME.kernel.json) next to each trace.
#
#   run.sh DIR [NAME.dma ...]     (default: all DIR/*.dma)
#
#   KBUILD_DIR=/work/kbuild      where build-kernel.sh built the kernel
#   KERNEL=path/bzImage          kernel image (default: the one built there)
#   LOGDIR=$KBUILD_DIR/logs      raw serial logs are kept here
#   TIMEOUT=120                  seconds per boot
#   ACCEL=tcg|kvm                default: tcg
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${1:?usage: run.sh DIR [TRACE.dma ...]}
shift
KBUILD_DIR=${KBUILD_DIR:-/work/kbuild}
KERNEL=${KERNEL:-$KBUILD_DIR/linux-source-6.1/arch/x86/boot/bzImage}
LOGDIR=${LOGDIR:-$KBUILD_DIR/logs}
TIMEOUT=${TIMEOUT:-120}
if [ -z "${ACCEL:-}" ]; then
    ACCEL=tcg   # KVM hung at boot on the machine this was written on; TCG boots in ~2 s
fi
[ -f "$KERNEL" ] || { echo "no kernel at $KERNEL: run build-kernel.sh" >&2; exit 2; }
mkdir -p "$LOGDIR"

if [ $# -gt 0 ]; then traces=("$@"); else traces=("$DIR"/*.dma); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
for t in "${traces[@]}"; do
    [ -f "$t" ] || t=$DIR/$t
    name=$(basename "$t" .dma)
    out=$(dirname "$t")/$name
    rm -rf "$work/root" && mkdir -p "$work/root"
    if ! python3 "$HERE/gen-optable.py" "$t" -o "$work/root/dmasim.ops"; then
        echo "$name: op table generation failed" >&2; fail=1; continue
    fi
    (cd "$work/root" && echo dmasim.ops | cpio -o -H newc --quiet) > "$work/ops.cpio"
    log=$LOGDIR/$name.serial.log
    timeout "$TIMEOUT" qemu-system-x86_64 -accel "$ACCEL" -m 256M -smp 1 \
        -nographic -no-reboot -kernel "$KERNEL" -initrd "$work/ops.cpio" \
        -append "console=ttyS0 loglevel=8 printk.time=0 panic=-1" \
        </dev/null >"$log" 2>&1
    if python3 "$HERE/parse-log.py" "$log" "$out.kernel.txt" "$out.kernel.json"; then
        echo "$name: $(wc -l <"$out.kernel.txt") message lines"
    else
        echo "$name: incomplete replay (see $log)" >&2; fail=1
    fi
done
exit $fail
