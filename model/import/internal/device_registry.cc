#include "model/import/internal/device_registry.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace dmasim::import {
namespace {

// b<N>, m<N>, s<N>: the importer's own buffer and handle names.
bool LooksGenerated(absl::string_view n) {
  if (n.size() < 2 || (n[0] != 'b' && n[0] != 'm' && n[0] != 's')) return false;
  for (char c : n.substr(1)) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

}  // namespace

std::string TraceDeviceName(absl::string_view dev_name) {
  std::string n;
  for (char c : dev_name) {
    n.push_back(absl::ascii_isalnum(c) || c == '_' || c == '.' || c == '-' ? c : '_');
  }
  if (n.empty() || !(absl::ascii_isalpha(n[0]) || n[0] == '_')) n = absl::StrCat("d", n);
  if (LooksGenerated(n) || !IsValidName(n.substr(0, kMaxNameBytes))) n = absl::StrCat("dev_", n);
  if (n.size() > kMaxNameBytes) n.resize(kMaxNameBytes);
  return n;
}

std::optional<int> DeviceRegistry::Index(absl::string_view dev_name, bool may_add) {
  if (auto it = by_dev_name_.find(dev_name); it != by_dev_name_.end()) return it->second;
  if (!may_add) return std::nullopt;
  const std::string base = TraceDeviceName(dev_name);
  std::string name = base;
  for (int k = 2; names_.contains(name) || !IsValidName(name); ++k) {
    const std::string suffix = absl::StrCat("_", k);
    name = absl::StrCat(base.substr(0, kMaxNameBytes - suffix.size()), suffix);
  }
  names_.insert(name);
  ImportedDevice d;
  d.dev_name = std::string(dev_name);
  d.name = name;
  devices_.push_back(std::move(d));
  const int i = static_cast<int>(devices_.size()) - 1;
  by_dev_name_.emplace(std::string(dev_name), i);
  return i;
}

std::optional<int> DeviceRegistry::Find(absl::string_view name) const {
  if (auto it = by_dev_name_.find(name); it != by_dev_name_.end()) return it->second;
  for (size_t i = 0; i < devices_.size(); ++i) {
    if (devices_[i].name == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

absl::Status DeviceRegistry::Resolve(const std::vector<std::string>& coherent,
                                     const std::vector<std::string>& noncoherent,
                                     const std::vector<std::string>& unchecked) {
  // -1: not named, 0: noncoherent, 1: coherent; `all_*` for the word "all".
  std::vector<int> named(devices_.size(), -1);
  int all = 0;
  bool all_coherent = false, all_noncoherent = false;
  for (int want = 0; want < 2; ++want) {
    for (const std::string& n : want ? coherent : noncoherent) {
      const char* flag = want ? "--coherent" : "--noncoherent";
      if (n == "all") {
        (want ? all_coherent : all_noncoherent) = true;
        continue;
      }
      std::optional<int> i = Find(n);
      if (!i) return absl::InvalidArgumentError(absl::StrCat(flag, " ", n, ": no such device in the log"));
      if (named[*i] >= 0 && named[*i] != want) {
        return absl::InvalidArgumentError(
            absl::StrCat("device ", n, " is named by both --coherent and --noncoherent"));
      }
      named[*i] = want;
    }
  }
  if (all_coherent && all_noncoherent) {
    return absl::InvalidArgumentError("--coherent all and --noncoherent all exclude each other");
  }
  all = all_coherent ? 1 : 0;
  for (size_t i = 0; i < devices_.size(); ++i) {
    devices_[i].coherent = (named[i] >= 0 ? named[i] : all) == 1;
  }
  for (const std::string& n : unchecked) {
    if (n == "all") {
      for (ImportedDevice& d : devices_) d.unchecked = true;
      continue;
    }
    std::optional<int> i = Find(n);
    if (!i) return absl::InvalidArgumentError(absl::StrCat("--unchecked ", n, ": no such device in the log"));
    devices_[*i].unchecked = true;
  }
  return absl::OkStatus();
}

std::vector<DeviceDecl> DeviceRegistry::Decls() const {
  std::vector<DeviceDecl> out;
  for (const ImportedDevice& d : devices_) {
    DeviceDecl decl;
    decl.name = d.name;
    decl.coherent = d.coherent;
    decl.iommu = !d.dma_is_phys;
    out.push_back(std::move(decl));
  }
  return out;
}

}  // namespace dmasim::import
