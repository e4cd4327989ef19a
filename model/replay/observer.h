// The replay contract: the one replayer feeds each op of a trace, in order, to observers.
//
// Checkers (the dma-debug era models, `exact`) and oracles (contract, hazard) are observers.
// They never drive themselves and never parse anything: they see resolved ops (`OpEvent`)
// and the DMA layer's answer for every mapping, and they produce reports or findings.
// Nothing outside model/ knows how an observer works; no observer knows who drives it.
#ifndef DMASIM_MODEL_REPLAY_OBSERVER_H_
#define DMASIM_MODEL_REPLAY_OBSERVER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/replay/dma_layer.h"
#include "model/trace/trace.h"

namespace dmasim {

inline constexpr uint64_t kNoLine = ~uint64_t{0};

// Output bounds: what one replay lists stays linear in the trace whatever its shape
// (docs/trace-format.md, "Caps"). A report or finding that involves many mappings names
// at most kMaxNamedPartners of them besides the one it is about (the oldest, by map op)
// and counts the rest in `more_handles`. Each checker lists at most kMaxListed reports and
// each oracle kMaxListed findings per replay; past that they are counted, not listed.
inline constexpr size_t kMaxNamedPartners = 4;
inline constexpr size_t kMaxListed = size_t{1} << 16;

// One op as the replayer hands it to observers.
struct OpEvent {
  int index = 0;               // op index (SPEC §2)
  const Op* op = nullptr;
  // For ops on a handle (including map/map_sg, after the DMA layer mapped it): the mapping.
  // nullptr for cpu_*, unbind.
  const Mapping* mapping = nullptr;
  // unmap/unmap_sg only: this call ended a live mapping (false for a double unmap).
  bool ends_mapping = false;
};

// What an observer is given before the first op.
struct ReplayEnv {
  const Trace* trace = nullptr;
  PlatformDecl platform;       // the platform in force (the trace's, or a --platform arch)
  const DmaLayer* dma = nullptr;
};

// Anything the replayer feeds: sees Begin, every op in order, then End.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void Begin(const ReplayEnv& env) { (void)env; }
  virtual void OnOp(const OpEvent& e) = 0;
  // After the last op. Oracles add their end-of-trace implicit accesses here.
  virtual void End() {}
};

// One message a checker emits.
struct CheckerReport {
  int op = -1;
  std::string kind;     // stable id: "eexist", "overlap-overflow", "free-not-allocated", ...
  // The exact kernel text after its "DMA-API: <driver> <device>: " prefix (no trailing
  // newline). Multi-line messages keep their '\n'.
  std::string message;
  bool printed = true;  // appears in dmesg under the configured error limit
  bool counted = true;  // err_printk (counts in error_count); false for pr_err / WARN_ONCE
  bool overlap = false; // claims that mappings overlap (EEXIST and the like): classified
  std::vector<int> handles;  // mappings involved, the one the report is about first
  uint64_t line = kNoLine;   // address of the cache line involved, if any
  // Identical further occurrences folded into this report (dma-debug's walk past the end
  // of an sg list repeats one error up to nents times): each counts like a report of its
  // own; `printed` is the first occurrence's, `printed_repeats` how many of the repeats
  // the print budget (num_errors, all_errors) let through.
  uint64_t repeats = 0;
  uint64_t printed_repeats = 0;
  uint64_t more_handles = 0;  // further mappings involved, not named in `handles`
  uint64_t lines = 1;         // `exact`: granules covered from `line` (as OracleFinding)
};

// Options shared by all checkers.
struct CheckerOptions {
  bool all_errors = false;  // debugfs all_errors: print every error
  uint32_t num_errors = 1;  // debugfs num_errors: how many errors print (default 1)
};

// An observer that models a kernel checker and emits reports (dma-debug eras, exact).
class Checker : public Observer {
 public:
  virtual const std::vector<CheckerReport>& reports() const = 0;
  // Reports past kMaxListed: counted (and charged to error_count) but not listed.
  virtual uint64_t reports_not_listed() const { return 0; }
};

// One finding of an oracle.
struct OracleFinding {
  int op = -1;
  std::string kind;     // contract: the rule id; hazard: cpu-write-lost, stale-cpu-read, ...
  std::string message;  // one line
  bool sharing = false; // a cache line shared between a mapping and other data: classified
  std::vector<int> handles;
  uint64_t line = kNoLine;
  uint64_t more_handles = 0;  // further mappings involved, not named in `handles`
  // How many lines (contract: dma_align granules) the finding stands for, `line` the
  // lowest: a sharing finding covers a run of granules; a hazard finding every line where
  // its kind happened at its op.
  uint64_t lines = 1;
};

enum class Verdict : uint8_t { kSafe, kHazard, kUnknown };

// Everything an oracle says about one replay: findings, verdict, and why if unknown.
struct OracleResult {
  std::vector<OracleFinding> findings;
  Verdict verdict = Verdict::kSafe;  // meaningful for the hazard oracle
  std::string note;                  // e.g. which state bound was hit for kUnknown
  uint64_t findings_not_listed = 0;  // findings past kMaxListed: counted, not listed
};

// An observer that states a truth about the trace (contract, hazard per platform).
class Oracle : public Observer {
 public:
  virtual OracleResult result() const = 0;
};

}  // namespace dmasim

#endif  // DMASIM_MODEL_REPLAY_OBSERVER_H_
