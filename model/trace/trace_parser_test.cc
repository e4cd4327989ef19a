#include "model/trace/trace_parser.h"
#include "model/trace/trace_validate.h"

#include <string>

#include "gtest/gtest.h"
#include "model/trace/trace_printer.h"

namespace dmasim {
namespace {

constexpr char kSpecExample[] = R"(dmasim 1                                   # first statement: format version
platform arch=riscv line=64 dma_align=64 page=4096 prefetch=yes
device eth0 noncoherent                    # or: coherent; extra flags: iommu swiotlb
device eth1 noncoherent
buf a at=0x1000 len=1500 kind=kmalloc      # kind: kmalloc|page|stack|vmalloc|rodata (default page)
buf b at=0x15e0 len=64                     # shares the line 0x15c0 with a's tail
cpu_write a 0 1500                         # buf, offset, length
m0 = map eth0 a 0 1500 to_device           # map_single/map_page; attrs may follow: skip_cpu_sync clean
mapping_error m0
s0 = map_sg eth0 bidirectional a 0 64 , b 0 64   # elements separated by ','
dev_write s0 0 32                          # device access, offset/len relative to the mapping
dev_read m0 0 64
sync_for_cpu m0 0 64 to_device             # range and direction optional (default: whole, as mapped)
sync_for_device m0
cpu_read b 0 64
unmap m0 size=32 dir=from_device           # size/dir optional; a mismatch is a finding, not an error
unmap_sg s0 nents=2
unbind eth0                                # driver released: dma-debug reports pending mappings
)";

TEST(TraceParser, ParsesTheSpecExample) {
  absl::StatusOr<Trace> t = ParseTrace(kSpecExample, "spec.dma");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->platform.arch, "riscv");
  ASSERT_EQ(t->devices.size(), 2u);
  EXPECT_FALSE(t->devices[0].coherent);
  ASSERT_EQ(t->bufs.size(), 2u);
  EXPECT_EQ(t->bufs[0].kind, BufKind::kKmalloc);
  EXPECT_EQ(t->bufs[1].kind, BufKind::kPage);
  EXPECT_EQ(t->bufs[1].at, 0x15e0u);
  ASSERT_EQ(t->ops.size(), 12u);  // op indices count op statements only
  EXPECT_EQ(t->ops[1].kind, OpKind::kMap);
  EXPECT_EQ(t->ops[1].dir, Direction::kToDevice);
  EXPECT_EQ(t->ops[3].kind, OpKind::kMapSg);
  ASSERT_EQ(t->ops[3].elems.size(), 2u);
  EXPECT_EQ(t->ops[3].elems[1].buf, 1);
  EXPECT_TRUE(t->ops[6].has_range);
  EXPECT_EQ(t->ops[6].override_dir, Direction::kToDevice);
  EXPECT_FALSE(t->ops[7].has_range);
  EXPECT_EQ(t->ops[9].size, 32u);
  EXPECT_EQ(t->ops[9].override_dir, Direction::kFromDevice);
  EXPECT_EQ(t->ops[10].nents, 2u);
  EXPECT_EQ(t->ops[11].kind, OpKind::kUnbind);
  EXPECT_EQ(t->op_lines[0], 7);
  ASSERT_EQ(t->handles.size(), 2u);
  EXPECT_EQ(t->handles[1].name, "s0");
  EXPECT_EQ(t->handles[1].def_op, 3);
  EXPECT_TRUE(t->handles[1].sg);
}

TEST(TraceParser, DefaultsWhenOmitted) {
  absl::StatusOr<Trace> t = ParseTrace("dmasim 1\ndevice d\nbuf a at=0 len=8\n", "x");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->platform.arch, "coherent");
  EXPECT_EQ(t->platform.line, 64u);
  EXPECT_EQ(t->platform.dma_align, 64u);
  EXPECT_EQ(t->platform.page, 4096u);
  EXPECT_TRUE(t->platform.prefetch);
  EXPECT_TRUE(t->devices[0].coherent);
  EXPECT_EQ(t->bufs[0].kind, BufKind::kPage);
}

