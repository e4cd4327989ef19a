#include "model/workload/internal/profiles.h"

namespace dmasim::workload {

const std::vector<Profile>& Profiles() {
  static const std::vector<Profile>* table = new std::vector<Profile>{
      {"dpaa2-tx", ProfileKind::kDpaa2Tx, "fsl_dpaa2_eth Tx (dpaa2_eth_build_sg_fd)",
       "TCP skbs: kmalloc head + payload copied into the socket page_frag; skb_to_sgvec, "
       "dma_map_sg bidirectional; device reads; TX confirmation unmaps and frees"},
      {"mlx5-tx", ProfileKind::kMlx5Tx, "mlx5e_sq_xmit (mlx5e_txwqe_build_dsegs)",
       "TCP skbs as dpaa2-tx; head dma_map_single + dma_map_page per frag, to_device, each "
       "checked with dma_mapping_error"},
      {"rx-page-pool", ProfileKind::kRxPagePool,
       "page_pool RX ring, PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV (mvneta, igb-style halves)",
       "pages mapped once from_device with skip_cpu_sync; halves or fragments synced for the "
       "device over their device area on each post, the frame synced for the CPU on receive; "
       "build_skb writes the shinfo tail; held skbs released in or out of order; pages "
       "recycled; ring drained, pages unmapped at the end"},
      {"smc-r", ProfileKind::kSmcR, "net/smc SMC-R, two links (smcr_buf_map_link)",
       "RMB mapped from_device and sndbuf to_device on two RDMA devices; RDMA writes via the "
       "active link, syncs on every link, link failover"},
      {"smc-r-skip", ProfileKind::kSmcRSkip, "net/smc with DMA_ATTR_SKIP_CPU_SYNC on link 2",
       "as smc-r, the second link's mappings carry skip_cpu_sync"},
      {"virtio", ProfileKind::kVirtio, "virtio event queues (vsock/input/scsi)",
       "array of 4/8/16-byte event buffers in a kmalloc'd struct, each mapped from_device, "
       "with CPU-written fields (lock, flags, work_struct) in the same lines; refill"},
      {"kmalloc-small", ProfileKind::kKmallocSmall, "USB hub status/buffer (kmalloc-8 .. -64)",
       "adjacent small kmalloc objects each mapped from_device; device writes, unmap, CPU "
       "read, occasional CPU clear, re-map"},
  };
  return *table;
}

const Profile* FindProfile(absl::string_view name) {
  for (const Profile& p : Profiles()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace dmasim::workload
