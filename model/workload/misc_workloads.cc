// The non-skb profiles: smc-r / smc-r-skip, virtio, kmalloc-small.
#include <vector>

#include "model/workload/internal/workloads.h"

namespace dmasim::workload {

// SMC-R with two links (link redundancy, incident E2). One connection: an RMB (receive
// buffer, 16 KiB of pages) and a sndbuf (16 KiB), each mapped on both links' RDMA devices
// (smcr_buf_map_link: RMB DMA_FROM_DEVICE, sndbuf DMA_TO_DEVICE, ib_dma_map_sg), link 1
// first. With skip_second, link 2's mappings carry DMA_ATTR_SKIP_CPU_SYNC (the "second
// mapping of a shared buffer" of c2bbf9d1e9ac). Per transfer, alternately at random:
//   RX: the peer RDMA-writes n bytes at the RMB cursor through the active link; the CPU
//       syncs the RMB for the CPU on every link, reads, syncs back for the device;
//   TX: sync the sndbuf for the CPU on every link, copy n bytes in, sync for the device on
//       every link, the active link's device reads them.
// The active link fails over to the other with probability 1/8 per transfer. At the end the
// link group goes down: link 2's mappings are unmapped first, then link 1's — the mirror of
// the map order, so that the mapping that did the cache maintenance (no skip_cpu_sync) is
// the last one and its unmap invalidates (an unmap with skip_cpu_sync leaves the buffer in
// the device domain, dma-api.rst rule 11).
void GenerateSmc(GenContext& g, bool skip_second) {
  GenTraceBuilder& tb = g.tb;
  const int dev[2] = {g.Device("mlx5_0"), g.Device("mlx5_1")};
  constexpr int kOrder = 2;  // 16 KiB buffers
  const uint64_t size = g.pages.BlockBytes(kOrder);
  const int rmb = tb.ReuseBuf("rmb", g.pages.Alloc(kOrder), size, BufKind::kPage);
  const int snd = tb.ReuseBuf("sndbuf", g.pages.Alloc(kOrder), size, BufKind::kPage);
  int r[2], t[2];
  for (int l = 0; l < 2; ++l) {
    const uint32_t attrs = (l == 1 && skip_second) ? uint32_t{kAttrSkipCpuSync} : uint32_t{0};
    r[l] = tb.MapSg(dev[l], {Element{rmb, 0, size}}, Direction::kFromDevice, attrs);
    t[l] = tb.MapSg(dev[l], {Element{snd, 0, size}}, Direction::kToDevice, attrs);
  }
  int active = 0;
  uint64_t rcur = 0, tcur = 0;
  for (int i = 0; i < g.params.packets; ++i) {
    if (g.rng.Chance(1, 8)) active = 1 - active;
    const bool rx = g.rng.Chance(1, 2);
    uint64_t& cur = rx ? rcur : tcur;
    uint64_t n = g.rng.Range(1, 4096);
    if (cur + n > size) cur = 0;  // ring wrap (the consumer cursor restarts)
    if (rx) {
      tb.DevWrite(r[active], cur, n);
      tb.SyncForCpu(r[0]);
      tb.SyncForCpu(r[1]);
      tb.CpuRead(rmb, cur, n);
      tb.SyncForDevice(r[0]);
      tb.SyncForDevice(r[1]);
    } else {
      tb.SyncForCpu(t[0]);
      tb.SyncForCpu(t[1]);
      tb.CpuWrite(snd, cur, n);
      tb.SyncForDevice(t[0]);
      tb.SyncForDevice(t[1]);
      tb.DevRead(t[active], cur, n);
    }
    cur += n;
  }
  for (int l = 1; l >= 0; --l) {  // link 2 first: link 1's unmap does the cache maintenance
    tb.Unmap(r[l]);
    tb.Unmap(t[l]);
  }
}

// Virtio event queue (E9 vsock, E10 scsi, E11 input; M2). A driver struct from kmalloc:
// 32 bytes of CPU-written state, 8 event slots of `rec` bytes at stride `stride`, then 8
// bytes of CPU-written fields (lock, ready/event_run). Shapes (drawn from the seed):
// vsock-like 4-byte events, input-like 8-byte events, scsi-like 16-byte events in 48-byte
// nodes whose other 32 bytes are a work_struct. Each slot is mapped FROM_DEVICE
// (virtqueue_add_inbuf). Per event, in ring order: the device writes the slot; the driver
// unmaps it, reads it, takes the lock (CPU write of the trailing fields) or, scsi-like,
// queues the node's work (CPU write of the work_struct) — while the other slots are still
// mapped; sometimes it flips a state flag in the leading fields; then re-posts the slot.
void GenerateVirtio(GenContext& g) {
  GenTraceBuilder& tb = g.tb;
  const int dev = g.Device("virtio0");
  static constexpr uint64_t kRec[3] = {4, 8, 16};
  static constexpr uint64_t kStride[3] = {4, 8, 48};
  const int shape = static_cast<int>(g.rng.Below(3));
  const uint64_t rec = kRec[shape], stride = kStride[shape];
  constexpr int kSlots = 8;
  constexpr uint64_t kLead = 32, kTail = 8;
  const uint64_t struct_bytes = kLead + kSlots * stride + kTail;
  const KmallocObj obj = g.kmalloc.Alloc(struct_bytes);
  const int buf = tb.ReuseBuf("vdev", obj.addr, struct_bytes, BufKind::kKmalloc);
  tb.CpuWrite(buf, 0, struct_bytes);  // kzalloc + probe-time initialisation
  auto slot_off = [&](int i) { return kLead + static_cast<uint64_t>(i) * stride; };
  int h[kSlots];
  auto post = [&](int i) {
    h[i] = tb.Map(dev, Element{buf, slot_off(i), rec}, Direction::kFromDevice);
    tb.MappingError(h[i]);
  };
  for (int i = 0; i < kSlots; ++i) post(i);
  for (int k = 0; k < g.params.packets; ++k) {
    const int i = k % kSlots;
    tb.DevWrite(h[i], 0, rec);
    tb.Unmap(h[i]);
    tb.CpuRead(buf, slot_off(i), rec);
    if (stride > rec) {
      tb.CpuWrite(buf, slot_off(i) + rec, stride - rec);  // INIT_WORK / queue_work
    } else {
      tb.CpuWrite(buf, struct_bytes - kTail, kTail);  // spin_lock / ready
    }
    if (g.rng.Chance(1, 4)) tb.CpuWrite(buf, 0, 4);  // event_run / state flag
    post(i);
  }
  for (int i = 0; i < kSlots; ++i) tb.Unmap(h[i]);
}

// Small kmalloc objects (E3 usb hub->buffer / hub->status; C1 bounced kmalloc). 2..6
// objects of one size (8, 16, 32 or 64 bytes, from the seed) allocated back to back — they
// are adjacent when the platform's kmalloc minimum alignment allows it (kmalloc.h) — each
// mapped FROM_DEVICE and checked (a URB each). Per transfer on a random object: the device
// writes 1..size bytes, the driver unmaps, reads the result, sometimes clears the word
// (CPU write) before resubmitting, and maps it again.
void GenerateKmallocSmall(GenContext& g) {
  GenTraceBuilder& tb = g.tb;
  const int dev = g.Device("xhci0");
  static constexpr uint64_t kSizes[4] = {8, 16, 32, 64};
  const uint64_t size = kSizes[g.rng.Below(4)];
  const int n = static_cast<int>(g.rng.Range(2, 6));
  std::vector<int> buf(static_cast<size_t>(n)), h(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const KmallocObj o = g.kmalloc.Alloc(size);
    buf[i] = tb.ReuseBuf("k", o.addr, size, BufKind::kKmalloc);
    tb.CpuWrite(buf[i], 0, size);  // kzalloc
  }
  auto map = [&](int i) {
    h[i] = tb.Map(dev, Element{buf[i], 0, size}, Direction::kFromDevice);
    tb.MappingError(h[i]);
  };
  for (int i = 0; i < n; ++i) map(i);
  for (int k = 0; k < g.params.packets; ++k) {
    const int i = static_cast<int>(g.rng.Below(static_cast<uint64_t>(n)));
    tb.DevWrite(h[i], 0, g.rng.Range(1, size));
    tb.Unmap(h[i]);
    tb.CpuRead(buf[i], 0, size);
    if (g.rng.Chance(1, 3)) tb.CpuWrite(buf[i], 0, size);  // clear before resubmitting
    map(i);
  }
  for (int i = 0; i < n; ++i) tb.Unmap(h[i]);
}

}  // namespace dmasim::workload
