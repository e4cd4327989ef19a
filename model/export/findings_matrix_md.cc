// The Markdown form of the findings matrix (findings_matrix.h): the 2021 question answered
// trace by trace, then one table per trace, grouped by class folder.

#include <algorithm>

#include "absl/container/btree_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "model/export/findings_matrix.h"
#include "model/trace/platform.h"

namespace dmasim {
namespace {

constexpr size_t kMaxOpsListed = 8;

// "eexist@3,5 pending-at-unbind@9"; a kind with many ops: "eexist x64 (ops 3..127)".
std::string Compact(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  absl::btree_map<std::string, std::vector<int>> by_kind;
  for (const std::string& it : items) {
    std::pair<std::string, std::string> kv = absl::StrSplit(it, '@');
    int op = 0;
    (void)absl::SimpleAtoi(kv.second, &op);
    by_kind[kv.first].push_back(op);
  }
  std::vector<std::string> parts;
  for (auto& [kind, ops] : by_kind) {
    std::sort(ops.begin(), ops.end());
    if (ops.size() <= kMaxOpsListed) {
      parts.push_back(absl::StrCat(kind, "@", absl::StrJoin(ops, ",")));
    } else {
      parts.push_back(absl::StrCat(kind, " x", ops.size(), " (ops ", ops.front(), "..",
                                   ops.back(), ")"));
    }
  }
  return absl::StrJoin(parts, " ");
}

// "false-positive eexist@3,5; missed-overlap sharing@7": Compact per class and kind.
std::string CompactClasses(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  absl::btree_map<std::string, std::vector<std::string>> by_class;
  for (const std::string& it : items) {
    const size_t space = it.find(' ');
    by_class[it.substr(0, space)].push_back(it.substr(space + 1));
  }
  std::vector<std::string> parts;
  for (const auto& [cls, kinds] : by_class) parts.push_back(absl::StrCat(cls, " ", Compact(kinds)));
  return absl::StrJoin(parts, "; ");
}

std::string Archs(const std::vector<std::string>& archs) {
  if (archs.empty()) return "none";
  if (archs.size() == AllArchs().size()) return absl::StrCat("all ", archs.size());
  return absl::StrJoin(archs, ", ");
}

std::string Short(const std::string& id) {
  return id.rfind("linux-", 0) == 0 ? id.substr(6) : id;
}

std::string Name(const MatrixRow& r) {
  const size_t slash = r.file.rfind('/');
  const std::string base = slash == std::string::npos ? r.file : r.file.substr(slash + 1);
  return r.folder.empty() ? base : absl::StrCat(r.folder, "/", base);
}

std::vector<std::string> HazardArchs(const MatrixRow& r, absl::string_view verdict) {
  std::vector<std::string> out;
  for (const MatrixHazard& h : r.hazards) {
    if (h.verdict == verdict) out.push_back(h.arch);
  }
  return out;
}

std::vector<std::string> OverlapEras(const MatrixRow& r) {
  std::vector<std::string> out;
  for (const MatrixChecker& c : r.checkers) {
    if (c.overlap && c.id != "exact") out.push_back(Short(c.id));
  }
  return out;
}

std::vector<std::string> FpArchs(const MatrixRow& r) {
  std::vector<std::string> out;
  for (const ArchPolicy& a : AllArchs()) {
    for (const MatrixChecker& c : r.checkers) {
      if (c.id != "exact" &&
          std::find(c.fp_archs.begin(), c.fp_archs.end(), a.name) != c.fp_archs.end()) {
        out.emplace_back(a.name);
        break;
      }
    }
  }
  return out;
}

std::string Question(const std::vector<MatrixRow>& rows) {
  std::string s =
      "## The 2021 question, case by case\n\n"
      "In October 2021 dma-debug began reporting `cacheline tracking EEXIST, overlapping "
      "mappings aren't supported` for skb fragments carved from one page (dpaa2-eth, mlx5) "
      "and for one buffer mapped for two RDMA devices (SMC-R). One side said \"false "
      "positive: the system is DMA-coherent\"; the other, \"the DMA API documentation forbids "
      "two mapped regions sharing a cacheline, because on non-coherent systems it corrupts "
      "data\". Below, every repro for which some dma-debug era reports an overlap (EEXIST or "
      "the \"exceeded 7 overlapping mappings\" WARN), with what the documented rules (the "
      "contract oracle) and the physical truth of each platform (the hazard oracle, every "
      "eviction and speculative fill explored) say about it.\n\n"
      "| repro | eras reporting an overlap | contract findings | corrupts data on | "
      "false positive against the hazard oracle on |\n|---|---|---|---|---|\n";
  std::vector<std::string> fp_only, corrupting;
  for (const MatrixRow& r : rows) {
    const std::vector<std::string> eras = OverlapEras(r);
    if (eras.empty()) continue;
    const std::vector<std::string> bad = HazardArchs(r, "hazard");
    absl::StrAppend(&s, "| `", Name(r), "` | ", absl::StrJoin(eras, ", "), " | ",
                    Compact(r.contract), " | ", Archs(bad), " | ", Archs(FpArchs(r)), " |\n");
    (bad.empty() ? fp_only : corrupting)
        .push_back(absl::StrCat("`", Name(r), "`",
                                bad.empty() ? "" : absl::StrCat(" (", Archs(bad), ")")));
  }
  absl::StrAppend(&s, "\nFalse positives against the physical truth (no platform corrupts "
                      "data; the contract column says whether the layout breaks the "
                      "documented rules anyway): ", fp_only.size(), " of ",
                  fp_only.size() + corrupting.size(), ": ",
                  fp_only.empty() ? "none" : absl::StrJoin(fp_only, ", "),
                  ".\n\nLayouts that corrupt data on some platform (there the layout is a real "
                  "bug, whether or not the report is about the lines that corrupt; the last "
                  "column says where the report itself has no hazard behind it): ",
                  corrupting.empty() ? "none" : absl::StrJoin(corrupting, ", "), ".\n\n");
  return s;
}

std::string RowTable(const MatrixRow& r) {
  std::string s = absl::StrCat("#### `", Name(r), "` (platform ", r.arch, ")\n\n",
                               "| checker | reports | vs contract | false positive vs hazard "
                               "on | misses the hazard on |\n|---|---|---|---|---|\n");
  for (const MatrixChecker& c : r.checkers) {
    absl::StrAppend(&s, "| ", c.id, " | ", Compact(c.reports), " | ",
                    CompactClasses(c.vs_contract), " | ",
                    Archs(c.fp_archs), " | ", Archs(c.missed_archs), " |\n");
  }
  std::vector<std::string> hz;
  for (const MatrixHazard& h : r.hazards) {
    hz.push_back(h.kinds.empty() ? absl::StrCat(h.arch, " ", h.verdict)
                                 : absl::StrCat(h.arch, " ", h.verdict, " (",
                                                absl::StrJoin(h.kinds, ", "), ")"));
  }
  absl::StrAppend(&s, "\nContract: ", Compact(r.contract), ". Hazard: ",
                  absl::StrJoin(hz, "; "), ".\n\n");
  return s;
}

}  // namespace

std::string MatrixMarkdown(const std::vector<MatrixRow>& rows) {
  std::string s =
      "# Findings: every repro by era and platform\n\n"
      "Generated by `dmasim matrix repro --format md -o docs/findings.md` from the traces of "
      "`repro/`; the CTest `docs.findings_fresh` fails when this file is not what that "
      "command writes. Do not edit it by hand.\n\n";
  absl::StrAppend(&s, Question(rows), "## The matrix\n\n",
                  "Per repro: each checker's reports (kind@op), its classification against "
                  "the contract oracle, the platforms against whose hazard oracle it has a "
                  "false positive or misses a hazard; then the contract findings and the "
                  "hazard verdict of every platform. Platforms: ");
  std::vector<std::string> archs;
  for (const ArchPolicy& a : AllArchs()) archs.emplace_back(a.name);
  absl::StrAppend(&s, absl::StrJoin(archs, ", "), ".\n\n");
  std::string folder = "\x01";
  for (const MatrixRow& r : rows) {
    if (r.folder != folder) {
      folder = r.folder;
      absl::StrAppend(&s, "### ", folder.empty() ? "(no folder)" : folder + "/", "\n\n");
    }
    absl::StrAppend(&s, RowTable(r));
  }
  return s;
}

}  // namespace dmasim
