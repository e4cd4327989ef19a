#include "model/dma_debug/internal/error_reporter.h"

#include "gtest/gtest.h"

namespace dmasim::dma_debug {
namespace {

CheckerReport R(const char* kind) {
  CheckerReport r;
  r.kind = kind;
  return r;
}

TEST(ErrorReporter, NumErrorsDefaultsToOnePrintedError) {
  ErrorReporter rep{CheckerOptions{}};
  rep.ErrPrintk(R("a"));
  rep.ErrPrintk(R("b"));
  ASSERT_EQ(rep.reports().size(), 2u);
  EXPECT_TRUE(rep.reports()[0].printed && rep.reports()[0].counted);
  EXPECT_FALSE(rep.reports()[1].printed);
  EXPECT_TRUE(rep.reports()[1].counted);
  EXPECT_EQ(rep.error_count(), 2u);
}

TEST(ErrorReporter, AllErrorsPrintsEverything) {
  CheckerOptions o;
  o.all_errors = true;
  o.num_errors = 0;
  ErrorReporter rep{o};
  rep.ErrPrintk(R("a"));
  rep.ErrPrintk(R("b"));
  EXPECT_TRUE(rep.reports()[0].printed && rep.reports()[1].printed);
}

TEST(ErrorReporter, PrErrIsUncountedAndAlwaysPrinted) {
  ErrorReporter rep{CheckerOptions{}};
  rep.ErrPrintk(R("a"));
  rep.PrErr(R("b"));
  rep.PrErr(R("c"));
  EXPECT_EQ(rep.error_count(), 1u);
  EXPECT_TRUE(rep.reports()[2].printed);
  EXPECT_FALSE(rep.reports()[2].counted);
}

TEST(ErrorReporter, WarnOnceListsOnlyTheFirst) {
  ErrorReporter rep{CheckerOptions{}};
  bool fired = false;
  rep.WarnOnce(&fired, R("w"));
  rep.WarnOnce(&fired, R("w"));
  ASSERT_EQ(rep.reports().size(), 1u);
  EXPECT_FALSE(rep.reports()[0].counted);
  EXPECT_EQ(rep.error_count(), 0u);
}

}  // namespace
}  // namespace dmasim::dma_debug
