#include "props/support/oracles.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "model/base/check.h"
#include "model/dma_debug/era.h"
#include "model/replay/replayer.h"
#include "model/verdict/registry.h"

namespace dmasim::props {

std::vector<CheckerReport> CheckerReports(const Trace& trace, absl::string_view id,
                                          const CheckerOptions& options) {
  absl::StatusOr<std::unique_ptr<Checker>> c = NewChecker(id, options);
  DMASIM_CHECK(c.ok());
  ReplayOnce(trace, trace.platform, {c->get()});
  return (*c)->reports();
}

std::vector<OracleFinding> ContractFindings(const Trace& trace) {
  return ContractFindingsOn(trace, trace.platform);
}

std::vector<OracleFinding> ContractFindingsOn(const Trace& trace, const PlatformDecl& platform) {
  std::unique_ptr<Oracle> o = NewContractOracle();
  ReplayOnce(trace, platform, {o.get()});
  return o->result().findings;
}

OracleResult HazardResult(const Trace& trace, absl::string_view arch) {
  const PlatformDecl p = PlatformWithArch(trace, arch);
  std::unique_ptr<Oracle> o = NewHazardOracle(p);
  ReplayOnce(trace, p, {o.get()});
  return o->result();
}

namespace {

std::string Line(uint64_t line) {
  return line == kNoLine ? std::string("-") : absl::StrFormat("0x%x", line);
}

}  // namespace

std::string Summary(const std::vector<CheckerReport>& reports) {
  std::string s;
  for (const CheckerReport& r : reports) {
    absl::StrAppend(&s, "op ", r.op, ": ", r.kind, " [", absl::StrJoin(r.handles, ","),
                    "] line ", Line(r.line), r.printed ? " printed" : "",
                    r.counted ? " counted" : "",
                    r.repeats == 0 ? "" : absl::StrCat(" +", r.repeats, " repeats"), "\n");
  }
  return s;
}

std::string Summary(const std::vector<OracleFinding>& findings) {
  std::string s;
  for (const OracleFinding& f : findings) {
    absl::StrAppend(&s, "op ", f.op, ": ", f.kind, " [", absl::StrJoin(f.handles, ","),
                    "] line ", Line(f.line),
                    f.lines == 1 ? "" : absl::StrCat(" (", f.lines, " lines)"),
                    f.sharing ? " sharing" : "", "\n");
  }
  return s;
}

std::vector<CheckerReport> OfKind(const std::vector<CheckerReport>& reports,
                                  absl::string_view kind) {
  std::vector<CheckerReport> out;
  for (const CheckerReport& r : reports) {
    if (r.kind == kind) out.push_back(r);
  }
  return out;
}

std::vector<std::string> EraIds() {
  std::vector<std::string> ids;
  for (EraId e : AllEras()) ids.push_back(std::string(EraName(e)));
  return ids;
}

}  // namespace dmasim::props