TEST(TraceParser, DmaAlignFollowsLineUnlessGiven) {
  absl::StatusOr<Trace> t = ParseTrace("dmasim 1\nplatform arch=arm64 line=32\n", "x");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->platform.dma_align, 32u);
  t = ParseTrace("dmasim 1\nplatform arch=x86\n", "x");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->platform.dma_align, 1u);  // x86 has no ARCH_DMA_MINALIGN
}

TEST(TraceParser, AttributesAndExtensions) {
  absl::StatusOr<Trace> t = ParseTrace(R"(dmasim 1
platform arch=arm64 bounce_kmalloc=yes
device d noncoherent iommu swiotlb
buf a at=0x1000 len=4096
expect linux-5.15 eexist@1 free-not-allocated
expect hazard:mips safe
m = map d a 0 64 from_device skip_cpu_sync clean require_coherent
s = map_sg d bidirectional clean a 0 8 , a 8 8 skip_cpu_sync
sync_for_cpu s from_device nents=1
unmap m attrs=none
unmap_sg s attrs=clean+skip_cpu_sync dir=to_device
)", "x");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->platform.bounce_kmalloc);
  EXPECT_TRUE(t->devices[0].iommu && t->devices[0].swiotlb);
  EXPECT_EQ(t->ops[0].attrs, kAttrSkipCpuSync | kAttrClean | kAttrRequireCoherent);
  EXPECT_EQ(t->ops[1].attrs, kAttrSkipCpuSync | kAttrClean);
  EXPECT_EQ(t->ops[2].nents, 1u);
  EXPECT_EQ(t->ops[3].override_attrs, 0u);
  EXPECT_EQ(t->ops[4].override_attrs, kAttrSkipCpuSync | kAttrClean);
  ASSERT_EQ(t->expects.size(), 2u);
  EXPECT_EQ(t->expects[0].items.size(), 2u);
  EXPECT_EQ(t->expect_lines[1], 6);
}

// dma_parms limits on a device: the kernel's defaults unless given, printed only when not
// the default, round trip through the printer.
TEST(TraceParser, DeviceLimits) {
  absl::StatusOr<Trace> t = ParseTrace(
      "dmasim 1\ndevice d0\ndevice d1 iommu max_seg=0x1000 seg_boundary=0xffff\n", "t.dma");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->devices[0].max_seg, 65536u);
  EXPECT_EQ(t->devices[0].seg_boundary, ~uint64_t{0});
  EXPECT_EQ(t->devices[1].max_seg, 4096u);
  EXPECT_EQ(t->devices[1].seg_boundary, 0xffffu);
  const std::string printed = PrintTrace(*t);
  EXPECT_NE(printed.find("device d0 coherent\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("device d1 coherent iommu max_seg=4096 seg_boundary=0xffff\n"),
            std::string::npos)
      << printed;
  absl::StatusOr<Trace> again = ParseTrace(printed, "again.dma");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->devices, t->devices);
  EXPECT_TRUE(ValidateTrace(*t).ok());
  Trace bad = *t;
  bad.devices[1].seg_boundary = 0x1000;  // not 2^k - 1
  EXPECT_FALSE(ValidateTrace(bad).ok());
  bad.devices[1].seg_boundary = 0xfff;
  bad.devices[1].max_seg = 0;
  EXPECT_FALSE(ValidateTrace(bad).ok());
}

// Each malformed input, with the position and (part of) the message it must produce.
struct BadCase {
  const char* name;
  std::string text;
  const char* where;  // "LINE:COL"
  const char* says;
};

class MalformedTrace : public ::testing::TestWithParam<BadCase> {};

TEST_P(MalformedTrace, ReportsFileLineColumn) {
  const BadCase& c = GetParam();
  absl::StatusOr<Trace> t = ParseTrace(c.text, "bad.dma");
  ASSERT_FALSE(t.ok()) << c.name;
  const std::string msg(t.status().message());
  EXPECT_EQ(msg.rfind(std::string("bad.dma:") + c.where + ": ", 0), 0u) << msg;
  EXPECT_NE(msg.find(c.says), std::string::npos) << msg;
}

