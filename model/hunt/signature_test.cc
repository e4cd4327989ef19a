#include "model/hunt/signature.h"

#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "model/hunt/test_util.h"

namespace dmasim::hunt {
namespace {

TEST(Signature, ShapeIgnoresAddressesAndNames) {
  const std::string text = test::kTwoDevices;
  const std::string moved = absl::StrReplaceAll(
      text, {{"0x40000", "0x7000000"}, {"0x80000", "0x9000000"}, {"device a", "device nic0"},
             {"map a", "map nic0"}, {"m0", "h7"}});
  EXPECT_EQ(TraceShape(test::MustParse(text)), TraceShape(test::MustParse(moved)));
}

TEST(Signature, ShapeSeesDirectionsSharingAndWrongCalls) {
  const std::string text = test::kTwoDevices;
  const std::string base = TraceShape(test::MustParse(text));
  EXPECT_NE(base, TraceShape(test::MustParse(absl::StrReplaceAll(
                      text, {{"map b x 0 256 from_device", "map b x 0 256 to_device"}}))));
  // the second mapping moved into the first one's last line: shares a line, not the region
  EXPECT_NE(base, TraceShape(test::MustParse(absl::StrReplaceAll(
                      text, {{"map b x 0 256", "map b x 192 64"}}))));
  EXPECT_NE(base, TraceShape(test::MustParse(absl::StrReplaceAll(
                      text, {{"unmap m1\n", "unmap m1 size=8\n"}}))));
  // one region on two devices: a single range label used by both maps
  EXPECT_NE(base.find("map m0 d0 from_device r1"), std::string::npos) << base;
  EXPECT_NE(base.find("map m1 d1 from_device r1"), std::string::npos) << base;
}

TEST(Signature, IdIsFnvOfTheTextAndNamesTheFile) {
  const FindingKey key{"linux-5.15", "hazard:arm64", kFalsePositive, "eexist"};
  const Signature s = MakeSignature("linux-5.15", key, "shape");
  EXPECT_EQ(s.text, "linux-5.15|hazard:arm64|false-positive|eexist|shape");
  EXPECT_EQ(s.id, SignatureId(s.text));
  EXPECT_EQ(s.id.size(), 16u);
  EXPECT_EQ(SignatureId(""), "cbf29ce484222325");  // FNV-1a 64 offset basis
  EXPECT_EQ(ReproFileName("linux-5.15", key, s.id),
            "linux-5.15.hazard-arm64.false-positive.eexist." + s.id.substr(0, 8) + ".dma");
}

}  // namespace
}  // namespace dmasim::hunt
