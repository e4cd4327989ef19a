// Witness schedules (witness.h): every hazard finding of the hand-worked traces
// (tests/hazard-worked/) and of repro/, on every arch, gets one schedule, and re-running
// exactly that schedule (its lines forced) reproduces the finding; a broken schedule does not.
#include "model/hazard/witness.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/hazard/test_util.h"
#include "model/replay/replayer.h"
#include "model/trace/platform.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

std::vector<std::string> TracesUnder(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".dma") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Tally {
  int findings = 0, with_choices = 0, joins = 0;
};

void CheckEveryWitness(const std::string& dir, Tally* tally) {
  for (const std::string& path : TracesUnder(dir)) {
    absl::StatusOr<Trace> trace = ParseTraceFile(path);
    ASSERT_TRUE(trace.ok()) << trace.status();
    for (const ArchPolicy& arch : AllArchs()) {
      const PlatformDecl p = PlatformWithArch(*trace, arch.name);
      const OracleResult r = ReplayHazard(*trace, arch.name);
      const std::vector<HazardWitness> ws = FindHazardWitnesses(*trace, p, r.findings);
      ASSERT_EQ(ws.size(), r.findings.size());
      for (size_t k = 0; k < ws.size(); ++k) {
        const HazardWitness& w = ws[k];
        const std::string where = path + " on " + std::string(arch.name) + ": op " + std::to_string(w.op) +
                                  " " + w.kind + " (" + w.note + ")";
        ++tally->findings;
        tally->with_choices += w.choices.empty() ? 0 : 1;
        tally->joins += w.lines.size() > 1 ? 1 : 0;
        EXPECT_TRUE(w.reproduced) << where;
        EXPECT_EQ(w.op, r.findings[k].op);
        EXPECT_EQ(w.kind, r.findings[k].kind);
        ASSERT_FALSE(w.steps.empty()) << where;
        // The witness ends at the step that produces the finding, on its line and op.
        EXPECT_EQ(w.steps.back().op, w.op) << where;
        EXPECT_EQ(w.steps.back().line, w.line) << where;
        EXPECT_NE(w.steps.back().finding.find(w.kind), std::string::npos) << where;
        // A second re-run, from the schedule alone, agrees step for step.
        std::vector<WitnessStep> again;
        EXPECT_TRUE(ReplayWitness(*trace, p, w, {}, &again)) << where;
        ASSERT_EQ(again.size(), w.steps.size()) << where;
        for (size_t s = 0; s < again.size(); ++s) {
          EXPECT_EQ(again[s].event, w.steps[s].event) << where;
          EXPECT_EQ(again[s].cache, w.steps[s].cache) << where;
          EXPECT_EQ(again[s].memory, w.steps[s].memory) << where;
        }
      }
    }
  }
}

TEST(WitnessTest, EveryHandWorkedFindingHasAWitnessThatReproducesIt) {
  Tally t;
  CheckEveryWitness(std::string(DMASIM_SOURCE_DIR) + "/tests/hazard-worked", &t);
  // The set exercises schedules with hardware choices and swiotlb joins of two lines.
  EXPECT_GT(t.findings, 50);
  EXPECT_GT(t.with_choices, 10);
  EXPECT_GT(t.joins, 0);
}

TEST(WitnessTest, EveryReproFindingHasAWitnessThatReproducesIt) {
  Tally t;
  CheckEveryWitness(std::string(DMASIM_SOURCE_DIR) + "/repro", &t);
  EXPECT_GT(t.findings, 50);
}

// The neighbour-write-during-rx case on riscv: the device's bytes are lost when the CPU's
// dirty neighbour line is written back. The witness must contain that write-back.
TEST(WitnessTest, DirtyNeighbourWitnessShowsTheWriteBack) {
  const Trace t = hazard_test::Parse(R"(dmasim 1
platform arch=riscv line=64 page=4096 prefetch=no
device d noncoherent
buf rx at=0x1000 len=32 kind=kmalloc
buf nb at=0x1020 len=32 kind=kmalloc
m = map d rx from_device
cpu_write nb
dev_write m
unmap m
cpu_read rx
)");
  const OracleResult r = ReplayHazard(t, "riscv");
  const PlatformDecl p = PlatformWithArch(t, "riscv");
  const std::vector<HazardWitness> ws = FindHazardWitnesses(t, p, r.findings);
  bool saw = false;
  for (const HazardWitness& w : ws) {
    if (w.kind != "device-write-lost") continue;
    saw = true;
    ASSERT_TRUE(w.reproduced) << w.note;
    bool write_back = false;
    for (const WitnessStep& s : w.steps) write_back |= s.event.find("written back") != std::string::npos;
    EXPECT_TRUE(write_back);
    EXPECT_NE(w.steps.back().finding.find("dev@"), std::string::npos) << w.steps.back().finding;
  }
  EXPECT_TRUE(saw) << hazard_test::Dump(r);
}

// A schedule that asks for an impossible action (evicting a line that is absent, at its
// first event) is rejected, and a witness whose choices are dropped no longer reproduces a
// finding that needs them.
TEST(WitnessTest, BrokenSchedulesDoNotReproduce) {
  const Trace t = hazard_test::Parse(R"(dmasim 1
platform arch=riscv line=64 page=4096 prefetch=no
device d noncoherent
buf rx at=0x1000 len=32 kind=kmalloc
buf nb at=0x1020 len=32 kind=kmalloc
m = map d rx from_device
cpu_write nb
dev_write m
unmap m
cpu_read rx
)");
  const OracleResult r = ReplayHazard(t, "riscv");
  const PlatformDecl p = PlatformWithArch(t, "riscv");
  const std::vector<HazardWitness> ws = FindHazardWitnesses(t, p, r.findings);
  int needing_choices = 0;
  for (const HazardWitness& w : ws) {
    ASSERT_TRUE(w.reproduced) << w.kind << " " << w.note;
    HazardWitness bogus = w;
    bogus.choices.insert(bogus.choices.begin(), WitnessChoice{w.line, 0, "evict", {}});
    EXPECT_FALSE(ReplayWitness(t, p, bogus)) << w.kind;
    if (w.choices.empty()) continue;
    HazardWitness none = w;
    none.choices.clear();
    if (!ReplayWitness(t, p, none)) ++needing_choices;
  }
  EXPECT_GT(needing_choices, 0);
}

}  // namespace
}  // namespace dmasim
