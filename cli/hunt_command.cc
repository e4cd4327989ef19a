// `dmasim hunt`: the continuous fuzzing job (model/hunt). Checks every argument before any
// work starts, runs the workers (hunt_runner.h), and prints the findings table at the end or
// when interrupted.

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "model/hunt/findings_db.h"
#include "model/hunt/hunt_runner.h"
#include "model/hunt/hunt_stats.h"
#include "model/trace/platform.h"
#include "model/verdict/registry.h"

namespace dmasim::cli {
namespace {

constexpr FlagSpec kHuntFlags[] = {
    {"checker", FlagType::kList, "", "ID",
     "checker to judge (era id, kernel version or exact; repeatable; default: all)"},
    {"oracle", FlagType::kList, "", "O",
     "oracle to judge against: contract, hazard (repeatable; default both; naming hazard also "
     "records hazards the checkers stay silent about)"},
    {"platform", FlagType::kList, "", "ARCH",
     "archs the decoder may choose (repeatable; default: all); the hazard oracle runs on the "
     "trace's arch"},
    {"time", FlagType::kInt, "60", "S", "stop after S seconds (0: only --runs bounds it)"},
    {"runs", FlagType::kInt, "0", "N", "stop each job after N execs (0: no limit)"},
    {"jobs", FlagType::kInt, "1", "N", "worker processes (1..64)"},
    {"seed", FlagType::kInt, "1", "N", "seed of job 1 (job k uses N+k-1)"},
    {"corpus", FlagType::kList, "", "DIR", "seed corpus folder, read only (repeatable)"},
    {"out", FlagType::kString, "hunt-findings", "DIR",
     "the findings database: one repro per signature (created if missing)"},
    {"engine", FlagType::kString, "auto", "auto|libfuzzer|plain",
     "input engine (auto: libFuzzer when this build links it, else the plain seeded search)"},
    {"dict", FlagType::kString, "", "FILE", "libFuzzer dictionary"},
    {"check-determinism", FlagType::kBool, "false", "",
     "also replay every input twice and compare (halves the exec rate)"},
    {"progress", FlagType::kBool, "true", "", "a progress line on stderr every 3 seconds"},
    {"json", FlagType::kBool, "false", "", "print the findings table as JSON"},
};

int Usage(const std::string& msg) {
  std::fprintf(stderr, "dmasim hunt: %s\n", msg.c_str());
  return 2;
}

// Every entry of `dir`, sorted; each must be a regular file (of at most 1 MiB).
bool LoadCorpus(const std::string& dir, std::vector<std::vector<uint8_t>>* seeds, std::string* err) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    *err = absl::StrCat("--corpus ", dir, ": not a readable folder");
    return false;
  }
  std::vector<std::string> names;
  while (dirent* e = readdir(d)) {
    const std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& n : names) {
    const std::string path = absl::StrCat(dir, "/", n);
    struct stat st;
    if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      *err = absl::StrCat("--corpus: ", path, ": not a regular file");
      return false;
    }
    if (st.st_size > (1 << 20)) {
      *err = absl::StrCat("--corpus: ", path, ": larger than 1 MiB");
      return false;
    }
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      *err = absl::StrCat("--corpus: ", path, ": cannot read");
      return false;
    }
    seeds->push_back(std::move(bytes));
  }
  return true;
}

