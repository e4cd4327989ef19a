// The skb fragment-layout workload generator (SPEC §5, project issue 5): from a small
// parameter block and a seed, a Trace as the network stack and one driver profile would
// produce it. Deterministic: the same SkbParams give the same Trace (and the same canonical
// text) on every run and build.
//
// Platform per arch (`platform` line of the generated trace): line 64, page 4096,
// prefetch yes except on `mips` (the table's non-speculating MIPS, which is why it has no
// post-DMA invalidate), and dma_align = ARCH_DMA_MINALIGN: arm64 / arm64-4.x 128; riscv, riscv-6.1,
// arm, arc, mips, mips-spec, coherent 64; x86 1. Devices are non-coherent on a non-coherent
// arch unless `coherent_devices` says otherwise.
#ifndef DMASIM_MODEL_WORKLOAD_SKB_GENERATOR_H_
#define DMASIM_MODEL_WORKLOAD_SKB_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "model/trace/trace.h"

namespace dmasim {

inline constexpr int kMaxSkbPackets = 4096;
inline constexpr int kMaxSkbInflight = 64;

// The generator's parameter block: one profile, one seed, the knobs (ranges below).
struct SkbParams {
  std::string profile;
  uint64_t seed = 1;
  int packets = 8;             // packets / RX buffers / events / RDMA transfers: 1..4096
  std::string arch = "arm64";  // a row of the platform table (platform.h)
  int inflight = 4;            // TX skbs in flight / RX ring size / held RX skbs: 1..64
  bool out_of_order = false;   // completions (TX) / releases (RX) in random order
  uint32_t mss = 1448;         // TCP payload of a full segment: 1..9000
  uint32_t first_payload = 48; // payload of the first TX skb, the second then carries a
                               // full mss (0: both drawn like the rest); 48 then 1448 is
                               // incident E1's layout
  uint32_t small_percent = 25; // chance (%) that a later TX skb carries a small payload
  uint32_t rx_buf = 0;         // RX buffer size: 0 = page halves, else a page_pool fragment
                               // size (64..page; rounded up to the L1 line)
  bool rx_build_skb = true;    // RX: build_skb around the buffer (shinfo in its tail) when it
                               // has room; else headers copied out, page attached as a frag
  int bounce_kmalloc = -1;     // CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC: -1 auto (on only for
                               // kmalloc-small on arm64), 0 off, 1 on (devices get swiotlb)
  int coherent_devices = -1;   // -1 auto (coherent iff the arch is), 0 no, 1 yes
};

// InvalidArgument for an unknown profile or arch, or a knob out of range.
absl::StatusOr<Trace> GenerateSkbTrace(const SkbParams& params);

// The profile names, in a fixed order.
std::vector<std::string> SkbProfileNames();

// The profiles with what they imitate and what their traces hold (`dmasim gen skb --profile
// list`), in the same order.
struct SkbProfileInfo {
  std::string name;
  std::string driver;
  std::string summary;
};
std::vector<SkbProfileInfo> SkbProfiles();

// Fuzzer bytes -> params. Total: any bytes (including none) give params GenerateSkbTrace
// accepts; sizes are capped so that decoding and generation stay small (<= 256 packets).
// Byte layout (bytes past the end read as 0): profile, arch, seed (8, little endian),
// packets-1, inflight-1 (mod 16), flags, mss (2), first_payload (2), small_percent, rx_buf.
// flags: bit 0 out_of_order; bits 1-2 and 3-4 bounce_kmalloc and coherent_devices (the
// 2-bit value mod 3, minus 1: auto, off, on); bit 5 set clears rx_build_skb. Every field is
// reduced into its valid range on its own, so a mutated byte changes one knob.
SkbParams DecodeSkbParams(const uint8_t* data, size_t size);
SkbParams DecodeSkbParams(absl::Span<const uint8_t> bytes);

// The platform the generator uses for `arch` (see above); InvalidArgument if unknown.
absl::StatusOr<PlatformDecl> SkbPlatform(const std::string& arch, bool bounce_kmalloc);

}  // namespace dmasim

#endif  // DMASIM_MODEL_WORKLOAD_SKB_GENERATOR_H_
