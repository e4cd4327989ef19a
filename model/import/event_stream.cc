#include "model/import/event_stream.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace dmasim::import {
namespace {

// A trace_marker write: the `print` event, shown by its caller's symbol
// (tracing_mark_write), or by its address when the kernel has no kallsyms.
bool IsMarker(absl::string_view event) {
  if (event == "tracing_mark_write" || event == "print") return true;
  if (event.size() < 3 || event.substr(0, 2) != "0x") return false;
  for (char c : event.substr(2)) {
    if (!absl::ascii_isxdigit(c)) return false;
  }
  return true;
}

}  // namespace

bool EventStream::Error(int64_t line, size_t col, const std::string& message) {
  status_ = absl::InvalidArgumentError(absl::StrCat(log_->name(), ":", line, ":", col, ": ", EscapeForMessage(message)));
  return false;
}

bool EventStream::ReadOne() {
  absl::string_view line;
  while (log_->Next(&line)) {
    ++counts_.lines;
    LineKind kind;
    EventLine ev;
    LineError err;
    if (!ClassifyLine(line, &kind, &ev, &err)) return Error(log_->line_no(), err.col, err.message);
    if (kind == LineKind::kLost) {
      if (counts_.lost_notes++ == 0) counts_.first_lost_line = log_->line_no();
      counts_.lost_events += ev.lost;
      continue;
    }
    if (kind != LineKind::kEvent) continue;
    auto owned = std::make_unique<StreamItem>();
    StreamItem& item = *owned;
    item.marker = IsMarker(ev.event);
    if (item.marker) {
      ++counts_.markers;
    } else if (IsDmaEvent(ev.event, &item.kind)) {
      ++counts_.dma_events;
    } else {
      ++counts_.other_events;
      continue;
    }
    if (released_any_ && ev.ts < last_released_) {
      return Error(log_->line_no(), 1,
                   absl::StrCat("event at ", TimestampText(ev.ts), " is older than one at ",
                                TimestampText(last_released_), " already read: out of timestamp "
                                "order by more than the reorder window (", kReorderWindow,
                                " events)"));
    }
    item.ts = ev.ts;
    item.cpu = ev.cpu;
    item.line_no = log_->line_no();
    item.event_off = static_cast<size_t>(ev.event.data() - line.data());
    item.event_len = ev.event.size();
    item.body_col = ev.body_col;
    item.text = std::string(line);
    window_bytes_ += item.text.size();
    window_.push_back(Slot{item.ts, item.line_no, std::move(owned)});
    std::push_heap(window_.begin(), window_.end(), Later());
    counts_.max_window = std::max(counts_.max_window, window_.size());
    return true;
  }
  if (!log_->error().ok()) {
    status_ = log_->error();
    return false;
  }
  at_end_ = true;
  return false;
}

bool EventStream::Next(StreamItem* item) {
  if (!status_.ok()) return false;
  while (!at_end_ && window_.size() < kReorderWindow && window_bytes_ < kReorderBytes) {
    if (!ReadOne() && !status_.ok()) return false;
  }
  if (window_.empty()) return false;
  std::pop_heap(window_.begin(), window_.end(), Later());
  *item = std::move(*window_.back().item);
  window_.pop_back();
  window_bytes_ -= item->text.size();
  released_any_ = true;
  last_released_ = item->ts;
  return true;
}

}  // namespace dmasim::import
