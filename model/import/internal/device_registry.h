// The devices of an imported log: one per dev_name, in order of first appearance, each
// with a valid, unique trace name ("0000:00:04.0" -> "pci0000_00_04.0"-like mangling: see
// TraceDeviceName) and what the log showed about its DMA addresses.
#ifndef DMASIM_MODEL_IMPORT_INTERNAL_DEVICE_REGISTRY_H_
#define DMASIM_MODEL_IMPORT_INTERNAL_DEVICE_REGISTRY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "model/trace/trace.h"

namespace dmasim::import {

// The trace name for `dev_name`: bytes outside [A-Za-z0-9_.-] become '_', a leading
// non-letter gets a 'd' prefix, and a name the format reserves (a keyword) or that looks
// like the importer's own b<N>/m<N>/s<N> names gets "dev_"; cut at 64 bytes. Uniqueness is
// the registry's job.
std::string TraceDeviceName(absl::string_view dev_name);

// One device.
struct ImportedDevice {
  std::string dev_name;   // as traced
  std::string name;       // in the trace
  bool dma_is_phys = true;  // every DMA address seen equals its physical address
  bool coherent = false;    // resolved from the options (Resolve)
  bool unchecked = false;   // no mapping_error for its maps
};

// The registry (see the file comment).
class DeviceRegistry {
 public:
  // The index of `dev_name`, added if new (`may_add` false: nullopt when unknown).
  std::optional<int> Index(absl::string_view dev_name, bool may_add);
  ImportedDevice& at(int i) { return devices_[i]; }
  const std::vector<ImportedDevice>& devices() const { return devices_; }

  // Applies --coherent / --noncoherent / --unchecked: each name must be "all", a traced
  // dev_name or a trace name, else InvalidArgument naming it. A device named by one flag
  // beats "all" in the other; one device in both lists is an error.
  absl::Status Resolve(const std::vector<std::string>& coherent,
                       const std::vector<std::string>& noncoherent,
                       const std::vector<std::string>& unchecked);
  // The declarations, in order.
  std::vector<DeviceDecl> Decls() const;

 private:
  std::optional<int> Find(absl::string_view name) const;  // dev_name or trace name

  std::vector<ImportedDevice> devices_;
  absl::btree_map<std::string, int, std::less<>> by_dev_name_;
  absl::btree_set<std::string> names_;
};

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_INTERNAL_DEVICE_REGISTRY_H_
