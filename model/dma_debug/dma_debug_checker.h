// The dma-debug checker: one model of the kernel's CONFIG_DMA_API_DEBUG, driven by an
// EraProfile (era.h), so that every era is the same code with different switches.
//
// What each trace op becomes (the kernel hook it stands for):
//   map            dma_map_single/map_page -> [debug_dma_map_single] + debug_dma_map_page
//                  (entry type "single"; "phy" from 6.18). A map the DMA layer refuses
//                  (require_coherent on a non-coherent device: before the hook in 7.3)
//                  leaves no entry; the dma_mapping_error() the model still runs for it
//                  looks for DMA_MAPPING_ERROR, an address no entry has, so nothing differs. A vmalloc buffer is refused by
//                  dma_map_single from 5.9 (DMA_MAPPING_ERROR, no dma-debug message); a
//                  stack buffer is taken as mapped by page (so the stack check runs).
//   map_sg         dma_map_sg -> debug_dma_map_sg (only when it mapped > 0 segments): one
//                  sg entry per mapped DMA segment, CPU side = the i-th original element;
//                  check_sg_segment per entry where the era runs it (era.h).
//   mapping_error  dma_mapping_error -> debug_dma_mapping_error (segment 0 for sg handles).
//   unmap          dma_unmap_single at the handle's dev_addr (segment 0 of an sg handle).
//   unmap_sg       dma_unmap_sg over the handle's list (a single handle is a 1-element list).
//   sync_*         dma_sync_single[_range]_* or dma_sync_sg_* (sg handles). The single
//                  hooks build a "single" reference, also where entries are "phy".
//   unbind         the bus notifier's BUS_NOTIFY_UNBOUND_DRIVER leak check.
// A failed mapping (DMA layer) is untracked; later calls on it pass DMA_MAPPING_ERROR.
// dma_mapping_error() itself is called inside debug_dma_map_page and in check_unmap's
// not-found path, and both calls mark entries CHECKED exactly as the kernel's do.
//
// Reports follow CheckerReport's contract (observer.h): exact texts (messages.h), kinds,
// `printed` per err_printk / pr_err / WARN_ONCE, `overlap` for EEXIST and the overflow WARN,
// `handles` = the mapping the report is about first, `line` = byte address of the line.
// Deterministic: no hash-container iteration, no addresses of our own objects in output.
#ifndef DMASIM_MODEL_DMA_DEBUG_DMA_DEBUG_CHECKER_H_
#define DMASIM_MODEL_DMA_DEBUG_DMA_DEBUG_CHECKER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "model/dma_debug/internal/cacheline_tree.h"
#include "model/dma_debug/internal/entry_hash.h"
#include "model/dma_debug/era.h"
#include "model/dma_debug/internal/error_reporter.h"
#include "model/replay/observer.h"

namespace dmasim {

// Factories for the registry. The EraId form runs the version the era id names; the
// ResolvedEra form also applies the version-keyed details (use it for "linux-6.1").
std::unique_ptr<Checker> MakeDmaDebugChecker(EraId era, const CheckerOptions& options);
std::unique_ptr<Checker> MakeDmaDebugChecker(const ResolvedEra& resolved,
                                             const CheckerOptions& options);

namespace dma_debug {

// The checker itself (exposed for tests; others use the factories).
class DmaDebugChecker : public Checker {
 public:
  DmaDebugChecker(const EraProfile& profile, const CheckerOptions& options);

  void Begin(const ReplayEnv& env) override;
  void OnOp(const OpEvent& e) override;
  const std::vector<CheckerReport>& reports() const override { return reporter_->reports(); }
  uint64_t reports_not_listed() const override { return reporter_->not_listed(); }

  const EraProfile& profile() const { return profile_; }
  uint32_t error_count() const { return reporter_->error_count(); }

 private:
  // One original element of the list an sg hook walks.
  struct SgElem {
    uint64_t phys = 0;
    uint64_t dma_addr = 0;
    uint64_t dma_len = 0;
  };

  // Map paths (dma_debug_checker.cc).
  void OnMap(const OpEvent& e);
  void OnMapSg(const OpEvent& e);
  void CheckStack(int op, int handle, int dev, uint64_t phys);
  void CheckRodata(int op, int handle, int dev, uint64_t phys, uint64_t len);
  void CheckSgSegment(int op, const Mapping& m, int i);  // check_sg_segment for entry i
  void AddEntry(int op, int id, uint32_t attrs);
  bool MappingError(int dev, uint64_t dev_addr);  // dma_mapping_error(), with its hook
  std::optional<int> AllocEntry(int op);  // dma_entry_alloc; nullopt: pool empty, now off

  // Unmap / sync / unbind paths (unmap_sync.cc).
  void OnUnmap(const OpEvent& e);
  void OnUnmapSg(const OpEvent& e);
  void OnSync(const OpEvent& e, bool to_cpu);
  void OnUnbind(const OpEvent& e);
  // Returns whether an entry was found (and consumed).
  bool CheckUnmap(int op, int handle, const Entry& ref);
  void CheckSync(int op, int handle, const Entry& ref, bool to_cpu);
  int NrMappedEntries(const Entry& ref) const;
  std::vector<SgElem> SgList(const Mapping& m) const;
  // The reference entry for element i of an sg walk over `nelems` entries (unmap_sg,
  // sync_sg_*): an index past the real list is a zeroed entry (sg_init_table).
  Entry SgRef(const Mapping& m, const std::vector<SgElem>& list, int i, int nelems,
              Direction dir) const;

  // Helpers.
  uint64_t HandleAddr(const Mapping& m) const;  // what the driver got back from map
  bool Rejected(const Mapping& m) const;
  uint64_t Cln(uint64_t phys) const { return phys / line_; }
  absl::string_view TypeName(EntryType t) const;
  // The type of map/unmap entries and references of single mappings in this era.
  EntryType MapEntryType() const {
    return profile_.phy_entries ? EntryType::kPhy : EntryType::kSingle;
  }
  CheckerReport Report(int op, absl::string_view kind, std::string message,
                       std::vector<int> handles) const;
  static std::vector<int> Handles(int first, int second);

  EraProfile profile_;
  CheckerOptions options_;
  ReplayEnv env_;
  uint64_t line_ = 64;
  std::optional<EntryHash> hash_;
  CachelineTree tree_;
  std::optional<ErrorReporter> reporter_;
  bool overflow_warned_ = false;  // WARN_ONCE flag of active_cacheline_inc_overlap
  bool disabled_ = false;         // global_disable: every hook is a no-op
};

}  // namespace dma_debug
}  // namespace dmasim

#endif  // DMASIM_MODEL_DMA_DEBUG_DMA_DEBUG_CHECKER_H_
