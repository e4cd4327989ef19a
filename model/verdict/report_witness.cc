#include "model/verdict/report_witness.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/replay/replayer.h"
#include "model/trace/trace_printer.h"

namespace dmasim {

std::vector<HazardWitness> WitnessesOf(const Trace& trace, const OracleOutcome& o) {
  if (!absl::StartsWith(o.name, "hazard:") || o.result.findings.empty()) return {};
  const PlatformDecl p = PlatformWithArch(trace, o.name.substr(7));
  return FindHazardWitnesses(trace, p, o.result.findings);
}

std::string WitnessLegend() {
  return "  (witness: one schedule that produces the finding, replayed alone; cache and "
         "memory list byte runs FIRST-LAST of the line with the write that put them there: "
         "init = contents before the trace, cpu@N / dev@N = the CPU / device write of op N, "
         "old = an earlier write since overwritten, - = a swiotlb slot byte nobody may read)\n";
}

std::string WitnessText(const Trace& trace, const HazardWitness& w) {
  if (!w.reproduced) return absl::StrCat("    witness: none (", w.note, ")\n");
  std::string s;
  if (w.kind == "exposure") {
    return absl::StrFormat("    witness: op %d maps the pages; no cache schedule is needed\n",
                           w.op);
  }
  std::string lines;
  for (uint64_t l : w.lines) absl::StrAppendFormat(&lines, "%s0x%x", lines.empty() ? "" : " and ", l);
  absl::StrAppendFormat(&s, "    witness on line%s %s (%d step%s; re-run alone, it reproduces the finding):\n",
                        w.lines.size() > 1 ? "s" : "", lines, w.steps.size(),
                        w.steps.size() == 1 ? "" : "s");
  int last_op = -2;
  for (const WitnessStep& st : w.steps) {
    if (st.op != last_op) {
      const std::string text = st.op >= 0 && st.op < static_cast<int>(trace.ops.size())
                                   ? PrintOp(trace, st.op)
                                   : std::string("(after the last op)");
      absl::StrAppendFormat(&s, "      op %d: %s\n", st.op, text);
      last_op = st.op;
    }
    const std::string where = w.lines.size() > 1 ? absl::StrFormat("line 0x%x: ", st.line) : "";
    absl::StrAppendFormat(&s, "        %s%s [%s]\n", where, st.event, st.cause);
    absl::StrAppendFormat(&s, "          cache %s | memory %s\n", st.cache, st.memory);
    if (!st.finding.empty()) absl::StrAppendFormat(&s, "          => %s\n", st.finding);
    if (!st.intended.empty()) absl::StrAppendFormat(&s, "          latest writes: %s\n", st.intended);
  }
  return s;
}

void WitnessJson(JsonWriter& json, const HazardWitness& w) {
  json.Key("witness").BeginObject();
  json.Key("reproduced").Bool(w.reproduced);
  if (!w.note.empty()) json.Key("note").String(w.note);
  json.Key("lines").BeginArray();
  for (uint64_t l : w.lines) json.Uint(l);
  json.EndArray();
  json.Key("steps").BeginArray();
  for (const WitnessStep& st : w.steps) {
    json.BeginObject();
    json.Key("op").Int(st.op);
    json.Key("line").Uint(st.line);
    json.Key("event").String(st.event);
    json.Key("cause").String(st.cause);
    json.Key("cache").String(st.cache);
    json.Key("memory").String(st.memory);
    if (!st.finding.empty()) json.Key("finding").String(st.finding);
    if (!st.intended.empty()) json.Key("intended").String(st.intended);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

}  // namespace dmasim
