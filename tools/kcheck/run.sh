#!/bin/bash
# Replay every .dma trace in DIR on the real kernel built by build-kernel.sh,
# one qemu boot per trace (dma-debug state does not carry over), and write
# NAME.kernel.txt (+ NAME.kernel.json) next to each trace.
#
#   run.sh [--kernel 5.10|6.1|6.12|7.3] DIR [NAME.dma ...]   (default: all DIR/*.dma)
#
#   KERNEL_VERSION=6.1           (default; --kernel sets it) which kernel
#   KBUILD_DIR=/work/kbuild      where build-kernel.sh built the kernel
#   KERNEL=path/bzImage          kernel image (default: $KBUILD_DIR/build-V/...)
#   LOGDIR=$KBUILD_DIR/logs-V    raw serial logs are kept here
#   TIMEOUT=120                  seconds per boot
#   ACCEL=tcg|kvm                default: tcg
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/kernels.sh"
kcheck_parse_kernel_flag "$@"
set -- "${KCHECK_ARGS[@]}"
kcheck_select_kernel || exit 2
DIR=${1:?usage: run.sh [--kernel V] DIR [TRACE.dma ...]}
shift
KERNEL=${KERNEL:-$KIMAGE}
LOGDIR=${LOGDIR:-$KBUILD_DIR/logs-$KERNEL_VERSION}
TIMEOUT=${TIMEOUT:-120}
if [ -z "${ACCEL:-}" ]; then
    ACCEL=tcg   # KVM hung at boot on the machine this was written on; TCG boots in ~2 s
fi
[ -f "$KERNEL" ] || { echo "no kernel at $KERNEL: run build-kernel.sh --kernel $KERNEL_VERSION" >&2; exit 2; }
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
    # no_timer_check: under TCG on a loaded machine the IO-APIC timer check
    # can fail ("IO-APIC + timer doesn't work!", a panic before our driver
    # runs); it has nothing to do with dma-debug. A boot that still does not
    # reach dmasim-done is tried once more.
    for try in 1 2; do
        timeout "$TIMEOUT" qemu-system-x86_64 -accel "$ACCEL" -m 256M -smp 1 \
            -nographic -no-reboot -kernel "$KERNEL" -initrd "$work/ops.cpio" \
            -append "console=ttyS0 loglevel=8 printk.time=0 panic=-1 no_timer_check" \
            </dev/null >"$log" 2>&1
        grep -aq '^dmasim-done' "$log" && break
        echo "$name: boot $try did not finish (see $log)" >&2
    done
    booted=$(grep -a -m1 -o 'Linux version [0-9][^ ]*' "$log" | cut -d' ' -f3)
    case "$booted" in
        "$KERNEL_VERSION".*) ;;
        *) echo "$name: booted '$booted', not $KERNEL_VERSION (see $log)" >&2; fail=1; continue ;;
    esac
    if python3 "$HERE/parse-log.py" "$log" "$work/k.txt" "$work/k.json"; then
        mv "$work/k.txt" "$out.kernel.txt" && mv "$work/k.json" "$out.kernel.json"
        echo "$name: $(wc -l <"$out.kernel.txt") message lines"
    else
        # no recording is better than a truncated one
        echo "$name: incomplete replay, nothing written (see $log)" >&2; fail=1
    fi
done
exit $fail
