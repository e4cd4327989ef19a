#include "model/hunt/hunt_stats.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "model/base/json_writer.h"

namespace dmasim::hunt {

void HuntStats::Merge(const HuntStats& o) {
  execs += o.execs;
  minimizations += o.minimizations;
  minimize_tries += o.minimize_tries;
  deferred += o.deferred;
  invariant_failures += o.invariant_failures;
  corpus = std::max(corpus, o.corpus);
  features = std::max(features, o.features);
  for (const auto& [id, s] : o.sigs) {
    auto [it, fresh] = sigs.emplace(id, s);
    if (fresh) continue;
    it->second.hits += s.hits;
    it->second.written = it->second.written || s.written;
    if (it->second.file.empty()) it->second.file = s.file;
  }
}

std::string HuntStats::Serialize() const {
  std::string out = absl::StrCat("stat execs ", execs, "\nstat minimizations ", minimizations,
                                 "\nstat minimize_tries ", minimize_tries, "\nstat deferred ",
                                 deferred, "\nstat invariant_failures ", invariant_failures,
                                 "\nstat corpus ", corpus, "\nstat features ", features, "\n");
  for (const auto& [id, s] : sigs) {
    absl::StrAppend(&out, "sig ", id, " ", s.hits, " ", s.written ? 1 : 0, " ", s.era, " ",
                    s.oracle, " ", s.cls, " ", s.kind, " ", s.file.empty() ? "-" : s.file, "\n");
  }
  absl::StrAppend(&out, "end\n");
  return out;
}

bool ParseStatsLine(absl::string_view line, HuntStats* stats, bool* complete) {
  std::vector<std::string> w = absl::StrSplit(line, ' ', absl::SkipEmpty());
  if (w.size() == 1 && w[0] == "end") {
    *complete = true;
    return true;
  }
  if (w.size() == 3 && w[0] == "stat") {
    int64_t v = 0;
    if (!absl::SimpleAtoi(w[2], &v)) return false;
    const std::pair<const char*, int64_t*> fields[] = {
        {"execs", &stats->execs},       {"minimizations", &stats->minimizations},
        {"minimize_tries", &stats->minimize_tries}, {"deferred", &stats->deferred},
        {"invariant_failures", &stats->invariant_failures}, {"corpus", &stats->corpus},
        {"features", &stats->features}};
    for (const auto& [name, field] : fields) {
      if (w[1] == name) {
        *field = v;
        return true;
      }
    }
    return false;
  }
  if (w.size() == 9 && w[0] == "sig") {
    SigStats s;
    if (!absl::SimpleAtoi(w[2], &s.hits)) return false;
    s.written = w[3] == "1";
    s.era = w[4];
    s.oracle = w[5];
    s.cls = w[6];
    s.kind = w[7];
    s.file = w[8] == "-" ? "" : w[8];
    stats->sigs[w[1]] = s;
    return true;
  }
  return false;
}

namespace {

struct Row {
  std::string era, oracle, cls;
  int64_t signatures = 0, fresh = 0, hits = 0;
  std::string example;
  std::vector<std::string> kinds;
};

std::vector<Row> Rows(const HuntStats& stats) {
  std::map<std::tuple<std::string, std::string, std::string>, Row> rows;
  for (const auto& [id, s] : stats.sigs) {
    Row& r = rows[{s.era, s.oracle, s.cls}];
    r.era = s.era;
    r.oracle = s.oracle;
    r.cls = s.cls;
    ++r.signatures;
    r.fresh += s.written ? 1 : 0;
    r.hits += s.hits;
    if (r.example.empty() && !s.file.empty()) r.example = s.file;
    if (std::find(r.kinds.begin(), r.kinds.end(), s.kind) == r.kinds.end()) {
      r.kinds.push_back(s.kind);
    }
  }
  std::vector<Row> out;
  for (auto& [k, r] : rows) {
    std::sort(r.kinds.begin(), r.kinds.end());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::string HuntTable(const HuntStats& stats, absl::string_view out_dir) {
  std::string out = absl::StrFormat(
      "hunt: %d execs, %d distinct signatures (%d new repros in %s), %d minimizations%s%s\n",
      stats.execs, stats.sigs.size(),
      std::count_if(stats.sigs.begin(), stats.sigs.end(),
                    [](const auto& kv) { return kv.second.written; }),
      out_dir, stats.minimizations,
      stats.deferred > 0 ? absl::StrCat(", ", stats.deferred, " findings not minimized (budget)")
                         : "",
      stats.invariant_failures > 0
          ? absl::StrCat(", ", stats.invariant_failures, " INVARIANT FAILURES")
          : "");
  const std::vector<Row> rows = Rows(stats);
  if (rows.empty()) return out + "no findings\n";
  absl::StrAppend(&out, absl::StrFormat("%-15s %-16s %-15s %5s %4s %8s  %s\n", "era", "oracle",
                                        "class", "sigs", "new", "hits", "kinds / example repro"));
  for (const Row& r : rows) {
    absl::StrAppend(&out, absl::StrFormat("%-15s %-16s %-15s %5d %4d %8d  %s\n", r.era, r.oracle,
                                          r.cls, r.signatures, r.fresh, r.hits,
                                          absl::StrJoin(r.kinds, ",")));
    if (!r.example.empty()) {
      absl::StrAppend(&out, absl::StrFormat("%62s  %s/%s\n", "", out_dir, r.example));
    }
  }
  return out;
}

std::string HuntTableJson(const HuntStats& stats, absl::string_view out_dir) {
  JsonWriter j;
  j.BeginObject();
  j.Key("execs").Int(stats.execs);
  j.Key("minimizations").Int(stats.minimizations);
  j.Key("deferred").Int(stats.deferred);
  j.Key("invariant_failures").Int(stats.invariant_failures);
  j.Key("out").String(out_dir);
  j.Key("rows").BeginArray();
  for (const Row& r : Rows(stats)) {
    j.BeginObject();
    j.Key("era").String(r.era);
    j.Key("oracle").String(r.oracle);
    j.Key("class").String(r.cls);
    j.Key("signatures").Int(r.signatures);
    j.Key("new").Int(r.fresh);
    j.Key("hits").Int(r.hits);
    j.Key("kinds").BeginArray();
    for (const std::string& k : r.kinds) j.String(k);
    j.EndArray();
    j.Key("example");
    if (r.example.empty()) {
      j.Null();
    } else {
      j.String(absl::StrCat(out_dir, "/", r.example));
    }
    j.EndObject();
  }
  j.EndArray();
  j.Key("signatures").BeginArray();
  for (const auto& [id, s] : stats.sigs) {
    j.BeginObject();
    j.Key("id").String(id);
    j.Key("era").String(s.era);
    j.Key("oracle").String(s.oracle);
    j.Key("class").String(s.cls);
    j.Key("kind").String(s.kind);
    j.Key("hits").Int(s.hits);
    j.Key("new").Bool(s.written);
    j.Key("file");
    if (s.file.empty()) {
      j.Null();
    } else {
      j.String(absl::StrCat(out_dir, "/", s.file));
    }
    j.EndObject();
  }
  j.EndArray();
  j.EndObject();
  return j.str();
}

}  // namespace dmasim::hunt
