// The generator's trace builder: dmasim's TraceBuilder plus the generator's notion of buffer
// identity. The simulated stack hands out pages and slab objects again and again; a page or
// object reused later must be the same `buf` of the trace (so that sharing across reuse is
// seen), so buffers are declared on first use and found again by address, length and kind.
#ifndef DMASIM_MODEL_WORKLOAD_INTERNAL_GEN_TRACE_BUILDER_H_
#define DMASIM_MODEL_WORKLOAD_INTERNAL_GEN_TRACE_BUILDER_H_

#include <cstdint>
#include <tuple>

#include "absl/container/btree_map.h"
#include "absl/strings/string_view.h"
#include "model/trace/trace_builder.h"

namespace dmasim::workload {

// TraceBuilder with buffers found again by address, length and kind (file comment).
class GenTraceBuilder : public TraceBuilder {
 public:
  using TraceBuilder::TraceBuilder;

  // The buffer [at, at + len) of `kind`; declared on first use as <prefix><N>.
  int ReuseBuf(absl::string_view prefix, uint64_t at, uint64_t len, BufKind kind) {
    const auto key = std::make_tuple(at, len, static_cast<int>(kind));
    auto it = bufs_.find(key);
    if (it != bufs_.end()) return it->second;
    const int b = BufNamed(prefix, at, len, kind);
    bufs_.emplace(key, b);
    return b;
  }

 private:
  absl::btree_map<std::tuple<uint64_t, uint64_t, int>, int> bufs_;
};

}  // namespace dmasim::workload

#endif  // DMASIM_MODEL_WORKLOAD_INTERNAL_GEN_TRACE_BUILDER_H_
