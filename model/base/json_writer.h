// A minimal streaming JSON writer: compact output, deterministic (keys appear in the order
// written), strings escaped per RFC 8259. Enough for dmasim's reports; not a general library.
#ifndef DMASIM_MODEL_BASE_JSON_WRITER_H_
#define DMASIM_MODEL_BASE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dmasim {

// Builds one JSON document into a string; the caller writes keys and values in order.
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(absl::string_view k);  // inside an object, before each value
  JsonWriter& String(absl::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Uint(uint64_t v);
  JsonWriter& Bool(bool b);
  JsonWriter& Null();

  const std::string& str() const { return out_; }

 private:
  void Separate();  // a comma before every element but the first in its container

  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

}  // namespace dmasim

#endif  // DMASIM_MODEL_BASE_JSON_WRITER_H_
