#!/bin/bash
# Build an x86_64 Linux 6.1 kernel (Debian's linux-source-6.1) with
# CONFIG_DMA_API_DEBUG and our replay driver (dmasim_kreplay.c) linked in.
# Idempotent: installs missing packages, unpacks once, configures once, and
# re-runs make (incremental) on every call.
#
#   KBUILD_DIR=/work/kbuild  (default)   work dir outside the repo
#   JOBS=2                   (default)   make -j
#   OPTABLE=path.h           (optional)  compiled-in op table header
#
# Output: $KBUILD_DIR/linux-source-6.1/arch/x86/boot/bzImage
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
KBUILD_DIR=${KBUILD_DIR:-/work/kbuild}
JOBS=${JOBS:-2}
SRC=$KBUILD_DIR/linux-source-6.1

need=()
for p in linux-source-6.1 qemu-system-x86 build-essential flex bison bc \
         libelf-dev libssl-dev cpio xz-utils python3; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

mkdir -p "$KBUILD_DIR"
if [ ! -f "$SRC/Makefile" ]; then
    echo "unpacking linux-source-6.1 into $KBUILD_DIR"
    tar -C "$KBUILD_DIR" -xf /usr/src/linux-source-6.1.tar.xz
fi
cd "$SRC"

# Our driver goes into the scratch tree's drivers/misc as builtin code.
install -m 644 "$HERE/dmasim_kreplay.c" drivers/misc/dmasim_kreplay.c
if [ -n "${OPTABLE:-}" ]; then
    install -m 644 "$OPTABLE" drivers/misc/dmasim_optable.h.new
else
    install -m 644 "$HERE/dmasim_optable.h" drivers/misc/dmasim_optable.h.new
fi
# only touch the header when it changed (keeps the rebuild incremental)
if ! cmp -s drivers/misc/dmasim_optable.h.new drivers/misc/dmasim_optable.h; then
    mv drivers/misc/dmasim_optable.h.new drivers/misc/dmasim_optable.h
else
    rm -f drivers/misc/dmasim_optable.h.new
fi
grep -q dmasim_kreplay.o drivers/misc/Makefile ||
    echo 'obj-y += dmasim_kreplay.o' >> drivers/misc/Makefile

if [ ! -f .config ] || ! grep -q '^CONFIG_DMA_API_DEBUG=y' .config; then
    make tinyconfig >/dev/null
    ./scripts/config \
        -e 64BIT -e PRINTK -e BUG -e TTY -e SERIAL_8250 -e SERIAL_8250_CONSOLE \
        -e BLK_DEV_INITRD -e DEBUG_FS -e DEBUG_FS_ALLOW_ALL \
        -e DMA_API_DEBUG -e DMA_API_DEBUG_SG \
        -d PRINTK_TIME -d STACKTRACE -e BINFMT_ELF
    make olddefconfig >/dev/null
    # the config must really have what we asked for
    for o in 64BIT PRINTK BUG SERIAL_8250_CONSOLE BLK_DEV_INITRD DEBUG_FS \
             DMA_API_DEBUG DMA_API_DEBUG_SG; do
        grep -q "^CONFIG_$o=y" .config || { echo "config: $o missing" >&2; exit 1; }
    done
fi

make -j"$JOBS" bzImage
echo "kernel: $SRC/arch/x86/boot/bzImage ($(make -s kernelrelease))"
