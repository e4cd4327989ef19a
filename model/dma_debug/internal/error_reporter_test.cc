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

// A folded repeat counts and spends the print budget like that many err_printk calls.
TEST(ErrorReporter, RepeatLastCountsLikeThatManyReports) {
  CheckerOptions o;
  o.num_errors = 5;
  ErrorReporter rep{o};
  rep.ErrPrintk(R("a"));
  rep.RepeatLast(3);
  rep.ErrPrintk(R("b"));  // the 5th error: still printed
  rep.ErrPrintk(R("c"));  // the 6th: not
  ASSERT_EQ(rep.reports().size(), 3u);
  EXPECT_EQ(rep.reports()[0].repeats, 3u);
  EXPECT_EQ(rep.error_count(), 6u);
  EXPECT_TRUE(rep.reports()[1].printed);
  EXPECT_FALSE(rep.reports()[2].printed);
}

// The repeats of a folded report are printed while the budget lasts: of 4 repeats with 2
// prints left after the first, 2 are printed (dmesg shows 3 lines of the 5 errors).
TEST(ErrorReporter, RepeatLastPrintsWhileTheBudgetLasts) {
  CheckerOptions o;
  o.num_errors = 3;
  ErrorReporter rep{o};
  rep.ErrPrintk(R("a"));
  rep.RepeatLast(4);
  rep.ErrPrintk(R("b"));
  ASSERT_EQ(rep.reports().size(), 2u);
  EXPECT_EQ(rep.reports()[0].repeats, 4u);
  EXPECT_EQ(rep.reports()[0].printed_repeats, 2u);
  EXPECT_FALSE(rep.reports()[1].printed);
  o.all_errors = true;
  ErrorReporter all{o};
  all.ErrPrintk(R("a"));
  all.RepeatLast(4);
  EXPECT_EQ(all.reports()[0].printed_repeats, 4u);
}

// Past kMaxListed, reports are counted (error_count too) but not kept.
TEST(ErrorReporter, ListsAtMostKMaxListed) {
  ErrorReporter rep{CheckerOptions{}};
  for (size_t k = 0; k < kMaxListed + 10; ++k) rep.ErrPrintk(R("a"));
  rep.RepeatLast(5);  // the last one was not listed: its repeats are not either
  EXPECT_EQ(rep.reports().size(), kMaxListed);
  EXPECT_EQ(rep.not_listed(), 15u);
  EXPECT_EQ(rep.error_count(), kMaxListed + 15);
  EXPECT_EQ(rep.reports().back().repeats, 0u);
}

}  // namespace
}  // namespace dmasim::dma_debug
