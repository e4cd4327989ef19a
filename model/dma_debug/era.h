// The dma-debug eras as data: which kernel versions behave alike, and the switches that
// make one era's checker differ from another's.
//
// An era is a range of kernel versions whose dma-debug (CONFIG_DMA_API_DEBUG) reports the
// same messages for every trace dmasim can express, up to a few version-keyed details that
// are carried as switches too (type-name spelling, HASH_SIZE, bucket walk, ...). The model
// (dma_debug_checker.h) is one class driven by an `EraProfile`; eras never copy code.
//
// Era boundaries (first kernel of each era; reference dma-debug.md §0, §3, §9):
//   linux-3.14      3.14-rc1: 3b7a6418c749 (cacheline key, TO_DEVICE untracked, overlap
//                   counter in radix tags) + 59f2e7df574c (counter fix). EEXIST never
//                   reported, only the "exceeded 7" WARN_ONCE. Versions < 3.14 are
//                   rejected (no cacheline tree: a different checker).
//   linux-5.9       5.9-rc1: 5848dc5b1b76 removes debug_dma_assert_idle (not reachable
//                   from traces). Canonical 5.9 also has HASH_SIZE 16384 (5e76f564572b,
//                   5.5), the vmapped-stack message (4.9), the vmalloc rejection in
//                   dma_map_single and the offset-based range sync.
//   linux-5.14      5.14-rc1: 2b4bbc6231d7 reports EEXIST with pr_err (uncounted, always
//                   printed, no device prefix).
//   linux-5.15-rc2  5.15-rc2: 510e1a724ab1 switches EEXIST to err_printk. 5.14.y from
//                   5.14.8 (AUTOSEL backport; patch level [U]) resolves here too.
//   linux-5.15      5.15-rc7 (dma-mapping pull of 20 Oct 2021): c2bbf9d1e9ac (no EEXIST
//                   when the *new* mapping has SKIP_CPU_SYNC) + 293d92cbbd24 (stack/rodata
//                   checks over all nents with s->length, before the entries).
//   linux-6.18      6.18-rc4 [U: "6.18-rc, Oct 2025"]: 03521c892bb8 (no EEXIST when
//                   CONFIG_DMA_BOUNCE_UNALIGNED_KMALLOC and swiotlb is active for the
//                   device). 6.19 stays here.
//   linux-7.0       7.0-rc1: 61868dc55a11 + follow-up (clean attribute on both entries),
//                   eca58535b154 (overflow WARN skipped for a clean new mapping), the
//                   Gavrilov alignment exemption (dma_get_cache_alignment() >= L1), attrs
//                   compared at unmap, CONFIG_DMA_API_DEBUG_SG gone (check_sg_segment
//                   always runs). All of them verified on a real 7.3.4 (reference §12);
//                   that they start at 7.0 rests on the reference's dates [U].
//
// Version-keyed switches inside an era (the resolved version decides; [U] = boundary not
// verified): HASH_SIZE 16384 from 5.5; bounded bucket_find_contain walk from 6.0 [U ~6.0];
// ENOMEM pr_err_once from 5.19 (unreachable from traces); "scatter-gather" spelling from
// 6.12 [U: 6.1.192 says scather, 6.12.95 scatter]; map_page entries typed "phy" from 6.18
// [U: dma_map_phys series]; check of the sg count at sync from 4.19 [U]; range sync hooks
// folded into dma_sync_single_for_* at handle+offset from 5.0 [U]; vmapped-stack message
// from 4.9 (b4a0f533e597); the entry pool grows on demand from 5.0 [U ~5.0; before it,
// 65536 preallocated entries (x86), then "out of memory - disabling"];
// check_sg_segment from 4.18 [U], under CONFIG_DMA_API_DEBUG_SG (verified in 5.10.223,
// 6.1.192, 6.12.95); the single-sync type mismatch with the phy entries from 6.18 [U];
// debug_dma_map_single (invalid/vmalloc area) from 5.5 [U]; dma_map_single rejects vmalloc
// memory before dma-debug sees it from 5.9 [U] (verified present in 6.1).
// The 3.14 era's first kernels printed "<driver> <device>: DMA-API: <text>" (pr_fmt came
// later); the text after the prefix is the same, so the messages are shared.
#ifndef DMASIM_MODEL_DMA_DEBUG_ERA_H_
#define DMASIM_MODEL_DMA_DEBUG_ERA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dmasim {

// One modelled era, oldest first.
enum class EraId : uint8_t {
  kLinux3_14,
  kLinux5_9,
  kLinux5_14,
  kLinux5_15Rc2,
  kLinux5_15,
  kLinux6_18,
  kLinux7_0,
};

// A kernel version "MAJOR.MINOR[.PATCH][-rcN]". rc == 0 is a release; an -rc sorts before
// the release of the same MAJOR.MINOR (and before .PATCH releases of it).
struct KernelVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  int rc = 0;
  bool operator==(const KernelVersion&) const = default;
};

// -1, 0, 1.
int CompareVersions(const KernelVersion& a, const KernelVersion& b);
// Accepts an optional "linux-" or "v" prefix: "6.1", "linux-6.1", "v6.12.95",
// "linux-5.15-rc4", "5.14.21", and a `uname -r` local version after '-' or '+', which is
// ignored: "6.1.0-18-amd64" is 6.1.0. Anything else is nullopt.
std::optional<KernelVersion> ParseKernelVersion(absl::string_view s);
std::string VersionString(const KernelVersion& v);  // "6.1.192", "5.15-rc4"

