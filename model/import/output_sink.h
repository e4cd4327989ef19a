// Where an imported trace goes, written as it is produced (never held whole): standard
// output, or a file written atomically (a temporary file in the same directory, flushed
// and renamed over the target by Commit; dropped if never committed), or nowhere (the
// importer's first pass).
#ifndef DMASIM_MODEL_IMPORT_OUTPUT_SINK_H_
#define DMASIM_MODEL_IMPORT_OUTPUT_SINK_H_

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dmasim::import {

// A text sink (see the file comment). Write errors are kept and returned by Commit.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual void Write(absl::string_view text) = 0;
  virtual absl::Status Commit() = 0;
};

// Standard output (Commit flushes).
std::unique_ptr<OutputSink> StdoutSink();
// `path` written atomically; Open fails if the temporary file cannot be created.
absl::StatusOr<std::unique_ptr<OutputSink>> AtomicFileSink(const std::string& path);

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_OUTPUT_SINK_H_
