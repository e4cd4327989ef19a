#include "model/workload/skb_generator.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "model/trace/platform.h"
#include "model/trace/trace_parser.h"
#include "model/workload/internal/profiles.h"
#include "model/workload/internal/workloads.h"

namespace dmasim {

using workload::FindProfile;
using workload::GenContext;
using workload::ProfileKind;

absl::StatusOr<PlatformDecl> SkbPlatform(const std::string& arch, bool bounce_kmalloc) {
  const ArchPolicy* a = FindArch(arch);
  if (a == nullptr) {
    std::vector<std::string> names;
    for (const ArchPolicy& x : AllArchs()) names.emplace_back(x.name);
    return absl::InvalidArgumentError(
        absl::StrCat("unknown arch '", arch, "' (known: ", absl::StrJoin(names, ", "), ")"));
  }
  PlatformDecl p;
  p.arch = arch;
  p.line = 64;
  p.page = 4096;
  // The platform table's `mips` row is the non-speculating MIPS (no post-DMA invalidate):
  // such CPUs do not prefetch. Every other arch may.
  p.prefetch = arch != "mips";
  p.bounce_kmalloc = bounce_kmalloc;
  if (arch == "arm64" || arch == "arm64-4.x") {
    p.dma_align = 128;  // ARCH_DMA_MINALIGN
  } else if (a->default_dma_align != 0) {
    p.dma_align = a->default_dma_align;  // x86: 1
  } else {
    p.dma_align = 64;
  }
  return p;
}

std::vector<std::string> SkbProfileNames() {
  std::vector<std::string> out;
  for (const workload::Profile& p : workload::Profiles()) out.emplace_back(p.name);
  return out;
}

std::vector<SkbProfileInfo> SkbProfiles() {
  std::vector<SkbProfileInfo> out;
  for (const workload::Profile& p : workload::Profiles()) {
    out.push_back({std::string(p.name), std::string(p.driver), std::string(p.summary)});
  }
  return out;
}

absl::StatusOr<Trace> GenerateSkbTrace(const SkbParams& params) {
  const workload::Profile* prof = FindProfile(params.profile);
  if (params.profile.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no profile given (one of: ", absl::StrJoin(SkbProfileNames(), ", "), ")"));
  }
  if (prof == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("unknown profile '", params.profile,
                                                   "' (known: ",
                                                   absl::StrJoin(SkbProfileNames(), ", "), ")"));
  }
  if (params.packets < 1 || params.packets > kMaxSkbPackets) {
    return absl::InvalidArgumentError(
        absl::StrCat("packets must be in 1..", kMaxSkbPackets, " (got ", params.packets, ")"));
  }
  if (params.inflight < 1 || params.inflight > kMaxSkbInflight) {
    return absl::InvalidArgumentError(absl::StrCat("inflight must be in 1..", kMaxSkbInflight,
                                                   " (got ", params.inflight, ")"));
  }
  if (params.mss < 1 || params.mss > 9000) {
    return absl::InvalidArgumentError(
        absl::StrCat("mss must be in 1..9000 (got ", params.mss, ")"));
  }
  if (params.first_payload > 65536) {
    return absl::InvalidArgumentError(
        absl::StrCat("first_payload must be in 0..65536 (got ", params.first_payload, ")"));
  }
  if (params.small_percent > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("small_percent must be in 0..100 (got ", params.small_percent, ")"));
  }
  if (params.rx_buf != 0 && (params.rx_buf < 64 || params.rx_buf > 4096)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "rx_buf must be 0 (page halves) or in 64..4096 (got ", params.rx_buf, ")"));
  }
  if (params.bounce_kmalloc < -1 || params.bounce_kmalloc > 1 ||
      params.coherent_devices < -1 || params.coherent_devices > 1) {
    return absl::InvalidArgumentError("bounce_kmalloc / coherent_devices must be -1, 0 or 1");
  }
  bool bounce = params.bounce_kmalloc == 1;
  if (params.bounce_kmalloc == -1) {
    bounce = prof->kind == ProfileKind::kKmallocSmall && params.arch == "arm64";
  }
  absl::StatusOr<PlatformDecl> plat = SkbPlatform(params.arch, bounce);
  if (!plat.ok()) return plat.status();
  const ArchPolicy* a = FindArch(params.arch);
  const bool coherent =
      params.coherent_devices == -1 ? a->all_coherent : params.coherent_devices == 1;

  GenContext g(params, *plat, coherent, /*swiotlb=*/bounce);
  switch (prof->kind) {
    case ProfileKind::kDpaa2Tx:
    case ProfileKind::kMlx5Tx:
      workload::GenerateTx(g, prof->kind);
      break;
    case ProfileKind::kRxPagePool:
      workload::GenerateRx(g);
      break;
    case ProfileKind::kSmcR:
      workload::GenerateSmc(g, /*skip_second=*/false);
      break;
    case ProfileKind::kSmcRSkip:
      workload::GenerateSmc(g, /*skip_second=*/true);
      break;
    case ProfileKind::kVirtio:
      workload::GenerateVirtio(g);
      break;
    case ProfileKind::kKmallocSmall:
      workload::GenerateKmallocSmall(g);
      break;
  }
  return g.tb.Take();  // valid by construction (TraceBuilder checks it)
}

namespace {

// Reads bytes in order; past the end every read is 0 (so any input decodes).
class ByteReader {
 public:
  ByteReader(const uint8_t* d, size_t n) : d_(d), n_(d == nullptr ? 0 : n) {}
  uint8_t U8() { return i_ < n_ ? d_[i_++] : 0; }
  uint16_t U16() { return static_cast<uint16_t>(U8() | (U8() << 8)); }
  uint64_t U64() {
    uint64_t v = 0;
    for (int k = 0; k < 8; ++k) v |= static_cast<uint64_t>(U8()) << (8 * k);
    return v;
  }

 private:
  const uint8_t* d_;
  size_t n_;
  size_t i_ = 0;
};

}  // namespace

SkbParams DecodeSkbParams(const uint8_t* data, size_t size) {
  ByteReader r(data, size);
  SkbParams p;
  const std::vector<std::string> names = SkbProfileNames();
  p.profile = names[r.U8() % names.size()];
  const std::vector<ArchPolicy>& archs = AllArchs();
  p.arch = std::string(archs[r.U8() % archs.size()].name);
  p.seed = r.U64();
  p.packets = 1 + r.U8();              // 1..256
  p.inflight = 1 + r.U8() % 16;        // 1..16
  const uint8_t flags = r.U8();
  p.out_of_order = flags & 1;
  p.bounce_kmalloc = static_cast<int>(((flags >> 1) & 3) % 3) - 1;
  p.coherent_devices = static_cast<int>(((flags >> 3) & 3) % 3) - 1;
  p.mss = 1 + r.U16() % 9000;
  p.first_payload = r.U16() % 2048;
  p.small_percent = r.U8() % 101;
  const uint8_t rx = r.U8();
  p.rx_buf = rx == 0 ? 0 : 64 + (static_cast<uint32_t>(rx) * 16) % (4096 - 64 + 1);
  p.rx_build_skb = (flags & 0x20) == 0;
  return p;
}

SkbParams DecodeSkbParams(absl::Span<const uint8_t> bytes) {
  return DecodeSkbParams(bytes.data(), bytes.size());
}

}  // namespace dmasim
