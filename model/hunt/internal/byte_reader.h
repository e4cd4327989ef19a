// ByteReader: fuzzer bytes read one at a time, 0 past the end, so that every byte string
// (including the empty one) decodes to something and a mutation of one byte changes one
// decision.
#ifndef DMASIM_MODEL_HUNT_INTERNAL_BYTE_READER_H_
#define DMASIM_MODEL_HUNT_INTERNAL_BYTE_READER_H_

#include <cstddef>
#include <cstdint>

namespace dmasim::hunt {

class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  // A byte reduced below n (n >= 1).
  uint32_t Below(uint32_t n) { return n <= 1 ? (Byte(), 0u) : Byte() % n; }
  bool empty() const { return pos_ >= size_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace dmasim::hunt

#endif  // DMASIM_MODEL_HUNT_INTERNAL_BYTE_READER_H_
