#include "props/support/normalized.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/base/check.h"
#include "model/replay/dma_layer.h"

namespace dmasim::props {

Translation Identity() {
  Translation t;
  t.op = [](int op) { return absl::StrCat(op); };
  t.handle = [](int h) { return absl::StrCat(h); };
  t.line = [](uint64_t l) { return absl::StrFormat("0x%x", l); };
  return t;
}

std::function<std::string(uint64_t)> SlotsAsOne(const Trace& trace,
                                                std::function<std::string(uint64_t)> inner) {
  const uint64_t base = DmaLayer(trace).swiotlb_base();
  return [base, inner](uint64_t l) { return l >= base ? std::string("slot") : inner(l); };
}

namespace {

template <typename T>
std::string One(const std::string& who, const T& r, const Translation& tr) {
  std::string s = absl::StrCat(who, ": op ", tr.op(r.op), " ", r.kind, " [");
  for (size_t i = 0; i < r.handles.size(); ++i) {
    absl::StrAppend(&s, i ? "," : "", tr.handle(r.handles[i]));
  }
  absl::StrAppend(&s, "]");
  if (r.line != kNoLine) absl::StrAppend(&s, " line ", tr.line(r.line));
  return s;
}

bool Dropped(const NormalizeOptions& o, const std::string& kind) {
  return std::find(o.drop_kinds.begin(), o.drop_kinds.end(), kind) != o.drop_kinds.end();
}

}  // namespace

std::vector<std::string> Normalize(const ReplayOutcome& out, const Translation& tr,
                                   const NormalizeOptions& options) {
  std::vector<std::string> lines;
  for (const CheckerOutcome& c : out.checkers) {
    for (const CheckerReport& r : c.reports) {
      if (Dropped(options, r.kind)) continue;
      CheckerReport copy = r;
      if (options.eexist_first_handle_only && r.kind == "eexist" && copy.handles.size() > 1) {
        copy.handles.resize(1);
      }
      std::string s = One(c.era, copy, tr);
      if (options.printed) absl::StrAppend(&s, r.printed ? " printed" : "", r.counted ? " counted" : "");
      lines.push_back(std::move(s));
    }
  }
  for (const OracleOutcome& o : out.oracles) {
    lines.push_back(absl::StrCat(o.name, ": verdict ", VerdictName(o.result.verdict)));
    for (const OracleFinding& f : o.result.findings) {
      if (Dropped(options, f.kind)) continue;
      OracleFinding copy = f;
      if (options.anonymous_line && f.line != kNoLine && options.anonymous_line(f.line)) {
        copy.handles.clear();
      }
      lines.push_back(One(o.name, copy, tr));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

ReplayOutcome ReplayAll(const Trace& trace) {
  absl::StatusOr<ReplayOutcome> out = Replay(trace, ReplayRequest{});
  DMASIM_CHECK(out.ok());
  return *std::move(out);
}

}  // namespace dmasim::props
