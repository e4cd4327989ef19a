#include "model/hazard/internal/line_explorer.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "model/base/check.h"

namespace dmasim::hazard {

LineExplorer::LineExplorer(uint64_t addr, uint32_t size, Version first_initial, bool dead,
                           VersionTable* versions, bool prefetch, size_t state_cap)
    : addr_(addr), size_(size), versions_(versions), prefetch_(prefetch), cap_(state_cap) {
  DMASIM_CHECK(size >= 1 && addr % size == 0);
  DMASIM_CHECK(state_cap >= 1);
  intended_.assign(size, kDead);
  if (!dead) {
    for (uint32_t i = 0; i < size; ++i) Intend(i, first_initial + i);
  }
  // The trace starts with a cold line: absent from the cache. (With prefetch the warm
  // variant is reached by the first closure anyway.)
  states_.push_back(LineState::Initial(size, first_initial));
}

LineCtx LineExplorer::Ctx(std::vector<Hit>* hits) const {
  return LineCtx{intended_.data(), versions_, hits};
}

void LineExplorer::SortHits(std::vector<Hit>* hits) {
  auto key = [](const Hit& h) {
    return std::make_tuple(static_cast<int>(h.kind), h.first, h.count, h.version);
  };
  std::sort(hits->begin(), hits->end(),
            [&](const Hit& a, const Hit& b) { return key(a) < key(b); });
  hits->erase(std::unique(hits->begin(), hits->end()), hits->end());
}

namespace {

// A total order on states by their raw words (memcmp: fast). It only decides the order
// in which states are stored; no output depends on it (each event's hits are sorted
// before they are reported), so it is deterministic enough even across endianness.
int Compare(const LineState& a, const LineState& b) {
  DMASIM_CHECK(a.w.size() == b.w.size());
  return std::memcmp(a.w.data(), b.w.data(), a.w.size() * sizeof(Version));
}

}  // namespace

void LineExplorer::Intend(uint32_t i, Version v) {
  if (intended_[i] == v) return;
  if (intended_[i] != kDead) versions_->Release(intended_[i]);
  intended_[i] = v;
  if (v != kDead) versions_->Retain(v);
  changed_.push_back(i);
}

void LineExplorer::Canonicalize(std::vector<LineState>* states) {
  if (changed_.empty()) return;
  std::sort(changed_.begin(), changed_.end());
  changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
  // Values equal to the byte's intended version stay; kStale and kDead (an absent line's
  // copy) are canonical already; anything else is checked against the index.
  auto forget = [&](Version& v, uint32_t i) {
    if (v != intended_[i] && v != kStale && v != kDead && !versions_->IntendedAnywhere(v)) {
      v = kStale;
    }
  };
  for (LineState& s : *states) {
    for (uint32_t i : changed_) {
      forget(s.mem(i), i);
      forget(s.copy(i), i);
    }
  }
  changed_.clear();
}

void LineExplorer::Normalize(std::vector<LineState>* states, std::vector<int32_t>* paths) {
  if (arena_ != nullptr) {
    std::vector<int32_t> own;
    if (paths == nullptr) {
      own = paths_;
      paths = &own;
    }
    NormalizeTracked(states, paths);
    return;
  }
  Canonicalize(states);
  if (states->size() > 1) {
    std::sort(states->begin(), states->end(),
              [](const LineState& a, const LineState& b) { return Compare(a, b) < 0; });
    states->erase(std::unique(states->begin(), states->end(),
                              [](const LineState& a, const LineState& b) {
                                return Compare(a, b) == 0;
                              }),
                  states->end());
  }
  if (states->size() > cap_) {
    bounded_ = true;
    states->clear();
  }
  states_.swap(*states);
  if (forcing_ && !states_.empty()) LogStep(pending_.kind, states_.front());
}

template <typename Apply>
void LineExplorer::ApplyEach(std::vector<LineState>* out, std::vector<Hit>* hits,
                             Apply apply) {
  if (arena_ == nullptr) {
    const LineCtx ctx = Ctx(hits);
    for (LineState& s : *out) apply(s, ctx);
    return;
  }
  std::vector<Hit> local;
  for (size_t k = 0; k < out->size(); ++k) {
    local.clear();
    apply((*out)[k], Ctx(&local));
    NoteHits(local, false, paths_[k]);
    hits->insert(hits->end(), local.begin(), local.end());
  }
}

void LineExplorer::Close(EventHits* hits, StepKind kind, uint32_t off, uint32_t len) {
  event_ = seq_++;
  if (arena_ != nullptr || forcing_) {
    hit_paths_.clear();
    pending_.kind = kind;
    pending_.off = off;
    pending_.len = len;
  }
  if (bounded_) return;
  if (forcing_) {
    CloseForced(hits);
    return;
  }
  if (arena_ != nullptr) {
    CloseTracked(hits);
    return;
  }
  // Closed form of the closure: from a cached state, {itself, evicted, evicted+refilled};
  // from an absent one, {itself, filled}. Those sets are closed already (see line_state.h).
  std::vector<LineState> out;
  out.reserve(states_.size() * 3);
  const LineCtx ctx = Ctx(&hits->hardware);
  for (const LineState& s : states_) {
    out.push_back(s);
    LineState t = s;
    if (s.cached()) {
      Evict(t, ctx);
      out.push_back(t);
    }
    if (prefetch_) {
      Fill(t);
      out.push_back(t);
    }
  }
  Normalize(&out);
  SortHits(&hits->hardware);
}

// A write event: the written bytes become the intended ones (after the hardware actions
// that precede the write, which are judged by the old intent), then every state takes it.
template <typename ApplyWrite>
void LineExplorer::WriteEvent(StepKind kind, uint32_t off, uint32_t len, Version first,
                              EventHits* hits, ApplyWrite apply) {
  DMASIM_CHECK(off + len <= size_ && len >= 1);
  Close(hits, kind, off, len);
  std::vector<Version> vals(len);
  for (uint32_t i = 0; i < len; ++i) {
    vals[i] = first + i;
    Intend(off + i, vals[i]);
  }
  std::vector<LineState> out = states_;
  for (LineState& s : out) apply(s, vals.data());
  if (!bounded_) Normalize(&out);
}

// A read event: every state is checked (hits go to the event), nothing becomes intended.
template <typename ApplyRead>
void LineExplorer::ReadEvent(StepKind kind, uint32_t off, uint32_t len, EventHits* hits,
                             ApplyRead apply) {
  DMASIM_CHECK(off + len <= size_ && len >= 1);
  Close(hits, kind, off, len);
  std::vector<LineState> out = states_;
  ApplyEach(&out, &hits->event, apply);
  if (!bounded_) Normalize(&out);
  SortHits(&hits->event);
}

void LineExplorer::CpuWrite(uint32_t off, uint32_t len, Version first, EventHits* hits) {
  WriteEvent(StepKind::kCpuWrite, off, len, first, hits,
             [&](LineState& s, const Version* vals) { hazard::CpuWrite(s, off, len, vals); });
}

void LineExplorer::CpuRead(uint32_t off, uint32_t len, EventHits* hits) {
  ReadEvent(StepKind::kCpuRead, off, len, hits, [&](LineState& s, const LineCtx& ctx) {
    hazard::CpuRead(s, off, len, ctx, nullptr);
  });
}

void LineExplorer::DevWrite(bool coherent, uint32_t off, uint32_t len, Version first,
                            EventHits* hits) {
  WriteEvent(StepKind::kDevWrite, off, len, first, hits, [&](LineState& s, const Version* vals) {
    hazard::DevWrite(s, coherent, off, len, vals);
  });
}

void LineExplorer::DevRead(bool coherent, uint32_t off, uint32_t len, EventHits* hits) {
  ReadEvent(StepKind::kDevRead, off, len, hits, [&](LineState& s, const LineCtx& ctx) {
    hazard::DevRead(s, coherent, off, len, ctx);
  });
}

void LineExplorer::Maintain(CacheOp op, bool partial, EdgePolicy edge, EventHits* hits) {
  if (op == CacheOp::kNone) return;
  Close(hits, StepKind::kMaintain);
  pending_.op = op;
  pending_.partial = partial;
  std::vector<LineState> out = states_;
  ApplyEach(&out, &hits->event, [&](LineState& s, const LineCtx& ctx) {
    switch (op) {
      case CacheOp::kNone:
        break;
      case CacheOp::kWriteback:
        WriteBack(s, ctx);
        break;
      case CacheOp::kInvalidate:
        // arm/arm64 clean+invalidate the partial lines at a range's edges; others drop them.
        if (partial && edge == EdgePolicy::kWritebackInvalidate) WriteBack(s, ctx);
        Drop(s, ctx);
        break;
      case CacheOp::kWritebackInvalidate:
        WriteBack(s, ctx);
        Drop(s, ctx);
        break;
    }
  });
  if (!bounded_) Normalize(&out);
  SortHits(&hits->event);
}

std::vector<std::vector<Version>> LineExplorer::CopyRead(uint32_t off, uint32_t len,
                                                         EventHits* hits) {
  DMASIM_CHECK(off + len <= size_ && len >= 1);
  Close(hits, StepKind::kCopyRead, off, len);
  std::vector<std::vector<Version>> seen;
  std::vector<LineState> out = states_;
  std::vector<Version> v(len);
  ApplyEach(&out, &hits->event, [&](LineState& s, const LineCtx& ctx) {
    hazard::CpuRead(s, off, len, ctx, v.data());
    seen.push_back(v);
  });
  if (!bounded_) Normalize(&out);
  SortHits(&hits->event);
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  return seen;
}

void LineExplorer::CopyWrite(uint32_t off, uint32_t len,
                             const std::vector<std::vector<Version>>& values,
                             const Version* new_intended, EventHits* hits) {
  DMASIM_CHECK(off + len <= size_ && len >= 1);
  DMASIM_CHECK(versions_->roaming());  // a copy moves versions between bytes (versions.h)
  Close(hits, StepKind::kCopyWrite, off, len);
  if (new_intended != nullptr) {
    for (uint32_t i = 0; i < len; ++i) Intend(off + i, new_intended[i]);
  }
  if (bounded_) return;
  if (values.empty()) {
    // The source line gave up (state bound): what lands here is unknown too.
    bounded_ = true;
    states_.clear();
    return;
  }
  if (arena_ != nullptr || forcing_) {
    CopyWriteWitness(off, len, values, hits);
    return;
  }
  std::vector<LineState> out;
  out.reserve(states_.size() * values.size());
  const LineCtx ctx = Ctx(&hits->event);
  for (const LineState& s : states_) {
    for (const std::vector<Version>& v : values) {
      DMASIM_CHECK(v.size() == len);
      LineState t = s;
      hazard::CopyWrite(t, off, len, v.data(), ctx);
      out.push_back(std::move(t));
    }
  }
  Normalize(&out);
  SortHits(&hits->event);
}

void LineExplorer::SetIntended(uint32_t off, uint32_t len, const Version* v) {
  DMASIM_CHECK(off + len <= size_);
  for (uint32_t i = 0; i < len; ++i) Intend(off + i, v[i]);
}

void LineExplorer::Settle(EventHits* hits) { Close(hits, StepKind::kSettle); }

bool LineExplorer::MayHold(uint32_t i, Version v) const { return FirstHolding(i, v) >= 0; }

bool LineExplorer::MayLack(uint32_t i, Version v) const { return FirstLacking(i, v) >= 0; }

bool LineExplorer::MayReadOther(uint32_t i, Version v, bool cpu, bool coherent) const {
  return FirstReadingOther(i, v, cpu, coherent) >= 0;
}

int LineExplorer::FirstHolding(uint32_t i, Version v) const {
  DMASIM_CHECK(i < size_);
  for (size_t k = 0; k < states_.size(); ++k) {
    if (Holds(states_[k], i, v, *versions_)) return static_cast<int>(k);
  }
  return -1;
}

int LineExplorer::FirstLacking(uint32_t i, Version v) const {
  DMASIM_CHECK(i < size_);
  for (size_t k = 0; k < states_.size(); ++k) {
    if (!Holds(states_[k], i, v, *versions_)) return static_cast<int>(k);
  }
  return -1;
}

int LineExplorer::FirstReadingOther(uint32_t i, Version v, bool cpu, bool coherent) const {
  DMASIM_CHECK(i < size_);
  for (size_t k = 0; k < states_.size(); ++k) {
    const LineState& s = states_[k];
    const bool from_cache = s.cached() && (cpu || coherent);
    if ((from_cache ? s.copy(i) : s.mem(i)) != v) return static_cast<int>(k);
  }
  return -1;
}

}  // namespace dmasim::hazard
