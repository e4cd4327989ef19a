#include "model/trace/platform.h"

#include "gtest/gtest.h"

namespace dmasim {
namespace {

// The cells of SPEC §3, written out again by hand: a change to the table must change this.
TEST(Platform, ArchTableMatchesSpec) {
  struct Row {
    const char* arch;
    const char* to_dev;    // map / unmap
    const char* from_dev;
    const char* bidir;
  };
  const Row rows[] = {
      {"arc", "wb/none", "inv/inv", "wb+inv/inv"},
      {"arm64", "wb/none", "wb/inv", "wb/inv"},
      {"arm64-4.x", "wb/none", "inv/inv", "wb/inv"},
      {"arm", "wb/none", "inv/inv", "wb/inv"},
      {"riscv", "wb/none", "wb/inv", "wb/inv"},
      {"riscv-6.1", "wb/none", "wb/wb+inv", "wb+inv/wb+inv"},
      {"mips", "wb/none", "inv/none", "wb+inv/none"},
      {"mips-spec", "wb/none", "inv/inv", "wb+inv/inv"},
  };
  for (const Row& r : rows) {
    const ArchPolicy* a = FindArch(r.arch);
    ASSERT_NE(a, nullptr) << r.arch;
    EXPECT_FALSE(a->all_coherent);
    auto cell = [&](Direction d) {
      return std::string(CacheOpName(ForDeviceOp(*a, d))) + "/" +
             std::string(CacheOpName(ForCpuOp(*a, d)));
    };
    EXPECT_EQ(cell(Direction::kToDevice), r.to_dev) << r.arch;
    EXPECT_EQ(cell(Direction::kFromDevice), r.from_dev) << r.arch;
    EXPECT_EQ(cell(Direction::kBidirectional), r.bidir) << r.arch;
  }
  EXPECT_EQ(FindArch("arc")->edge, EdgePolicy::kDrop);
  EXPECT_EQ(FindArch("arm64")->edge, EdgePolicy::kWritebackInvalidate);
  EXPECT_EQ(FindArch("arm")->edge, EdgePolicy::kWritebackInvalidate);
  EXPECT_EQ(FindArch("riscv")->edge, EdgePolicy::kDrop);
  EXPECT_EQ(FindArch("mips")->edge, EdgePolicy::kDrop);
  EXPECT_TRUE(FindArch("coherent")->all_coherent);
  EXPECT_EQ(FindArch("vax"), nullptr);
}

TEST(Platform, CoherentArchMakesEveryDeviceCoherent) {
  PlatformDecl p;
  DeviceDecl d;
  d.coherent = false;
  p.arch = "coherent";
  EXPECT_TRUE(DeviceIsCoherent(p, d));
  p.arch = "arm64";
  EXPECT_FALSE(DeviceIsCoherent(p, d));
  d.coherent = true;
  EXPECT_TRUE(DeviceIsCoherent(p, d));
}

}  // namespace
}  // namespace dmasim
