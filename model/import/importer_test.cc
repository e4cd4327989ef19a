#include "model/import/importer.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/trace/trace_parser.h"

namespace dmasim::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class StringSink : public OutputSink {
 public:
  void Write(absl::string_view t) override { text.append(t.data(), t.size()); }
  absl::Status Commit() override { return absl::OkStatus(); }
  std::string text;
};

// A log in a temporary file, removed at the end of the test.
class TempLog {
 public:
  explicit TempLog(const std::string& text) {
    char name[] = "/tmp/dmasim_import_test_XXXXXX";
    const int fd = mkstemp(name);
    EXPECT_GE(fd, 0);
    close(fd);
    path_ = name;
    std::ofstream(path_) << text;
  }
  ~TempLog() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Imported {
  absl::Status status;
  std::string text;
  ImportStats stats;
  std::vector<std::string> ops;  // op statements, without their "  # L.." comments
};

Imported Import(const std::string& log, const ImportOptions& opt = {}) {
  TempLog f(log);
  Imported r;
  StringSink sink;
  r.status = ImportTracefs(f.path(), opt, &sink, &r.stats);
  r.text = sink.text;
  if (!r.status.ok()) return r;
  absl::StatusOr<Trace> t = ParseTrace(r.text, "imported");
  EXPECT_TRUE(t.ok()) << t.status() << "\n" << r.text;
  for (absl::string_view line : absl::StrSplit(r.text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    std::string op(line.substr(0, line.find("  #")));
    if (op.rfind("dmasim", 0) == 0 || op.rfind("platform", 0) == 0 ||
        op.rfind("device", 0) == 0 || op.rfind("buf ", 0) == 0) {
      continue;
    }
    r.ops.push_back(op);
  }
  return r;
}

// A tracefs event line.
std::string Ev(double ts, absl::string_view event, absl::string_view body, int cpu = 0) {
  char t[32];
  std::snprintf(t, sizeof t, "%.6f", ts);
  return absl::StrCat("              dd-60      [00", cpu, "] .....     ", t, ": ", event, ": ",
                      body, "\n");
}

std::string Map(double ts, absl::string_view dev, uint64_t addr, uint64_t size,
                absl::string_view dir, absl::string_view attrs = "") {
  return Ev(ts, "dma_map_phys",
            absl::StrCat(dev, " dir=", dir, " dma_addr=", absl::Hex(addr), " size=", size,
                         " phys_addr=", absl::Hex(addr), " attrs=", attrs));
}
std::string Unmap(double ts, absl::string_view dev, uint64_t addr, uint64_t size,
                  absl::string_view dir, absl::string_view attrs = "") {
  return Ev(ts, "dma_unmap_phys", absl::StrCat(dev, " dir=", dir, " dma_addr=", absl::Hex(addr),
                                               " size=", size, " attrs=", attrs));
}

TEST(Importer, DuplicateLiveMappingsGetTheirOwnHandles) {
  // O_DIRECT reads merged into one request: one buffer mapped twice at once.
  Imported r = Import("# tracer: nop\n" + Map(1.0, "0000:00:04.0", 0x2a01000, 4096, "FROM_DEVICE") +
                      Map(1.1, "0000:00:04.0", 0x2a01000, 4096, "FROM_DEVICE") +
                      Unmap(1.2, "0000:00:04.0", 0x2a01000, 4096, "FROM_DEVICE") +
                      Unmap(1.3, "0000:00:04.0", 0x2a01000, 4096, "FROM_DEVICE"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.ops, ElementsAre("m0 = map d0000_00_04.0 b0 0 4096 from_device", "mapping_error m0",
                                 "m1 = map d0000_00_04.0 b0 0 4096 from_device", "mapping_error m1",
                                 "unmap m0", "unmap m1"));
  EXPECT_THAT(r.text, HasSubstr("buf b0 at=0x2a01000 len=4096"));
  EXPECT_THAT(r.text, HasSubstr("#   d0000_00_04.0 = 0000:00:04.0 noncoherent: every DMA address "
                                "equals its physical address"));
}

TEST(Importer, OverlappingRangesBecomeOneBufferTouchingOnesStayApart) {
  Imported r = Import(Map(1, "d", 0x1000, 0x100, "TO_DEVICE") + Map(2, "d", 0x1080, 0x100, "TO_DEVICE") +
                      Map(3, "d", 0x1180, 0x80, "TO_DEVICE"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.text, HasSubstr("buf b0 at=0x1000 len=384"));
  EXPECT_THAT(r.text, HasSubstr("buf b1 at=0x1180 len=128"));
  EXPECT_THAT(r.ops, ElementsAre("m0 = map d b0 0 256 to_device", "mapping_error m0",
                                 "m1 = map d b0 128 256 to_device", "mapping_error m1",
                                 "m2 = map d b1 0 128 to_device", "mapping_error m2"));
}

TEST(Importer, UnmapAndSyncArgumentsAsTraced) {
  Imported r = Import(
      Map(1, "eth0", 0x8000, 1536, "FROM_DEVICE", "SKIP_CPU_SYNC") +
      Ev(2, "dma_sync_single_for_cpu", "eth0 dir=FROM_DEVICE dma_addr=8040 size=64") +
      Ev(3, "dma_sync_single_for_device", "eth0 dir=FROM_DEVICE dma_addr=8000 size=1536") +
      Ev(4, "dma_sync_single_for_cpu", "eth0 dir=TO_DEVICE dma_addr=8000 size=1536") +
      Unmap(5, "eth0", 0x8000, 1024, "BIDIRECTIONAL"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.ops, ElementsAre("m0 = map eth0 b0 0 1536 from_device skip_cpu_sync",
                                 "mapping_error m0", "sync_for_cpu m0 64 64",
                                 "sync_for_device m0", "sync_for_cpu m0 to_device",
                                 "unmap m0 size=1024 dir=bidirectional attrs=none"));
}

TEST(Importer, SgListsAndTheirUnmapByPhysicalAddresses) {
  Imported r = Import(
      Ev(1, "dma_map_sg", "nvme0 dir=TO_DEVICE nents=2/2 ents=2/2 dma_addrs={0x10000,0x20000} "
                          "sizes={0x1000,0x200} phys_addrs={0x10000,0x20000} attrs=") +
      Ev(2, "dma_sync_sg_for_cpu", "nvme0 dir=TO_DEVICE dma_addrs={0x10000} sizes={0x1000}") +
      Ev(3, "dma_unmap_sg", "nvme0 dir=TO_DEVICE phys_addrs={0x10000,0x20000} attrs="));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.ops, ElementsAre("s0 = map_sg nvme0 to_device b0 0 4096 , b1 0 512",
                                 "sync_for_cpu s0 nents=1", "unmap_sg s0"));
}

TEST(Importer, WhatTheFormatCannotSayBecomesCountedComments) {
  Imported r = Import(
      Ev(1, "dma_alloc", "d dir=BIDIRECTIONAL dma_addr=3000 size=4096 virt_addr=0 flags=GFP_KERNEL attrs=") +
      Ev(2, "dma_free", "d dir=BIDIRECTIONAL dma_addr=0 size=0 virt_addr=0000000000000000 attrs=") +
      Map(3, "d", ~uint64_t{0}, 64, "TO_DEVICE") +
      Unmap(4, "d", 0x5000, 64, "TO_DEVICE") +
      Ev(5, "dma_sync_single_for_cpu", "d dir=TO_DEVICE dma_addr=7000 size=8") +
      Ev(6, "dma_map_sg_err", "d dir=TO_DEVICE dma_addrs={0x1000} err=-5 attrs="));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_TRUE(r.ops.empty());
  EXPECT_EQ(r.stats.dropped_total(), 6);
  EXPECT_EQ(r.stats.dropped[static_cast<int>(Dropped::kFreeNull)], 1);
  EXPECT_EQ(r.stats.dropped[static_cast<int>(Dropped::kUnmapUnknown)], 1);
  EXPECT_THAT(r.text, HasSubstr("# import: L5 dma_sync_single_for_cpu: d dir=TO_DEVICE "
                                "dma_addr=7000 size=8  [sync of nothing known"));
  EXPECT_THAT(r.text, HasSubstr("kept as '# import:' comments where they occurred: 6 events"));
  EXPECT_THAT(r.text, HasSubstr("       1  failed map (DMA_MAPPING_ERROR)"));
}

TEST(Importer, EventsAreSortedByTimestampEqualOnesKeepFileOrder) {
  // trace-cmd layout, two CPUs slightly out of order.
  const std::string log =
      "cpus=2\n"
      "   irq/1-10    [001]     2.000000: dma_unmap_phys:       d dir=TO_DEVICE dma_addr=1000 size=8 attrs=\n"
      "      sh-1     [000]     1.000000: dma_map_phys:         d dir=TO_DEVICE dma_addr=1000 size=8 phys_addr=1000 attrs=\n"
      "      sh-1     [000]     3.000000: dma_map_phys:         d dir=TO_DEVICE dma_addr=2000 size=8 phys_addr=2000 attrs=\n"
      "   irq/1-10    [001]     3.000000: dma_unmap_phys:       d dir=TO_DEVICE dma_addr=2000 size=8 attrs=\n";
  Imported r = Import(log);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.ops, ElementsAre("m0 = map d b0 0 8 to_device", "mapping_error m0", "unmap m0",
                                 "m1 = map d b1 0 8 to_device", "mapping_error m1", "unmap m1"));
}

TEST(Importer, OutOfOrderBeyondTheWindowIsAnError) {
  std::string log = Map(5, "d", 0x1000, 8, "TO_DEVICE");
  for (size_t i = 0; i < kReorderWindow + 1; ++i) log += Ev(6, "sched_wakeup", "x");
  for (size_t i = 0; i < kReorderWindow; ++i) log += Ev(6, "dma_sync_single_for_cpu", "d dir=TO_DEVICE dma_addr=1000 size=8");
  log += Unmap(1, "d", 0x1000, 8, "TO_DEVICE");  // older than everything released
  Imported r = Import(log);
  EXPECT_FALSE(r.status.ok());
  EXPECT_THAT(std::string(r.status.message()),
              HasSubstr(absl::StrCat(":", 2 * kReorderWindow + 3, ":1: event at 1.000000 is older")));
}

TEST(Importer, MalformedLineGivesFileLineColumn) {
  const std::string bad = Ev(2, "dma_unmap_phys", "d dir=TO_DEVICE dma_addr=1000 size=eight attrs=");
  TempLog f(Map(1, "d", 0x1000, 8, "TO_DEVICE") + bad);
  StringSink sink;
  ImportStats st;
  absl::Status s = ImportTracefs(f.path(), {}, &sink, &st);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(std::string(s.message()),
            absl::StrCat(f.path(), ":2:", bad.find("eight") + 1,
                         ": dma_unmap_phys: size: 'eight' is not a decimal number of at most 64 bits"));
  EXPECT_TRUE(sink.text.empty());  // the first pass found it: nothing was written
}

TEST(Importer, DeviceOptions) {
  const std::string log = Map(1, "0000:00:04.0", 0x1000, 8, "TO_DEVICE") + Map(2, "eth0", 0x2000, 8, "TO_DEVICE");
  ImportOptions o;
  o.coherent = {"all"};
  o.noncoherent = {"eth0"};
  o.unchecked = {"d0000_00_04.0"};
  Imported r = Import(log, o);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.text, HasSubstr("device d0000_00_04.0 coherent\n"));
  EXPECT_THAT(r.text, HasSubstr("device eth0 noncoherent\n"));
  EXPECT_THAT(r.ops, ElementsAre("m0 = map d0000_00_04.0 b0 0 8 to_device",
                                 "m1 = map eth0 b1 0 8 to_device", "mapping_error m1"));
  ImportOptions bad;
  bad.coherent = {"eth9"};
  EXPECT_THAT(std::string(Import(log, bad).status.message()), HasSubstr("--coherent eth9: no such device"));
  ImportOptions none;
  none.mapping_error = false;
  EXPECT_THAT(Import(log, none).ops, ElementsAre("m0 = map d0000_00_04.0 b0 0 8 to_device",
                                                 "m1 = map eth0 b1 0 8 to_device"));
  ImportOptions arch;
  arch.arch = "arm64";
  EXPECT_THAT(Import(log, arch).text, HasSubstr("platform arch=arm64 line=64 page=4096"));
  arch.arch = "vax";
  EXPECT_FALSE(Import(log, arch).status.ok());
}

TEST(Importer, DeviceNamesThatCollideWithGeneratedOrReservedNames) {
  Imported r = Import(Map(1, "m0", 0x1000, 8, "TO_DEVICE") + Map(2, "clean", 0x2000, 8, "TO_DEVICE") +
                      Map(3, "a:b", 0x3000, 8, "TO_DEVICE") + Map(4, "a_b", 0x4000, 8, "TO_DEVICE"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.text, HasSubstr("device dev_m0 noncoherent"));
  EXPECT_THAT(r.text, HasSubstr("device dev_clean noncoherent"));
  EXPECT_THAT(r.text, HasSubstr("device a_b noncoherent"));
  EXPECT_THAT(r.text, HasSubstr("device a_b_2 noncoherent"));
}

TEST(Importer, IommuDevicesAreDeclaredSo) {
  Imported r = Import(Ev(1, "dma_map_phys", "d dir=TO_DEVICE dma_addr=fffff000 size=64 phys_addr=1000 attrs=") +
                      Ev(2, "dma_sync_single_for_device", "d dir=TO_DEVICE dma_addr=fffff020 size=8") +
                      Unmap(3, "d", 0xfffff000, 64, "TO_DEVICE"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(r.text, HasSubstr("device d noncoherent iommu"));
  EXPECT_THAT(r.ops, ElementsAre("m0 = map d b0 0 64 to_device", "mapping_error m0",
                                 "sync_for_device m0 32 8", "unmap m0"));
}

}  // namespace
}  // namespace dmasim::import
