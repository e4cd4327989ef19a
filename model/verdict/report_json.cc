#include "model/base/json_writer.h"
#include "model/verdict/report.h"
#include "model/verdict/report_witness.h"

namespace dmasim {
namespace {

void Handles(JsonWriter& w, const Trace& trace, const std::vector<int>& handles) {
  w.Key("handles").BeginArray();
  for (int h : handles) w.String(h >= 0 && h < static_cast<int>(trace.handles.size())
                                     ? trace.handles[h].name : "?");
  w.EndArray();
}

void Line(JsonWriter& w, uint64_t line) {
  w.Key("line");
  if (line == kNoLine) {
    w.Null();
  } else {
    w.Uint(line);
  }
}

// Present only when they say something: "lines" when more than one line or granule,
// "more_handles" when mappings beyond `handles` are involved.
void Extent(JsonWriter& w, uint64_t lines, uint64_t more_handles) {
  if (lines > 1) w.Key("lines").Uint(lines);
  if (more_handles > 0) w.Key("more_handles").Uint(more_handles);
}

}  // namespace

std::string ReplayToJson(absl::string_view file, const Trace& trace, const ReplayOutcome& out) {
  JsonWriter w;
  w.BeginObject();
  w.Key("file").String(file);
  w.Key("ops").Int(out.ops);
  w.Key("platform").String(trace.platform.arch);
  w.Key("checkers").BeginObject();
  for (const CheckerOutcome& c : out.checkers) {
    w.Key(c.id).BeginObject();
    w.Key("era").String(c.era);
    w.Key("reports").BeginArray();
    for (const CheckerReport& r : c.reports) {
      w.BeginObject();
      w.Key("op").Int(r.op);
      w.Key("kind").String(r.kind);
      w.Key("message").String(r.message);
      w.Key("printed").Bool(r.printed);
      w.Key("counted").Bool(r.counted);
      w.Key("overlap").Bool(r.overlap);
      Handles(w, trace, r.handles);
      Line(w, r.line);
      Extent(w, r.lines, r.more_handles);
      if (r.repeats > 0) w.Key("repeats").Uint(r.repeats);
      w.EndObject();
    }
    w.EndArray();
    if (c.not_listed > 0) w.Key("reports_not_listed").Uint(c.not_listed);
    w.EndObject();
  }
  w.EndObject();
  w.Key("oracles").BeginObject();
  for (const OracleOutcome& o : out.oracles) {
    const bool contract = o.name == "contract";
    w.Key(o.name).BeginObject();
    if (!contract) {
      w.Key("verdict").String(VerdictName(o.result.verdict));
      if (!o.result.note.empty()) w.Key("note").String(o.result.note);
    }
    w.Key("findings").BeginArray();
    const std::vector<HazardWitness> witnesses = WitnessesOf(trace, o);
    for (size_t k = 0; k < o.result.findings.size(); ++k) {
      const OracleFinding& f = o.result.findings[k];
      w.BeginObject();
      w.Key("op").Int(f.op);
      w.Key(contract ? "rule" : "kind").String(f.kind);
      if (!contract) Line(w, f.line);
      w.Key("message").String(f.message);
      w.Key("sharing").Bool(f.sharing);
      Handles(w, trace, f.handles);
      if (contract) Line(w, f.line);
      Extent(w, f.lines, f.more_handles);
      if (k < witnesses.size()) WitnessJson(w, witnesses[k]);
      w.EndObject();
    }
    w.EndArray();
    if (o.result.findings_not_listed > 0) {
      w.Key("findings_not_listed").Uint(o.result.findings_not_listed);
    }
    w.EndObject();
  }
  w.EndObject();
  w.Key("classification").BeginArray();
  for (const Classification& c : out.classification) {
    w.BeginObject();
    w.Key("checker").String(c.checker);
    w.Key("oracle").String(c.oracle);
    w.Key("op").Int(c.op);
    w.Key("class").String(c.cls);
    w.Key("kind").String(c.kind);
    Handles(w, trace, c.handles);
    Line(w, c.line);
    w.EndObject();
  }
  w.EndArray();
  w.Key("expectations").BeginArray();
  for (const ExpectOutcome& x : out.expectations) {
    w.BeginObject();
    w.Key("line").Int(x.line);
    w.Key("target").String(x.target);
    w.Key("expected").BeginArray();
    for (const std::string& s : x.expected) w.String(s);
    w.EndArray();
    w.Key("observed").BeginArray();
    for (const std::string& s : x.observed) w.String(s);
    w.EndArray();
    w.Key("ran").Bool(x.ran);
    w.Key("ok").Bool(x.ok);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.str();
}

}  // namespace dmasim
