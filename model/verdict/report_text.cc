#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "model/verdict/report.h"
#include "model/verdict/report_witness.h"
#include "model/trace/trace_printer.h"

namespace dmasim {
namespace {

std::string OpText(const Trace& trace, int op) {
  if (op >= 0 && op < static_cast<int>(trace.ops.size())) return PrintOp(trace, op);
  return "(end of trace)";
}

std::string HandleNames(const Trace& trace, const std::vector<int>& handles) {
  std::vector<std::string> names;
  for (int h : handles) {
    names.push_back(h >= 0 && h < static_cast<int>(trace.handles.size()) ? trace.handles[h].name
                                                                          : "?");
  }
  return absl::StrJoin(names, ",");
}

std::string LineText(uint64_t line, uint64_t lines = 1) {
  if (line == kNoLine) return std::string();
  if (lines > 1) return absl::StrFormat(" [line 0x%x, %u lines]", line, lines);
  return absl::StrFormat(" [line 0x%x]", line);
}

// " (+N more mappings)" when a report or finding names only some of its mappings.
std::string MoreText(uint64_t more_handles) {
  return more_handles == 0 ? std::string()
                           : absl::StrFormat(" (+%u more mapping%s)", more_handles,
                                             more_handles == 1 ? "" : "s");
}

std::string NotListedText(uint64_t n, absl::string_view what) {
  return n == 0 ? std::string()
                : absl::StrFormat("  ... %u more %s not listed (at most %u are)\n", n, what,
                                  kMaxListed);
}

}  // namespace

std::string ReplayToText(absl::string_view file, const Trace& trace, const ReplayOutcome& out) {
  const PlatformDecl& p = trace.platform;
  std::string s = absl::StrFormat("%s: %d ops, platform %s (line %u, dma_align %u, page %u)\n",
                                  file, out.ops, p.arch, p.line, p.dma_align, p.page);
  for (const CheckerOutcome& c : out.checkers) {
    absl::StrAppendFormat(&s, "checker %s (era %s): %d report%s\n", c.id, c.era,
                          c.reports.size(), c.reports.size() == 1 ? "" : "s");
    int last_op = -2;
    for (const CheckerReport& r : c.reports) {
      if (r.op != last_op) absl::StrAppendFormat(&s, "  op %d: %s\n", r.op, OpText(trace, r.op));
      last_op = r.op;
      // A two-line kernel message keeps its second line, indented under the first.
      absl::StrAppendFormat(&s, "    %s%s: %s%s%s%s\n", r.kind,
                            r.printed ? "" : (r.counted ? " (counted, not printed)" : " (not printed)"),
                            absl::StrReplaceAll(r.message, {{"\n", "\n      "}}),
                            LineText(r.line, r.lines), MoreText(r.more_handles),
                            r.repeats == 0 ? ""
                                           : absl::StrFormat(" (%u more times)", r.repeats));
    }
    s += NotListedText(c.not_listed, "reports");
  }
  bool legend = false;
  for (const OracleOutcome& o : out.oracles) {
    absl::StrAppendFormat(&s, "oracle %s", o.name);
    if (o.name != "contract") absl::StrAppend(&s, ": ", VerdictName(o.result.verdict));
    absl::StrAppendFormat(&s, " (%d finding%s)\n", o.result.findings.size(),
                          o.result.findings.size() == 1 ? "" : "s");
    if (!o.result.note.empty()) absl::StrAppend(&s, "  note: ", o.result.note, "\n");
    const std::vector<HazardWitness> witnesses = WitnessesOf(trace, o);
    if (!witnesses.empty() && !legend) {
      s += WitnessLegend();
      legend = true;
    }
    for (size_t k = 0; k < o.result.findings.size(); ++k) {
      const OracleFinding& f = o.result.findings[k];
      absl::StrAppendFormat(&s, "  op %d %s: %s%s%s\n", f.op, f.kind, f.message,
                            LineText(f.line, f.lines), MoreText(f.more_handles));
      if (k < witnesses.size()) s += WitnessText(trace, witnesses[k]);
    }
    s += NotListedText(o.result.findings_not_listed, "findings");
  }
  if (!out.classification.empty()) s += "classification:\n";
  for (const Classification& c : out.classification) {
    absl::StrAppendFormat(&s, "  op %d: %s vs %s: %s %s (%s)%s\n", c.op, c.checker, c.oracle,
                          c.cls, c.kind, HandleNames(trace, c.handles), LineText(c.line));
  }
  int ran = 0, failed = 0;
  for (const ExpectOutcome& x : out.expectations) {
    if (!x.ran) continue;
    ++ran;
    if (x.ok) continue;
    ++failed;
    absl::StrAppendFormat(&s, "EXPECTATION FAILED %s:%d: expect %s %s; observed: %s\n", file,
                          x.line, x.target, absl::StrJoin(x.expected, " "),
                          x.observed.empty() ? "none" : absl::StrJoin(x.observed, " "));
  }
  if (ran > 0) absl::StrAppendFormat(&s, "expectations: %d checked, %d failed\n", ran, failed);
  return s;
}

std::string FindingsTable(const std::vector<TableRow>& rows) {
  // FR(C) / MR(C): false and missed reports of the other report kinds (contract only),
  // appended after the overlap columns so that those keep their places.
  std::string s = absl::StrFormat("%-44s %-16s %7s %7s %6s %6s %6s %6s %6s %6s\n", "FILE",
                                  "CHECKER", "REPORTS", "OVERLAP", "FP(C)", "MISS(C)", "FP(H)",
                                  "MISS(H)", "FR(C)", "MR(C)");
  struct Totals {
    int reports = 0, overlap = 0, fp_c = 0, miss_c = 0, fp_h = 0, miss_h = 0, fr_c = 0,
        mr_c = 0;
  };
  std::map<std::string, Totals> totals;  // ordered: deterministic
  std::vector<std::string> order;
  for (const TableRow& row : rows) {
    for (const CheckerOutcome& c : row.outcome.checkers) {
      Totals t;
      t.reports = static_cast<int>(c.reports.size());
      for (const CheckerReport& r : c.reports) t.overlap += r.overlap ? 1 : 0;
      for (const Classification& k : row.outcome.classification) {
        if (k.checker != c.id) continue;
        const bool contract = k.oracle == "contract";
        if (k.cls == "false-report" || k.cls == "missed-report") {
          (k.cls == "false-report" ? t.fr_c : t.mr_c) += 1;
          continue;
        }
        const bool fp = k.cls == "false-positive";
        (contract ? (fp ? t.fp_c : t.miss_c) : (fp ? t.fp_h : t.miss_h)) += 1;
      }
      std::string name = row.file.size() > 44 ? "..." + row.file.substr(row.file.size() - 41)
                                               : row.file;
      absl::StrAppendFormat(&s, "%-44s %-16s %7d %7d %6d %6d %6d %6d %6d %6d\n", name, c.id,
                            t.reports, t.overlap, t.fp_c, t.miss_c, t.fp_h, t.miss_h, t.fr_c,
                            t.mr_c);
      if (!totals.count(c.id)) order.push_back(c.id);
      Totals& T = totals[c.id];
      T.reports += t.reports;
      T.overlap += t.overlap;
      T.fp_c += t.fp_c;
      T.miss_c += t.miss_c;
      T.fp_h += t.fp_h;
      T.miss_h += t.miss_h;
      T.fr_c += t.fr_c;
      T.mr_c += t.mr_c;
    }
    std::vector<std::string> verdicts;
    for (const OracleOutcome& o : row.outcome.oracles) {
      if (o.name == "contract") continue;
      std::set<std::string> kinds;
      for (const OracleFinding& f : o.result.findings) kinds.insert(f.kind);
      std::string v = absl::StrCat(o.name.substr(7), "=", VerdictName(o.result.verdict));
      if (!kinds.empty()) absl::StrAppend(&v, "(", absl::StrJoin(kinds, ","), ")");
      verdicts.push_back(v);
    }
    if (!verdicts.empty()) absl::StrAppend(&s, "  hazard: ", absl::StrJoin(verdicts, " "), "\n");
    int bad = 0;
    for (const ExpectOutcome& x : row.outcome.expectations) bad += (x.ran && !x.ok) ? 1 : 0;
    if (bad > 0) absl::StrAppendFormat(&s, "  %d EXPECTATION(S) FAILED\n", bad);
  }
  s += "\nTOTAL (C = contract oracle, H = hazard oracle, all platforms)\n";
  for (const std::string& id : order) {
    const Totals& T = totals[id];
    absl::StrAppendFormat(&s, "%-44s %-16s %7d %7d %6d %6d %6d %6d %6d %6d\n", "", id,
                          T.reports, T.overlap, T.fp_c, T.miss_c, T.fp_h, T.miss_h, T.fr_c, T.mr_c);
  }
  return s;
}

}  // namespace dmasim
