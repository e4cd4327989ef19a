#!/bin/bash
# Boot the capture kernel (build-kernel.sh --capture) under qemu with
# emulated devices, run one workload from the initramfs with the dma
# tracepoints on, and save what the kernel recorded:
#
#   capture.sh [--kernel 7.3] OUTDIR WORKLOAD
#
#   WORKLOAD   tools/kcheck/capture/NAME.sh (or a path); its "# devices:"
#              line says which devices qemu attaches
#   OUTDIR/NAME.trace.txt     tracefs `trace` text (trace system `dma`);
#                             the guest sends the three texts over a second
#                             serial port (ttyS1, raw mode), split here
#   OUTDIR/NAME.dmesg.txt     dmesg (dma-debug reports, all_errors on)
#   OUTDIR/NAME.dma-api-dump.txt  dma-debug's live entries at the end
#                                 (debugfs dma-api/dump), if the kernel has it
#   OUTDIR/NAME.console.txt   the serial console (boot log, workload output)
#   OUTDIR/NAME.command.txt   the qemu command line and the workload text
#
#   KERNEL_VERSION=7.3 (default here; --kernel sets it)
#   KBUILD_DIR=/work/kbuild, KERNEL=path/bzImage, TIMEOUT=300, ACCEL=tcg
#   TRACE_BUF_KB=8192          per-CPU trace buffer (a capture that
#                              overflowed it is refused)
#
# Devices (fixed PCI slots, so device names are stable):
#   virtio-blk  00:04.0  8 MiB raw disk   iommu_platform=on,disable-legacy=on
#   nvme        00:05.0  8 MiB raw disk
#   virtio-net  00:06.0, 00:07.0 (two, on one qemu hub with no host backend:
#               packets go only between the two NICs, nothing leaves qemu)
# Without iommu_platform=on,disable-legacy=on a virtio device bypasses the
# DMA API under qemu (no dma events). trace_clock=global: the default clock
# is reset when the TSC is recalibrated, which empties the buffer.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
KERNEL_VERSION=${KERNEL_VERSION:-7.3}
. "$HERE/kernels.sh"
kcheck_parse_kernel_flag "$@"
set -- "${KCHECK_ARGS[@]}"
kcheck_select_kernel || exit 2
OUT=${1:?usage: capture.sh [--kernel V] OUTDIR WORKLOAD}
WL=${2:?usage: capture.sh [--kernel V] OUTDIR WORKLOAD}
[ -f "$WL" ] || WL=$HERE/capture/$WL.sh
[ -f "$WL" ] || { echo "no workload $2" >&2; exit 2; }
NAME=$(basename "$WL" .sh)
KERNEL=${KERNEL:-$KBUILD-capture/arch/x86/boot/bzImage}
TIMEOUT=${TIMEOUT:-300}
ACCEL=${ACCEL:-tcg}
TRACE_BUF_KB=${TRACE_BUF_KB:-8192}
[ -f "$KERNEL" ] || { echo "no kernel at $KERNEL: run build-kernel.sh --kernel $KERNEL_VERSION --capture" >&2; exit 2; }
BUSYBOX=/bin/busybox
dpkg -s busybox-static >/dev/null 2>&1 || {
    echo "installing busybox-static"
    DEBIAN_FRONTEND=noninteractive apt-get install -y busybox-static >/dev/null || exit 2
}
mkdir -p "$OUT"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/dev"
cp "$BUSYBOX" "$work/root/bin/busybox"
# the kernel opens /dev/console for init before anything is mounted
mknod -m 600 "$work/root/dev/console" c 5 1
install -m 755 "$HERE/capture/init.sh" "$work/root/init"
install -m 644 "$WL" "$work/root/workload.sh"
(cd "$work/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$work/initrd.cpio"

devs=$(sed -n 's/^# devices: *//p' "$WL" | head -1)
qdev=()
nnet=0
for d in $devs; do
    case $d in
        virtio-blk)
            truncate -s 8M "$work/vda.img"
            qdev+=(-drive "file=$work/vda.img,if=none,id=vda,format=raw"
                   -device "virtio-blk-pci,drive=vda,addr=04.0,iommu_platform=on,disable-legacy=on") ;;
        nvme)
            truncate -s 8M "$work/nvme.img"
            qdev+=(-drive "file=$work/nvme.img,if=none,id=nvm,format=raw"
                   -device "nvme,drive=nvm,serial=dmasim0,addr=05.0") ;;
        virtio-net)
            qdev+=(-netdev "hubport,id=n$nnet,hubid=0"
                   -device "virtio-net-pci,netdev=n$nnet,addr=0$((6 + nnet)).0,mac=52:54:00:00:00:0$((1 + nnet)),iommu_platform=on,disable-legacy=on")
            nnet=$((nnet + 1)) ;;
        *) echo "$WL: unknown device '$d'" >&2; exit 2 ;;
    esac
