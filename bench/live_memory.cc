// Heap bytes per live mapping of each checker and oracle (issue 13: at most 256 per live
// mapping in each era model), on a trace file: the trace replays once per observer, and at
// the op where the most mappings are live a probe reads the heap in use (mallinfo2). A
// replay with the probe alone (the DMA layer, the replayer) is the baseline subtracted.
//   live_memory FILE.dma
#include <malloc.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "model/replay/replayer.h"
#include "model/trace/trace_parser.h"
#include "model/verdict/registry.h"

namespace dmasim {
namespace {

// Counts live mappings and reads the heap at op `at` (the last observer of the replay).
class HeapProbe : public Observer {
 public:
  explicit HeapProbe(int at) : at_(at) {}
  void OnOp(const OpEvent& e) override {
    if ((e.op->kind == OpKind::kMap || e.op->kind == OpKind::kMapSg) && !e.mapping->failed) {
      ++live_;
    }
    if (e.ends_mapping) --live_;
    if (e.index == at_) {
      heap_ = mallinfo2().uordblks;
      live_at_ = live_;
    }
  }
  int live_at() const { return live_at_; }
  size_t heap() const { return heap_; }

 private:
  int at_;
  int live_ = 0, live_at_ = 0;
  size_t heap_ = 0;
};

// Finds the op after which the most mappings are live (the first such op).
class PeakLive : public Observer {
 public:
  void OnOp(const OpEvent& e) override {
    if ((e.op->kind == OpKind::kMap || e.op->kind == OpKind::kMapSg) && !e.mapping->failed) {
      ++live_;
    }
    if (e.ends_mapping) --live_;
    if (live_ > best_live_) best_live_ = live_, best_ = e.index;
  }
  int best() const { return best_; }

 private:
  int live_ = 0, best_live_ = -1, best_ = 0;
};

int PeakOp(const Trace& t) {
  PeakLive peak;
  ReplayOnce(t, t.platform, {&peak});
  return peak.best();
}

size_t HeapWith(const Trace& t, int at, Observer* o, int* live) {
  HeapProbe probe(at);
  std::vector<Observer*> obs;
  if (o != nullptr) obs.push_back(o);
  obs.push_back(&probe);
  ReplayOnce(t, t.platform, obs);
  *live = probe.live_at();
  return probe.heap();
}

}  // namespace
}  // namespace dmasim

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: live_memory FILE.dma\n");
    return 2;
  }
  absl::StatusOr<dmasim::Trace> t = dmasim::ParseTraceFile(argv[1]);
  if (!t.ok()) {
    std::fprintf(stderr, "%s\n", std::string(t.status().message()).c_str());
    return 2;
  }
  const int at = dmasim::PeakOp(*t);
  int live = 0;
  const size_t base = dmasim::HeapWith(*t, at, nullptr, &live);
  std::printf("%s: %d live mappings after op %d\n", argv[1], live, at);
  std::printf("%-16s %14s %12s\n", "observer", "heap bytes", "per live");
  auto row = [&](const std::string& name, dmasim::Observer* o) {
    int l = 0;
    const size_t heap = dmasim::HeapWith(*t, at, o, &l);
    const double extra = static_cast<double>(heap) - static_cast<double>(base);
    std::printf("%-16s %14.0f %12.1f\n", name.c_str(), extra, l > 0 ? extra / l : 0.0);
  };
  for (const std::string& id : dmasim::AllCheckerIds()) {
    absl::StatusOr<std::unique_ptr<dmasim::Checker>> c =
        dmasim::NewChecker(id, dmasim::CheckerOptions{});
    if (c.ok()) row(id, c->get());
  }
  row("contract", dmasim::NewContractOracle().get());
  return 0;
}
