// LineExplorer in witness mode (witness_paths.h): the search that remembers the hardware
// choices behind every state, and the forced replay of one recorded path.
#include <algorithm>
#include <cstring>
#include <numeric>
#include <utility>

#include "model/base/check.h"
#include "model/hazard/internal/line_explorer.h"

namespace dmasim::hazard {

int32_t PathArena::Add(int32_t parent, uint32_t event, Choice c,
                       const std::vector<Version>* values) {
  if (parent == kLostPath) return kLostPath;
  // A node and a stored value vector cost about the same per 6 versions.
  const size_t cost = 1 + (values == nullptr ? 0 : values->size() / 6);
  if (used_ + cost > cap_) {
    full_ = true;
    return kLostPath;
  }
  used_ += cost;
  PathNode n;
  n.parent = parent;
  n.event = event;
  n.choice = c;
  n.depth = depth(parent) + 1;
  if (values != nullptr) {
    n.values = static_cast<int32_t>(values_.size());
    values_.push_back(*values);
  }
  nodes_.push_back(n);
  return static_cast<int32_t>(nodes_.size() - 1);
}

void LineExplorer::TrackPaths(PathArena* arena) {
  DMASIM_CHECK(arena != nullptr && seq_ == 0 && !forcing_);
  arena_ = arena;
  paths_.assign(states_.size(), -1);
}

void LineExplorer::Force(std::vector<ForcedChoice> choices) {
  DMASIM_CHECK(seq_ == 0 && arena_ == nullptr && states_.size() == 1);
  forcing_ = true;
  forced_ = std::move(choices);
  next_forced_ = 0;
}

int32_t LineExplorer::HitPath(HitKind kind, bool hardware) const {
  for (const HitAt& h : hit_paths_) {
    if (h.kind == kind && h.hardware == hardware) return h.path;
  }
  return kNoHitPath;
}

void LineExplorer::NoteHits(const std::vector<Hit>& local, bool hardware, int32_t path) {
  for (const Hit& h : local) {
    if (HitPath(h.kind, hardware) == kNoHitPath) hit_paths_.push_back({h.kind, hardware, path});
  }
}

void LineExplorer::CloseTracked(EventHits* hits) {
  std::vector<LineState> out;
  std::vector<int32_t> paths;
  std::vector<Hit> local;
  for (size_t k = 0; k < states_.size(); ++k) {
    const LineState& s = states_[k];
    out.push_back(s);
    paths.push_back(paths_[k]);
    LineState t = s;
    int32_t p = paths_[k];
    if (s.cached()) {
      local.clear();
      Evict(t, Ctx(&local));
      p = arena_->Add(p, event_, Choice::kEvict, nullptr);
      NoteHits(local, true, p);
      hits->hardware.insert(hits->hardware.end(), local.begin(), local.end());
      out.push_back(t);
      paths.push_back(p);
    }
    if (prefetch_) {
      Fill(t);
      out.push_back(t);
      paths.push_back(arena_->Add(p, event_, Choice::kFill, nullptr));
    }
  }
  NormalizeTracked(&out, &paths);
  SortHits(&hits->hardware);
}

void LineExplorer::NormalizeTracked(std::vector<LineState>* states,
                                    std::vector<int32_t>* paths) {
  DMASIM_CHECK(states->size() == paths->size());
  Canonicalize(states);
  std::vector<size_t> order(states->size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto cmp = [&](size_t a, size_t b) {
    const std::vector<Version>& x = (*states)[a].w;
    const std::vector<Version>& y = (*states)[b].w;
    const int c = std::memcmp(x.data(), y.data(), x.size() * sizeof(Version));
    if (c != 0) return c < 0;
    // Equal states: keep the path with the fewest choices, then the oldest node.
    const uint32_t da = arena_->depth((*paths)[a]), db = arena_->depth((*paths)[b]);
    if (da != db) return da < db;
    return (*paths)[a] < (*paths)[b];
  };
  std::sort(order.begin(), order.end(), cmp);
  std::vector<LineState> kept;
  std::vector<int32_t> kept_paths;
  for (size_t k : order) {
    LineState& s = (*states)[k];
    if (!kept.empty() && kept.back() == s) continue;
    kept.push_back(std::move(s));
    kept_paths.push_back((*paths)[k]);
  }
  if (kept.size() > cap_) {
    bounded_ = true;
    kept.clear();
    kept_paths.clear();
  }
  states_.swap(kept);
  paths_.swap(kept_paths);
}

void LineExplorer::LogStep(StepKind kind, const LineState& after) {
  LineStep step = pending_;
  step.kind = kind;
  step.after = after;
  step.intended = intended_;
  steps_.push_back(std::move(step));
}

void LineExplorer::CloseForced(EventHits* hits) {
  DMASIM_CHECK(states_.size() == 1);
  LineState& s = states_.front();
  while (next_forced_ < forced_.size() && forced_[next_forced_].event < event_) {
    ++next_forced_;  // a choice for an event that never came: the schedule is wrong
    force_failed_ = true;
  }
  for (; next_forced_ < forced_.size() && forced_[next_forced_].event == event_;
       ++next_forced_) {
    const ForcedChoice& c = forced_[next_forced_];
    if (c.choice == Choice::kCopyValues) break;  // applied by the copy itself
    const bool was_dirty = s.cache() == Cache::kDirty;
    if (c.choice == Choice::kEvict) {
      if (!s.cached()) force_failed_ = true;
      Evict(s, Ctx(&hits->hardware));
    } else {
      if (s.cached() || !prefetch_) force_failed_ = true;
      Fill(s);
    }
    pending_.dirty_before = was_dirty;
    LogStep(c.choice == Choice::kEvict ? StepKind::kEvict : StepKind::kFill, s);
    pending_.dirty_before = false;
  }
  std::vector<LineState> one{s};
  Canonicalize(&one);
  states_.swap(one);
  SortHits(&hits->hardware);
}

void LineExplorer::CopyWriteWitness(uint32_t off, uint32_t len,
                                    const std::vector<std::vector<Version>>& values,
                                    EventHits* hits) {
  std::vector<LineState> out;
  std::vector<int32_t> paths;
  std::vector<Hit> local;
  if (forcing_) {
    // The recorded value vector, if the search had several to choose from.
    const std::vector<Version>* pick = &values.front();
    if (next_forced_ < forced_.size() && forced_[next_forced_].event == event_ &&
        forced_[next_forced_].choice == Choice::kCopyValues) {
      auto it = std::find(values.begin(), values.end(), forced_[next_forced_].values);
      if (it == values.end()) force_failed_ = true;
      else pick = &*it;
      ++next_forced_;
    } else if (values.size() > 1) {
      force_failed_ = true;
    }
    LineState t = states_.front();
    hazard::CopyWrite(t, off, len, pick->data(), Ctx(&hits->event));
    out.push_back(std::move(t));
    Normalize(&out);
    SortHits(&hits->event);
    return;
  }
  for (size_t k = 0; k < states_.size(); ++k) {
    for (const std::vector<Version>& v : values) {
      DMASIM_CHECK(v.size() == len);
      LineState t = states_[k];
      local.clear();
      hazard::CopyWrite(t, off, len, v.data(), Ctx(&local));
      const int32_t p = values.size() == 1
                            ? paths_[k]
                            : arena_->Add(paths_[k], event_, Choice::kCopyValues, &v);
      NoteHits(local, false, p);
      hits->event.insert(hits->event.end(), local.begin(), local.end());
      out.push_back(std::move(t));
      paths.push_back(p);
    }
  }
  NormalizeTracked(&out, &paths);
  SortHits(&hits->event);
}

}  // namespace dmasim::hazard
