#include "model/hunt/findings_db.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "model/base/atomic_file.h"
#include "model/hunt/repro_writer.h"
#include "model/hunt/signature.h"

namespace dmasim::hunt {

absl::StatusOr<DbEntry> ReadReproHeader(absl::string_view text) {
  DbEntry e;
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (++lines > 16 || !absl::StartsWith(line, "#")) break;
    if (absl::ConsumePrefix(&line, kHeaderSignature)) e.signature = std::string(line);
    if (absl::ConsumePrefix(&line, kHeaderId)) e.id = std::string(line);
  }
  if (e.signature.empty() || e.id.empty()) {
    return absl::InvalidArgumentError("no '# signature:' / '# signature-id:' header");
  }
  if (SignatureId(e.signature) != e.id) {
    return absl::InvalidArgumentError("signature-id does not match the signature");
  }
  return e;
}

absl::StatusOr<FindingsDb> FindingsDb::Open(const std::string& dir) {
  if (dir.empty()) return absl::InvalidArgumentError("--out: empty folder name");
  if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
    return absl::InvalidArgumentError(
        absl::StrCat(dir, ": cannot create the folder: ", std::strerror(errno)));
  }
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(dir, ": not a folder"));
  }
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(dir, ": not writable"));
  }
  FindingsDb db(dir);
  db.Reload();
  return db;
}

void FindingsDb::Load(const std::string& name) {
  const std::string path = absl::StrCat(dir_, "/", name);
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  absl::StatusOr<DbEntry> e = ReadReproHeader(head);
  if (!e.ok()) {
    seen_files_[name] = true;
    corrupt_.push_back(absl::StrCat(path, ": ", e.status().message()));
    return;
  }
  seen_files_[name] = false;
  e->file = name;
  entries_.emplace(e->id, *e);
}

void FindingsDb::Reload() {
  DIR* d = opendir(dir_.c_str());
  if (d == nullptr) return;
  std::vector<std::string> names;
  while (dirent* ent = readdir(d)) {
    const std::string name = ent->d_name;
    if (name.empty() || name[0] == '.' || !absl::EndsWith(name, ".dma")) continue;
    if (!seen_files_.contains(name)) names.push_back(name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& n : names) Load(n);
}

const DbEntry* FindingsDb::Find(absl::string_view id) const {
  auto it = entries_.find(std::string(id));
  return it == entries_.end() ? nullptr : &it->second;
}

absl::StatusOr<bool> FindingsDb::Add(const DbEntry& entry, absl::string_view text) {
  if (Find(entry.id) != nullptr) return false;
  const std::string final_path = absl::StrCat(dir_, "/", entry.file);
  const std::string tmp = absl::StrCat(dir_, "/.new-", entry.id, ".", getpid());
  if (absl::Status s = WriteFileAtomically(tmp, text); !s.ok()) return s;
  const bool linked = link(tmp.c_str(), final_path.c_str()) == 0;
  const int err = errno;
  unlink(tmp.c_str());
  if (!linked && err != EEXIST) {
    return absl::InternalError(absl::StrCat(final_path, ": ", std::strerror(err)));
  }
  if (linked) {
    seen_files_[entry.file] = false;
    entries_.emplace(entry.id, entry);
    return true;
  }
  Reload();  // another job wrote it (or a file of that name is there): count, never overwrite
  return false;
}

}  // namespace dmasim::hunt
