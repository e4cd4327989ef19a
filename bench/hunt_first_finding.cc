// Time to first finding from an empty corpus, per class, median of 5 seeds: the hunt's
// plain search (one core, the same HuntSession `dmasim hunt` runs, repros written to a
// scratch findings folder) until a repro of the class is written. Not a test.
//
//   hunt_first_finding [SECONDS]     the bound per run (default 60)
//
// A class is recognised on the written repro's signature (signature.h: era, oracle, class,
// kind, shape of the minimized ops); the shape's relation words (same, bytes, line,
// granule, ...-firstline) say how the ranges share.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "model/hunt/findings_db.h"
#include "model/hunt/hunt_session.h"
#include "model/hunt/plain_search.h"

namespace dmasim::hunt {
namespace {

struct Sig {
  std::string era, oracle, cls, kind, shape;
};

Sig Split(const std::string& text) {
  std::vector<std::string> w = absl::StrSplit(text, absl::MaxSplits('|', 4));
  w.resize(5);
  return {w[0], w[1], w[2], w[3], w[4]};
}

// (device, range label, direction) of each map op of a shape.
struct MapOp {
  std::string dev, range, dir;
};
std::vector<MapOp> Maps(const std::string& shape) {
  std::vector<MapOp> out;
  static const std::regex re(R"(map(?:_sg)? \w+ (d\d+) (\w+)\S* (r\d+))");
  for (std::sregex_iterator it(shape.begin(), shape.end(), re), end; it != end; ++it) {
    out.push_back({(*it)[1], (*it)[3], (*it)[2]});
  }
  return out;
}

bool Checker(const Sig& s) { return s.era != "exact"; }

struct Class {
  const char* name;
  std::function<bool(const Sig&)> match;
};

const std::vector<Class>& Classes() {
  static const std::vector<Class> classes = {
      {"false positive vs contract: one region mapped for two devices",
       [](const Sig& s) {
         if (!Checker(s) || s.oracle != "contract" || s.cls != "false-positive") return false;
         const std::vector<MapOp> m = Maps(s.shape);
         for (size_t a = 0; a < m.size(); ++a) {
           for (size_t b = a + 1; b < m.size(); ++b) {
             if (m[a].range == m[b].range && m[a].dev != m[b].dev) return true;
           }
         }
         return false;
       }},
      {"false positive vs hazard:coherent: two from_device mappings starting in one line",
       [](const Sig& s) {
         if (!Checker(s) || s.oracle != "hazard:coherent" || s.cls != "false-positive") {
           return false;
         }
         // Two from_device maps whose ranges start in one line: the same range label, or
         // a relation ending in -firstline.
         const std::vector<MapOp> m = Maps(s.shape);
         std::vector<std::string> from;
         for (const MapOp& x : m) {
           if (x.dir == "from_device") from.push_back(x.range);
         }
         if (from.size() < 2) return false;
         for (size_t a = 0; a < from.size(); ++a) {
           for (size_t b = a + 1; b < from.size(); ++b) {
             if (from[a] == from[b]) return true;
             const std::string rel = from[a] + "~" + from[b] + "=";
             const size_t at = s.shape.find(rel);
             if (at != std::string::npos &&
                 s.shape.substr(at, s.shape.find_first_of(" ;", at) - at).find("firstline") !=
                     std::string::npos) {
               return true;
             }
           }
         }
         return false;
       }},
      {"missed overlap vs contract: a tail overlap",
       [](const Sig& s) {
         static const std::regex re(R"(=bytes[ ;])");
         return Checker(s) && s.oracle == "contract" && s.cls == "missed-overlap" &&
                s.kind == "sharing" && std::regex_search(s.shape, re);
       }},
      {"missed overlap vs contract: a to_device neighbour",
       [](const Sig& s) {
         static const std::regex re(R"(=line[ ;])");
         int to = 0, other = 0;
         for (const MapOp& m : Maps(s.shape)) (m.dir == "to_device" ? to : other)++;
         return Checker(s) && s.oracle == "contract" && s.cls == "missed-overlap" &&
                s.kind == "sharing" && to >= 1 && other >= 1 && std::regex_search(s.shape, re);
       }},
      {"missed overlap vs contract: a CPU write into a line shared with a device-owned mapping",
       [](const Sig& s) {
         return Checker(s) && s.oracle == "contract" && s.cls == "missed-overlap" &&
                s.kind == "cpu-write-shared-line";
       }},
      {"missed overlap vs contract: two buffers in one dma_align granule, different lines",
       [](const Sig& s) {
         return Checker(s) && s.oracle == "contract" && s.cls == "missed-overlap" &&
                s.kind == "sharing" && absl::StrContains(s.shape, "=granule");
       }},
      {"missed overlap vs contract: an overlap after the overlap counter saturates",
       [](const Sig& s) {
         return Checker(s) && s.oracle == "contract" && s.cls == "missed-overlap" &&
                s.kind == "sharing" && Maps(s.shape).size() >= 9;
       }},
  };
  return classes;
}

// Seconds until a repro of class `c` is written, or -1 if not within `bound`.
double FirstFinding(const Class& c, uint64_t seed, double bound) {
  char tmpl[] = "/tmp/dmasim-ttff-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  absl::StatusOr<FindingsDb> db = FindingsDb::Open(dir);
  if (!db.ok()) std::abort();
  HuntConfig config;
  config.engine = "bench";
  HuntSession session(config, &*db);
  std::atomic<bool> stop{false};
  const auto start = std::chrono::steady_clock::now();
  double found = -1;
  PlainSearchOptions o;
  o.seed = seed;
  o.seconds = bound;
  o.stop = &stop;
  o.report_every = 8;
  size_t seen = 0;
  o.report = [&](HuntSession& s) {
    if (s.stats().sigs.size() == seen) return;
    seen = s.stats().sigs.size();
    for (const auto& [id, st] : s.stats().sigs) {
      const DbEntry* e = db->Find(id);
      if (e != nullptr && c.match(Split(e->signature))) {
        found = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        stop.store(true);
        return;
      }
    }
  };
  PlainSearch(&session, o);
  std::system(("rm -rf '" + dir + "'").c_str());
  return found;
}

}  // namespace
}  // namespace dmasim::hunt

int main(int argc, char** argv) {
  const double bound = argc > 1 ? std::atof(argv[1]) : 60;
  std::printf("time to first finding, plain search from an empty corpus, bound %.0f s\n", bound);
  for (const dmasim::hunt::Class& c : dmasim::hunt::Classes()) {
    std::vector<double> t;
    std::string runs;
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      const double s = dmasim::hunt::FirstFinding(c, seed, bound);
      t.push_back(s < 0 ? 1e9 : s);
      runs += s < 0 ? " >bound" : " " + std::to_string(s).substr(0, 5);
      std::fflush(stdout);
    }
    std::sort(t.begin(), t.end());
    std::printf("%-88s median %s s  (seeds 1-5:%s)\n", c.name,
                t[2] >= 1e9 ? ">bound" : std::to_string(t[2]).substr(0, 5).c_str(), runs.c_str());
    std::fflush(stdout);
  }
  return 0;
}
