// GranuleIndex: which live mapping elements cover which dma_align granules, as an interval
// map over granule numbers (the data structure of the `exact` checker).
//
// The granule axis is split into *runs*: maximal ranges of granules covered by the same set
// of elements. Runs are keys of an absl::btree_map (start granule -> run), so finding the
// runs of a granule range is O(log n) plus the runs visited. The map is kept canonical:
// adjacent runs never hold the same set (Remove merges at the two boundaries the removed
// element introduced), so the number of runs is at most 2 x live elements and a big
// mapping alone in its region is one run whatever its size.
//
// Cost per Insert/Remove/ForEachRun: O(log n + r * k) for r runs in the range holding k
// entries each: O(log n) plus the neighbours that actually share granules with the range.
#ifndef DMASIM_MODEL_CONTRACT_INTERNAL_GRANULE_INDEX_H_
#define DMASIM_MODEL_CONTRACT_INTERNAL_GRANULE_INDEX_H_

#include <cstdint>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/functional/function_ref.h"

namespace dmasim {

// One element of one live mapping: bytes [phys, phys + len), len >= 1.
struct GranuleEntry {
  int handle = -1;
  int elem = -1;
  uint64_t phys = 0;
  uint64_t len = 0;
  // Entries are identified by (handle, elem); a run keeps them sorted by it.
  bool operator<(const GranuleEntry& o) const {
    return handle != o.handle ? handle < o.handle : elem < o.elem;
  }
  bool operator==(const GranuleEntry& o) const {
    return handle == o.handle && elem == o.elem;
  }
};

// The live elements per dma_align granule, as canonical runs (see the file comment).
class GranuleIndex {
 public:
  explicit GranuleIndex(uint64_t align);

  uint64_t align() const { return align_; }
  uint64_t FirstGranule(const GranuleEntry& e) const { return e.phys >> shift_; }
  uint64_t LastGranule(const GranuleEntry& e) const { return (e.phys + e.len - 1) >> shift_; }

  // Adds an element (not present yet, len >= 1).
  void Insert(const GranuleEntry& e);
  // Removes an element previously inserted.
  void Remove(const GranuleEntry& e);

  // Calls f(first, last, entries) for every run meeting granules [g0, g1], ascending, with
  // [first, last] the part of the run inside [g0, g1] (inclusive granule numbers).
  void ForEachRun(uint64_t g0, uint64_t g1,
                  absl::FunctionRef<void(uint64_t, uint64_t, const std::vector<GranuleEntry>&)>
                      f) const;

  size_t run_count() const { return runs_.size(); }
  // Verifies the representation invariants (sorted, disjoint, non-empty, canonical, every
  // entry covering its whole run); aborts on violation. For tests.
  void CheckInvariants() const;

 private:
  // A maximal granule range covered by one set of elements.
  struct Run {
    uint64_t end = 0;  // exclusive granule number
    std::vector<GranuleEntry> entries;  // sorted, non-empty
  };
  using Map = absl::btree_map<uint64_t, Run>;

  // Ensures no run strictly contains the boundary g (splits it there).
  void SplitAt(uint64_t g);
  // Merges the run ending at g with the run starting at g when they hold the same set.
  void MergeAt(uint64_t g);

  uint64_t align_;  // a power of two
  int shift_;       // log2(align_)
  Map runs_;
};

}  // namespace dmasim

#endif  // DMASIM_MODEL_CONTRACT_INTERNAL_GRANULE_INDEX_H_