int RunHunt(const ParsedFlags& flags, const std::vector<std::string>& args) {
  if (!args.empty()) return Usage(absl::StrCat("unexpected argument '", args[0], "'"));
  hunt::HuntRunOptions o;
  for (const std::string& id : flags.List("checker")) {
    absl::StatusOr<CheckerInfo> c = ResolveChecker(id);
    if (!c.ok()) return Usage(std::string(c.status().message()));
    o.config.scope.checkers.push_back(id);
  }
  if (!flags.List("oracle").empty()) {
    o.config.scope.contract = o.config.scope.hazard = false;
    for (const std::string& name : flags.List("oracle")) {
      if (name == "contract") {
        o.config.scope.contract = true;
      } else if (name == "hazard") {
        o.config.scope.hazard = true;
        o.config.scope.silent_hazards = true;
      } else {
        return Usage(absl::StrCat("unknown oracle '", name, "' (contract, hazard)"));
      }
    }
  }
  for (const std::string& a : flags.List("platform")) {
    if (a == "all") continue;
    if (FindArch(a) == nullptr) return Usage(absl::StrCat("unknown arch '", a, "'"));
    o.config.decoder.archs.push_back(a);
  }
  const int64_t time = flags.Int("time"), runs = flags.Int("runs"), jobs = flags.Int("jobs");
  if (time < 0 || runs < 0) return Usage("--time and --runs must be >= 0");
  if (time == 0 && runs == 0) return Usage("--time 0 needs --runs N (the hunt is bounded)");
  if (jobs < 1 || jobs > 64) return Usage("--jobs must be 1..64");
  o.seconds = static_cast<double>(time);
  o.runs = runs;
  o.jobs = static_cast<int>(jobs);
  o.seed = static_cast<uint64_t>(flags.Int("seed"));
  const std::string engine = flags.String("engine");
  if (engine != "auto" && engine != "libfuzzer" && engine != "plain") {
    return Usage("--engine is auto, libfuzzer or plain");
  }
  if (engine == "libfuzzer" && !hunt::LibFuzzerAvailable()) {
    return Usage("--engine libfuzzer: this build does not link libFuzzer (build the `hunt` "
                 "preset with clang)");
  }
  o.libfuzzer = engine == "libfuzzer" || (engine == "auto" && hunt::LibFuzzerAvailable());
  o.config.engine = o.libfuzzer ? "libFuzzer" : absl::StrCat("plain search, seed ", o.seed);
  o.config.check_determinism = flags.Bool("check-determinism");
  o.dict = flags.String("dict");
  if (!o.dict.empty() && !std::ifstream(o.dict).good()) {
    return Usage(absl::StrCat("--dict ", o.dict, ": cannot read"));
  }
  o.progress = flags.Bool("progress");
  for (const std::string& dir : flags.List("corpus")) {
    std::string err;
    if (!LoadCorpus(dir, &o.seeds, &err)) return Usage(err);
    o.corpus_dirs.push_back(dir);
  }
  absl::StatusOr<hunt::FindingsDb> db = hunt::FindingsDb::Open(flags.String("out"));
  if (!db.ok()) return Usage(absl::StrCat("--out ", std::string(db.status().message())));
  for (const std::string& c : db->corrupt()) {
    std::fprintf(stderr, "dmasim hunt: not a hunt repro, left alone: %s\n", c.c_str());
  }
  std::fprintf(stderr, "hunt: engine %s, %d job%s, %s, findings in %s (%zu known signatures)\n",
               o.libfuzzer ? "libFuzzer (coverage-guided)"
                           : "plain seeded search (this build has no libFuzzer)",
               o.jobs, o.jobs == 1 ? "" : "s",
               time > 0 ? absl::StrCat("bounded by ", time, " s").c_str() : "bounded by --runs",
               db->dir().c_str(), db->size());
  const hunt::HuntStats stats = hunt::RunHunt(o, *db);
  if (flags.Bool("json")) {
    std::printf("%s\n", hunt::HuntTableJson(stats, db->dir()).c_str());
  } else {
    std::fputs(hunt::HuntTable(stats, db->dir()).c_str(), stdout);
  }
  return stats.invariant_failures > 0 ? 1 : 0;
}

}  // namespace

extern const CommandSpec kHuntCommand = {
    "hunt", "", "",
    "fuzz for false positives and missed overlaps; each new signature is minimized and written "
    "to --out as a replayable repro; prints the findings table",
    kHuntFlags, RunHunt};

}  // namespace dmasim::cli
