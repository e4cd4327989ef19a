#include "model/workload/internal/page_frag.h"

#include <algorithm>

namespace dmasim::workload {

PageFragCache::PageFragCache(PageAllocator* pages, Mode mode, int order, uint64_t align)
    : pages_(pages),
      mode_(mode),
      order_(order),
      align_(align == 0 ? 1 : align),
      bytes_(pages->BlockBytes(order)) {}

void PageFragCache::NewPage() {
  if (have_) Unref(cur_);  // the cache lets go of the old page
  cur_ = pages_->Alloc(order_);
  have_ = true;
  ++pages_taken_;
  refs_[cur_] = 1;
  off_ = mode_ == Mode::kSocket ? 0 : bytes_;
}

void PageFragCache::Unref(uint64_t page) {
  auto it = refs_.find(page);
  if (it == refs_.end()) return;
  if (--it->second == 0) {
    refs_.erase(it);
    pages_->Free(page, order_);
  }
}

int PageFragCache::live_refs(uint64_t page) const {
  auto it = refs_.find(page);
  return it == refs_.end() ? 0 : it->second;
}

void PageFragCache::Refill(uint64_t min_bytes) {
  min_bytes = std::min(min_bytes, bytes_);
  if (!have_) {
    NewPage();
    return;
  }
  if (refs_[cur_] == 1) {  // every fragment freed: reuse the page from the start
    off_ = 0;
    return;
  }
  if (off_ + min_bytes <= bytes_) return;
  NewPage();
}

uint64_t PageFragCache::Room() const { return have_ ? bytes_ - off_ : 0; }

FragRef PageFragCache::Carve(uint64_t len) {
  len = std::min(len, Room());
  FragRef f{cur_, bytes_, off_, len};
  off_ += len;
  ++refs_[cur_];
  return f;
}

FragRef PageFragCache::Alloc(uint64_t size) {
  size = std::min(std::max<uint64_t>(size, 1), bytes_);
  if (!have_) NewPage();
  auto fits = [&] { return off_ >= size; };
  if (!fits()) {
    if (refs_[cur_] == 1) {
      off_ = bytes_;  // all fragments freed: reuse from the end
    } else {
      NewPage();
    }
  }
  off_ = (off_ - size) & ~(align_ - 1);
  ++refs_[cur_];
  return FragRef{cur_, bytes_, off_, size};
}

void PageFragCache::Put(const FragRef& f) { Unref(f.page); }

}  // namespace dmasim::workload
