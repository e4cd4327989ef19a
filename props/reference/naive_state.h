// The naive reference's state and hooks (naive_dma_debug.h), shared by its two .cc files:
// naive_dma_debug.cc (map paths, the cacheline rules, err_printk) and naive_unmap_sync.cc
// (lookups, unmap, sync, unbind).
#ifndef DMASIM_PROPS_REFERENCE_NAIVE_STATE_H_
#define DMASIM_PROPS_REFERENCE_NAIVE_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/replay/observer.h"
#include "props/reference/naive_dma_debug.h"

namespace dmasim::props::naive {

enum class Type { kSingle, kPhy, kSg };
enum class MapErr { kNotApplicable, kNotChecked, kChecked };

// A dma_debug_entry (§1.2), or a reference entry built by a hook.
struct Entry {
  int slot = -1;       // storage slot (live entries only)
  int handle = -1;     // the trace handle that created it
  int dev = -1;
  Type type = Type::kSingle;
  uint64_t dev_addr = 0;
  uint64_t size = 0;
  Direction dir = Direction::kBidirectional;
  int sg_call_ents = 0;
  int sg_mapped_ents = 0;
  uint64_t phys = 0;
  MapErr map_err = MapErr::kNotApplicable;
  uint32_t attrs = 0;
};

// One active cacheline (§2.1-§2.5).
struct ActiveLine {
  uint64_t cln = 0;
  int owner_slot = -1;  // the first inserter's storage, never re-pointed
  int extra = 0;        // 0..7
};

// One slot of entry storage: what a stale owner pointer reads (§2.5).
struct Slot {
  uint32_t attrs = 0;
  int handle = -1;
};

class NaiveChecker : public Checker {
 public:
  NaiveChecker(const Rules& rules, const CheckerOptions& options)
      : rules_(rules), options_(options), show_left_(options.num_errors) {}

  void Begin(const ReplayEnv& env) override;
  void OnOp(const OpEvent& e) override;
  const std::vector<CheckerReport>& reports() const override { return reports_; }

 private:
  // naive_dma_debug.cc
  void OnMap(const OpEvent& e);
  void OnMapSg(const OpEvent& e);
  void CheckMemoryKind(int op, int handle, int buf, uint64_t len);
  void AddEntry(int op, Entry e, uint32_t attrs);
  void RemoveLine(const Entry& e);
  void MappingErrorHook(int dev, uint64_t dev_addr);
  bool Rejected(const Mapping& m) const;
  uint64_t HandleAddr(const Mapping& m) const;
  void ErrPrintk(CheckerReport r);
  void Uncounted(CheckerReport r);  // pr_err, WARN_ONCE
  static CheckerReport Make(int op, const char* kind, std::vector<int> handles);

  // naive_unmap_sync.cc
  void OnUnmap(const OpEvent& e);
  void OnUnmapSg(const OpEvent& e);
  void OnSyncSingle(const OpEvent& e, bool to_cpu);
  void OnSyncSg(const OpEvent& e, bool to_cpu);
  void OnUnbind(const OpEvent& e);
  std::vector<Entry> SgRefs(const OpEvent& e, int nelems) const;
  std::optional<size_t> FindExact(const Entry& ref) const;
  std::optional<size_t> FindContaining(const Entry& ref) const;
  std::optional<size_t> BestFit(const Entry& ref, const std::vector<size_t>& candidates) const;
  void CheckUnmap(int op, int handle, const Entry& ref);
  void CheckSync(int op, int handle, const Entry& ref, bool to_cpu);
  uint64_t Bucket(uint64_t dev_addr) const { return (dev_addr >> 13) & (rules_.hash_size - 1); }

  Rules rules_;
  CheckerOptions options_;
  ReplayEnv env_;
  std::vector<Entry> live_;         // insertion order
  std::vector<Slot> slots_;
  std::vector<int> free_slots_;     // LIFO: back() is reused first
  std::vector<ActiveLine> lines_;
  bool overflow_warned_ = false;
  uint32_t show_left_;
  uint32_t error_count_ = 0;
  std::vector<CheckerReport> reports_;
};

}  // namespace dmasim::props::naive

#endif  // DMASIM_PROPS_REFERENCE_NAIVE_STATE_H_