// How an EEXIST (two live mappings starting in one cache line) is reported.
enum class EexistMode : uint8_t {
  kNever,      // the TODO era: only the overflow WARN_ONCE exists
  kPrErr,      // pr_err every time: uncounted, always printed, no device prefix
  kErrPrintk,  // err_printk: counted, printed under num_errors / all_errors
};

// Where debug_dma_map_sg runs its stack / rodata checks.
enum class SgCheckStyle : uint8_t {
  kPerMappedEntry,  // before 5.15-rc7: inside the per-mapped-entry loop, length sg_dma_len
  kAllNents,        // 5.15-rc7+: first pass over all nents with s->length, then the entries
};

// Whether debug_dma_map_sg runs check_sg_segment (element length against
// dma_get_max_seg_size, DMA segment against dma_get_seg_boundary) for each mapped entry.
enum class SgSegmentCheck : uint8_t {
  kAbsent,      // before the check existed (~4.18 [U])
  kDebugSgOnly, // only with CONFIG_DMA_API_DEBUG_SG=y (off by default: checker id suffix
                // "-debug_sg" turns it on, see ResolveVersion)
  kAlways,      // CONFIG_DMA_API_DEBUG_SG is gone: always (seen in 7.3.4; 6.12.95 has the switch)
};

// How bucket_find_contain (sync lookup) walks back over hash buckets.
enum class ContainWalk : uint8_t {
  kMaxSegSize,      // up to dma_get_max_seg_size() bytes back (9 buckets for 64 KiB)
  kBoundedBuckets,  // min(HASH_SIZE, (dev_addr >> 13) + 1) buckets
};

// Every switch the model reads. Built from an era and a resolved version.
struct EraProfile {
  EraId era = EraId::kLinux5_15;
  KernelVersion version;  // the version the profile was resolved for
  // add_dma_entry / EEXIST.
  EexistMode eexist = EexistMode::kErrPrintk;
  bool eexist_skip_cpu_sync = false;   // c2bbf9d1e9ac: the new mapping's SKIP_CPU_SYNC
  bool eexist_bounce_exempt = false;   // 03521c892bb8: bounce_kmalloc && swiotlb active
  bool eexist_clean_both = false;      // 2026: new and slot-owner entries both clean
  bool eexist_align_exempt = false;    // 2026: report only if dma_align >= line
  bool overflow_warn_skip_clean = false;  // eca58535b154
  bool enomem_once = false;            // pr_err_once (5.19+) vs pr_err
  // Entry pool: 0 = grows a page at a time (5.0+); else the fixed preallocated size, after
  // which dma_entry_alloc prints "debugging out of memory - disabling" and dma-debug is off.
  uint32_t fixed_pool = 0;
  // Hash.
  uint32_t hash_size = 16384;
  ContainWalk contain_walk = ContainWalk::kBoundedBuckets;
  // Map-time checks.
  SgCheckStyle sg_checks = SgCheckStyle::kAllNents;
  SgSegmentCheck sg_segment_check = SgSegmentCheck::kDebugSgOnly;
  bool debug_sg = false;              // CONFIG_DMA_API_DEBUG_SG=y (where the switch exists)
  bool vmap_stack = true;             // "[probable addr=%p]" form of the stack message
  bool map_single_checks = true;      // debug_dma_map_single: invalid / vmalloc area
  bool reject_vmalloc_single = true;  // dma_map_single refuses vmalloc memory first
  // Unmap / sync.
  bool unmap_attr_compare = false;    // 2026 "frees DMA memory with different attributes"
  bool sync_sg_count_check = true;    // "syncs DMA sg list with different entry count"
  bool range_sync_at_offset = true;   // ref = [handle+off, len) vs [handle, off+len)
  // Entries of map_single/map_page are typed `phy` (the dma_map_phys series) while the
  // single-sync hooks still build a `single` reference: no single sync is a perfect fit,
  // so two containing live entries make check_sync find nothing (reference §12).
  bool phy_entries = false;
  // Names.
  absl::string_view single_type_name = "single";  // map_single/map_page entries
  absl::string_view sg_type_name = "scather-gather";
};

// The canonical ids, oldest first: linux-3.14, linux-5.9, linux-5.14, linux-5.15-rc2,
// linux-5.15, linux-6.18, linux-7.0.
const std::vector<EraId>& AllEras();
absl::string_view EraName(EraId era);
// The version an era id names ("linux-5.15" -> 5.15), used when only an era is given.
KernelVersion EraVersion(EraId era);

// An era id or any kernel version resolved to its era, keeping the version.
struct ResolvedEra {
  EraId era = EraId::kLinux5_15;
  KernelVersion version;
  bool debug_sg = false;  // the id ended in "-debug_sg": CONFIG_DMA_API_DEBUG_SG=y
};
// "linux-6.1" -> {linux-5.15, 6.1}; "linux-5.15" -> {linux-5.15, 5.15}; nullopt for
// unparsable strings and versions older than 3.14-rc1. A "-debug_sg" suffix
// ("linux-6.12-debug_sg") resolves the version before it with CONFIG_DMA_API_DEBUG_SG=y;
// nullopt where that switch does not exist (the check absent, or always on).
std::optional<ResolvedEra> ResolveVersion(absl::string_view version);
std::optional<EraId> ResolveEra(absl::string_view version);

// The switches for a resolved version (era switches plus version-keyed details).
EraProfile MakeEraProfile(const ResolvedEra& resolved);
// The switches of the version the era id names.
EraProfile MakeEraProfile(EraId era);

}  // namespace dmasim

#endif  // DMASIM_MODEL_DMA_DEBUG_ERA_H_
