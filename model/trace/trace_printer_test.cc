#include "model/trace/trace_printer.h"

#include "gtest/gtest.h"
#include "model/trace/trace_parser.h"

namespace dmasim {
namespace {

TEST(TracePrinter, CanonicalFormOfEveryStatement) {
  absl::StatusOr<Trace> t = ParseTrace(R"(dmasim 1
# comments and spacing vanish
platform   arch=arm64 dma_align=128 prefetch=no
device   d1 iommu   noncoherent
device d2 force_bounce
buf a at=4096 len=256 kind=kmalloc
cpu_write a
m = map d1 a 16 32 from_device clean skip_cpu_sync
s = map_sg d2 to_device a 0 8,a 64 8
dev_write m
sync_for_device s to_device nents=1
sync_for_cpu m 0 8
unmap m from_device
unmap_sg s nents=3 attrs=none
unbind d2
expect hazard:arm64 safe
)", "in.dma");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(PrintTrace(*t), R"(dmasim 1
platform arch=arm64 line=64 dma_align=128 page=4096 prefetch=no
device d1 noncoherent iommu
device d2 coherent force_bounce
buf a at=0x1000 len=256 kind=kmalloc
expect hazard:arm64 safe
cpu_write a 0 256
m = map d1 a 16 32 from_device skip_cpu_sync clean
s = map_sg d2 to_device a 0 8 , a 64 8
dev_write m 0 32
sync_for_device s to_device nents=1
sync_for_cpu m 0 8
unmap m dir=from_device
unmap_sg s nents=3 attrs=none
unbind d2
)");
}

TEST(TracePrinter, OmitsDmaAlignThatFollowsTheLine) {
  absl::StatusOr<Trace> t = ParseTrace("dmasim 1\nplatform arch=arm line=32\n", "x");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(PrintTrace(*t), "dmasim 1\nplatform arch=arm line=32 page=4096 prefetch=yes\n");
}

}  // namespace
}  // namespace dmasim
