#!/bin/busybox sh
# /init of the capture initramfs (tools/kcheck/capture.sh). Runs the workload
# /workload.sh, then writes three sections to the second serial port
# (ttyS1): the tracefs `trace` text, dmesg, and dma-debug's list of live
# entries (debugfs dma-api/dump), each after a line
# "=== dmasim-capture section NAME ===", and reboots (qemu runs with
# -no-reboot, so that ends it). The dma tracepoints were enabled on the
# kernel command line (trace_event=dma:*, trace_clock=global), so the trace
# holds every DMA API call from boot on, device probes included.
/bin/busybox mkdir -p /bin /proc /sys /dev /tmp /mnt
/bin/busybox --install -s /bin
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing
echo 1 >/sys/kernel/debug/dma-api/all_errors
T=/sys/kernel/tracing
mark() { echo "dmasim-capture: $*" >$T/trace_marker; echo "dmasim-capture: $*"; }
mark "workload start"
. /workload.sh
mark "workload end"
echo 0 >$T/tracing_on
stty -F /dev/ttyS1 raw -echo
{
    echo "=== dmasim-capture section trace ==="
    cat $T/trace
    echo "=== dmasim-capture section dmesg ==="
    dmesg
    echo "=== dmasim-capture section dma-api-dump ==="
    cat /sys/kernel/debug/dma-api/dump
    echo "=== dmasim-capture section end ==="
} >/dev/ttyS1
echo "dmasim-capture: done"
reboot -f
