// Internal to model/hazard: the hazard oracle's observer class, shared by its four
// implementation files:
//   hazard_oracle.cc  op dispatch, device ownership windows, implicit accesses, verdict;
//   kernel_ops.cc     what a CPU access, device access, cache op or swiotlb copy does to
//                     the lines it touches, in the kernel's order;
//   oracle_report.cc  per-line hits -> findings (handles, sharing, message), exposure;
//   bounce_links.cc   checks joining a bounced buffer byte with its swiotlb slot byte.
// Semantics: hazard_oracle.h and docs/hazard-oracle.md.
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_ORACLE_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_ORACLE_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/base/check.h"
#include "model/hazard/hazard_oracle.h"
#include "model/hazard/internal/findings.h"
#include "model/hazard/internal/line_explorer.h"
#include "model/hazard/internal/spans.h"
#include "model/hazard/internal/versions.h"
#include "model/hazard/internal/witness_run.h"
#include "model/trace/platform.h"

namespace dmasim::hazard {

// Why an event happens, for findings: the op it belongs to, the mapping whose call or
// access it is (-1: none), and a few words for the message.
struct Cause {
  int op = -1;
  int handle = -1;
  std::string what;
};

// "cpu-write-lost", ... (findings.h) for a per-line hit kind.
absl::string_view HitKindName(HitKind k);

inline bool WritesToDevice(Direction d) { return d != Direction::kFromDevice; }   // to/bidi
inline bool WritesFromDevice(Direction d) { return d != Direction::kToDevice; }   // from/bidi

// The hazard oracle for one platform: an Observer fed by the replayer. One replay per
// Begin (Begin resets everything, so an instance may be reused for another replay).
class HazardOracle final : public Oracle {
 public:
  HazardOracle(const PlatformDecl& platform, const HazardOptions& options)
      : platform_(platform), options_(options) {
    SetPlatform(platform);
  }

  void Begin(const ReplayEnv& env) override {
    DMASIM_CHECK(env.trace != nullptr && env.dma != nullptr);
    trace_ = env.trace;
    dma_ = env.dma;
    SetPlatform(env.platform);
    versions_ = VersionTable();
    // Only a bounce copy makes versions roam between bytes (versions.h).
    bool may_bounce = false;
    for (const DeviceDecl& d : trace_->devices) may_bounce |= d.swiotlb || d.force_bounce;
    versions_.set_roaming(may_bounce);
    lines_.clear();
    findings_ = FindingSet();
    bounded_.clear();
    gave_up_ = false;
    gave_up_op_ = current_op_ = -1;
    sink_.reset();
    windows_.assign(trace_->handles.size(), Window{});
    live_bounced_.clear();
    copied_back_.clear();
    coverage_ = BufferCoverage(*trace_);
    open_on_line_.clear();
  }

  // Witness replays (witness.h) only: `w` outlives the replay; null: a normal replay.
  void set_witness(WitnessRun* w) { wit_ = w; }

  void OnOp(const OpEvent& e) override;
  void End() override;
  OracleResult result() const override;

 private:
  // A device ownership window of one mapping (map/sync_for_device ... unmap/sync_for_cpu).
  struct Window {
    bool open = false;
    bool explicit_access = false;  // the trace has a dev_read/dev_write inside it
  };

  void SetPlatform(const PlatformDecl& p) {
    platform_ = p;
    arch_ = FindArch(p.arch);
    DMASIM_CHECK(arch_ != nullptr);
    line_ = p.line;
    DMASIM_CHECK(line_ >= 1 && (line_ & (line_ - 1)) == 0);
    DMASIM_CHECK(p.page >= 1);
  }

  LineExplorer& Line(uint64_t addr);
  bool Coherent(const Mapping& m) const {
    return DeviceIsCoherent(platform_, trace_->devices[m.device]);
  }
  // Calls f(line_addr, offset_in_line, length, offset_in_range) per line of a byte range.
  // A range running past the top of the address space is cut at 2^64 (never wrapped), and
  // the last line [2^64 - line, 2^64) is a line like any other: all arithmetic here is on
  // last bytes, never on one-past-the-end addresses.
  template <class F>
  void ForEachChunk(uint64_t start, uint64_t len, F f) {
    if (len == 0) return;
    const uint64_t last = len - 1 > ~uint64_t{0} - start ? ~uint64_t{0} : start + (len - 1);
    for (uint64_t a = start; !gave_up_;) {
      const uint64_t line = a & ~uint64_t{line_ - 1};
      const uint64_t chunk_last = std::min<uint64_t>(line + (line_ - 1), last);
      f(line, static_cast<uint32_t>(a - line), static_cast<uint32_t>(chunk_last - a + 1),
        a - start);
      if (chunk_last == last) break;
      a = chunk_last + 1;
    }
  }

