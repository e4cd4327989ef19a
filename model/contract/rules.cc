#include "model/contract/rules.h"

#include "model/base/check.h"

namespace dmasim {

const std::vector<ContractRule>& ContractRules() {
  static const std::vector<ContractRule>* const kRules = new std::vector<ContractRule>{
      // Sharing (rules 2, 3, 12): classified, reproduced by `exact`.
      {rule::kSharing, true,
       "live mappings of different regions share a dma_align granule"},
      {rule::kSharingWithinSg, true,
       "elements of one sg mapping are different regions sharing a dma_align granule"},
      {rule::kCpuWriteSharedLine, true,
       "CPU write next to a device-owned from_device/bidirectional mapping, in a granule "
       "it shares"},
      // Ownership (rules 1, 4, 5).
      {rule::kOwnershipCpuWrite, false, "CPU write to bytes the device owns"},
      {rule::kOwnershipCpuRead, false,
       "CPU read of bytes a device owns through a from_device/bidirectional mapping"},
      {rule::kCpuWriteDirection, false,
       "CPU write to a live from_device mapping (the driver must treat it as read-only)"},
      {rule::kDeviceAccessNotMapped, false,
       "device access through a handle that is not mapped"},
      {rule::kDeviceAccessOutside, false, "device access past the end of its mapping"},
      {rule::kDeviceAccessCpuOwned, false,
       "device access to mapped bytes the CPU owns (after sync_for_cpu)"},
      {rule::kDeviceWriteDirection, false,
       "device write to a to_device mapping (the device must treat it as read-only)"},
      // Parameters (rules 6, 7).
      {rule::kUnmapNotMapped, false,
       "unmap of a handle that is not mapped (double unmap or failed mapping)"},
      {rule::kUnmapWrongFunction, false,
       "unmap with the wrong function (single vs sg)"},
      {rule::kUnmapSize, false, "unmap size differs from the mapped size"},
      {rule::kUnmapDirection, false, "unmap direction differs from the mapped direction"},
      {rule::kUnmapNents, false, "unmap_sg nents differs from the nents passed to map_sg"},
      {rule::kSyncNotMapped, false, "sync of a handle that is not mapped"},
      {rule::kSyncOutside, false, "sync range extends past the end of the mapping"},
      {rule::kSyncDirection, false, "sync direction differs from the mapped direction"},
      {rule::kSyncNents, false, "sync_sg nents differs from the nents passed to map_sg"},
      // Mapping life cycle (rules 8, 9).
      {rule::kMappingErrorUnchecked, false,
       "dma_map_single/page result used or dropped without dma_mapping_error()"},
      {rule::kSgRemap, false,
       "sg list mapped again while its earlier mapping is live"},
      {rule::kLeakAtUnbind, false, "mapping still live when its device's driver is unbound"},
      {rule::kLeakAtEnd, false, "mapping still live at the end of the trace"},
      // Memory kinds (rule 3).
      {rule::kStackBuffer, false, "mapping of stack memory"},
      {rule::kVmallocBuffer, false, "mapping of vmalloc memory"},
      {rule::kRodataBuffer, false, "mapping of kernel text/rodata"},
  };
  return *kRules;
}

const ContractRule& FindContractRule(absl::string_view id) {
  for (const ContractRule& r : ContractRules()) {
    if (r.id == id) return r;
  }
  DMASIM_CHECK(false && "unknown contract rule id");
  return ContractRules().front();
}

}  // namespace dmasim
