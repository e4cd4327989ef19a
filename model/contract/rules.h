// The contract's rules: the documented streaming-DMA rules (reference dma-debug.md §6) as
// stable ids with one-line texts. docs/oracles.md ("Contract oracle") explains each rule,
// the decisions behind it and the documentation it comes from.
//
// Ids are part of dmasim's interface (expect lines, JSON, repro files): never rename one;
// add a new id instead. Rules with `sharing` = true are the ones a classifier pairs with
// checker overlap reports and the ones the `exact` checker reproduces.
#ifndef DMASIM_MODEL_CONTRACT_RULES_H_
#define DMASIM_MODEL_CONTRACT_RULES_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/trace/trace.h"

namespace dmasim {

// One documented rule: its stable id, its one-line text, whether it is about sharing.
struct ContractRule {
  absl::string_view id;    // kebab-case, stable
  bool sharing;            // a finding of this rule is a sharing finding (classified)
  absl::string_view text;  // one line: what was violated
};

// Every rule, in a fixed order (the order of docs/oracles.md).
const std::vector<ContractRule>& ContractRules();
// The rule with this id; aborts (DMASIM_CHECK) on an unknown id: ids are compile-time facts.
const ContractRule& FindContractRule(absl::string_view id);

// Rule ids, so that code never spells one twice.
namespace rule {
inline constexpr absl::string_view kSharing = "sharing";
inline constexpr absl::string_view kSharingWithinSg = "sharing-within-sg";
inline constexpr absl::string_view kCpuWriteSharedLine = "cpu-write-shared-line";
inline constexpr absl::string_view kOwnershipCpuWrite = "ownership-cpu-write";
inline constexpr absl::string_view kOwnershipCpuRead = "ownership-cpu-read";
inline constexpr absl::string_view kCpuWriteDirection = "cpu-write-direction";
inline constexpr absl::string_view kDeviceAccessNotMapped = "device-access-not-mapped";
inline constexpr absl::string_view kDeviceAccessOutside = "device-access-outside-mapping";
inline constexpr absl::string_view kDeviceAccessCpuOwned = "device-access-cpu-owned";
inline constexpr absl::string_view kDeviceWriteDirection = "device-write-direction";
inline constexpr absl::string_view kUnmapNotMapped = "unmap-not-mapped";
inline constexpr absl::string_view kUnmapWrongFunction = "unmap-wrong-function";
inline constexpr absl::string_view kUnmapSize = "unmap-size";
inline constexpr absl::string_view kUnmapDirection = "unmap-direction";
inline constexpr absl::string_view kUnmapNents = "unmap-nents";
inline constexpr absl::string_view kSyncNotMapped = "sync-not-mapped";
inline constexpr absl::string_view kSyncOutside = "sync-outside";
inline constexpr absl::string_view kSyncDirection = "sync-direction";
inline constexpr absl::string_view kSyncNents = "sync-nents";
inline constexpr absl::string_view kMappingErrorUnchecked = "mapping-error-unchecked";
inline constexpr absl::string_view kSgRemap = "sg-remap";
inline constexpr absl::string_view kStackBuffer = "stack-buffer";
inline constexpr absl::string_view kVmallocBuffer = "vmalloc-buffer";
inline constexpr absl::string_view kRodataBuffer = "rodata-buffer";
inline constexpr absl::string_view kLeakAtUnbind = "leak-at-unbind";
inline constexpr absl::string_view kLeakAtEnd = "leak-at-end";
}  // namespace rule

// "Clean" in the sense of rule 12: the caller promised the CPU does not dirty lines shared
// with this mapping (DMA_ATTR_DEBUGGING_IGNORE_CACHELINES); DMA_ATTR_REQUIRE_COHERENT counts
// as the same promise, as in the kernel (a successful require_coherent mapping needs no
// cache maintenance at all).
inline bool IsCleanMapping(uint32_t attrs) {
  return (attrs & (kAttrClean | kAttrRequireCoherent)) != 0;
}

// Whether two mappings of *different* regions may share a granule under the contract:
// both only read by their devices (to_device: cleaning a line is non-destructive), or both
// carry the clean promise (rule 12 wants it from every mapping that shares the line, which
// is the pairwise condition). skip_cpu_sync is deliberately no exemption: it is about one
// region mapped for several devices (rule 11), not about different regions.
inline bool SharingExempt(Direction a, uint32_t attrs_a, Direction b, uint32_t attrs_b) {
  if (a == Direction::kToDevice && b == Direction::kToDevice) return true;
  return IsCleanMapping(attrs_a) && IsCleanMapping(attrs_b);
}

// The same test as two bits per mapping (1: to_device, 2: clean): SharingExempt(a, b) iff
// SharingClass(a) & SharingClass(b) is not 0. For `exact`'s inner loop, which then needs
// no look-up of the other mapping.
inline uint8_t SharingClass(Direction d, uint32_t attrs) {
  return static_cast<uint8_t>((d == Direction::kToDevice ? 1 : 0) |
                              (IsCleanMapping(attrs) ? 2 : 0));
}

}  // namespace dmasim

#endif  // DMASIM_MODEL_CONTRACT_RULES_H_
