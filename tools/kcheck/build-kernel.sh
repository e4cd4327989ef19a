#!/bin/bash
# Build an x86_64 Debian kernel (linux-source-$KERNEL_VERSION) with
# CONFIG_DMA_API_DEBUG and our replay driver (dmasim_kreplay.c) linked in.
# Idempotent: installs missing host packages, fetches and unpacks the source
# once (through a private apt state: the machine's packages never change),
# configures once, and re-runs make (incremental) on every call.
#
#   build-kernel.sh [--kernel 5.10|6.1|6.12|7.3] [--capture]
#
#   KERNEL_VERSION=6.1       (default; --kernel sets it) which kernel
#   KBUILD_DIR=/work/kbuild  (default)   work dir outside the repo
#   JOBS=2                   (default)   make -j
#   OPTABLE=path.h           (optional)  compiled-in op table header
#   --capture                the capture kernel (capture.sh): PCI, virtio,
#                            NVMe, net and the dma tracepoints on top of the
#                            replay config, built in $KBUILD_DIR/build-V-capture
#
# Output: $KBUILD_DIR/build-$KERNEL_VERSION[-capture]/arch/x86/boot/bzImage
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/kernels.sh"
kcheck_parse_kernel_flag "$@"
set -- "${KCHECK_ARGS[@]}"
CAPTURE=0
for a in "$@"; do
    case "$a" in
        --capture) CAPTURE=1 ;;
        *) echo "usage: build-kernel.sh [--kernel V] [--capture]" >&2; exit 2 ;;
    esac
done
kcheck_select_kernel
JOBS=${JOBS:-2}
[ $CAPTURE = 1 ] && KBUILD=$KBUILD-capture

need=()
for p in qemu-system-x86 build-essential flex bison bc libelf-dev libssl-dev \
         cpio xz-utils python3; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

mkdir -p "$KBUILD_DIR/src"
if [ ! -f "$KSRC/Makefile" ]; then
    root=$(kcheck_fetch_deb "$KPKG" "$KDEB")
    echo "unpacking $KPKG $KDEB into $KBUILD_DIR/src"
    tar -C "$KBUILD_DIR/src" -xf "$root/usr/src/$KPKG.tar.xz"
fi
echo "$KPKG $KDEB" >"$KSRC/.dmasim-debian-version"

# Our driver goes into the scratch tree's drivers/misc as builtin code. The
# source tree stays clean (no .config): every build is out of tree (O=).
install -m 644 "$HERE/dmasim_kreplay.c" "$KSRC/drivers/misc/dmasim_kreplay.c"
mkdir -p "$KBUILD"
new=$KBUILD/dmasim_optable.h.new
install -m 644 "${OPTABLE:-$HERE/dmasim_optable.h}" "$new"
# only touch the header when it changed (keeps the rebuild incremental); it
# lives in the source tree, so all builds of this version share it
if ! cmp -s "$new" "$KSRC/drivers/misc/dmasim_optable.h"; then
    mv "$new" "$KSRC/drivers/misc/dmasim_optable.h"
else
    rm -f "$new"
fi
grep -q dmasim_kreplay.o "$KSRC/drivers/misc/Makefile" ||
    echo 'obj-y += dmasim_kreplay.o' >>"$KSRC/drivers/misc/Makefile"

mk() { make -C "$KSRC" O="$KBUILD" "$@"; }
has_kconfig() { grep -rqs "^config $1\$" "$KSRC/kernel/dma/Kconfig" "$KSRC/lib/Kconfig.debug"; }

REPLAY_ON="64BIT PRINTK BUG TTY SERIAL_8250 SERIAL_8250_CONSOLE BLK_DEV_INITRD
           DEBUG_FS DEBUG_FS_ALLOW_ALL DMA_API_DEBUG BINFMT_ELF"
# 5.10 .. 6.12 have a separate switch for the sg segment checks; 7.x runs
# them always (no such option)
if has_kconfig DMA_API_DEBUG_SG; then REPLAY_ON="$REPLAY_ON DMA_API_DEBUG_SG"; fi
CAPTURE_ON="PCI PCI_MSI VIRTIO_MENU VIRTIO VIRTIO_PCI BLOCK BLK_DEV VIRTIO_BLK
            NVME_CORE BLK_DEV_NVME NET INET PACKET UNIX NETDEVICES NET_CORE
            VIRTIO_NET PROC_FS PROC_SYSCTL SYSCTL SYSFS DEVTMPFS DEVTMPFS_MOUNT EXT2_FS
            BINFMT_SCRIPT MULTIUSER FUTEX FILE_LOCKING FTRACE
            ENABLE_DEFAULT_TRACERS TRACING"
want=$REPLAY_ON
[ $CAPTURE = 1 ] && want="$want $CAPTURE_ON"

if [ ! -f "$KBUILD/.config" ] || ! grep -q '^CONFIG_DMA_API_DEBUG=y' "$KBUILD/.config"; then
    mk tinyconfig >/dev/null
    args=()
    for o in $want; do args+=(-e "$o"); done
    "$KSRC/scripts/config" --file "$KBUILD/.config" "${args[@]}" \
        -d PRINTK_TIME -d STACKTRACE -d VIRTIO_PCI_LEGACY
    mk olddefconfig >/dev/null
    # the config must really have what we asked for (of the options this
    # tree has: PROC_SYSCTL, say, is gone in 7.x, where SYSCTL gives /proc/sys)
    known=$(cat $(find "$KSRC" -name 'Kconfig*' -not -path '*/Documentation/*') |
            sed -n 's/^\(menu\)\?config \([A-Z0-9_]*\)$/\2/p' | sort -u)
    for o in $want; do
        case $o in 64BIT|DEBUG_FS_ALLOW_ALL|VIRTIO_MENU|NET_CORE) continue ;; esac
        grep -qx "$o" <<<"$known" || { echo "config: $o not in this kernel, skipped"; continue; }
        grep -q "^CONFIG_$o=y" "$KBUILD/.config" || { echo "config: $o missing" >&2; exit 1; }
    done
fi

start=$(date +%s)
mk -j"$JOBS" bzImage
echo "kernel: $KBUILD/arch/x86/boot/bzImage ($(mk -s kernelrelease), $KPKG $KDEB," \
     "make took $(( $(date +%s) - start )) s)"