done

append="console=ttyS0 loglevel=8 printk.time=0 panic=-1 no_timer_check no_hash_pointers"
append="$append trace_event=dma:* trace_clock=global trace_buf_size=${TRACE_BUF_KB}K"
cmd=(qemu-system-x86_64 -accel "$ACCEL" -m 512M -smp 1 -nographic -no-reboot
     -net none -kernel "$KERNEL" -initrd "$work/initrd.cpio" -append "$append"
     -serial mon:stdio -serial "file:$work/ttyS1.txt" "${qdev[@]}")
timeout "$TIMEOUT" "${cmd[@]}" </dev/null >"$work/console.log" 2>&1
rc=$?
grep -q 'dmasim-capture: done' "$work/console.log" || {
    cp "$work/console.log" "$OUT/$NAME.console.log"
    echo "$NAME: no 'dmasim-capture: done' (qemu exit $rc, see $OUT/$NAME.console.log)" >&2
    exit 1
}
# ttyS1 carries three sections, each after "=== dmasim-capture section NAME ==="
grep -q '^=== dmasim-capture section end ===$' "$work/ttyS1.txt" || {
    echo "$NAME: ttyS1 output incomplete" >&2; exit 1; }
python3 - "$work" <<'PY' || exit 1
import re, sys
w = sys.argv[1]
names = {"trace": "trace.txt", "dmesg": "dmesg.txt", "dma-api-dump": "dump.txt"}
out = None
with open(w + "/ttyS1.txt", "rb") as f:
    for line in f:
        m = re.match(rb"^=== dmasim-capture section (\S+) ===\r?\n$", line)
        if m:
            if out:
                out.close()
            n = m.group(1).decode()
            out = open("%s/%s" % (w, names[n]), "wb") if n in names else None
        elif out:
            out.write(line)
if out:
    out.close()
PY
# the ring buffer must not have dropped anything
hdr=$(grep -m1 '^# entries-in-buffer/entries-written:' "$work/trace.txt")
n=$(echo "$hdr" | sed 's|.*: \([0-9]*\)/\([0-9]*\).*|\1 \2|')
set -- $n
[ -n "${1:-}" ] && [ "$1" = "$2" ] || { echo "$NAME: trace buffer overflowed ($hdr)" >&2; exit 1; }

cp "$work/trace.txt" "$OUT/$NAME.trace.txt"
cp "$work/console.log" "$OUT/$NAME.console.txt"
cp "$work/dmesg.txt" "$OUT/$NAME.dmesg.txt"
if [ -s "$work/dump.txt" ]; then cp "$work/dump.txt" "$OUT/$NAME.dma-api-dump.txt"; fi
{
    echo "# capture.sh --kernel $KERNEL_VERSION OUTDIR $NAME   ($KPKG $KDEB, $(grep -a -m1 -o 'Linux version [^ ]*' "$work/console.log"))"
    echo "# qemu (TMP = a temporary folder; the disks are new sparse 8 MiB files):"
    printf '%q ' "${cmd[@]}" | sed "s|$work|TMP|g"
    echo
    echo "# workload (/workload.sh, sourced by tools/kcheck/capture/init.sh):"
    cat "$WL"
} >"$OUT/$NAME.command.txt"
echo "$NAME: $(grep -vc '^#' "$OUT/$NAME.trace.txt") trace lines, $(wc -l <"$OUT/$NAME.dmesg.txt") dmesg lines"
