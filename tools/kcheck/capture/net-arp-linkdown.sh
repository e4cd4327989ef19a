# devices: virtio-net virtio-net
# Two virtio-net NICs on one qemu hub that has no host backend (no packet
# leaves qemu; the addresses exist only inside the guest). eth0 arpings eth1's address four times (ARP request TX on
# eth0, RX on eth1, reply TX on eth1, RX on eth0), then both links go down
# while their RX buffers are still mapped.
mark "links up"
ip link set eth0 up
ip link set eth1 up
ip addr add 192.0.2.1/24 dev eth0
ip addr add 192.0.2.2/24 dev eth1
# both addresses are local: eth1 answers a request from 192.0.2.1 only with
# accept_local (else the source is martian and no reply is sent)
echo 1 >/proc/sys/net/ipv4/conf/all/accept_local
mark "arping"
timeout 30 arping -c 4 -I eth0 192.0.2.2
mark "links down"
ip link set eth1 down
ip link set eth0 down
