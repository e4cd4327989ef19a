#include "model/hunt/hunt_session.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/match.h"
#include "model/base/check.h"
#include "model/hunt/invariants.h"
#include "model/hunt/minimizer.h"
#include "model/hunt/repro_writer.h"
#include "model/hunt/signature.h"

namespace dmasim::hunt {

std::string HexBytes(const uint8_t* data, size_t size) {
  std::string out;
  out.reserve(2 * size);
  for (size_t k = 0; k < size; ++k) absl::StrAppend(&out, absl::Hex(data[k], absl::kZeroPad2));
  return out;
}

HuntSession::HuntSession(HuntConfig config, FindingsDb* db)
    : config_(std::move(config)), request_(RequestFor(config_.scope)), db_(db) {}

namespace {

uint64_t Hash(absl::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

void AddFeatures(const Trace& trace, const ReplayOutcome& out, std::vector<uint64_t>* f) {
  for (const Op& op : trace.ops) f->push_back(Hash(absl::StrCat("op:", OpKindName(op.kind))));
  for (const CheckerOutcome& c : out.checkers) {
    for (const CheckerReport& r : c.reports) f->push_back(Hash(absl::StrCat(c.era, ":", r.kind)));
  }
  for (const OracleOutcome& o : out.oracles) {
    for (const OracleFinding& x : o.result.findings) {
      f->push_back(Hash(absl::StrCat(o.name, ":", x.kind)));
    }
    f->push_back(Hash(absl::StrCat(o.name, ":verdict:", VerdictName(o.result.verdict))));
  }
}

// A coarse key of a finding's slice: its finding key plus the set of relation words (same,
// bytes, line, granule, page, -firstline) and of map directions the slice shape holds.
// A finding whose coarse key is new is minimized whatever the budget, so that every kind of
// layout gets a repro even when findings are many.
std::string CoarseKey(const Finding& f, absl::string_view slice_shape) {
  std::set<std::string> words;
  for (absl::string_view part : absl::StrSplit(slice_shape, absl::ByAnyChar(" ;,"))) {
    const size_t eq = part.find('=');
    if (eq != absl::string_view::npos && part.size() > eq + 1 && part[0] == 'r') {
      words.insert(std::string(part.substr(eq + 1)));
    }
    for (absl::string_view dir : {"to_device", "from_device", "bidirectional"}) {
      if (absl::StartsWith(part, dir)) words.insert(std::string(dir));
    }
  }
  return absl::StrCat(f.era, "|", f.key.oracle, "|", f.key.cls, "|", f.key.kind, "|",
                      absl::StrJoin(words, ","));
}

}  // namespace

void HuntSession::RunInput(const uint8_t* data, size_t size, std::vector<uint64_t>* features) {
  ++stats_.execs;
  const Trace trace = DecodeFuzzTrace(data, size, config_.decoder);
  absl::StatusOr<ReplayOutcome> out = Replay(trace, request_);
  DMASIM_CHECK(out.ok());
  if (config_.check_invariants) {
    std::optional<ReplayOutcome> again;
    if (config_.check_determinism) {
      absl::StatusOr<ReplayOutcome> b = Replay(trace, request_);
      DMASIM_CHECK(b.ok());
      again = std::move(*b);
    }
    const std::string broken = CheckInvariants(*out, again ? &*again : nullptr);
    if (!broken.empty()) {
      ++stats_.invariant_failures;
      violations_.emplace_back(broken, HexBytes(data, size));
      return;
    }
  }
  if (features != nullptr) AddFeatures(trace, *out, features);
  // One finding per key on this trace (the first), minimized at most once.
  std::set<FindingKey> done;
  std::string hex;
  const Trace* hint = nullptr;
  Trace last_minimized;
  for (const Finding& f : FindingsOf(*out, config_.scope.silent_hazards)) {
    if (!done.insert(f.key).second) continue;
    const std::string slice_shape = TraceShape(trace, FindingSlice(trace, f));
    const std::string slice = MakeSignature(f.era, f.key, slice_shape).id;
    if (features != nullptr) features->push_back(Hash(slice));
    if (auto it = slice_sigs_.find(slice); it != slice_sigs_.end()) {
      ++stats_.sigs[it->second].hits;
      continue;
    }
    const bool new_layout = coarse_keys_.insert(CoarseKey(f, slice_shape)).second;
    if (!new_layout &&
        stats_.minimize_tries > kMinimizeHeadStart + kMinimizeTriesPerExec * stats_.execs) {
      ++stats_.deferred;
      continue;
    }
    if (hex.empty()) hex = HexBytes(data, size);
    MinimizeProgress p;
    const Trace m = Minimize(
        hint != nullptr && ShowsFinding(*hint, f.key) ? *hint : trace,
        [&](const Trace& t) { return ShowsFinding(t, f.key); }, {}, &p);
    stats_.minimize_tries += p.tries;
    ++stats_.minimizations;
    const Signature sig = MakeSignature(f.era, f.key, TraceShape(m));
    slice_sigs_[slice] = sig.id;
    last_minimized = m;
    hint = &last_minimized;
    SigStats& s = stats_.sigs[sig.id];
    ++s.hits;
    if (s.hits > 1 || !s.file.empty()) continue;
    s.era = f.era;
    s.oracle = f.key.oracle;
    s.cls = f.key.cls;
    s.kind = f.key.kind;
    if (const DbEntry* known = db_->Find(sig.id); known != nullptr) {
      s.file = known->file;
      continue;
    }
    const std::string found = absl::StrFormat(
        "dmasim hunt (%s), trace_fuzzer input %s, minimized from %d to %d ops", config_.engine,
        hex, static_cast<int>(trace.ops.size()), static_cast<int>(m.ops.size()));
    const DbEntry entry{sig.id, sig.text, ReproFileName(f.era, f.key, sig.id)};
    absl::StatusOr<bool> wrote = db_->Add(entry, ReproText(m, f.key, sig, found));
    if (!wrote.ok()) {
      errors_.push_back(std::string(wrote.status().message()));
      continue;
    }
    s.written = *wrote;
    const DbEntry* now = db_->Find(sig.id);
    s.file = now != nullptr ? now->file : "";
  }
}

}  // namespace dmasim::hunt
