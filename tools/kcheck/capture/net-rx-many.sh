# devices: virtio-net virtio-net
# More RX traffic than net-arp-linkdown: 24 single-request arpings eth0 ->
# eth1 (each request RX on eth1, each reply RX on eth0), on a qemu hub with
# no host backend (nothing leaves qemu; the addresses exist only inside the
# guest). One arping per request, ended by `timeout 1`: the kernel has no
# POSIX_TIMERS, so arping's alarm() never fires and `arping -c N` stops
# after its first request. Then both links go down with their RX buffers
# still mapped.
mark "links up"
ip link set eth0 up
ip link set eth1 up
ip addr add 192.0.2.1/24 dev eth0
ip addr add 192.0.2.2/24 dev eth1
echo 1 >/proc/sys/net/ipv4/conf/all/accept_local
mark "24 arpings"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do
    timeout 1 arping -q -c 1 -I eth0 192.0.2.2
done
mark "links down"
ip link set eth1 down
ip link set eth0 down
