#include "model/import/log_file.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace dmasim::import {
namespace {

constexpr size_t kReadChunk = 1u << 20;

std::string Errno() { return std::strerror(errno); }

}  // namespace

absl::StatusOr<std::unique_ptr<LogFile>> LogFile::Open(const std::string& path) {
  if (path == "-") {
    std::FILE* tmp = std::tmpfile();
    if (tmp == nullptr) return absl::InternalError(absl::StrCat("<stdin>: cannot spool: ", Errno()));
    std::unique_ptr<char[]> chunk(new char[kReadChunk]);
    size_t n;
    while ((n = std::fread(chunk.get(), 1, kReadChunk, stdin)) > 0) {
      if (std::fwrite(chunk.get(), 1, n, tmp) != n) {
        const std::string e = Errno();
        std::fclose(tmp);
        return absl::InternalError(absl::StrCat("<stdin>: cannot spool: ", e));
      }
    }
    if (std::ferror(stdin)) {
      std::fclose(tmp);
      return absl::InternalError("<stdin>: read error");
    }
    std::rewind(tmp);
    return std::unique_ptr<LogFile>(new LogFile(tmp, "<stdin>", true));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return absl::NotFoundError(absl::StrCat(path, ": ", Errno()));
  return std::unique_ptr<LogFile>(new LogFile(f, path, true));
}

LogFile::LogFile(std::FILE* f, std::string name, bool owned)
    : f_(f), name_(std::move(name)), owned_(owned), buf_(new char[kReadChunk]) {}

LogFile::~LogFile() {
  if (owned_) std::fclose(f_);
}

absl::Status LogFile::Rewind() {
  if (std::fseek(f_, 0, SEEK_SET) != 0) {
    return absl::InternalError(absl::StrCat(name_, ": cannot rewind: ", Errno()));
  }
  begin_ = end_ = 0;
  eof_ = false;
  line_no_ = 0;
  bytes_ = 0;
  error_ = absl::OkStatus();
  return absl::OkStatus();
}

bool LogFile::Fill() {
  if (eof_) return false;
  begin_ = 0;
  end_ = std::fread(buf_.get(), 1, kReadChunk, f_);
  if (end_ == 0) {
    eof_ = true;
    if (std::ferror(f_)) error_ = absl::InternalError(absl::StrCat(name_, ": read error"));
    return false;
  }
  bytes_ += end_;
  return true;
}

bool LogFile::Next(absl::string_view* line) {
  if (!error_.ok()) return false;
  line_.clear();
  bool any = false;
  for (;;) {
    if (begin_ == end_ && !Fill()) {
      if (!error_.ok() || !any) return false;
      break;  // a last line without '\n'
    }
    any = true;
    const char* start = buf_.get() + begin_;
    const void* nl = std::memchr(start, '\n', end_ - begin_);
    const size_t take = nl ? static_cast<const char*>(nl) - start : end_ - begin_;
    if (line_.size() + take > kMaxLogLineBytes) {
      error_ = absl::InvalidArgumentError(
          absl::StrCat(name_, ":", line_no_ + 1, ":", kMaxLogLineBytes + 1,
                       ": line too long (the limit is ", kMaxLogLineBytes, " bytes)"));
      return false;
    }
    line_.append(start, take);
    begin_ += take;
    if (nl) {
      ++begin_;
      break;
    }
  }
  ++line_no_;
  *line = line_;
  return true;
}

}  // namespace dmasim::import
