#include "model/trace/platform.h"

namespace dmasim {
namespace {

constexpr CacheOp N = CacheOp::kNone;
constexpr CacheOp WB = CacheOp::kWriteback;
constexpr CacheOp INV = CacheOp::kInvalidate;
constexpr CacheOp WBI = CacheOp::kWritebackInvalidate;

// Columns are indexed by Direction: {bidirectional, to_device, from_device}.
// Sources: SPEC §3; reference dma-debug.md §7 (arch/*/mm/dma*.c behaviour per era).
const std::vector<ArchPolicy>* MakeTable() {
  return new std::vector<ArchPolicy>{
      {"arc", false, {WBI, WB, INV}, {INV, N, INV}, EdgePolicy::kDrop, 0,
       "ARC: inv before from_device, wb+inv before bidirectional, inv after"},
      {"arm64", false, {WB, WB, WB}, {INV, N, INV}, EdgePolicy::kWritebackInvalidate, 0,
       "arm64 since 5.19: clean before every direction, inv after; partial lines written back"},
      {"arm64-4.x", false, {WB, WB, INV}, {INV, N, INV}, EdgePolicy::kWritebackInvalidate, 0,
       "arm64 before 5.19: inv before from_device, inv after; partial lines written back"},
      {"arm", false, {WB, WB, INV}, {INV, N, INV}, EdgePolicy::kWritebackInvalidate, 0,
       "ARMv7: inv before from_device, clean otherwise, inv after; partial lines written back"},
      {"riscv", false, {WB, WB, WB}, {INV, N, INV}, EdgePolicy::kDrop, 0,
       "riscv since 6.6: clean before, inv after; partial lines dropped"},
      {"riscv-6.1", false, {WBI, WB, WB}, {WBI, N, WBI}, EdgePolicy::kDrop, 0,
       "riscv before the 6.6 rework: never a plain invalidate"},
      {"mips", false, {WBI, WB, INV}, {N, N, N}, EdgePolicy::kDrop, 0,
       "MIPS without post-DMA flush (non-speculating CPUs)"},
      {"mips-spec", false, {WBI, WB, INV}, {INV, N, INV}, EdgePolicy::kDrop, 0,
       "MIPS with speculative CPUs: the for_device op is repeated after DMA"},
      {"coherent", true, {N, N, N}, {N, N, N}, EdgePolicy::kDrop, 0,
       "fully coherent: every device snoops, no maintenance"},
      {"x86", true, {N, N, N}, {N, N, N}, EdgePolicy::kDrop, 1,
       "x86_64: coherent, dma_get_cache_alignment() == 1 (no ARCH_DMA_MINALIGN)"},
  };
}

}  // namespace

const std::vector<ArchPolicy>& AllArchs() {
  static const std::vector<ArchPolicy>* table = MakeTable();
  return *table;
}

const ArchPolicy* FindArch(absl::string_view name) {
  for (const ArchPolicy& a : AllArchs()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

absl::string_view CacheOpName(CacheOp op) {
  switch (op) {
    case CacheOp::kNone: return "none";
    case CacheOp::kWriteback: return "wb";
    case CacheOp::kInvalidate: return "inv";
    case CacheOp::kWritebackInvalidate: return "wb+inv";
  }
  return "?";
}

uint32_t DefaultDmaAlign(absl::string_view arch, uint32_t line) {
  const ArchPolicy* a = FindArch(arch);
  return (a != nullptr && a->default_dma_align != 0) ? a->default_dma_align : line;
}

bool DeviceIsCoherent(const PlatformDecl& p, const DeviceDecl& dev) {
  const ArchPolicy* a = FindArch(p.arch);
  return dev.coherent || a == nullptr || a->all_coherent;
}

}  // namespace dmasim
