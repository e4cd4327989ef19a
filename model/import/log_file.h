// A trace log read line by line, any number of times (the importer reads it twice), with
// bounded memory: one read buffer and one line of at most kMaxLogLineBytes. Standard input
// ("-") is spooled to an anonymous temporary file first, so it can be read twice too.
#ifndef DMASIM_MODEL_IMPORT_LOG_FILE_H_
#define DMASIM_MODEL_IMPORT_LOG_FILE_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dmasim::import {

inline constexpr size_t kMaxLogLineBytes = 64u << 10;

// A rewindable line reader over a file (see the file comment).
class LogFile {
 public:
  // `path` "-" is stdin (named <stdin> in messages). Errors: "NAME: message".
  static absl::StatusOr<std::unique_ptr<LogFile>> Open(const std::string& path);
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  // Back to the first line.
  absl::Status Rewind();
  // The next line without its '\n'; false at the end or on an error (then `error()` is not
  // OK: "NAME:LINE:COL: line too long ..." or an I/O error). The view lives until the next
  // call.
  bool Next(absl::string_view* line);
  const absl::Status& error() const { return error_; }
  int64_t line_no() const { return line_no_; }  // of the line last returned, 1-based
  const std::string& name() const { return name_; }
  uint64_t bytes() const { return bytes_; }      // read so far in this pass

 private:
  LogFile(std::FILE* f, std::string name, bool owned);
  bool Fill();

  std::FILE* f_;
  std::string name_;
  bool owned_;
  std::unique_ptr<char[]> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  std::string line_;
  int64_t line_no_ = 0;
  uint64_t bytes_ = 0;
  absl::Status error_;
};

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_LOG_FILE_H_
