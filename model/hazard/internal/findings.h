// The hazard oracle's finding list: kinds, merging and the canonical order.
//
// One finding per (op, line, kind): the same physical problem seen in many schedules, or
// for several bytes, is reported once, with the union of the mappings involved (the first
// one added first, the others in the order they were added). Output order is op, then line,
// then kind name: deterministic whatever the exploration order.
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_FINDINGS_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_FINDINGS_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/replay/observer.h"

namespace dmasim::hazard {

// Finding kinds (OracleFinding::kind).
inline constexpr absl::string_view kCpuWriteLost = "cpu-write-lost";
inline constexpr absl::string_view kDeviceWriteLost = "device-write-lost";
inline constexpr absl::string_view kStaleCpuRead = "stale-cpu-read";
inline constexpr absl::string_view kStaleDeviceRead = "stale-device-read";
inline constexpr absl::string_view kExposure = "exposure";

// The hazard findings of one replay, one per (op, line, kind), in canonical order.
class FindingSet {
 public:
  // Adds `f`, or merges it into the finding with the same (op, line, kind): handles are
  // united, `sharing` is or-ed, the first message stays.
  void Add(const OracleFinding& f);
  bool empty() const { return by_key_.empty(); }
  std::vector<OracleFinding> Sorted() const;

 private:
  std::map<std::tuple<int, uint64_t, std::string>, OracleFinding> by_key_;
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_FINDINGS_H_
