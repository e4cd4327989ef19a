// The dma events (and trace markers) of a log in timestamp order.
//
// tracefs and trace-cmd merge the per-CPU buffers by timestamp, but a report may still
// show events of several CPUs slightly out of order. The stream sorts with a bounded
// reorder window: it holds at most kReorderWindow lines (and kReorderBytes bytes) and
// always releases the smallest (timestamp, line number) first, so equal timestamps keep
// file order (the stable tie-break). A line older than one already released, i.e. out of
// order by more than the window, is an error that names the window: memory stays bounded
// whatever the log.
//
// Lines of other events are counted and dropped at once; only dma events and markers
// (tracing_mark_write, trace-cmd's print, or the caller's address "0xffff...:" where the
// kernel has no kallsyms) enter the window.
#ifndef DMASIM_MODEL_IMPORT_EVENT_STREAM_H_
#define DMASIM_MODEL_IMPORT_EVENT_STREAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "model/import/dma_event.h"
#include "model/import/log_file.h"
#include "model/import/trace_line.h"

namespace dmasim::import {

inline constexpr size_t kReorderWindow = 1u << 16;
inline constexpr size_t kReorderBytes = 64u << 20;

// One released line: a dma event or a marker, with where it came from.
struct StreamItem {
  bool marker = false;
  DmaEventKind kind = DmaEventKind::kMapPhys;  // when !marker
  Timestamp ts;
  uint32_t cpu = 0;
  int64_t line_no = 0;
  std::string text;       // the whole line
  size_t event_off = 0, event_len = 0, body_col = 0;

  absl::string_view event() const { return absl::string_view(text).substr(event_off, event_len); }
  absl::string_view body() const { return absl::string_view(text).substr(body_col); }
};

// What the stream saw in the whole log (complete once Next returned false without error).
struct StreamCounts {
  int64_t lines = 0;
  int64_t dma_events = 0;
  int64_t markers = 0;
  int64_t other_events = 0;
  int64_t lost_notes = 0;       // "CPU:N [LOST M EVENTS]" lines
  uint64_t lost_events = 0;     // the M of those notes, summed
  int64_t first_lost_line = 0;
  size_t max_window = 0;        // the most lines the window held at once
};

// Sorted events of one pass over a log (see the file comment).
class EventStream {
 public:
  explicit EventStream(LogFile* log) : log_(log) {}

  // The next item in (timestamp, line) order; false at the end or on an error (`status()`:
  // "FILE:LINE:COL: message").
  bool Next(StreamItem* item);
  const absl::Status& status() const { return status_; }
  const StreamCounts& counts() const { return counts_; }

 private:
  // A heap slot: the sort key inline (no pointer chasing while sifting), the line apart.
  struct Slot {
    Timestamp ts;
    int64_t line_no;
    std::unique_ptr<StreamItem> item;
  };
  struct Later {
    bool operator()(const Slot& a, const Slot& b) const {
      if (a.ts != b.ts) return a.ts > b.ts;
      return a.line_no > b.line_no;
    }
  };
  bool ReadOne();  // reads lines until one enters the window; false at the end or error
  bool Error(int64_t line, size_t col, const std::string& message);

  LogFile* log_;
  std::vector<Slot> window_;  // a heap under Later
  size_t window_bytes_ = 0;
  bool released_any_ = false;
  Timestamp last_released_;
  bool at_end_ = false;
  StreamCounts counts_;
  absl::Status status_;
};

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_EVENT_STREAM_H_
