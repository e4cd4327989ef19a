# devices: virtio-blk
# O_DIRECT reads of the virtio-blk disk in 4 KiB, 64 KiB and 512-byte blocks,
# then raw O_DIRECT writes of 4 KiB and 8 KiB, and one buffered write + sync.
mark "direct reads"
dd if=/dev/vda of=/dev/null bs=4096 count=4 iflag=direct
dd if=/dev/vda of=/dev/null bs=65536 count=2 skip=1 iflag=direct
dd if=/dev/vda of=/dev/null bs=512 count=2 skip=64 iflag=direct
mark "direct writes"
dd if=/dev/zero of=/dev/vda bs=4096 count=2 seek=256 oflag=direct
dd if=/dev/zero of=/dev/vda bs=8192 count=1 seek=256 oflag=direct
mark "buffered write and sync"
dd if=/dev/zero of=/dev/vda bs=4096 count=1 seek=512
sync
