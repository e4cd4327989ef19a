// The exhaustive explorer of one cache line (hazard oracle).
//
// Lines are independent: the hardware's eviction and prefetch choices for one line never
// constrain another, so the joint state space is the product of per-line spaces and each
// line can be explored alone. A `LineExplorer` holds the *set* of every state the line can be
// in after the events so far, under every schedule of hardware actions, plus the line's
// intended versions (the last write of each byte in trace order).
//
// Hardware actions: before every event the set is closed under eviction (dirty: write back,
// then absent; clean: absent) and, with prefetch, speculative fill (absent -> clean copy of
// memory). Events themselves are atomic per line (one CPU access, one device access, one
// cache maintenance instruction on this line); a multi-step operation (a map that copies to
// a swiotlb slot and then cleans it, an sg map maintaining two elements that share a line)
// is several events, with hardware actions possible between them.
//
// States are kept up to equivalence: every value that is no byte's intended version, on
// any line (VersionTable::IntendedAnywhere), is replaced by kStale. Every rule of the
// oracle compares a value with an intended version only, and such a version can never be
// intended again (versions.h), so the replacement merges states no schedule can tell apart
// and is exact. Without it a line the CPU keeps rewriting (never cleaned, e.g. the unmapped
// part of a reused skb head) grows one state per past eviction point. The index is global,
// not per line: a version can sit on one line while it is intended on another (a swiotlb
// copy-back of a device write made through a stale handle into a reused slot).
//
// Sets are kept sorted (by raw contents) and duplicate-free; no hashing. Output never
// depends on the order of states: each event's hits are sorted before they are reported. If a set grows past
// `state_cap` the explorer gives up on the line: it drops its states, remembers the op, and
// ignores further events (the oracle's verdict becomes `unknown` unless a hazard was found).
#ifndef DMASIM_MODEL_HAZARD_INTERNAL_LINE_EXPLORER_H_
#define DMASIM_MODEL_HAZARD_INTERNAL_LINE_EXPLORER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/hazard/internal/line_state.h"
#include "model/hazard/internal/versions.h"
#include "model/hazard/internal/witness_paths.h"
#include "model/trace/platform.h"

namespace dmasim::hazard {

// Hits of one event: `hardware` from the evictions that may happen just before it,
// `event` from the event itself. Sorted, without duplicates.
struct EventHits {
  std::vector<Hit> hardware;
  std::vector<Hit> event;
  void Clear() {
    hardware.clear();
    event.clear();
  }
};

// Every state one cache line can be in under every hardware schedule (file comment).
class LineExplorer {
 public:
  // `first_initial`: the first of `size` version ids for the initial memory contents.
  // `dead`: the line's bytes start with intended version kDead (swiotlb pool lines).
  // The explorer keeps `versions`' intended-version counts for its bytes (hence no copies:
  // a copy would release what the original still holds).
  LineExplorer(uint64_t addr, uint32_t size, Version first_initial, bool dead,
               VersionTable* versions, bool prefetch, size_t state_cap);
  LineExplorer(LineExplorer&&) = default;
  LineExplorer& operator=(LineExplorer&&) = default;
  LineExplorer(const LineExplorer&) = delete;
  LineExplorer& operator=(const LineExplorer&) = delete;

  uint64_t addr() const { return addr_; }
  uint32_t size() const { return size_; }
  bool bounded() const { return bounded_; }
  size_t state_count() const { return states_.size(); }
  const std::vector<LineState>& states() const { return states_; }
  Version intended(uint32_t i) const { return intended_[i]; }

