// Writes a file atomically: the data goes to a temporary file in the same directory, which
// is flushed and then renamed over the target. A reader sees the old file or the new one,
// never a half-written one; a crash leaves at most a stray "<name>.tmp.<pid>". A target that
// exists and is not a regular file (/dev/null, /dev/stdout, a FIFO) is written in place: a
// rename would replace the device node itself.
#ifndef DMASIM_MODEL_BASE_ATOMIC_FILE_H_
#define DMASIM_MODEL_BASE_ATOMIC_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dmasim {

absl::Status WriteFileAtomically(const std::string& path, absl::string_view data);

}  // namespace dmasim

#endif  // DMASIM_MODEL_BASE_ATOMIC_FILE_H_
