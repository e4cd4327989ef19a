// Parser for the `.dma` text format, version 1 (docs/trace-format.md is the grammar).
//
// Errors are absl::InvalidArgumentError with the message "FILE:LINE:COL: what is wrong".
// The parser never crashes, allocates at most O(input) memory, and rejects inputs over the
// explicit caps below with a clear message.
#ifndef DMASIM_MODEL_TRACE_TRACE_PARSER_H_
#define DMASIM_MODEL_TRACE_TRACE_PARSER_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/trace/trace.h"

namespace dmasim {

inline constexpr size_t kMaxTraceBytes = 64u << 20;   // a whole file
inline constexpr size_t kMaxLineBytes = 64u << 10;    // one statement
inline constexpr size_t kMaxOps = 1u << 20;           // op statements
inline constexpr size_t kMaxDecls = 1u << 16;         // devices, buffers, expects each
inline constexpr size_t kMaxSgElements = 4096;        // elements of one map_sg

absl::StatusOr<Trace> ParseTrace(absl::string_view text, absl::string_view filename);

// Reads and parses a file ("-" is stdin). I/O errors are "FILE: message".
absl::StatusOr<Trace> ParseTraceFile(const std::string& path);

// The name a trace read from `path` goes by in errors and reports: the path, or "<stdin>"
// for "-".
inline constexpr char kStdinName[] = "<stdin>";
inline std::string TraceName(const std::string& path) { return path == "-" ? kStdinName : path; }


}  // namespace dmasim

#endif  // DMASIM_MODEL_TRACE_TRACE_PARSER_H_
