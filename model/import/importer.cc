#include "model/import/importer.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/import/buffer_layout.h"
#include "model/import/internal/device_registry.h"
#include "model/import/internal/event_handler.h"
#include "model/import/log_file.h"
#include "model/import/op_printer.h"
#include "model/trace/platform.h"
#include "model/trace/trace_parser.h"
#include "model/trace/trace_printer.h"

namespace dmasim::import {
namespace {

// The first pass: collects the ranges mappings cover and the single maps per device.
class Collector : public ImportSink {
 public:
  explicit Collector(BufferLayout* layout) : layout_(layout) {}
  void Map(const HandleRec& h, const StreamItem&, bool) override {
    for (size_t i = 0; i < h.phys.size(); ++i) layout_->Add(h.phys[i], h.lens[i]);
    if (!h.sg) {
      if (single_maps_.size() <= static_cast<size_t>(h.device)) single_maps_.resize(h.device + 1);
      single_maps_[h.device] += 1;
    }
  }
  void Op(const HandleRec&, const OpArgs&, const StreamItem&) override {}
  void Comment(const StreamItem&, Dropped) override {}
  void Marker(const StreamItem&) override {}
  int64_t single_maps(int dev) const {
    return static_cast<size_t>(dev) < single_maps_.size() ? single_maps_[dev] : 0;
  }

