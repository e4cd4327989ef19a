// The findings database: the hunt's --out folder, one repro file per signature.
//
// A signature already in the folder is counted, never written again, across runs and
// across the jobs of one run: a new repro is created with link(2) from a temporary file, which
// fails if the name exists, so two jobs racing on one signature write it once and no file is
// ever overwritten. Files are recognised by their header (repro_writer.h); a `.dma` file
// whose header is missing or whose id does not match its signature is reported as corrupt
// and left alone. Other files and folders (the working corpus, crash artifacts) are ignored.
#ifndef DMASIM_MODEL_HUNT_FINDINGS_DB_H_
#define DMASIM_MODEL_HUNT_FINDINGS_DB_H_

#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dmasim::hunt {

struct DbEntry {
  std::string id;
  std::string signature;  // the full text
  std::string file;       // name inside the folder
};

class FindingsDb {
 public:
  // Creates `dir` if needed; an error if it cannot be created, is not a folder or is not
  // writable. Loads every signature found there.
  static absl::StatusOr<FindingsDb> Open(const std::string& dir);

  const std::string& dir() const { return dir_; }
  // "FILE: why" for each corrupt file seen (left alone).
  const std::vector<std::string>& corrupt() const { return corrupt_; }
  const DbEntry* Find(absl::string_view id) const;
  size_t size() const { return entries_.size(); }
  // Re-reads the folder (signatures other jobs wrote meanwhile).
  void Reload();
  // Writes `text` as `file` unless the signature or the name is already there. True if this
  // call wrote it.
  absl::StatusOr<bool> Add(const DbEntry& entry, absl::string_view text);

 private:
  explicit FindingsDb(std::string dir) : dir_(std::move(dir)) {}
  void Load(const std::string& name);

  std::string dir_;
  absl::btree_map<std::string, DbEntry> entries_;      // by id
  absl::btree_map<std::string, bool> seen_files_;      // names looked at (true: corrupt)
  std::vector<std::string> corrupt_;
};

// The (signature text, id) of a repro file's header; an error saying what is wrong.
absl::StatusOr<DbEntry> ReadReproHeader(absl::string_view text);

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_FINDINGS_DB_H_
