#include "model/dma_debug/era.h"

#include <array>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "model/base/check.h"

namespace dmasim {
namespace {

struct EraRow {
  EraId id;
  absl::string_view name;
  KernelVersion named;  // the version the id names
  KernelVersion first;  // the first version of the era (boundary)
};

// The era table, oldest first. Boundaries: see era.h.
constexpr std::array<EraRow, 7> kEras = {{
    {EraId::kLinux3_14, "linux-3.14", {3, 14, 0, 0}, {3, 14, 0, 1}},
    {EraId::kLinux5_9, "linux-5.9", {5, 9, 0, 0}, {5, 9, 0, 1}},
    {EraId::kLinux5_14, "linux-5.14", {5, 14, 0, 0}, {5, 14, 0, 1}},
    {EraId::kLinux5_15Rc2, "linux-5.15-rc2", {5, 15, 0, 2}, {5, 15, 0, 2}},
    {EraId::kLinux5_15, "linux-5.15", {5, 15, 0, 0}, {5, 15, 0, 7}},
    {EraId::kLinux6_18, "linux-6.18", {6, 18, 0, 0}, {6, 18, 0, 4}},
    {EraId::kLinux7_0, "linux-7.0", {7, 0, 0, 0}, {7, 0, 0, 1}},
}};

const EraRow& Row(EraId id) {
  const EraRow& r = kEras[static_cast<size_t>(id)];
  DMASIM_CHECK(r.id == id);
  return r;
}

// Sort key: an -rc comes before the release and its patch levels.
std::tuple<int, int, int, int> Key(const KernelVersion& v) {
  return {v.major, v.minor, v.rc == 0 ? 1 : 0, v.rc == 0 ? v.patch : v.rc};
}

bool AtLeast(const KernelVersion& v, int major, int minor, int rc = 1) {
  return CompareVersions(v, KernelVersion{major, minor, 0, rc}) >= 0;
}

bool ParseInt(absl::string_view s, int* out) {
  if (s.empty() || s.size() > 6) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleAtoi(s, out);
}

}  // namespace

int CompareVersions(const KernelVersion& a, const KernelVersion& b) {
  auto ka = Key(a), kb = Key(b);
  if (ka < kb) return -1;
  if (kb < ka) return 1;
  return 0;
}

std::optional<KernelVersion> ParseKernelVersion(absl::string_view s) {
  if (absl::StartsWith(s, "linux-")) {
    s.remove_prefix(6);
  } else if (absl::StartsWith(s, "v")) {
    s.remove_prefix(1);
  }
  KernelVersion v;
  absl::string_view nums = s;
  size_t dash = s.find_first_of("-+");
  if (dash != absl::string_view::npos) {
    nums = s.substr(0, dash);
    absl::string_view rest = s.substr(dash + 1);
    if (s[dash] == '-' && absl::StartsWith(rest, "rc")) {
      // "-rcN", maybe followed by a local version ("6.8.0-rc3+", "6.8-rc3-next-20240205").
      absl::string_view rc = rest.substr(2);
      const size_t end = rc.find_first_of("-+");
      if (end != absl::string_view::npos && end + 1 == rc.size() && rc[end] == '-') {
        return std::nullopt;
      }
      if (!ParseInt(rc.substr(0, end), &v.rc) || v.rc < 1) return std::nullopt;
    } else if (rest.empty() && s[dash] == '-') {
      return std::nullopt;
    }
    // Anything else is a local version, as `uname -r` prints it ("6.1.0-18-amd64",
    // "6.8.0-45-generic", "6.6.0+"): the distribution's build, ignored. Its numbers are
    // not upstream patch levels, so only X.Y decide the era there.
  }
  std::vector<absl::string_view> parts = absl::StrSplit(nums, '.');
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  if (!ParseInt(parts[0], &v.major) || !ParseInt(parts[1], &v.minor)) return std::nullopt;
  if (parts.size() == 3 && !ParseInt(parts[2], &v.patch)) return std::nullopt;
  if (v.rc != 0 && v.patch != 0) return std::nullopt;  // "5.15.3-rc1" is not a kernel
  return v;
}

std::string VersionString(const KernelVersion& v) {
  std::string s = absl::StrCat(v.major, ".", v.minor);
  if (v.patch != 0) absl::StrAppend(&s, ".", v.patch);
  if (v.rc != 0) absl::StrAppend(&s, "-rc", v.rc);
  return s;
}

const std::vector<EraId>& AllEras() {
  static const std::vector<EraId> kAll = [] {
    std::vector<EraId> v;
    for (const EraRow& r : kEras) v.push_back(r.id);
    return v;
  }();
  return kAll;
}

absl::string_view EraName(EraId era) { return Row(era).name; }

KernelVersion EraVersion(EraId era) { return Row(era).named; }

std::optional<ResolvedEra> ResolveVersion(absl::string_view version) {
  constexpr absl::string_view kDebugSg = "-debug_sg";
  const bool debug_sg = absl::EndsWith(version, kDebugSg);
  if (debug_sg) {
    version.remove_suffix(kDebugSg.size());
    std::optional<ResolvedEra> r = ResolveVersion(version);
    if (!r.has_value() || r->debug_sg ||
        MakeEraProfile(*r).sg_segment_check != SgSegmentCheck::kDebugSgOnly) {
      return std::nullopt;  // no such switch in that kernel
    }
    r->debug_sg = true;
    return r;
  }
  std::optional<KernelVersion> v = ParseKernelVersion(version);
  if (!v.has_value()) return std::nullopt;
  if (CompareVersions(*v, kEras[0].first) < 0) return std::nullopt;
  EraId era = kEras[0].id;
  for (const EraRow& r : kEras) {
    if (CompareVersions(*v, r.first) >= 0) era = r.id;
  }
  // 510e1a724ab1 was AUTOSEL'd to 5.14.y ([U] on the exact patch level).
  if (era == EraId::kLinux5_14 && v->major == 5 && v->minor == 14 && v->rc == 0 &&
      v->patch >= 8) {
    era = EraId::kLinux5_15Rc2;
  }
  return ResolvedEra{era, *v, false};
}

std::optional<EraId> ResolveEra(absl::string_view version) {
  std::optional<ResolvedEra> r = ResolveVersion(version);
  if (!r.has_value()) return std::nullopt;
  return r->era;
}

EraProfile MakeEraProfile(const ResolvedEra& resolved) {
  const EraId e = resolved.era;
  const KernelVersion& v = resolved.version;
  EraProfile p;
  p.era = e;
  p.version = v;
  // Era switches.
  p.eexist = e <= EraId::kLinux5_9    ? EexistMode::kNever
             : e == EraId::kLinux5_14 ? EexistMode::kPrErr
                                      : EexistMode::kErrPrintk;
  p.eexist_skip_cpu_sync = e >= EraId::kLinux5_15;
  p.sg_checks = e >= EraId::kLinux5_15 ? SgCheckStyle::kAllNents : SgCheckStyle::kPerMappedEntry;
  p.eexist_bounce_exempt = e >= EraId::kLinux6_18;
  p.eexist_clean_both = e >= EraId::kLinux7_0;
  p.eexist_align_exempt = e >= EraId::kLinux7_0;
  p.overflow_warn_skip_clean = e >= EraId::kLinux7_0;
  p.unmap_attr_compare = e >= EraId::kLinux7_0;
  p.sg_segment_check = e >= EraId::kLinux7_0 ? SgSegmentCheck::kAlways
                       : AtLeast(v, 4, 18)   ? SgSegmentCheck::kDebugSgOnly
                                             : SgSegmentCheck::kAbsent;
  p.debug_sg = resolved.debug_sg;
  // Version-keyed details (see era.h for the commits and what is unverified).
  p.hash_size = AtLeast(v, 5, 5) ? 16384 : 1024;
  p.contain_walk = AtLeast(v, 6, 0) ? ContainWalk::kBoundedBuckets : ContainWalk::kMaxSegSize;
  p.enomem_once = AtLeast(v, 5, 19, 2);
  p.fixed_pool = AtLeast(v, 5, 0) ? 0 : 65536;
  p.vmap_stack = AtLeast(v, 4, 9);
  p.map_single_checks = AtLeast(v, 5, 5);
  p.reject_vmalloc_single = AtLeast(v, 5, 9);
  p.sync_sg_count_check = AtLeast(v, 4, 19);
  p.range_sync_at_offset = AtLeast(v, 5, 0);
  p.phy_entries = AtLeast(v, 6, 18);
  p.single_type_name = p.phy_entries ? "phy" : "single";
  p.sg_type_name = AtLeast(v, 6, 12) ? "scatter-gather" : "scather-gather";
  return p;
}

EraProfile MakeEraProfile(EraId era) {
  return MakeEraProfile(ResolvedEra{era, EraVersion(era), false});
}

}  // namespace dmasim