  void CpuWriteBytes(uint64_t addr, uint64_t len, int op);
  void CpuReadBytes(uint64_t addr, uint64_t len, const Cause& c);
  void DeviceAccess(const Mapping& m, uint64_t off, uint64_t len, bool write, const Cause& c);
  void Maintain(uint64_t start, uint64_t len, CacheOp op, const Cause& c);
  void Copy(uint64_t src, uint64_t dst, uint64_t len, bool to_slot, const Cause& c);
  void ForDevice(const Mapping& m, const Op& op, int index, Direction dir, bool copy,
                 bool maintain, absl::string_view call);
  void ForCpu(const Mapping& m, const Op& op, int index, Direction dir, bool copy,
              bool maintain, absl::string_view call);
  void EndWindow(const Mapping& m, int index);
  void FreeSlots(const Mapping& m, const Cause& c);
  // swiotlb: checks joining a bounced buffer byte with its slot byte (bounce_links.cc).
  void BounceDeviceRead(const Mapping& m, const PhysRange& r, const Cause& c);
  void BounceCpuRead(uint64_t addr, uint64_t len, const Cause& c);
  void BounceFree(const Mapping& m, const Cause& c);
  const LineExplorer* FindLine(uint64_t addr) const;  // nullptr: absent or gave up
  bool WrittenVia(Version v, int handle) const;       // a device write through `handle`
  void Exposures(const Mapping& m, int index);
  void Report(LineExplorer& l, const EventHits& hits, const Cause& c);
  void AddHit(const LineExplorer& l, const Hit& h, bool hardware, const Cause& c);
  // The mappings with an open window on `line`; memoised until a window opens or closes.
  const std::vector<int>& OpenMappingsOn(uint64_t line);
  void WindowsChanged() { open_on_line_.clear(); }
  std::string DescribeVersion(Version v) const;
  // Witness replays (witness_oracle.cc).
  void StartWitnessLine(LineExplorer& l);
  void NoteWitness(const LineExplorer& l, const Hit& h, bool hardware, const Cause& c);
  // A swiotlb check's hit on `hit_line` that needs `hit_state` there and `other_state` on
  // `other` (bounce_links.cc).
  void NoteJoinWitness(HitKind kind, const Cause& c, const LineExplorer& hit_line,
                       int hit_state, const LineExplorer& other, int other_state);
  void DrainSteps(LineExplorer& l, const Cause& c);
  void AppendStep(const LineExplorer& l, const LineStep& s, const Cause& c,
                  const std::string& event);
  std::string VersionTag(Version v) const;  // witness.h's TAG
  std::string VersionRuns(const std::vector<Version>& v) const;
  std::string HandleName(int h) const { return trace_->handles[h].name; }

  PlatformDecl platform_;
  HazardOptions options_;
  const ArchPolicy* arch_ = nullptr;
  uint32_t line_ = 64;
  const Trace* trace_ = nullptr;
  const DmaLayer* dma_ = nullptr;

  VersionTable versions_;
  std::map<uint64_t, LineExplorer> lines_;  // std::map: references stay valid on insert
  std::vector<Window> windows_;             // by handle
  std::vector<int> live_bounced_;           // live mappings with a bounced element, by map
  std::vector<PhysRange> copied_back_;      // slot bytes copied back by the current op
  BufferCoverage coverage_;
  std::map<uint64_t, std::vector<int>> open_on_line_;  // OpenMappingsOn memo
  FindingSet findings_;
  std::vector<std::pair<uint64_t, int>> bounded_;  // (line, op) where the bound was hit
  // The whole-replay bounds (line count, version ids) were hit at op `gave_up_op_`: the
  // oracle ignores everything from there on. `sink_` absorbs the events of that op.
  bool gave_up_ = false;
  int gave_up_op_ = -1;
  int current_op_ = -1;
  std::unique_ptr<LineExplorer> sink_;
  WitnessRun* wit_ = nullptr;
  bool GiveUpIfCannotAllocate(uint64_t count) {
    if (!gave_up_ && versions_.CanAllocate(count) &&
        count <= uint64_t{options_.max_lines} * line_) {
      return false;
    }
    GiveUp();
    return true;
  }
  void GiveUp() {
    if (gave_up_) return;
    gave_up_ = true;
    gave_up_op_ = current_op_;
  }
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_ORACLE_H_
