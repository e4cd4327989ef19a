#include "model/dma_debug/internal/error_reporter.h"

#include <algorithm>
#include <utility>

#include "model/base/check.h"

namespace dmasim::dma_debug {

void ErrorReporter::List(CheckerReport report) {
  last_listed_ = reports_.size() < kMaxListed;
  if (last_listed_) {
    reports_.push_back(std::move(report));
  } else {
    not_listed_ += 1;
  }
}

void ErrorReporter::ErrPrintk(CheckerReport report) {
  error_count_ += 1;
  report.counted = true;
  report.printed = all_errors_ || num_errors_ > 0;
  if (!all_errors_ && num_errors_ > 0) num_errors_ -= 1;
  List(std::move(report));
}

void ErrorReporter::RepeatLast(uint32_t times) {
  // error_count is a u32 in the kernel too; it wraps the same way.
  error_count_ += times;
  const uint32_t printed = all_errors_ ? times : std::min(num_errors_, times);
  if (!all_errors_) num_errors_ -= printed;
  if (!last_listed_) {
    not_listed_ += times;
    return;
  }
  DMASIM_CHECK(!reports_.empty() && reports_.back().counted);
  reports_.back().repeats += times;
  reports_.back().printed_repeats += printed;
}

void ErrorReporter::PrErr(CheckerReport report) {
  report.counted = false;
  report.printed = true;
  List(std::move(report));
}

void ErrorReporter::WarnOnce(bool* fired, CheckerReport report) {
  DMASIM_CHECK(fired != nullptr);
  if (*fired) return;
  *fired = true;
  report.counted = false;
  report.printed = true;
  List(std::move(report));
}

}  // namespace dmasim::dma_debug
