#include "model/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace dmasim {

namespace {

// Writes all of `data` to `fd`; false with errno set on failure.
bool WriteAll(int fd, absl::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// A device, FIFO or socket (/dev/null, /dev/stdout, a pipe): written in place, because a
// rename would replace the node itself with a regular file.
absl::Status WriteInPlace(const std::string& path, absl::string_view data) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return absl::InternalError(absl::StrCat(path, ": ", std::strerror(errno)));
  const bool ok = WriteAll(fd, data);
  const std::string err = ok ? "" : std::strerror(errno);
  close(fd);
  if (!ok) return absl::InternalError(absl::StrCat(path, ": ", err));
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, absl::string_view data) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return absl::InternalError(absl::StrCat(path, ": is a directory"));
    return WriteInPlace(path, data);
  }
  const std::string tmp = absl::StrCat(path, ".tmp.", getpid());
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat(path, ": cannot create (via ", tmp, "): ",
                                            std::strerror(errno)));
  }
  if (!WriteAll(fd, data)) {
    const std::string err = std::strerror(errno);
    close(fd);
    unlink(tmp.c_str());
    return absl::InternalError(absl::StrCat(tmp, ": ", err));
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    const std::string err = std::strerror(errno);
    unlink(tmp.c_str());
    return absl::InternalError(absl::StrCat(tmp, ": ", err));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    unlink(tmp.c_str());
    return absl::InternalError(absl::StrCat(path, ": ", err));
  }
  return absl::OkStatus();
}

}  // namespace dmasim
