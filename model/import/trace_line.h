// One line of a trace log, as printed by tracefs (`trace`, `trace_pipe`) or by
// `trace-cmd report`, split into the parts every event line shares:
//
//   tracefs:    "          <idle>-0       [000] d..1.     1.234567: dma_map_phys: 0000:00:04.0 dir=..."
//   trace-cmd:  "            bash-1234  [001]  5678.901234: dma_map_phys:         0000:00:04.0 dir=..."
//
// that is TASK-PID, an optional "(TGID)" column, [CPU], an optional latency-flags column,
// TIMESTAMP: (seconds with a fraction, or a raw counter), EVENT: and the event's own text
// (or a tracer's own text, e.g. the function tracer's "func <-caller", with no EVENT:).
// Lines that are not events are classified too: the '#' header of tracefs, the header
// lines of trace-cmd report ("cpus=2", "version = 7", "CPU 0 is empty"), "CPU:N [LOST M
// EVENTS]" notes, and the "=> func" lines of a stack trace. Anything else is malformed.
#ifndef DMASIM_MODEL_IMPORT_TRACE_LINE_H_
#define DMASIM_MODEL_IMPORT_TRACE_LINE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace dmasim::import {

// A parse error inside one line: the 1-based byte column and what is wrong.
struct LineError {
  size_t col = 1;
  std::string message;
};

// A timestamp as printed: whole part and fraction scaled to nanoseconds (a raw counter
// has no fraction). Ordered as numbers.
struct Timestamp {
  uint64_t whole = 0;
  uint32_t nanos = 0;
  auto operator<=>(const Timestamp&) const = default;
};

// What a line is.
enum class LineKind : uint8_t {
  kIgnored,  // blank, a header line of either layout, a stack-trace "=>" line
  kLost,     // "CPU:N [LOST M EVENTS]" (or trace-cmd's "[N EVENTS DROPPED]"), or tracefs'
             // "# entries-in-buffer/entries-written: N/M" with N < M: events missing
  kEvent,    // an event line (`event`, `body` set)
};

// The parts of an event line. Views point into the line passed to ClassifyLine.
struct EventLine {
  Timestamp ts;
  uint32_t cpu = 0;
  absl::string_view event;  // "dma_map_phys"; empty for a tracer's line ("func <-caller")
  absl::string_view body;   // the event's text after "EVENT: " and any padding
  size_t body_col = 0;      // 0-based offset of `body` in the line
  uint64_t lost = 0;        // kLost: how many (0 when the note gives no number)
};

// Classifies `line` (without its newline). kEvent fills `out`. A line that is none of the
// known forms gives false and `err`.
bool ClassifyLine(absl::string_view line, LineKind* kind, EventLine* out, LineError* err);

// `s` with every byte outside printable ASCII written as \xNN: error messages echo parts of
// a line, which may hold any byte.
std::string EscapeForMessage(absl::string_view s);

// "1.234567" style text of a timestamp (nanoseconds shown only when non-zero digits need
// them): for comments.
std::string TimestampText(const Timestamp& ts);

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_TRACE_LINE_H_
