#include "model/hunt/hunt_session.h"

#include <dirent.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "model/hunt/minimizer.h"
#include "model/hunt/plain_search.h"
#include "model/hunt/repro_writer.h"
#include "model/trace/trace_parser.h"

namespace dmasim::hunt {
namespace {

std::vector<std::string> Repros(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  while (dirent* e = readdir(d)) {
    const std::string n = e->d_name;
    if (n.size() > 4 && n.substr(n.size() - 4) == ".dma") out.push_back(dir + "/" + n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

FindingKey KeyOf(const Trace& t, const std::string& sig) {
  // "ERA|ORACLE|CLASS|KIND|..." and the expect lines name the checker first.
  std::vector<std::string> w;
  std::stringstream ss(sig);
  for (std::string x; std::getline(ss, x, '|') && w.size() < 4;) w.push_back(x);
  return {t.expects[0].target, w[1], w[2], w[3]};
}

TEST(HuntSession, EveryWrittenReproReplaysToItsVerdictsAndIsOneMinimal) {
  char tmpl[] = "/tmp/dmasim-session-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  absl::StatusOr<FindingsDb> db = FindingsDb::Open(dir);
  ASSERT_TRUE(db.ok());
  HuntConfig config;
  config.engine = "test";
  config.check_determinism = true;
  HuntSession session(config, &*db);
  PlainSearchOptions o;
  o.seed = 5;
  o.runs = 300;
  o.seconds = 0;
  PlainSearch(&session, o);
  EXPECT_EQ(session.stats().execs, 300);
  EXPECT_EQ(session.stats().invariant_failures, 0);
  const std::vector<std::string> files = Repros(dir);
  ASSERT_FALSE(files.empty());
  int checked = 0;
  for (const std::string& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<DbEntry> head = ReadReproHeader(text.str());
    ASSERT_TRUE(head.ok()) << f;
    absl::StatusOr<Trace> t = ParseTrace(text.str(), f);
    ASSERT_TRUE(t.ok()) << t.status();
    absl::StatusOr<ReplayOutcome> out = Replay(*t, ReplayRequest{});
    ASSERT_TRUE(out.ok());
    EXPECT_TRUE(out->expectations_ok()) << f;
    const FindingKey key = KeyOf(*t, head->signature);
    Trace bare = *t;
    bare.expects.clear();
    bare.expect_lines.clear();
    bare.expect_cols.clear();
    EXPECT_TRUE(ShowsFinding(bare, key)) << f;
    if (++checked <= 40) {  // 1-minimality costs a replay per op: a sample is enough here
      EXPECT_TRUE(IsOneMinimal(bare, [&](const Trace& c) { return ShowsFinding(c, key); })) << f;
    }
  }
}

TEST(HuntSession, SameSeedSameStats) {
  auto run = [](const std::string& dir) {
    absl::StatusOr<FindingsDb> db = FindingsDb::Open(dir);
    HuntConfig config;
    HuntSession session(config, &*db);
    PlainSearchOptions o;
    o.seed = 9;
    o.runs = 100;
    o.seconds = 0;
    PlainSearch(&session, o);
    return session.stats().Serialize();
  };
  char a[] = "/tmp/dmasim-session-XXXXXX";
  char b[] = "/tmp/dmasim-session-XXXXXX";
  EXPECT_EQ(run(mkdtemp(a)), run(mkdtemp(b)));
}

TEST(HuntStats, SerializeRoundTrips) {
  HuntStats s;
  s.execs = 12;
  s.sigs["00ff"] = {"linux-5.15", "contract", "false-positive", "eexist", "f.dma", 3, true};
  HuntStats back;
  bool complete = false;
  std::stringstream ss(s.Serialize());
  for (std::string line; std::getline(ss, line);) ASSERT_TRUE(ParseStatsLine(line, &back, &complete));
  EXPECT_TRUE(complete);
  EXPECT_EQ(back.Serialize(), s.Serialize());
}

}  // namespace
}  // namespace dmasim::hunt
