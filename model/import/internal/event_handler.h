// The importer's decision for each event of the log, in timestamp order: which op it
// becomes (on which handle, with which arguments), or why it becomes a comment. Both of
// the importer's passes run it over the same events and so make the same decisions; only
// the sink differs (the first pass collects, the second prints).
#ifndef DMASIM_MODEL_IMPORT_INTERNAL_EVENT_HANDLER_H_
#define DMASIM_MODEL_IMPORT_INTERNAL_EVENT_HANDLER_H_

#include <string>

#include "absl/status/status.h"
#include "model/import/dma_event.h"
#include "model/import/event_stream.h"
#include "model/import/importer.h"
#include "model/import/internal/device_registry.h"
#include "model/import/mapping_table.h"
#include "model/import/op_printer.h"

namespace dmasim::import {

// Receives the decisions, in order.
class ImportSink {
 public:
  virtual ~ImportSink() = default;
  // A map or map_sg (defining `h`). `attrs_dropped`: the call had attrs the format lacks.
  virtual void Map(const HandleRec& h, const StreamItem& src, bool attrs_dropped) = 0;
  // Another op on `h`.
  virtual void Op(const HandleRec& h, const OpArgs& args, const StreamItem& src) = 0;
  virtual void Comment(const StreamItem& src, Dropped why) = 0;
  virtual void Marker(const StreamItem& src) = 0;
};

// Decides (see the file comment).
class EventHandler {
 public:
  // `add_devices`: the first pass registers devices; the second only looks them up.
  EventHandler(DeviceRegistry* devices, bool add_devices, ImportSink* sink, ImportStats* stats)
      : devices_(devices), add_devices_(add_devices), sink_(sink), stats_(stats) {}

  // Parses the item's event text and hands the decision to the sink. A malformed event is
  // InvalidArgument "FILE:LINE:COL: message".
  absl::Status OnItem(const StreamItem& item, const std::string& file);
  const MappingTable& table() const { return table_; }

 private:
  void Decide(const StreamItem& item, const DmaEvent& e, int dev);
  void MapSingle(const StreamItem& item, const DmaEvent& e, int dev);
  void MapSg(const StreamItem& item, const DmaEvent& e, int dev);
  void Unmap(const StreamItem& item, const DmaEvent& e, int dev);
  void UnmapSg(const StreamItem& item, const DmaEvent& e, int dev);
  void SyncSingle(const StreamItem& item, const DmaEvent& e, int dev, bool to_cpu);
  void SyncSg(const StreamItem& item, const DmaEvent& e, int dev, bool to_cpu);
  void Drop(const StreamItem& item, Dropped why);
  void Emit(const HandleRec& h, const OpArgs& args, const StreamItem& item);
  void Peaks();

  DeviceRegistry* devices_;
  bool add_devices_;
  ImportSink* sink_;
  ImportStats* stats_;
  MappingTable table_;
};

}  // namespace dmasim::import

#endif  // DMASIM_MODEL_IMPORT_INTERNAL_EVENT_HANDLER_H_
