// A randomized mutation test of `dmasim import tracefs` (run under the asan preset too):
// seed logs (the hand-made ones in logs/ and random valid logs made here) are mutated byte
// by byte, line by line and token by token, and each mutant is imported. Whatever the
// input, the importer must end with either
//   * success: its output parses as a valid trace (ParseTrace), and every dma event of the
//     log became exactly one op or one counted comment; or
//   * InvalidArgument naming the log ("FILE:LINE:COL: message" for a bad line),
// never a crash, a hang or another kind of error. Seeded (model/base/prng.h): the same
// mutants on every run.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "model/base/prng.h"
#include "model/import/importer.h"
#include "model/trace/trace_parser.h"

namespace dmasim::import {
namespace {

class StringSink : public OutputSink {
 public:
  void Write(absl::string_view t) override { text.append(t.data(), t.size()); }
  absl::Status Commit() override { return absl::OkStatus(); }
  std::string text;
};

std::string ReadFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A random valid log: maps, duplicates, sg lists, syncs and unmaps (some of nothing) on a
// few devices over a small address pool, in timestamp order but for a few neighbours.
std::string RandomLog(Rng& rng) {
  const char* devs[] = {"0000:00:04.0", "0000:00:05.0", "eth0"};
  const char* dirs[] = {"TO_DEVICE", "FROM_DEVICE", "BIDIRECTIONAL", "NONE"};
  const char* attrs[] = {"", "", "SKIP_CPU_SYNC", "WEAK_ORDERING|SKIP_CPU_SYNC", "MMIO",
                         "CACHELINES_OVERLAP"};
  std::string log = "# tracer: nop\n";
  const int n = static_cast<int>(rng.Range(1, 60));
  for (int i = 0; i < n; ++i) {
    const char* dev = devs[rng.Below(3)];
    const char* dir = dirs[rng.Below(rng.Chance(1, 20) ? 4 : 3)];
    const uint64_t addr = 0x10000 + rng.Below(8) * 0x800 + (rng.Chance(1, 4) ? rng.Below(64) : 0);
    const uint64_t size = rng.Chance(1, 2) ? 0x800 : rng.Range(0, 0x1000);
    std::string body;
    switch (rng.Below(9)) {
      case 0:
      case 1:
        body = absl::StrCat("dma_map_phys: ", dev, " dir=", dir, " dma_addr=",
                            rng.Chance(1, 30) ? "ffffffffffffffff" : absl::StrCat(absl::Hex(addr)),
                            " size=", size, " phys_addr=", absl::Hex(addr), " attrs=",
                            attrs[rng.Below(6)]);
        break;
      case 2:
      case 3:
        body = absl::StrCat("dma_unmap_phys: ", dev, " dir=", dir, " dma_addr=", absl::Hex(addr),
                            " size=", size, " attrs=", attrs[rng.Below(6)]);
        break;
      case 4: {
        const int k = static_cast<int>(rng.Range(1, 4));
        std::string a, s;
        for (int j = 0; j < k; ++j) {
          absl::StrAppend(&a, j ? "," : "", "0x", absl::Hex(addr + 0x1000 * j));
          absl::StrAppend(&s, j ? "," : "", "0x", absl::Hex(rng.Range(1, 0x1000)));
        }
        body = absl::StrCat("dma_map_sg: ", dev, " dir=", dir, " nents=", k, "/", k, " ents=", k,
                            "/", k, " dma_addrs={", a, "} sizes={", s, "} phys_addrs={", a,
                            "} attrs=");
        if (rng.Chance(1, 2)) {
          body = absl::StrCat("dma_unmap_sg: ", dev, " dir=", dir, " phys_addrs={", a, "} attrs=");
        } else if (rng.Chance(1, 3)) {
          body = absl::StrCat("dma_sync_sg_for_cpu: ", dev, " dir=", dir, " dma_addrs={", a,
                              "} sizes={", s, "}");
        }
        break;
      }
      case 5:
      case 6:
        body = absl::StrCat(rng.Chance(1, 2) ? "dma_sync_single_for_cpu: " : "dma_sync_single_for_device: ",
                            dev, " dir=", dir, " dma_addr=", absl::Hex(addr + rng.Below(0x100)),
                            " size=", rng.Range(0, 0x200));
        break;
      case 7:
        body = absl::StrCat("dma_free: ", dev, " dir=BIDIRECTIONAL dma_addr=", absl::Hex(addr),
                            " size=", size, " virt_addr=0000000000000000 attrs=");
        break;
      default:
        body = "sched_switch: prev_comm=a prev_pid=1 ==> next_comm=b next_pid=2";
    }
    const uint64_t ts = 1000000 + static_cast<uint64_t>(i) * 3 + rng.Below(5);
    absl::StrAppend(&log, "      kworker/0:1-", 10 + i % 3, "   [00", i % 2, "] d..1. ",
                    ts / 1000000, ".", absl::StrFormat("%06d", ts % 1000000), ": ", body, "\n");
  }
  return log;
}

const char* const kTokens[] = {"{", "}", ",", "0x", " ", "=", ":", "\n", "[TRUNCATED]",
                               "dir=NONE", "attrs=MMIO", "nents=200/200", "ffffffffffffffff",
                               "-1", "99999999999999999999", "\t", "#", "CPU:0 [LOST 2 EVENTS]\n",
                               "dma_map_phys: ", "dma_unmap_sg: ", "[000]", "\r", "\x01", "\xff"};

std::string Mutate(std::string s, Rng& rng) {
  const int rounds = static_cast<int>(rng.Range(1, 4));
  for (int r = 0; r < rounds && !s.empty(); ++r) {
    const size_t at = rng.Below(s.size());
    switch (rng.Below(7)) {
      case 0:
        s[at] = static_cast<char>(rng.Below(256));
        break;
      case 1:
        s.erase(at, rng.Range(1, 40));
        break;
      case 2:
        s.insert(at, kTokens[rng.Below(std::size(kTokens))]);
        break;
      case 3: {  // duplicate or move a line
        std::vector<std::string> lines = absl::StrSplit(s, '\n');
        const size_t a = rng.Below(lines.size()), b = rng.Below(lines.size());
        if (rng.Chance(1, 2)) {
          lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(b), lines[a]);
        } else {
          std::swap(lines[a], lines[b]);
        }
        s = absl::StrJoin(lines, "\n");
        break;
      }
      case 4:  // a digit changed
        for (size_t i = at; i < s.size(); ++i) {
          if (s[i] >= '0' && s[i] <= '9') {
            s[i] = static_cast<char>('0' + rng.Below(10));
            break;
          }
        }
        break;
      case 5:
        s.resize(at);
        break;
      default:
        s.insert(at, std::string(rng.Range(1, 8), static_cast<char>('0' + rng.Below(10))));
    }
  }
  return s;
}

class MutationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/dmasim_import_mutant_XXXXXX";
    const int fd = mkstemp(name);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = name;
  }
  void TearDown() override { std::remove(path_.c_str()); }

  // Imports `log` and checks the contract of the file comment; returns whether it passed.
  void Check(const std::string& log, int* ok, int* rejected) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << log;
    StringSink sink;
    ImportStats st;
    absl::Status s = ImportTracefs(path_, ImportOptions{}, &sink, &st);
    if (s.ok()) {
      ++*ok;
      absl::StatusOr<Trace> t = ParseTrace(sink.text, "imported");
      ASSERT_TRUE(t.ok()) << t.status() << "\n--- log:\n" << log << "\n--- output:\n" << sink.text;
      ASSERT_EQ(static_cast<int64_t>(t->ops.size()), st.ops) << log;
      ASSERT_EQ(st.stream.dma_events, st.ops - st.mapping_errors + st.dropped_total()) << log;
      return;
    }
    ++*rejected;
    ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s << "\n--- log:\n" << log;
    const std::string m(s.message());
    ASSERT_EQ(m.rfind(path_ + ":", 0), 0u) << m;
    static const std::regex kLocated("^[^:]+:[0-9]+:[0-9]+: .+");
    ASSERT_TRUE(std::regex_match(m, kLocated)) << m << "\n--- log:\n" << log;
  }

  std::string path_;
};

TEST_F(MutationTest, RandomValidLogsImportAndParse) {
  Rng rng(15);
  int ok = 0, rejected = 0;
  for (int i = 0; i < 300; ++i) {
    Check(RandomLog(rng), &ok, &rejected);
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(rejected, 0);  // the generator writes only well-formed lines
}

TEST_F(MutationTest, MutantsImportOrFailWithALocatedMessage) {
  Rng rng(1515);
  std::vector<std::string> seeds = {ReadFile(DMASIM_IMPORT_LOGS "/basic.trace.txt"),
                                    ReadFile(DMASIM_IMPORT_LOGS "/trace-cmd.report.txt")};
  ASSERT_FALSE(seeds[0].empty());
  ASSERT_FALSE(seeds[1].empty());
  for (int i = 0; i < 20; ++i) seeds.push_back(RandomLog(rng));
  int ok = 0, rejected = 0;
  for (int i = 0; i < 2000; ++i) {
    Check(Mutate(seeds[rng.Below(seeds.size())], rng), &ok, &rejected);
    if (HasFatalFailure()) return;
  }
  // Both outcomes must occur, or the mutations test nothing.
  EXPECT_GT(ok, 100);
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace dmasim::import
