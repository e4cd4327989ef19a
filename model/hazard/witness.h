// Witness schedules for hazard findings (issue 12, item 1).
//
// The hazard oracle reports that *some* schedule of hardware actions (evictions,
// write-backs, speculative fills) makes a trace lose data or read stale data. A witness is
// one such schedule, concrete: the events on the line of the finding (the trace's CPU and
// device accesses, the kernel's cache maintenance and swiotlb copies) interleaved with the
// hardware actions the schedule chooses, each step with the byte versions it leaves in the
// cache and in memory, ending at the step that produces the finding.
//
// How: a second replay of the trace in which every state of every line remembers the
// choices that lead to it (internal/witness_paths.h), so the first state that produces a
// finding's (op, kind) on its line yields a schedule. Then a third replay *forces* that
// line to follow exactly that schedule (one state, no exploration) and logs its steps; the
// witness counts only if the forced replay produces the finding again (`reproduced`). A
// finding found by a swiotlb check (bounce_links.cc) joins two lines: its witness fixes the
// schedule of both. Other lines stay exhaustive in the forced replay (lines are independent;
// a swiotlb copy from one of them delivers a value vector the witness records).
//
// Cost: nothing unless called. Callers ask only for findings they print.
#ifndef DMASIM_MODEL_HAZARD_WITNESS_H_
#define DMASIM_MODEL_HAZARD_WITNESS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/hazard/hazard_oracle.h"
#include "model/replay/observer.h"
#include "model/trace/trace.h"

namespace dmasim {

// One step of a witness, as printed. Byte versions are written as runs "FIRST-LAST TAG"
// of byte offsets within the line, TAG naming the write that produced the bytes:
// `init` (contents before the trace), `cpu@N` / `dev@N` (the CPU or device write of op N;
// a swiotlb copy carries the tag of the bytes it copied), `old` (some earlier write that
// is no longer the latest of its byte), `-` (a swiotlb slot byte nobody may read).
struct WitnessStep {
  int op = -1;           // op index; ops.size() means after the last op
  uint64_t line = 0;     // the line this step acts on
  std::string event;     // what happens to the line ("CPU writes bytes 0-7", "eviction: ...")
  std::string cause;     // the oracle's account of the kernel call or access
  std::string cache;     // "absent", "clean 0-63 init", "dirty 0-7 cpu@0, 8-63 init"
  std::string memory;    // "0-63 init"
  std::string finding;   // set on the steps that produce a finding ("stale-cpu-read: ...")
  std::string intended;  // the line's latest writes, set on the last step
};

// One hardware choice of a schedule: before the line's event number `event`.
struct WitnessChoice {
  uint64_t line = 0;
  uint32_t event = 0;
  std::string action;             // "evict", "fill", "copy" (which value a copy delivered)
  std::vector<uint32_t> values;   // "copy": the byte versions delivered
};

// The witness of one hazard finding.
struct HazardWitness {
  int op = -1;          // the finding's op, kind and line
  std::string kind;
  uint64_t line = 0;
  bool reproduced = false;      // a schedule was found and its forced re-run reproduced it
  std::string note;             // why not, when !reproduced
  std::vector<uint64_t> lines;  // lines the schedule fixes (sorted)
  std::vector<WitnessChoice> choices;  // sorted by (line, event)
  std::vector<WitnessStep> steps;      // of the forced re-run, ending at the finding
};

// Most findings per platform that get a witness (each costs one forced replay).
inline constexpr size_t kMaxWitnesses = 64;

// One witness per finding of `findings` (a ReplayHazard-style result of `trace` on
// `platform` with `options`), in the same order. Findings past kMaxWitnesses get a
// witness with a note and no schedule.
std::vector<HazardWitness> FindHazardWitnesses(const Trace& trace, const PlatformDecl& platform,
                                               const std::vector<OracleFinding>& findings,
                                               const HazardOptions& options = {});

// Re-runs `w`'s schedule alone (its lines forced, deterministic): true iff a finding of
// kind `w.kind` happens on `w.line` at op `w.op`. `steps`, if given, receives the forced
// lines' steps up to that one. Exposure findings (no cache schedule) re-run the map.
bool ReplayWitness(const Trace& trace, const PlatformDecl& platform, const HazardWitness& w,
                   const HazardOptions& options = {}, std::vector<WitnessStep>* steps = nullptr);

}  // namespace dmasim

#endif  // DMASIM_MODEL_HAZARD_WITNESS_H_
