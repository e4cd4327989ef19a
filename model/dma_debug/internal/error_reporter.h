// dma-debug's three ways of printing, as a report sink.
//
//   err_printk  error_count += 1 always; prints (a WARN with backtrace) only while
//               all_errors is set or num_errors > 0; then, unless all_errors, num_errors
//               drops by one. Default num_errors = 1: only the first error prints.
//   pr_err      not counted, always printed (5.14's EEXIST).
//   WARN_ONCE   not counted, printed the first time its condition holds, never again; a
//               suppressed repeat is not listed at all.
//
// The report list is everything the kernel would print with all errors shown; `printed`
// says what the configured limit lets through. The driver filter is not modelled (off).
// The list holds at most kMaxListed reports (observer.h); later ones are still counted
// (error_count, the print budget) and show in not_listed().
#ifndef DMASIM_MODEL_DMA_DEBUG_INTERNAL_ERROR_REPORTER_H_
#define DMASIM_MODEL_DMA_DEBUG_INTERNAL_ERROR_REPORTER_H_

#include <cstdint>
#include <vector>

#include "model/replay/observer.h"

namespace dmasim::dma_debug {

// Collects the reports of one replay under one CheckerOptions.
class ErrorReporter {
 public:
  explicit ErrorReporter(const CheckerOptions& options)
      : all_errors_(options.all_errors), num_errors_(options.num_errors) {}

  // err_printk: sets counted = true and printed per the limit.
  void ErrPrintk(CheckerReport report);
  // pr_err: counted = false, printed = true.
  void PrErr(CheckerReport report);
  // WARN_ONCE with its own once-flag `*fired`: listed only the first time.
  void WarnOnce(bool* fired, CheckerReport report);
  // The last err_printk happens `times` more times, identically: counted and charged to the
  // print budget like that many calls, listed once (CheckerReport::repeats).
  void RepeatLast(uint32_t times);

  uint32_t error_count() const { return error_count_; }
  const std::vector<CheckerReport>& reports() const { return reports_; }
  uint64_t not_listed() const { return not_listed_; }
  // Whether the next report will be listed (callers may skip formatting one that is not).
  bool listing() const { return reports_.size() < kMaxListed; }

 private:
  void List(CheckerReport report);

  bool all_errors_;
  uint32_t num_errors_;   // show_num_errors, counts down
  uint32_t error_count_ = 0;
  std::vector<CheckerReport> reports_;
  uint64_t not_listed_ = 0;
  bool last_listed_ = false;  // the latest report went into reports_
};

}  // namespace dmasim::dma_debug

#endif  // DMASIM_MODEL_DMA_DEBUG_INTERNAL_ERROR_REPORTER_H_
