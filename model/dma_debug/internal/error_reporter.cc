#include "model/dma_debug/internal/error_reporter.h"

#include <utility>

#include "model/base/check.h"

namespace dmasim::dma_debug {

void ErrorReporter::ErrPrintk(CheckerReport report) {
  error_count_ += 1;
  report.counted = true;
  report.printed = all_errors_ || num_errors_ > 0;
  if (!all_errors_ && num_errors_ > 0) num_errors_ -= 1;
  reports_.push_back(std::move(report));
}

void ErrorReporter::PrErr(CheckerReport report) {
  report.counted = false;
  report.printed = true;
  reports_.push_back(std::move(report));
}

void ErrorReporter::WarnOnce(bool* fired, CheckerReport report) {
  DMASIM_CHECK(fired != nullptr);
  if (*fired) return;
  *fired = true;
  report.counted = false;
  report.printed = true;
  reports_.push_back(std::move(report));
}

}  // namespace dmasim::dma_debug
