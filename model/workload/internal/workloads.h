// Internal: the state every profile's generator shares, and one entry point per profile
// family. Not part of the public API (that is skb_generator.h).
#ifndef DMASIM_MODEL_WORKLOAD_INTERNAL_WORKLOADS_H_
#define DMASIM_MODEL_WORKLOAD_INTERNAL_WORKLOADS_H_

#include <cstdint>

#include "model/workload/internal/kmalloc.h"
#include "model/workload/internal/page_alloc.h"
#include "model/base/prng.h"
#include "model/workload/internal/profiles.h"
#include "model/workload/skb_generator.h"
#include "model/workload/internal/gen_trace_builder.h"

namespace dmasim::workload {

// Synthetic physical base of generated memory (a typical arm64 DRAM base).
inline constexpr uint64_t kPhysBase = 0x80000000;

// Everything one generation run shares: params, PRNG, allocators, the builder.
struct GenContext {
  GenContext(const SkbParams& p, const PlatformDecl& plat, bool coherent_devs, bool swiotlb)
      : params(p),
        rng(p.seed),
        pages(kPhysBase, plat.page),
        kmalloc(&pages, KmallocMinAlign(plat)),
        tb(plat),
        line(plat.line),
        coherent_devices(coherent_devs),
        swiotlb(swiotlb) {}

  int Device(const char* name) {
    DeviceDecl d;
    d.name = name;
    d.coherent = coherent_devices;
    d.swiotlb = swiotlb;
    return tb.Device(d);
  }
  // Index of the next completion among n in flight: the oldest, or a random one.
  int PickCompletion(int n) {
    return params.out_of_order ? static_cast<int>(rng.Below(static_cast<uint64_t>(n))) : 0;
  }

  const SkbParams& params;
  Rng rng;
  PageAllocator pages;
  Kmalloc kmalloc;
  GenTraceBuilder tb;
  uint64_t line;
  bool coherent_devices;
  bool swiotlb;
};

void GenerateTx(GenContext& g, ProfileKind kind);        // dpaa2-tx, mlx5-tx
void GenerateRx(GenContext& g);                          // rx-page-pool
void GenerateSmc(GenContext& g, bool skip_second);       // smc-r, smc-r-skip
void GenerateVirtio(GenContext& g);                      // virtio
void GenerateKmallocSmall(GenContext& g);                // kmalloc-small

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_INTERNAL_WORKLOADS_H_
