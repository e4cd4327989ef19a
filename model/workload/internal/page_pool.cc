#include "model/workload/internal/page_pool.h"

#include <algorithm>

namespace dmasim::workload {

PagePool::PagePool(PageAllocator* pages, uint64_t buf_bytes, int order)
    : pages_(pages), order_(order), bytes_(pages->BlockBytes(order)) {
  buf_ = std::clamp<uint64_t>(buf_bytes, 1, bytes_);
}

void PagePool::NextPage() {
  if (have_) {  // the pool stops carving from the current page
    auto it = refs_.find(cur_);
    if (it != refs_.end() && --it->second == 0) {
      refs_.erase(it);
      ring_.push_back(cur_);
    }
  }
  if (!ring_.empty()) {
    cur_ = ring_.back();
    ring_.pop_back();
  } else {
    cur_ = pages_->Alloc(order_);
    ++pages_taken_;
  }
  have_ = true;
  off_ = 0;
  refs_[cur_] = 1;
}

FragRef PagePool::Alloc() {
  if (!have_ || off_ + buf_ > bytes_) NextPage();
  FragRef f{cur_, bytes_, off_, buf_};
  off_ += buf_;
  ++refs_[cur_];
  return f;
}

void PagePool::Put(const FragRef& f) {
  auto it = refs_.find(f.page);
  if (it == refs_.end()) return;
  if (--it->second == 0) {
    refs_.erase(it);
    ring_.push_back(f.page);  // never the current page: it holds the pool's own reference
  }
}

}  // namespace dmasim::workload
