// The buffers of an imported trace: one per physical range that mappings cover, ranges
// that overlap merged into one (so two mappings sharing bytes share a buffer and the
// sharing stays exact), named b0, b1, ... in address order. Built in the importer's first
// pass, looked up in the second. Memory: one entry per merged range.
#ifndef DMASIM_MODEL_IMPORT_BUFFER_LAYOUT_H_
#define DMASIM_MODEL_IMPORT_BUFFER_LAYOUT_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"

namespace dmasim::import {

// Merged physical ranges [start, end) and the lookup of an address in them.
class BufferLayout {
 public:
  // Adds [start, start + len) (len 0 counts as 1 byte: a mapping of size 0 still names an
  // address). The range must not wrap (callers check).
  void Add(uint64_t start, uint64_t len);
  size_t size() const { return frozen_.empty() ? ranges_.size() : frozen_.size(); }

  // The buffer holding [phys, phys + len) (len 0: the byte at phys) and the offset in it;
  // nullopt if no single buffer holds it. Indices follow address order.
  std::optional<std::pair<int, uint64_t>> Find(uint64_t phys, uint64_t len) const;
  // Buffer i's range, in address order.
  std::pair<uint64_t, uint64_t> Range(int i) const;

  // Freezes the layout (after the first pass): Find and Range need it.
  void Freeze();

 private:
  absl::btree_map<uint64_t, uint64_t> ranges_;  // start -> end
  std::vector<std::pair<uint64_t, uint64_t>> frozen_;
};

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_BUFFER_LAYOUT_H_
