#include "model/import/trace_line.h"

#include "gtest/gtest.h"

namespace dmasim::import {
namespace {

struct Classified {
  bool ok;
  LineKind kind;
  EventLine ev;
  LineError err;
};

Classified Classify(absl::string_view line) {
  Classified c{};
  c.ok = ClassifyLine(line, &c.kind, &c.ev, &c.err);
  return c;
}

TEST(TraceLine, TracefsLineWithLatencyFlags) {
  const std::string line =
      "     kworker/0:1-12      [003] d.h1.     1.234567: dma_map_phys: 0000:00:04.0 dir=TO_DEVICE";
  Classified c = Classify(line);
  ASSERT_TRUE(c.ok) << c.err.message;
  EXPECT_EQ(c.kind, LineKind::kEvent);
  EXPECT_EQ(c.ev.cpu, 3u);
  EXPECT_EQ(c.ev.ts, (Timestamp{1, 234567000}));
  EXPECT_EQ(c.ev.event, "dma_map_phys");
  EXPECT_EQ(c.ev.body, "0000:00:04.0 dir=TO_DEVICE");
  EXPECT_EQ(line.substr(c.ev.body_col, 4), "0000");
}

TEST(TraceLine, TraceCmdLinePadsTheEventName) {
  Classified c = Classify(
      "            bash-1234  [001]  5678.901234: dma_unmap_phys:       0000:00:05.0 dir=NONE");
  ASSERT_TRUE(c.ok) << c.err.message;
  EXPECT_EQ(c.ev.cpu, 1u);
  EXPECT_EQ(c.ev.ts, (Timestamp{5678, 901234000}));
  EXPECT_EQ(c.ev.event, "dma_unmap_phys");
  EXPECT_EQ(c.ev.body, "0000:00:05.0 dir=NONE");
}

TEST(TraceLine, TaskNamesWithSpacesDashesAndBracketsAndTheTgidColumn) {
  Classified a = Classify("  Web Content-x-77 [x]-9 [000] ..... 2.5: print: hi");
  ASSERT_TRUE(a.ok) << a.err.message;
  EXPECT_EQ(a.ev.event, "print");
  EXPECT_EQ(a.ev.ts, (Timestamp{2, 500000000}));
  Classified b = Classify("           <...>-1234  (   1200) [002] .... 10.000001: dma_free: x");
  ASSERT_TRUE(b.ok) << b.err.message;
  EXPECT_EQ(b.ev.cpu, 2u);
  EXPECT_EQ(b.ev.event, "dma_free");
}

TEST(TraceLine, NanosecondAndCounterTimestamps) {
  Classified a = Classify("x-1 [000] 3.000000007: e: b");
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.ev.ts, (Timestamp{3, 7}));
  EXPECT_EQ(TimestampText(a.ev.ts), "3.000000007");
  Classified b = Classify("x-1 [000] 123456789: e: b");
  ASSERT_TRUE(b.ok);
  EXPECT_EQ(b.ev.ts, (Timestamp{123456789, 0}));
  EXPECT_LT((Timestamp{1, 999999999}), (Timestamp{2, 0}));
}

TEST(TraceLine, FunctionTracerLinesAreTraceLinesWithoutAnEvent) {
  Classified c = Classify("  bash-1234 [000] ..... 1.000001: do_sys_open <-do_syscall_64");
  ASSERT_TRUE(c.ok) << c.err.message;
  EXPECT_EQ(c.kind, LineKind::kEvent);
  EXPECT_TRUE(c.ev.event.empty());
  EXPECT_EQ(c.ev.body, "do_sys_open <-do_syscall_64");
}

TEST(TraceLine, HeaderAndOtherNonEventLinesAreIgnored) {
  for (absl::string_view s :
       {"", "   ", "# tracer: nop", "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
        "cpus=2", "version = 7", "CPU 1 is empty", " => dma_map_phys+0x20/0x30", "[buffer]"}) {
    Classified c = Classify(s);
    EXPECT_TRUE(c.ok) << s;
    EXPECT_EQ(c.kind, LineKind::kIgnored) << s;
  }
}

TEST(TraceLine, LostEventNotesOfBothLayouts) {
  Classified a = Classify("CPU:1 [LOST 42 EVENTS]");
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.kind, LineKind::kLost);
  EXPECT_EQ(a.ev.lost, 42u);
  Classified b = Classify("CPU:0 [7 EVENTS DROPPED]");
  ASSERT_TRUE(b.ok);
  EXPECT_EQ(b.kind, LineKind::kLost);
  EXPECT_EQ(b.ev.lost, 7u);
  // the ring buffer overwrote its oldest entries
  Classified c = Classify("# entries-in-buffer/entries-written: 90/100   #P:2");
  ASSERT_TRUE(c.ok);
  EXPECT_EQ(c.kind, LineKind::kLost);
  EXPECT_EQ(c.ev.lost, 10u);
  Classified d = Classify("# entries-in-buffer/entries-written: 100/100   #P:2");
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.kind, LineKind::kIgnored);
}

TEST(TraceLine, MalformedLinesNameTheColumn) {
  Classified a = Classify("  hello world");
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.err.col, 3u);
  EXPECT_NE(a.err.message.find("not a trace line"), std::string::npos);
  Classified b = Classify("dd-60 [000] ..... 1.2x3: dma_map_phys: d");
  EXPECT_FALSE(b.ok);
  EXPECT_EQ(b.err.col, 19u);
  EXPECT_NE(b.err.message.find("bad timestamp '1.2x3'"), std::string::npos);
  Classified d = Classify("dd-60 [000] 1.0000000001: e: d");  // 10 fraction digits
  EXPECT_FALSE(d.ok);
  Classified e = Classify("dd-60 [99999999999] 1.0: e: d");
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.err.col, 8u);
}

}  // namespace
}  // namespace dmasim::import
