#include "model/hunt/keep_predicate.h"

#include "gtest/gtest.h"
#include "model/hunt/test_util.h"

namespace dmasim::hunt {
namespace {

KeepPredicate P(const std::string& s) {
  absl::StatusOr<KeepPredicate> p = ParseKeepPredicate(s);
  EXPECT_TRUE(p.ok()) << s << ": " << p.status();
  return p.ok() ? *p : KeepPredicate{};
}

TEST(KeepPredicate, ParsesEveryForm) {
  EXPECT_EQ(P("checker=linux-5.15 oracle=contract class=false-positive").type,
            KeepPredicate::Type::kClassification);
  EXPECT_EQ(P("eexist").type, KeepPredicate::Type::kReport);
  EXPECT_EQ(P("sharing").type, KeepPredicate::Type::kContractRule);  // a rule id wins
  EXPECT_EQ(P("rule=leak-at-end").type, KeepPredicate::Type::kContractRule);
  EXPECT_EQ(P("checker=linux-6.1 kind=eexist").checker, "linux-6.1");
  const KeepPredicate h = P("hazard=stale-cpu-read@arm64");
  EXPECT_EQ(h.type, KeepPredicate::Type::kHazard);
  EXPECT_EQ(h.kind, "stale-cpu-read");
  EXPECT_EQ(h.arch, "arm64");
}

TEST(KeepPredicate, RejectsMalformedAndUnknown) {
  for (const char* bad : {"", "checker=linux-9 kind=eexist", "oracle=contract class=false-positive",
                          "checker=linux-5.15 oracle=nope class=false-positive",
                          "checker=linux-5.15 oracle=contract class=wrong", "hazard=x@vax",
                          "hazard=x", "rule=no-such-rule", "colour=red", "a b", "kind=",
                          "checker=exact oracle=contract class=silent-hazard"}) {
    EXPECT_FALSE(ParseKeepPredicate(bad).ok()) << bad;
  }
}

TEST(KeepPredicate, HoldsOnlyWhenTheTraceShowsIt) {
  const Trace t = test::MustParse(test::kTwoDevices);
  EXPECT_TRUE(KeepHolds({P("checker=linux-5.15 oracle=contract class=false-positive")}, t));
  EXPECT_TRUE(KeepHolds({P("eexist")}, t));
  EXPECT_FALSE(KeepHolds({P("sharing")}, t));  // one region on two devices is legal
  EXPECT_FALSE(KeepHolds({P("checker=linux-5.9 kind=eexist")}, t));  // no EEXIST before 5.14
  EXPECT_FALSE(KeepHolds({P("eexist"), P("sharing")}, t));           // all must hold
  EXPECT_FALSE(KeepHolds({P("hazard=any@coherent")}, t));
}

}  // namespace
}  // namespace dmasim::hunt
