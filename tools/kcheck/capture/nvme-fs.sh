# devices: nvme
# An ext2 filesystem on the NVMe namespace: mke2fs, mount, one file written
# and synced, read back with O_DIRECT, unmount.
mark "mke2fs"
mke2fs -b 1024 /dev/nvme0n1 >/dev/null
mark "mount and write"
mount -t ext2 /dev/nvme0n1 /mnt
dd if=/dev/zero of=/mnt/f bs=4096 count=3 2>/dev/null
sync
mark "direct read back"
dd if=/mnt/f of=/dev/null bs=4096 count=3 iflag=direct
mark "umount"
umount /mnt
