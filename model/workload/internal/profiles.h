// The driver profiles of the skb workload generator, as a table (fixed order).
#ifndef DMASIM_MODEL_WORKLOAD_INTERNAL_PROFILES_H_
#define DMASIM_MODEL_WORKLOAD_INTERNAL_PROFILES_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace dmasim::workload {

// Which driver profile generates the trace.
enum class ProfileKind {
  kDpaa2Tx,      // skb_to_sgvec + one dma_map_sg BIDIRECTIONAL per skb (incident E1)
  kMlx5Tx,       // head dma_map_single + dma_map_page per frag, TO_DEVICE
  kRxPagePool,   // page_pool halves/fragments, dma_map_page FROM_DEVICE per RX buffer
  kSmcR,         // one RMB/sndbuf mapped for two RDMA devices (incident E2)
  kSmcRSkip,     // the same, the second link's mappings carry skip_cpu_sync (c2bbf9d1e9ac)
  kVirtio,       // small FROM_DEVICE event buffers next to CPU-written fields (E9-E11, M2)
  kKmallocSmall, // adjacent 8..64-byte kmalloc objects, each mapped FROM_DEVICE (E3, C1)
};

// A profile's name, the driver it imitates and what its traces hold.
struct Profile {
  absl::string_view name;
  ProfileKind kind;
  absl::string_view driver;   // what it imitates
  absl::string_view summary;  // what the generated trace holds
};

const std::vector<Profile>& Profiles();
const Profile* FindProfile(absl::string_view name);  // nullptr when unknown

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_INTERNAL_PROFILES_H_
