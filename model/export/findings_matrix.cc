#include "model/export/findings_matrix.h"

#include <algorithm>

#include "absl/container/btree_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "model/base/json_writer.h"
#include "model/trace/platform.h"
#include "model/verdict/registry.h"
#include "model/verdict/replay.h"

namespace dmasim {
namespace {

std::vector<std::string> Sorted(const absl::btree_set<std::string>& s) {
  return std::vector<std::string>(s.begin(), s.end());
}

std::string ParentName(absl::string_view file) {
  const size_t slash = file.rfind('/');
  if (slash == absl::string_view::npos) return "";
  absl::string_view dir = file.substr(0, slash);
  const size_t up = dir.rfind('/');
  return std::string(up == absl::string_view::npos ? dir : dir.substr(up + 1));
}

bool IsOverlapKind(const CheckerReport& r) { return r.overlap; }

MatrixChecker CheckerRow(const CheckerOutcome& c, const ReplayOutcome& out) {
  MatrixChecker m;
  m.id = c.id;
  absl::btree_set<std::string> reports, vs_contract, fp, missed;
  for (const CheckerReport& r : c.reports) {
    reports.insert(absl::StrCat(r.kind, "@", r.op));
    m.overlap = m.overlap || IsOverlapKind(r);
  }
  for (const Classification& k : out.classification) {
    if (k.checker != c.id) continue;
    if (k.oracle == "contract") {
      vs_contract.insert(absl::StrCat(k.cls, " ", k.kind, "@", k.op));
    } else if (absl::StartsWith(k.oracle, "hazard:")) {
      const std::string arch = k.oracle.substr(7);
      (k.cls == "false-positive" ? fp : missed).insert(arch);
    }
  }
  m.reports = Sorted(reports);
  m.vs_contract = Sorted(vs_contract);
  // archs in table order, not alphabetical
  for (const ArchPolicy& a : AllArchs()) {
    if (fp.contains(std::string(a.name))) m.fp_archs.emplace_back(a.name);
    if (missed.contains(std::string(a.name))) m.missed_archs.emplace_back(a.name);
  }
  return m;
}

void WriteList(JsonWriter& j, absl::string_view key, const std::vector<std::string>& v) {
  j.Key(key).BeginArray();
  for (const std::string& s : v) j.String(s);
  j.EndArray();
}

void WriteRow(JsonWriter& j, const MatrixRow& r) {
  j.BeginObject().Key("file").String(r.file).Key("folder").String(r.folder);
  j.Key("arch").String(r.arch).Key("checkers").BeginArray();
  for (const MatrixChecker& c : r.checkers) {
    j.BeginObject().Key("id").String(c.id);
    WriteList(j, "reports", c.reports);
    j.Key("overlap").Bool(c.overlap);
    WriteList(j, "vs_contract", c.vs_contract);
    WriteList(j, "false_positive_archs", c.fp_archs);
    WriteList(j, "missed_archs", c.missed_archs);
    j.EndObject();
  }
  j.EndArray();
  WriteList(j, "contract", r.contract);
  j.Key("hazard").BeginArray();
  for (const MatrixHazard& h : r.hazards) {
    j.BeginObject().Key("arch").String(h.arch).Key("verdict").String(h.verdict);
    WriteList(j, "kinds", h.kinds);
    j.EndObject();
  }
  j.EndArray().EndObject();
}

}  // namespace

absl::StatusOr<MatrixRow> BuildMatrixRow(const Trace& trace, absl::string_view file) {
  ReplayRequest req;
  req.checkers = AllCheckerIds();
  req.platforms = {"all"};
  absl::StatusOr<ReplayOutcome> out = Replay(trace, req);
  if (!out.ok()) return out.status();
  MatrixRow row{std::string(file), ParentName(file), trace.platform.arch, {}, {}, {}};
  for (const CheckerOutcome& c : out->checkers) row.checkers.push_back(CheckerRow(c, *out));
  for (const OracleOutcome& o : out->oracles) {
    absl::btree_set<std::string> kinds;
    if (o.name == "contract") {
      for (const OracleFinding& f : o.result.findings) kinds.insert(absl::StrCat(f.kind, "@", f.op));
      row.contract = Sorted(kinds);
      continue;
    }
    for (const OracleFinding& f : o.result.findings) kinds.insert(f.kind);
    row.hazards.push_back({o.name.substr(7), std::string(VerdictName(o.result.verdict)),
                           Sorted(kinds)});
  }
  std::vector<MatrixHazard> ordered;  // table order
  for (const ArchPolicy& a : AllArchs()) {
    for (const MatrixHazard& h : row.hazards) {
      if (h.arch == a.name) ordered.push_back(h);
    }
  }
  row.hazards = ordered;
  return row;
}

std::string MatrixJson(const std::vector<MatrixRow>& rows) {
  JsonWriter j;
  j.BeginObject().Key("checkers").BeginArray();
  for (const std::string& id : AllCheckerIds()) j.String(id);
  j.EndArray().Key("platforms").BeginArray();
  for (const ArchPolicy& a : AllArchs()) j.String(a.name);
  j.EndArray().Key("traces").BeginArray();
  for (const MatrixRow& r : rows) WriteRow(j, r);
  j.EndArray().EndObject();
  return j.str() + "\n";
}

}  // namespace dmasim
