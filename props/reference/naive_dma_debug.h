// A deliberately naive reference of dma-debug, for the model-based tests of the era models
// (era_model_test.cc). Written from the reference text (/work/shared/reference/dma-debug.md
// §1-§5, §9, §12), not from model/dma_debug: plain vectors, linear scans, no hashing, no
// radix-tree emulation, no shared code with the model except the DMA layer's answers (what
// dma_map_* returned, which the model and the kernel both take from below dma-debug).
//
// What it keeps, and where the rule comes from:
//   * the live entries, one vector in insertion order (§1.1: a bucket list appends at the
//     tail, so a bucket's order is the insertion order of its entries); a lookup filters it
//     by the bucket an address falls in, (dev_addr >> 13) & (HASH_SIZE - 1), when the
//     bucket matters (§5.1 bucket walk);
//   * entry storage as numbered slots with a LIFO free list (§1.3), so that the stale slot
//     owner of §2.5 reads the attrs of whatever mapping reused the slot;
//   * the active lines as a vector of {line number, owner slot, extra count} (§2.1-§2.4):
//     start line only, TO_DEVICE never, a 3-bit count that saturates at 7, "exceeded 7" as
//     WARN_ONCE;
//   * the best-fit rule of §5.1 (score 4 wins at once, else a single match wins whatever its
//     score, else none), dma_mapping_error's hook (§5.5, also run inside the map hook and
//     in check_unmap's not-found path), the unmap and sync checks of §5.2-§5.3, the sg
//     walks of §4.3-§4.4, the leak check of §5.7;
//   * err_printk counting vs printing (§1.5): every error counts, the first num_errors (or
//     all, with all_errors) print; pr_err and WARN_ONCE neither count nor consume.
// Per era (§3 table, §9 profiles) the switches are in Rules; the version-keyed details of
// §0 and §12 (HASH_SIZE, the bucket walk, "phy" entries and the sync type quirk) too.
//
// Not modelled, because no trace can reach them: the entry pool running dry (65536 entries)
// and the radix-tree ENOMEM, the driver filter, coherent allocations, debug_dma_map_single's
// invalid-area / vmalloc-area checks (canonical eras either lack them or refuse vmalloc
// memory before the hook; a stack buffer is mapped by page, as the model documents).
#ifndef DMASIM_PROPS_REFERENCE_NAIVE_DMA_DEBUG_H_
#define DMASIM_PROPS_REFERENCE_NAIVE_DMA_DEBUG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "model/replay/observer.h"

namespace dmasim::props::naive {

// The rules of one era id, from the reference (naive_rules.cc says which section).
struct Rules {
  std::string era;
  bool eexist_reported = false;      // 5.14+
  bool eexist_pr_err = false;        // 5.14 only: pr_err, not err_printk
  bool eexist_skip_cpu_sync = false; // 5.15: no EEXIST when the new mapping skips the sync
  bool eexist_bounce_exempt = false; // 6.18: none with bounce_kmalloc and swiotlb active
  bool eexist_clean_both = false;    // 7.0: none when new and slot owner are both clean
  bool eexist_align_exempt = false;  // 7.0: none when dma_align < line
  bool overflow_skip_clean = false;  // 7.0: no "exceeded 7" for a clean new mapping
  bool unmap_attr_compare = false;   // 7.0: "frees DMA memory with different attributes"
  bool sg_checks_all_nents = false;  // 5.15: stack/rodata over all nents, before the entries
  uint64_t hash_size = 16384;        // 1024 before 5.5
  bool bounded_walk = false;         // ~6.0: min(HASH_SIZE, (addr >> 13) + 1) buckets
  bool reject_vmalloc_single = false;  // 5.9: dma_map_single refuses vmalloc memory
  bool sync_sg_count_check = false;  // 4.19
  bool range_sync_at_offset = false; // 5.0: range syncs look up [addr + off, len)
  bool phy_entries = false;          // 6.18: map entries typed "phy"
  // §12: the sync path still builds a "single" reference, so with "phy" entries no entry
  // scores a perfect fit, and two containing entries give "sync DMA memory it has not
  // allocated". On with phy_entries (the model has it too since issue 14).
  bool sync_type_quirk = false;
  // §12: check_sg_segment always runs in 7.x (CONFIG_DMA_API_DEBUG_SG gone; before, the
  // switch is off by default, and era ids carry no config).
  bool sg_segment_check = false;
};

Rules RulesFor(absl::string_view era_id);

std::unique_ptr<Checker> MakeNaiveDmaDebug(const Rules& rules, const CheckerOptions& options);

}  // namespace dmasim::props::naive

#endif  // DMASIM_PROPS_REFERENCE_NAIVE_DMA_DEBUG_H_
