#!/bin/bash
# Run exported KUnit suites (`dmasim export kunit`) on the kernel build-kunit.sh built, one
# qemu boot per suite (dma-debug state does not carry over), and write next to each SUITE.c:
#   SUITE.kernel.txt   the dma-debug messages, `op=N text` (parse-log.py; addresses mapped
#                      back to the trace's)
#   SUITE.kernel.json  the same as objects
#   SUITE.ktap.txt     the suite's KTAP lines (its result, any failed expectation)
#
#   run-kunit.sh [--kernel V] SUITE.c ...
#
# The kernel holds every suite build-kunit.sh was given; kunit.filter_glob picks one per boot
# and kunit_shutdown=reboot ends it (qemu -no-reboot exits).
#   KBUILD_DIR=/work/kbuild  KERNEL=path/bzImage  LOGDIR=$KBUILD_DIR/logs-V-kunit
#   TIMEOUT=180 (seconds per boot)  ACCEL=tcg|kvm (default tcg)
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/kernels.sh"
kcheck_parse_kernel_flag "$@"
set -- "${KCHECK_ARGS[@]}"
kcheck_select_kernel || exit 2
[ $# -gt 0 ] || { echo "usage: run-kunit.sh [--kernel V] SUITE.c ..." >&2; exit 2; }
KERNEL=${KERNEL:-$KBUILD-kunit/arch/x86/boot/bzImage}
LOGDIR=${LOGDIR:-$KBUILD_DIR/logs-$KERNEL_VERSION-kunit}
TIMEOUT=${TIMEOUT:-180}
ACCEL=${ACCEL:-tcg}
[ -f "$KERNEL" ] || { echo "no kernel at $KERNEL: run build-kunit.sh --kernel $KERNEL_VERSION" >&2; exit 2; }
mkdir -p "$LOGDIR"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail=0
for c in "$@"; do
    suite=$(sed -n 's/^\t\.name = "\(dmasim_[A-Za-z0-9_]*\)",$/\1/p' "$c")
    [ -n "$suite" ] || { echo "$c: no suite name (not an exported suite?)" >&2; fail=1; continue; }
    out=${c%.c}
    log=$LOGDIR/$suite.serial.log
    # no_timer_check: see run.sh (TCG on a loaded machine can fail the IO-APIC timer check)
    for try in 1 2; do
        timeout "$TIMEOUT" qemu-system-x86_64 -accel "$ACCEL" -m 256M -smp 1 \
            -nographic -no-reboot -kernel "$KERNEL" \
            -append "console=ttyS0 loglevel=8 printk.time=0 panic=-1 no_timer_check kunit.filter_glob=$suite kunit_shutdown=reboot" \
            </dev/null >"$log" 2>&1
        tr -d "\r" <"$log" | grep -aEq "^(not )?ok 1 (- )?$suite\$" && break
        echo "$suite: boot $try did not report the suite (see $log)" >&2
    done
    booted=$(grep -a -m1 -o 'Linux version [0-9][^ ]*' "$log" | cut -d' ' -f3)
    case "$booted" in
        "$KERNEL_VERSION".*) ;;
        *) echo "$suite: booted '$booted', not $KERNEL_VERSION (see $log)" >&2; fail=1; continue ;;
    esac
    tr -d '\r' <"$log" | grep -aE '^\s*(ok |not ok |# |1\.\.[0-9]|K?TAP version)' >"$work/ktap"
    if python3 "$HERE/parse-log.py" "$log" "$work/k.txt" "$work/k.json" &&
            grep -Eq "^ok 1 (- )?$suite\$" "$work/ktap"; then
        mv "$work/k.txt" "$out.kernel.txt" && mv "$work/k.json" "$out.kernel.json"
        mv "$work/ktap" "$out.ktap.txt"
        echo "$suite: ok, $(wc -l <"$out.kernel.txt") message lines"
    else
        # keep what the kernel said, but say that the suite did not pass or did not finish
        mv "$work/k.txt" "$out.kernel.txt" 2>/dev/null; mv "$work/k.json" "$out.kernel.json" 2>/dev/null
        mv "$work/ktap" "$out.ktap.txt"
        echo "$suite: NOT ok or incomplete (see $log and $out.ktap.txt)" >&2; fail=1
    fi
done
exit $fail
