#include "model/replay.h"

#include "gtest/gtest.h"

namespace dmasim {
namespace {

using V = std::vector<std::string>;

TEST(ExpectItemsMatch, NoneMeansNothingObserved) {
  EXPECT_TRUE(ExpectItemsMatch({"none"}, {}));
  EXPECT_FALSE(ExpectItemsMatch({"none"}, {"eexist@3"}));
}

TEST(ExpectItemsMatch, KindAtOpMustBeObservedExactly) {
  EXPECT_TRUE(ExpectItemsMatch({"eexist@3"}, {"eexist@3"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist@3"}, {"eexist@4"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist@3", "eexist@5"}, {"eexist@3"}));
}

TEST(ExpectItemsMatch, BareKindMatchesAnyOpButNothingElse) {
  EXPECT_TRUE(ExpectItemsMatch({"eexist"}, {"eexist@3", "eexist@9"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist"}, {"eexist@3", "free-not-allocated@4"}));
  EXPECT_TRUE(ExpectItemsMatch({"eexist", "free-not-allocated@4"},
                               {"eexist@3", "free-not-allocated@4"}));
  EXPECT_FALSE(ExpectItemsMatch({"eexist"}, {}));
}

}  // namespace
}  // namespace dmasim