 private:
  BufferLayout* layout_;
  std::vector<int64_t> single_maps_;
};

// Event text for a comment: printable ASCII only, at most 240 bytes.
std::string CommentText(absl::string_view s) {
  std::string out;
  for (char c : s.substr(0, 240)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (s.size() > 240) out += "...";
  return out;
}

// The second pass: prints every decision as it comes.
class Writer : public ImportSink {
 public:
  Writer(const OpPrinter& printer, const DeviceRegistry& devices, bool mapping_error,
         OutputSink* out)
      : printer_(printer), devices_(devices), mapping_error_(mapping_error), out_(out) {}

  void Map(const HandleRec& h, const StreamItem& src, bool attrs_dropped) override {
    Line(printer_.Map(h), src, attrs_dropped);
    if (!h.sg && mapping_error_ && !devices_.devices()[h.device].unchecked) {
      OpArgs a;
      a.kind = OpKind::kMappingError;
      absl::StatusOr<std::string> t = printer_.OnHandle(h, a);
      if (!t.ok()) return Fail(t.status());
      out_->Write(absl::StrCat(*t, "\n"));
      ++mapping_errors_;
    }
  }
  void Op(const HandleRec& h, const OpArgs& args, const StreamItem& src) override {
    Line(printer_.OnHandle(h, args), src, false);
  }
  void Comment(const StreamItem& src, Dropped why) override {
    out_->Write(absl::StrCat("# import: L", src.line_no, " ", CommentText(src.event()), ": ",
                             CommentText(src.body()), "  [", DroppedText(why), "]\n"));
  }
  void Marker(const StreamItem& src) override {
    out_->Write(absl::StrCat("# marker L", src.line_no, " ", TimestampText(src.ts), ": ",
                             CommentText(src.body()), "\n"));
  }
  const absl::Status& status() const { return status_; }
  int64_t mapping_errors() const { return mapping_errors_; }

 private:
  void Fail(const absl::Status& s) {
    if (status_.ok()) status_ = s;
  }
  void Line(const absl::StatusOr<std::string>& text, const StreamItem& src, bool attrs_dropped) {
    if (!text.ok()) return Fail(text.status());
    out_->Write(absl::StrCat(*text, "  # L", src.line_no,
                             attrs_dropped ? " (attrs the format lacks dropped)" : "", "\n"));
  }

  const OpPrinter& printer_;
  const DeviceRegistry& devices_;
  bool mapping_error_;
  OutputSink* out_;
  absl::Status status_;
  int64_t mapping_errors_ = 0;
};

// Runs one pass of the handler over the log.
absl::Status RunPass(LogFile* log, EventHandler* handler, StreamCounts* counts) {
  EventStream stream(log);
  StreamItem item;
  while (stream.Next(&item)) {
    if (absl::Status s = handler->OnItem(item, log->name()); !s.ok()) return s;
  }
  if (!stream.status().ok()) return stream.status();
  *counts = stream.counts();
  return absl::OkStatus();
}

// The options as flags, " --platform x86 --coherent eth0 ...": the header says how the
// trace was made, so that it can be made again.
std::string OptionWords(const ImportOptions& opt) {
  std::string w = absl::StrCat(" --platform ", opt.arch);
  for (const std::string& d : opt.coherent) absl::StrAppend(&w, " --coherent ", d);
  for (const std::string& d : opt.noncoherent) absl::StrAppend(&w, " --noncoherent ", d);
  if (!opt.mapping_error) absl::StrAppend(&w, " --no-mapping-error");
  for (const std::string& d : opt.unchecked) absl::StrAppend(&w, " --unchecked ", d);
  return CommentText(w);
}

std::string Header(const std::string& file, const ImportStats& st, const ImportOptions& opt,
                   int64_t mapping_errors) {
  const StreamCounts& c = st.stream;
  std::string h = absl::StrCat(
      "# Imported by `dmasim import tracefs", OptionWords(opt), "` from ", CommentText(file),
      " (docs/import.md).\n",
      "# Log: ", c.lines, " lines, ", c.dma_events, " dma events, ", c.markers, " markers, ",
      c.other_events, " other events (skipped).\n");
  if (c.lost_notes > 0) {
    absl::StrAppend(&h, "# LOST EVENTS: ", c.lost_notes, " note(s) (first at line ",
                    c.first_lost_line, ") say ", c.lost_events,
                    " events were lost or overwritten: calls are missing, so a replay may\n"
                    "#   report what the kernel did not (and miss what it did).\n");
  }
  absl::StrAppend(&h, "# Order: by timestamp; equal timestamps keep file order (reorder window ",
                  kReorderWindow, " events, at most ", c.max_window, " held).\n",
                  "# Ops: ", st.ops + mapping_errors, " (", st.maps, " map, ", st.map_sgs,
                  " map_sg, ", mapping_errors, " mapping_error, ", st.unmaps, " unmap, ",
                  st.syncs, " sync).\n");
  if (st.ops + mapping_errors > static_cast<int64_t>(kMaxOps)) {
    absl::StrAppend(&h, "# TOO LONG TO REPLAY: more than ", kMaxOps,
                    " ops, the most `dmasim replay` reads (import a part of the log).\n");
  }
  absl::StrAppend(&h, "# Not expressible in the format, kept as '# import:' comments where they "
                      "occurred: ", st.dropped_total(), " events.\n");
  for (int i = 0; i < kNumDropped; ++i) {
    if (st.dropped[i] == 0) continue;
    absl::StrAppend(&h, absl::StrFormat("#   %8d  %s\n", st.dropped[i],
                                        DroppedText(static_cast<Dropped>(i))));
  }
  if (st.attrs_dropped > 0) {
    absl::StrAppend(&h, "# Attributes the format lacks were dropped from ", st.attrs_dropped,
                    " calls (their maps say so).\n");
  }
  absl::StrAppend(
      &h, "# The log has no CPU accesses and no dma_mapping_error calls (no tracepoint records "
          "them):\n",
      opt.mapping_error
          ? "#   mapping_error follows every successful single map, as if its driver checked "
            "it\n#   (--no-mapping-error: never; --unchecked DEV: not for DEV).\n"
          : "#   no mapping_error is emitted (--no-mapping-error): dma-debug will report "
            "every single\n#   mapping as unchecked at its unmap.\n",
      "#   Without cpu_read/cpu_write the contract oracle cannot judge CPU ownership and the "
      "hazard\n#   oracle sees no CPU write: only the device side and the end-of-trace CPU read "
      "(docs/import.md).\n");
  return h;
}

std::string DeviceComments(const DeviceRegistry& reg) {
  std::string h = "# Devices (dev_name as traced):\n";
  for (const ImportedDevice& d : reg.devices()) {
    absl::StrAppend(&h, "#   ", d.name, " = ", CommentText(d.dev_name),
                    d.coherent ? " coherent" : " noncoherent",
                    d.dma_is_phys ? ": every DMA address equals its physical address\n"
                                  : ": DMA addresses differ from physical ones (an IOMMU or "
                                    "bouncing): declared iommu,\n#     dma-debug messages show "
                                    "the model's IOVAs, not the kernel's\n");
  }
  return h;
}

// The declarations: platform, devices, buffers (printed by PrintTrace of an op-less trace).
std::string Declarations(const PlatformDecl& platform, const DeviceRegistry& reg,
                         const BufferLayout& layout) {
  Trace t;
  t.platform = platform;
  t.devices = reg.Decls();
  for (size_t i = 0; i < layout.size(); ++i) {
    const auto [start, end] = layout.Range(static_cast<int>(i));
    t.bufs.push_back(BufDecl{BufferName(static_cast<int>(i)), start, end - start, BufKind::kPage});
  }
  std::string text = PrintTrace(t);
  return text.substr(text.find('\n') + 1);  // without the version line
}

}  // namespace

int64_t ImportStats::dropped_total() const {
  int64_t n = 0;
  for (int64_t d : dropped) n += d;
  return n;
}

const char* DroppedText(Dropped d) {
  switch (d) {
    case Dropped::kCoherentAlloc: return "coherent allocation (dma_alloc*): not in the format";
    case Dropped::kCoherentFree: return "coherent free (dma_free*): not in the format";
    case Dropped::kFreeNull: return "dma_free of NULL, size 0";
    case Dropped::kFailedMap: return "failed map (DMA_MAPPING_ERROR): dma-debug tracks nothing";
    case Dropped::kFailedMapSg: return "failed map_sg (dma_map_sg_err): dma-debug tracks nothing";
    case Dropped::kTruncatedSg: return "sg list of more than 128 entries, truncated by the tracepoint";
    case Dropped::kMergedSg: return "sg list with merged DMA segments: entry lengths not traced";
    case Dropped::kResource: return "MMIO / resource mapping: device memory, not a buffer";
    case Dropped::kDirectionNone: return "direction DMA_NONE";
    case Dropped::kAddressWraps: return "range wraps the address space";
    case Dropped::kUnmapUnknown: return "unmap of nothing known (no mapping had that address)";
    case Dropped::kSyncUnknown: return "sync of nothing known (no mapping held that range)";
    case Dropped::kSyncInSg: return "single sync inside an sg mapping: the format has no sg range sync";
    case Dropped::kUnmapSgSegment: return "dma_unmap_phys of a later segment of an sg list";
    case Dropped::kCount: break;
  }
  return "?";
}

absl::Status ImportTracefs(const std::string& path, const ImportOptions& options,
                           OutputSink* out, ImportStats* stats) {
  if (FindArch(options.arch) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("unknown arch '", options.arch, "'"));
  }
  PlatformDecl platform;
  platform.arch = options.arch;
  platform.dma_align = DefaultDmaAlign(platform.arch, platform.line);
  absl::StatusOr<std::unique_ptr<LogFile>> log = LogFile::Open(path);
  if (!log.ok()) return log.status();

