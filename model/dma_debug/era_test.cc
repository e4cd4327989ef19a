#include "model/dma_debug/era.h"

#include "gtest/gtest.h"

namespace dmasim {
namespace {

std::string Era(absl::string_view v) {
  std::optional<EraId> e = ResolveEra(v);
  return e.has_value() ? std::string(EraName(*e)) : "none";
}

TEST(Era, CanonicalIdsResolveToThemselves) {
  for (EraId e : AllEras()) EXPECT_EQ(Era(EraName(e)), EraName(e));
}

TEST(Era, AllErasOldestFirst) {
  std::vector<std::string> names;
  for (EraId e : AllEras()) names.emplace_back(EraName(e));
  EXPECT_EQ(names, (std::vector<std::string>{"linux-3.14", "linux-5.9", "linux-5.14",
                                             "linux-5.15-rc2", "linux-5.15", "linux-6.18",
                                             "linux-7.0"}));
}

TEST(Era, KernelVersionsResolveToTheirEra) {
  EXPECT_EQ(Era("linux-6.1"), "linux-5.15");
  EXPECT_EQ(Era("6.1"), "linux-5.15");
  EXPECT_EQ(Era("v6.12.95"), "linux-5.15");
  EXPECT_EQ(Era("linux-5.15-rc4"), "linux-5.15-rc2");
  EXPECT_EQ(Era("linux-5.15-rc6"), "linux-5.15-rc2");
  EXPECT_EQ(Era("linux-5.15-rc7"), "linux-5.15");
  EXPECT_EQ(Era("linux-5.15-rc1"), "linux-5.14");
  EXPECT_EQ(Era("linux-5.14.2"), "linux-5.14");
  EXPECT_EQ(Era("linux-5.14.8"), "linux-5.15-rc2");  // AUTOSEL backport of 510e1a724ab1
  EXPECT_EQ(Era("linux-4.19"), "linux-3.14");
  EXPECT_EQ(Era("linux-3.14-rc1"), "linux-3.14");
  EXPECT_EQ(Era("linux-5.10.223"), "linux-5.9");
  EXPECT_EQ(Era("linux-6.18"), "linux-6.18");
  EXPECT_EQ(Era("linux-6.18-rc2"), "linux-5.15");
  EXPECT_EQ(Era("linux-6.19"), "linux-6.18");
  EXPECT_EQ(Era("linux-7.0"), "linux-7.0");
  EXPECT_EQ(Era("linux-7.3.1"), "linux-7.0");
}

TEST(Era, OlderThan314AndGarbageAreRejected) {
  EXPECT_EQ(Era("linux-3.13"), "none");
  EXPECT_EQ(Era("2.6.30"), "none");
  EXPECT_EQ(Era("linux-"), "none");
  EXPECT_EQ(Era("linux-6"), "none");
  EXPECT_EQ(Era("linux-6.1-rcx"), "none");
  EXPECT_EQ(Era("linux-6.1.2.3"), "none");
  EXPECT_EQ(Era("exact"), "none");
  EXPECT_EQ(Era("linux-6.1-"), "none");
  EXPECT_EQ(Era("5.15.3-rc1"), "none");
}

TEST(Era, UnameLocalVersionsAreIgnored) {
  // What `uname -r` prints on distribution kernels: the suffix is the distribution's build.
  EXPECT_EQ(Era("6.1.0-18-amd64"), "linux-5.15");
  EXPECT_EQ(Era("6.1-amd64"), "linux-5.15");
  EXPECT_EQ(Era("5.10.0-21-arm64"), "linux-5.9");
  EXPECT_EQ(Era("6.8.0-45-generic"), "linux-5.15");
  EXPECT_EQ(Era("6.6.0+"), "linux-5.15");
  EXPECT_EQ(Era("linux-5.15.0-rc3"), "linux-5.15-rc2");  // an rc stays an rc
  EXPECT_EQ(Era("5.15.0-rc3+"), "linux-5.15-rc2");
  EXPECT_EQ(Era("linux-5.15-rc4-next-20210923"), "linux-5.15-rc2");
}

TEST(Era, VersionOrderPutsRcBeforeRelease) {
  auto v = [](absl::string_view s) { return *ParseKernelVersion(s); };
  EXPECT_LT(CompareVersions(v("5.15-rc7"), v("5.15")), 0);
  EXPECT_LT(CompareVersions(v("5.15"), v("5.15.1")), 0);
  EXPECT_LT(CompareVersions(v("5.14.21"), v("5.15-rc1")), 0);
  EXPECT_EQ(CompareVersions(v("linux-6.1"), v("v6.1")), 0);
  EXPECT_EQ(VersionString(v("linux-5.15-rc4")), "5.15-rc4");
  EXPECT_EQ(VersionString(v("v6.12.95")), "6.12.95");
}

TEST(Era, ProfileOfLinux61IsVersionFaithful) {
  EraProfile p = MakeEraProfile(*ResolveVersion("linux-6.1"));
  EXPECT_EQ(p.era, EraId::kLinux5_15);
  EXPECT_EQ(p.eexist, EexistMode::kErrPrintk);
  EXPECT_TRUE(p.eexist_skip_cpu_sync);
  EXPECT_FALSE(p.eexist_bounce_exempt);
  EXPECT_EQ(p.hash_size, 16384u);
  EXPECT_EQ(p.contain_walk, ContainWalk::kBoundedBuckets);
  EXPECT_EQ(p.sg_checks, SgCheckStyle::kAllNents);
  EXPECT_EQ(p.sg_type_name, "scather-gather");
  EXPECT_EQ(p.single_type_name, "single");
  EXPECT_TRUE(p.enomem_once);
  // The era id alone stands for 5.15 itself.
  EraProfile q = MakeEraProfile(EraId::kLinux5_15);
  EXPECT_EQ(q.contain_walk, ContainWalk::kMaxSegSize);
  EXPECT_FALSE(q.enomem_once);
}

TEST(Era, ProfilesDifferAsSwitches) {
  EXPECT_EQ(MakeEraProfile(EraId::kLinux3_14).hash_size, 1024u);
  EXPECT_EQ(MakeEraProfile(EraId::kLinux5_9).hash_size, 16384u);
  EXPECT_EQ(MakeEraProfile(EraId::kLinux3_14).eexist, EexistMode::kNever);
  EXPECT_EQ(MakeEraProfile(EraId::kLinux5_14).eexist, EexistMode::kPrErr);
  EXPECT_EQ(MakeEraProfile(EraId::kLinux5_15Rc2).eexist, EexistMode::kErrPrintk);
  EXPECT_FALSE(MakeEraProfile(EraId::kLinux5_15Rc2).eexist_skip_cpu_sync);
  EXPECT_TRUE(MakeEraProfile(EraId::kLinux6_18).eexist_bounce_exempt);
  EXPECT_FALSE(MakeEraProfile(EraId::kLinux6_18).eexist_clean_both);
  EraProfile p7 = MakeEraProfile(EraId::kLinux7_0);
  EXPECT_TRUE(p7.eexist_clean_both && p7.eexist_align_exempt && p7.overflow_warn_skip_clean &&
              p7.unmap_attr_compare);
  EXPECT_EQ(p7.sg_type_name, "scatter-gather");
  EXPECT_EQ(p7.single_type_name, "phy");
}

}  // namespace
}  // namespace dmasim