const std::string kHead = "dmasim 1\ndevice d\nbuf a at=0x1000 len=64\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedTrace,
    ::testing::Values(
        BadCase{"empty", "", "1:1", "empty trace"},
        BadCase{"only comments", "# nothing\n\n", "1:1", "empty trace"},
        BadCase{"missing version", "device d\n", "1:1", "missing version line"},
        BadCase{"unknown version", "dmasim 2\n", "1:8", "unsupported format version 2"},
        BadCase{"version not a number", "dmasim one\n", "1:8", "not a number"},
        BadCase{"unknown statement", kHead + "frobnicate a\n", "4:1", "unknown statement"},
        BadCase{"max_seg zero", "dmasim 1\ndevice d max_seg=0\n", "2:10", "out of range"},
        BadCase{"max_seg too big", "dmasim 1\ndevice d max_seg=0x100000000\n", "2:10",
                "out of range"},
        BadCase{"boundary not a mask", "dmasim 1\ndevice d seg_boundary=0x1000\n", "2:10",
                "not a mask"},
        BadCase{"max_seg twice", "dmasim 1\ndevice d max_seg=1 max_seg=2\n", "2:20",
                "given twice"},
        BadCase{"max_seg not a number", "dmasim 1\ndevice d max_seg=x\n", "2:10",
                "not a number"},
        BadCase{"unknown word", kHead + "cpu_write a 0 8 please\n", "4:17", "unexpected word"},
        BadCase{"undeclared buffer", kHead + "cpu_write b 0 8\n", "4:11", "undeclared buffer 'b'"},
        BadCase{"undeclared device", kHead + "m = map e a 0 8 to_device\n", "4:9",
                "undeclared device 'e'"},
        BadCase{"undeclared handle", kHead + "unmap m\n", "4:7", "undeclared mapping handle"},
        BadCase{"duplicate buffer", kHead + "buf a at=0 len=1\n", "4:5", "duplicate name 'a'"},
        BadCase{"duplicate handle", kHead + "m = map d a 0 8 to_device\nm = map d a 0 8 to_device\n",
                "5:1", "duplicate name 'm'"},
        BadCase{"platform key twice", "dmasim 1\nplatform arch=arm64 arch=arc\n", "2:21",
                "arch= given twice"},
        BadCase{"device flag twice", "dmasim 1\ndevice d iommu iommu\n", "2:16",
                "iommu given twice"},
        BadCase{"empty sg element", kHead + "s = map_sg d to_device a , , a\n", "4:28",
                "missing buffer"},
        BadCase{"sgl on map", kHead + "m = map d a 0 8 to_device sgl=x\n", "4:27",
                "sgl= is only for map_sg"},
        BadCase{"sgl twice", kHead + "s = map_sg d to_device a sgl=x sgl=y\n", "4:32",
                "sgl= given twice"},
        BadCase{"sgl bad name", kHead + "s = map_sg d to_device a sgl=9x\n", "4:26",
                "invalid name '9x'"},
        BadCase{"wrong kind of name", kHead + "cpu_write d 0 8\n", "4:11", "is a device"},
        BadCase{"not a number", kHead + "cpu_write a zero 8\n", "4:13", "not a number"},
        BadCase{"number too big", kHead + "cpu_write a 0 99999999999999999999\n", "4:15",
                "out of range"},
        BadCase{"hex too big", "dmasim 1\nbuf a at=0x10000000000000000 len=1\n", "2:7",
                "out of range"},
        BadCase{"cpu range outside", kHead + "cpu_write a 60 8\n", "4:11", "outside buffer 'a'"},
        BadCase{"map outside", kHead + "m = map d a 0 65 to_device\n", "4:11", "outside buffer"},
        BadCase{"buffer wraps", "dmasim 1\nbuf a at=0xfffffffffffffff0 len=32\n", "2:5",
                "wraps the address space"},
        BadCase{"zero length buffer", "dmasim 1\nbuf a at=0 len=0\n", "2:5", "len >= 1"},
        BadCase{"line not power of two", "dmasim 1\nplatform line=48\n", "2:10",
                "not a power of two"},
        BadCase{"unknown arch", "dmasim 1\nplatform arch=vax\n", "2:10", "unknown arch 'vax'"},
        BadCase{"bad direction", kHead + "m = map d a 0 8 sideways\n", "4:17",
                "expected a direction"},
        BadCase{"binary garbage", std::string("dmasim 1\n\x01\x02\xff", 12), "2:1", "invalid byte"},
        BadCase{"NUL byte", std::string("dmasim 1\nbuf a\0", 15), "2:6", "invalid byte 0x00"},
        BadCase{"huge line", "dmasim 1\n" + std::string(200 * 1024, 'x') + "\n", "2:1",
                "line too long"},
        BadCase{"sg range on sync", kHead + "s = map_sg d to_device a 0 8\nsync_for_cpu s 0 8\n",
                "5:16", "only valid on a single mapping"},
        BadCase{"handle used before map", kHead + "dev_read m 0 1\nm = map d a to_device\n", "4:10",
                "undeclared mapping handle"},
        BadCase{"keyword as name", "dmasim 1\nbuf clean at=0 len=1\n", "2:5", "keyword"},
        BadCase{"platform after op", kHead + "cpu_read a\nplatform arch=arm\n", "5:1",
                "precede every op"},
        BadCase{"duplicate version", "dmasim 1\ndmasim 1\n", "2:1", "duplicate version"},
        BadCase{"range wraps", kHead + "m = map d a to_device\ndev_read m 0xffffffffffffffff 2\n",
                "5:12", "wraps"},
        BadCase{"missing argument", kHead + "m = map d a 0\n", "4:14", "missing"},
        BadCase{"expect lone word", kHead + "expect linux-5.15 none eexist\n", "4:19",
                "only verdict word"}),
    [](const ::testing::TestParamInfo<BadCase>& info) {
      std::string n = info.param.name;
      for (char& c : n) {
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return n;
    });