  // Pass 1: decisions without output.
  *stats = ImportStats{};
  DeviceRegistry devices;
  BufferLayout layout;
  Collector collector(&layout);
  {
    EventHandler handler(&devices, /*add_devices=*/true, &collector, stats);
    if (absl::Status s = RunPass(log->get(), &handler, &stats->stream); !s.ok()) return s;
  }
  stats->buffers = layout.size();
  stats->devices = devices.devices().size();
  if (layout.size() > kMaxDecls || devices.devices().size() > kMaxDecls) {
    return absl::InvalidArgumentError(absl::StrCat(
        (*log)->name(), ": the log needs ", layout.size(), " buffers and ",
        devices.devices().size(), " devices; a trace holds at most ", kMaxDecls, " of each"));
  }
  if (absl::Status s = devices.Resolve(options.coherent, options.noncoherent, options.unchecked);
      !s.ok()) {
    return s;
  }
  layout.Freeze();
  int64_t mapping_errors = 0;
  for (size_t d = 0; d < devices.devices().size(); ++d) {
    if (options.mapping_error && !devices.devices()[d].unchecked) {
      mapping_errors += collector.single_maps(static_cast<int>(d));
    }
  }

  // Pass 2: the same decisions, printed.
  out->Write("dmasim 1\n");
  out->Write(Header(TraceName(path), *stats, options, mapping_errors));
  out->Write(DeviceComments(devices));
  out->Write(Declarations(platform, devices, layout));
  if (absl::Status s = (*log)->Rewind(); !s.ok()) return s;
  const std::vector<DeviceDecl> decls = devices.Decls();
  OpPrinter printer(platform, decls, layout);
  Writer writer(printer, devices, options.mapping_error, out);
  ImportStats again;
  EventHandler handler(&devices, /*add_devices=*/false, &writer, &again);
  StreamCounts counts;
  if (absl::Status s = RunPass(log->get(), &handler, &counts); !s.ok()) return s;
  if (!writer.status().ok()) return writer.status();
  if (again.ops != stats->ops || again.dropped != stats->dropped ||
      writer.mapping_errors() != mapping_errors) {
    return absl::FailedPreconditionError(
        absl::StrCat((*log)->name(), ": the log changed between the importer's two passes"));
  }
  stats->mapping_errors = mapping_errors;
  stats->ops += mapping_errors;
  return absl::OkStatus();
}

}  // namespace dmasim::import
