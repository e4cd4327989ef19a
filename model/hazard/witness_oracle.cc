// The hazard oracle's side of witness replays (witness.h): in a search replay, remember
// which path produced each wanted finding; in a forced replay, turn the forced lines'
// steps into printable WitnessSteps and note the findings they produce.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/hazard/internal/oracle.h"

namespace dmasim::hazard {
namespace {

std::string Bytes(uint32_t off, uint32_t len) {
  return len <= 1 ? absl::StrCat("byte ", off) : absl::StrCat("bytes ", off, "-", off + len - 1);
}

std::string MaintainText(const LineStep& s) {
  std::string what;
  switch (s.op) {
    case CacheOp::kWriteback: what = "clean (write back if dirty)"; break;
    case CacheOp::kInvalidate: what = "invalidate (drop the cached copy)"; break;
    case CacheOp::kWritebackInvalidate: what = "clean + invalidate"; break;
    case CacheOp::kNone: what = "none"; break;
  }
  return absl::StrCat("cache maintenance: ", what, s.partial ? ", line only partly covered" : "");
}

std::string EventText(const LineStep& s) {
  switch (s.kind) {
    case StepKind::kEvict:
      return s.dirty_before ? "hardware evicts the line: dirty, so written back, then dropped"
                            : "hardware evicts the line: clean, dropped";
    case StepKind::kFill: return "hardware fills the line speculatively: clean copy of memory";
    case StepKind::kCpuWrite: return absl::StrCat("CPU writes ", Bytes(s.off, s.len));
    case StepKind::kCpuRead: return absl::StrCat("CPU reads ", Bytes(s.off, s.len));
    case StepKind::kDevWrite: return absl::StrCat("device writes ", Bytes(s.off, s.len));
    case StepKind::kDevRead: return absl::StrCat("device reads ", Bytes(s.off, s.len));
    case StepKind::kMaintain: return MaintainText(s);
    case StepKind::kCopyRead: return absl::StrCat("swiotlb copy reads ", Bytes(s.off, s.len));
    case StepKind::kCopyWrite: return absl::StrCat("swiotlb copy stores ", Bytes(s.off, s.len));
    case StepKind::kSettle: return "end of trace";
  }
  return "?";
}

}  // namespace

void HazardOracle::StartWitnessLine(LineExplorer& l) {
  if (!wit_->force) {
    l.TrackPaths(&wit_->arena);
    return;
  }
  auto it = wit_->schedule.find(l.addr());
  if (it != wit_->schedule.end()) {
    l.Force(it->second);
  } else if (!versions_.roaming()) {
    // Without swiotlb nothing flows between lines (not even which versions are intended
    // elsewhere: versions.h), so the other lines cannot change what the forced ones do:
    // they are not explored at all (their version ids are still allocated, as in the
    // search, so that the recorded choices name the same versions).
    l.GiveUp();
  }
}

void HazardOracle::NoteWitness(const LineExplorer& l, const Hit& h, bool hardware,
                               const Cause& c) {
  const WitnessKey key(c.op, std::string(HitKindName(h.kind)), l.addr());
  if (wit_->force) {
    if (!l.forced()) return;
    wit_->hits.insert(key);
    // Mark the step that did it: the line's last eviction for a hardware hit, else its
    // last step (the event, or the access a swiotlb check judged). A slot freed without a
    // copy-back has no event on the line: the free is a step of its own.
    size_t last = wit_->steps.size();
    while (last > 0 && wit_->steps[last - 1].line != l.addr()) --last;
    if (!hardware && (last == 0 || wit_->steps[last - 1].op != c.op)) {
      LineStep free_step;
      free_step.kind = StepKind::kSettle;
      free_step.after = l.states().front();
      free_step.intended.resize(l.size());
      for (uint32_t i = 0; i < l.size(); ++i) free_step.intended[i] = l.intended(i);
      AppendStep(l, free_step, c, "the swiotlb slot is freed: its bytes can no longer be copied back");
    }
    for (size_t k = wit_->steps.size(); k-- > 0;) {
      if (wit_->steps[k].line != l.addr()) continue;
      if (hardware && !wit_->step_is_eviction[k]) continue;
      std::string& f = wit_->steps[k].finding;
      if (!f.empty()) f += "; ";
      absl::StrAppend(&f, std::get<1>(key), ": ", Bytes(h.first, h.count), ", whose latest write is ",
                      VersionTag(h.version));
      break;
    }
    return;
  }
  if (wit_->wanted.count(key) == 0 || wit_->found.count(key) != 0) return;
  const int32_t path = l.HitPath(h.kind, hardware);
  if (path == LineExplorer::kNoHitPath || path == kLostPath) return;
  wit_->found[key] = {{l.addr(), path}};
}

void HazardOracle::NoteJoinWitness(HitKind kind, const Cause& c, const LineExplorer& hit_line,
                                   int hit_state, const LineExplorer& other, int other_state) {
  if (wit_->force || hit_state < 0 || other_state < 0) return;
  const WitnessKey key(c.op, std::string(HitKindName(kind)), hit_line.addr());
  if (wit_->wanted.count(key) == 0 || wit_->found.count(key) != 0) return;
  const int32_t p = hit_line.path(hit_state), q = other.path(other_state);
  if (p == kLostPath || q == kLostPath) return;
  wit_->found[key] = {{hit_line.addr(), p}, {other.addr(), q}};
}

std::string HazardOracle::VersionTag(Version x) const {
  if (x == kDead) return "-";
  if (x == kStale) return "old";
  const VersionInfo& info = versions_.Info(x);
  switch (info.writer) {
    case Writer::kInitial: return "init";
    case Writer::kCpu: return absl::StrCat("cpu@", info.op);
    case Writer::kDevice: return absl::StrCat("dev@", info.op);
  }
  return "?";
}

std::string HazardOracle::VersionRuns(const std::vector<Version>& v) const {
  auto tag = [&](Version x) { return VersionTag(x); };
  std::string out;
  for (size_t i = 0; i < v.size();) {
    const std::string t = tag(v[i]);
    size_t j = i + 1;
    while (j < v.size() && tag(v[j]) == t) ++j;
    absl::StrAppend(&out, out.empty() ? "" : ", ", i, "-", j - 1, " ", t);
    i = j;
  }
  return out;
}

void HazardOracle::DrainSteps(LineExplorer& l, const Cause& c) {
  if (l.force_failed()) wit_->failed = true;
  for (const LineStep& s : l.TakeSteps()) AppendStep(l, s, c, EventText(s));
}

void HazardOracle::AppendStep(const LineExplorer& l, const LineStep& s, const Cause& c,
                            const std::string& event) {
  WitnessStep w;
  w.op = c.op;
  w.line = l.addr();
  w.event = event;
  const bool hardware = s.kind == StepKind::kEvict || s.kind == StepKind::kFill;
  w.cause = hardware ? absl::StrCat("before ", c.what) : c.what;
  std::vector<Version> mem(l.size()), copy(l.size());
  for (uint32_t i = 0; i < l.size(); ++i) {
    mem[i] = s.after.mem(i);
    copy[i] = s.after.copy(i);
  }
  switch (s.after.cache()) {
    case Cache::kAbsent: w.cache = "absent"; break;
    case Cache::kClean: w.cache = absl::StrCat("clean ", VersionRuns(copy)); break;
    case Cache::kDirty: w.cache = absl::StrCat("dirty ", VersionRuns(copy)); break;
  }
  w.memory = VersionRuns(mem);
  w.intended = VersionRuns(s.intended);
  wit_->steps.push_back(std::move(w));
  wit_->step_is_eviction.push_back(s.kind == StepKind::kEvict);
}

}  // namespace dmasim::hazard