TEST(TraceParser, SgListNameIsPrintedAfterTheElements) {
  absl::StatusOr<Trace> t = ParseTrace(
      kHead + "s = map_sg d to_device a 0 8 , a 8 8 sgl=src skip_cpu_sync\n"
              "u = map_sg d from_device a 0 16\n", "x");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->ops[0].sg_list, "src");
  EXPECT_EQ(t->ops[0].attrs, kAttrSkipCpuSync);
  EXPECT_EQ(t->ops[1].sg_list, "");
  const std::string text = PrintTrace(*t);
  EXPECT_NE(text.find("s = map_sg d to_device skip_cpu_sync a 0 8 , a 8 8 sgl=src\n"),
            std::string::npos) << text;
  absl::StatusOr<Trace> back = ParseTrace(text, "printed");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, *t);
}

TEST(TraceParser, RoundTripsTheSpecExample) {
  absl::StatusOr<Trace> t = ParseTrace(kSpecExample, "spec.dma");
  ASSERT_TRUE(t.ok());
  const std::string text = PrintTrace(*t);
  absl::StatusOr<Trace> back = ParseTrace(text, "printed");
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << text;
  EXPECT_EQ(*back, *t);
  EXPECT_EQ(PrintTrace(*back), text);  // canonical text is a fixed point
}

TEST(TraceParser, ValidateTraceRejectsBadIndices) {
  absl::StatusOr<Trace> t = ParseTrace(kSpecExample, "spec.dma");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(ValidateTrace(*t).ok());
  Trace broken = *t;
  broken.ops[0].off = 1499;  // cpu range now runs past the buffer
  EXPECT_FALSE(ValidateTrace(broken).ok());
  broken = *t;
  broken.ops[2].handle = 7;
  EXPECT_FALSE(ValidateTrace(broken).ok());
}

}  // namespace
}  // namespace dmasim