  // Events. Offsets are within the line. Writes take fresh versions first, first+1, ...
  void CpuWrite(uint32_t off, uint32_t len, Version first, EventHits* hits);
  void CpuRead(uint32_t off, uint32_t len, EventHits* hits);
  void DevWrite(bool coherent, uint32_t off, uint32_t len, Version first, EventHits* hits);
  void DevRead(bool coherent, uint32_t off, uint32_t len, EventHits* hits);
  // One maintenance instruction on this line; `partial`: the maintained range covers the
  // line only partly, so a plain invalidate follows `edge`.
  void Maintain(CacheOp op, bool partial, EdgePolicy edge, EventHits* hits);
  // swiotlb memcpy halves. CopyRead returns the distinct value vectors the read can see
  // (one per distinct outcome over all states; more than one only when a stale read was
  // reported). CopyWrite stores each of them (product with the states); if
  // `new_intended` is set, the copied bytes' intended versions become those (a copy into the
  // slot mirrors the buffer), else they stay (the copy-back is not a new logical write).
  std::vector<std::vector<Version>> CopyRead(uint32_t off, uint32_t len, EventHits* hits);
  void CopyWrite(uint32_t off, uint32_t len, const std::vector<std::vector<Version>>& values,
                 const Version* new_intended, EventHits* hits);
  // Changes intended versions only (a device write through a bounce slot logically writes
  // the buffer bytes it stands for).
  void SetIntended(uint32_t off, uint32_t len, const Version* v);
  // Existential questions about byte `i` over the current states, for the swiotlb checks
  // that join a bounced buffer byte with its slot byte (bounce_links.cc). Lines are
  // independent, so "some joint state" is "some state here and some state there". All
  // false once the line gave up (no guesses).
  bool MayHold(uint32_t i, Version v) const;  // some state holds v (line_state.h Holds)
  bool MayLack(uint32_t i, Version v) const;  // some state does not
  // Some state's read of byte i returns other than v: by the CPU (the cached copy, else
  // memory) or by a device (a coherent one reads the cached copy if any, else memory).
  bool MayReadOther(uint32_t i, Version v, bool cpu, bool coherent) const;
  // The same questions, answered with the first state that satisfies them (-1: none), for
  // the witness of a swiotlb check.
  int FirstHolding(uint32_t i, Version v) const;
  int FirstLacking(uint32_t i, Version v) const;
  int FirstReadingOther(uint32_t i, Version v, bool cpu, bool coherent) const;
  // Hardware actions only (end of trace).
  void Settle(EventHits* hits);
  // Witness recording (witness_paths.h; off unless one of these is called, before the
  // line's first event). Search: every state carries its path in `arena`.
  void TrackPaths(PathArena* arena);
  // Force: the line follows exactly `choices` (sorted by event) and logs its steps.
  void Force(std::vector<ForcedChoice> choices);
  int32_t path(size_t state) const { return arena_ == nullptr ? kLostPath : paths_[state]; }
  // Search: the path of the first state in which the last event (hardware: the evictions
  // before it) produced a hit of `kind`; kNoHitPath if none did.
  static constexpr int32_t kNoHitPath = -3;
  int32_t HitPath(HitKind kind, bool hardware) const;
  // Force: the steps logged since the last call; whether a recorded choice was impossible.
  std::vector<LineStep> TakeSteps() { return std::move(steps_); }
  bool force_failed() const { return force_failed_; }
  bool forced() const { return forcing_; }
  // Stops exploring this line (as if the state bound was hit).
  void GiveUp() {
    bounded_ = true;
    states_.clear();
  }

 private:
  LineCtx Ctx(std::vector<Hit>* hits) const;
  // Hardware actions before an event (of `kind`, on bytes [off, off + len)).
  void Close(EventHits* hits, StepKind kind, uint32_t off = 0, uint32_t len = 0);
  void CloseTracked(EventHits* hits);  // search mode (line_witness.cc)
  void CloseForced(EventHits* hits);   // force mode (line_witness.cc)
  // Applies `apply(state, ctx)` to every state of `out` (a copy of states_); in search mode
  // with one hit list per state, to remember which path produced each hit.
  template <typename Apply>
  void ApplyEach(std::vector<LineState>* out, std::vector<Hit>* hits, Apply apply);
  void NoteHits(const std::vector<Hit>& local, bool hardware, int32_t path);
  void NormalizeTracked(std::vector<LineState>* states, std::vector<int32_t>* paths);
  void LogStep(StepKind kind, const LineState& after);
  // The shared shape of the access events (defined and used in line_explorer.cc only).
  template <typename ApplyWrite>
  void WriteEvent(StepKind kind, uint32_t off, uint32_t len, Version first, EventHits* hits,
                  ApplyWrite apply);
  template <typename ApplyRead>
  void ReadEvent(StepKind kind, uint32_t off, uint32_t len, EventHits* hits, ApplyRead apply);
  // CopyWrite in search or force mode (line_witness.cc).
  void CopyWriteWitness(uint32_t off, uint32_t len,
                        const std::vector<std::vector<Version>>& values, EventHits* hits);
  // `paths`: the states' paths in search mode (nullptr: those of states_, same order).
  void Normalize(std::vector<LineState>* states, std::vector<int32_t>* paths = nullptr);
  void Canonicalize(std::vector<LineState>* states);  // see the class comment
  void Intend(uint32_t i, Version v);  // intended_[i] = v, keeping the counts
  static void SortHits(std::vector<Hit>* hits);

  uint64_t addr_;
  uint32_t size_;
  VersionTable* versions_;
  bool prefetch_;
  size_t cap_;
  bool bounded_ = false;
  std::vector<Version> intended_;
  // Bytes whose intended version changed since the last Canonicalize: only there can a
  // value have become forgettable (hardware actions and accesses move values within a
  // byte or write intended ones). A version that stops being intended on *another* line
  // is not noticed here until this byte changes: fewer merges, still exact.
  std::vector<uint32_t> changed_;
  std::vector<LineState> states_;  // sorted (Normalize), unique

  // Witness recording (all unused in a normal replay).
  uint32_t seq_ = 0;    // events so far
  uint32_t event_ = 0;  // number of the current event
  LineStep pending_;    // what the current event is (force mode logs it)
  PathArena* arena_ = nullptr;
  std::vector<int32_t> paths_;  // search: by state
  struct HitAt {
    HitKind kind;
    bool hardware;
    int32_t path;
  };
  std::vector<HitAt> hit_paths_;  // search: first path per kind, current event
  bool forcing_ = false;
  bool force_failed_ = false;
  std::vector<ForcedChoice> forced_;
  size_t next_forced_ = 0;
  std::vector<LineStep> steps_;
};

}  // namespace dmasim::hazard

#endif  // DMASIM_MODEL_HAZARD_INTERNAL_LINE_EXPLORER_H_
