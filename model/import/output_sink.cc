#include "model/import/output_sink.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace dmasim::import {
namespace {

class FileSink : public OutputSink {
 public:
  // `tmp` empty: written in place (stdout, a device); else renamed over `path` at Commit.
  FileSink(std::FILE* f, std::string path, std::string tmp, bool owned)
      : f_(f), path_(std::move(path)), tmp_(std::move(tmp)), owned_(owned) {}
  ~FileSink() override {
    if (f_ == nullptr) return;
    if (!tmp_.empty()) {  // never committed: drop the temporary file
      std::fclose(f_);
      unlink(tmp_.c_str());
    } else if (owned_) {
      std::fclose(f_);
    }
  }

  void Write(absl::string_view text) override {
    if (failed_ || text.empty()) return;
    if (std::fwrite(text.data(), 1, text.size(), f_) != text.size()) {
      failed_ = true;
      error_ = std::strerror(errno);
    }
  }

  absl::Status Commit() override {
    const std::string where = !tmp_.empty() ? tmp_ : path_.empty() ? "<stdout>" : path_;
    if (std::fflush(f_) != 0 && !failed_) {
      failed_ = true;
      error_ = std::strerror(errno);
    }
    if (tmp_.empty()) {
      if (owned_) {
        if (std::fclose(f_) != 0 && !failed_) {
          failed_ = true;
          error_ = std::strerror(errno);
        }
        f_ = nullptr;
      }
      if (failed_) return absl::InternalError(absl::StrCat(where, ": ", error_));
      return absl::OkStatus();
    }
    if (!failed_ && fsync(fileno(f_)) != 0) {
      failed_ = true;
      error_ = std::strerror(errno);
    }
    const bool closed = std::fclose(f_) == 0;
    f_ = nullptr;
    if (failed_ || !closed) {
      unlink(tmp_.c_str());
      return absl::InternalError(absl::StrCat(where, ": ", failed_ ? error_ : "close failed"));
    }
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
      const std::string e = std::strerror(errno);
      unlink(tmp_.c_str());
      return absl::InternalError(absl::StrCat(path_, ": ", e));
    }
    return absl::OkStatus();
  }

 private:
  std::FILE* f_;
  std::string path_, tmp_;
  bool owned_;
  bool failed_ = false;
  std::string error_;
};

}  // namespace

std::unique_ptr<OutputSink> StdoutSink() {
  return std::make_unique<FileSink>(stdout, "", "", /*owned=*/false);
}

absl::StatusOr<std::unique_ptr<OutputSink>> AtomicFileSink(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // A device or a pipe (/dev/null, /dev/stdout, a FIFO): written in place. Renaming a
    // temporary file over it would replace the device node with a regular file.
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      return absl::InternalError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
    }
    return std::unique_ptr<OutputSink>(std::make_unique<FileSink>(f, path, "", /*owned=*/true));
  }
  const std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return absl::InternalError(
        absl::StrCat(path, ": cannot create (via ", tmp, "): ", std::strerror(errno)));
  }
  return std::unique_ptr<OutputSink>(std::make_unique<FileSink>(f, path, tmp, /*owned=*/true));
}

}  // namespace dmasim::import
