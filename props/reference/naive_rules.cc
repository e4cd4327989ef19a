// The era switches of the naive reference, one row per era id, from the reference:
// §3 (the EEXIST table), §9 (profiles P1-P7), §0 (the version of each change) and §12 (the
// sync type quirk of "phy" entries). Version-keyed details use the version the era id names
// (3.14, 5.9, 5.14, 5.15-rc2, 5.15, 6.18, 7.0).
#include "model/base/check.h"
#include "props/reference/naive_dma_debug.h"

namespace dmasim::props::naive {

Rules RulesFor(absl::string_view era_id) {
  Rules r;
  r.era = std::string(era_id);
  const absl::string_view order[] = {"linux-3.14", "linux-5.9",  "linux-5.14", "linux-5.15-rc2",
                                     "linux-5.15", "linux-6.18", "linux-7.0"};
  int e = -1;
  for (int i = 0; i < 7; ++i) {
    if (order[i] == era_id) e = i;
  }
  DMASIM_CHECK(e >= 0);
  // §3: "3.14 ... 5.13: never"; 5.14: pr_err; 5.15-rc2: err_printk; 5.15-rc7 (c2bbf9d1e9ac):
  // SKIP_CPU_SYNC; 6.18 (03521c892bb8): bounce exemption; 2026: clean both, alignment,
  // overflow WARN skipped for clean (eca58535b154), attrs compared at unmap (§5.2 check 6).
  r.eexist_reported = e >= 2;
  r.eexist_pr_err = e == 2;
  r.eexist_skip_cpu_sync = e >= 4;
  r.eexist_bounce_exempt = e >= 5;
  r.eexist_clean_both = r.eexist_align_exempt = r.overflow_skip_clean = e >= 6;
  r.unmap_attr_compare = e >= 6;
  r.sg_checks_all_nents = e >= 4;  // 293d92cbbd24, 5.15-rc7 (§4.1)
  // §0 / §1.1 / §5.1 version facts, for the version each id names.
  r.hash_size = e >= 1 ? 16384 : 1024;        // 5e76f564572b, 5.5
  r.bounded_walk = e >= 5;                    // Robin Murphy's rewrite, ~6.0
  r.reject_vmalloc_single = e >= 1;           // dma_map_single's vmalloc refusal, 5.9
  r.sync_sg_count_check = e >= 1;             // ~4.19
  r.range_sync_at_offset = e >= 1;            // ~5.0
  r.phy_entries = e >= 5;                     // dma_map_phys series (§0, §12)
  r.sync_type_quirk = r.phy_entries;          // §12, measured on 7.3.4
  r.sg_segment_check = e >= 6;                // §12: linux-7.0, DEBUG_SG gone
  return r;
}

}  // namespace dmasim::props::naive
