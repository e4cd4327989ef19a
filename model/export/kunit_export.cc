#include "model/export/kunit_export.h"

#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "model/base/check.h"
#include "model/dma_debug/era.h"
#include "model/export/internal/kunit_ops.h"
#include "model/export/internal/kunit_plan.h"
#include "model/export/internal/kunit_runtime.h"
#include "model/verdict/registry.h"
#include "model/verdict/replay.h"

namespace dmasim {
namespace {

constexpr absl::string_view kBegin = "dmasim-predicted-begin";
constexpr absl::string_view kEnd = "dmasim-predicted-end";
constexpr uint64_t kMaxRepeatLines = 4096;  // a folded report printed more often: refused

// What the chosen model says: message lines and error_count increments per op.
struct Prediction {
  std::string checker, era;
  bool align_matters = false;  // the era's EEXIST depends on dma_get_cache_alignment()
  std::vector<std::string> lines;
  std::vector<uint64_t> errors;  // per op
};

absl::StatusOr<Prediction> Predict(const Trace& trace, const KunitExportOptions& o) {
  absl::StatusOr<CheckerInfo> info = ResolveChecker(o.checker);
  if (!info.ok()) return info.status();
  const std::optional<ResolvedEra> era = ResolveVersion(o.checker);
  if (!era) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--checker ", o.checker, " is not a dma-debug era: the export predicts a kernel"));
  }
  ReplayRequest req;
  req.checkers = {o.checker};
  req.oracles = {"contract"};
  req.checker_options.all_errors = true;
  absl::StatusOr<ReplayOutcome> out = Replay(trace, req);
  if (!out.ok()) return out.status();
  DMASIM_CHECK(out->checkers.size() == 1);
  const CheckerOutcome& c = out->checkers[0];
  if (c.not_listed > 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the model lists only ", kMaxListed, " reports; ", c.not_listed, " more not predicted"));
  }
  Prediction p{o.checker, c.era, MakeEraProfile(*era).eexist_align_exempt, {},
               std::vector<uint64_t>(trace.ops.size(), 0)};
  for (const CheckerReport& r : c.reports) {
    DMASIM_CHECK(r.op >= 0 && static_cast<size_t>(r.op) < trace.ops.size());
    if (r.counted) p.errors[r.op] += 1 + r.repeats;
    if (!r.printed) continue;
    if (r.repeats >= kMaxRepeatLines) {
      return absl::InvalidArgumentError(absl::StrCat(
          "op ", r.op, ": the model folds ", r.repeats + 1, " identical messages into one "
          "report; a suite would predict that many lines"));
    }
    for (uint64_t k = 0; k <= r.repeats; ++k) {
      for (absl::string_view l : absl::StrSplit(r.message, '\n')) {
        p.lines.push_back(absl::StrCat("op=", r.op, " ", l));
      }
    }
  }
  return p;
}

std::string CommentSafe(absl::string_view s) { return absl::StrReplaceAll(s, {{"*/", "* /"}}); }

std::string Header(const Trace& t, absl::string_view file, absl::string_view suite,
                   const exporter::KunitPlan& plan, const Prediction& p) {
  std::vector<std::string> devs;
  for (const DeviceDecl& d : t.devices) {
    devs.push_back(absl::StrCat(d.name, " (", d.coherent ? "coherent" : "noncoherent", ")"));
  }
  std::string h = absl::StrCat(
      "// SPDX-License-Identifier: MIT\n/*\n * KUnit suite ", suite,
      ", written by `dmasim export kunit --checker ", p.checker, "` from\n * ",
      CommentSafe(file), " (", t.ops.size(), " ops). Regenerate it rather than editing it.\n",
      " *\n * It replays the trace through the real DMA API: ", plan.devices,
      " platform device(s) dmasim_kunit.K\n * (64-bit mask, bound to the driver "
      "dmasim_kunit; trace devices in order: ",
      devs.empty() ? "none" : CommentSafe(absl::StrJoin(devs, ", ")),
      "),\n * the buffers in ", plan.arenas.size(),
      " page allocation(s) at their trace offsets (dmasim_arenas[] below),\n"
      " * and the trace's calls with its directions, attributes and wrong calls.\n"
      " * CPU accesses touch the buffers; device accesses do nothing (no device does DMA).\n"
      " * The kernel's own coherence applies (x86: coherent).\n * The trace's platform: arch=",
      CommentSafe(t.platform.arch), " line=", t.platform.line, " dma_align=",
      t.platform.dma_align, ";\n * the test skips on a kernel whose L1_CACHE_BYTES differs",
      p.align_matters ? " or whose dma_get_cache_alignment()\n * differs from dma_align" : "",
      ".\n *\n * After every op the test checks dma-debug's error_count increment against the "
      "model's\n * (KUNIT_EXPECT_EQ). The messages dmasim's ", p.checker, " model (era ", p.era,
      ")\n * predicts with all_errors on (the test turns it on), one line each, as op=N and "
      "the text\n * after \"DMA-API: dmasim_kunit dmasim_kunit.K: \", addresses as in the "
      "trace (the test prints\n * the allocation's physical address: kernel address - phys + "
      "trace base):\n *\n * ",
      kBegin, " checker=", p.checker, " era=", p.era, "\n");
  for (const std::string& l : p.lines) absl::StrAppend(&h, " *   ", CommentSafe(l), "\n");
  absl::StrAppend(&h, " * ", kEnd, p.lines.empty() ? " (no message)" : "", "\n *\n",
                  " * Build it into a kernel with CONFIG_KUNIT=y, CONFIG_DMA_API_DEBUG=y and "
                  "CONFIG_DEBUG_FS=y\n * (builtin, not a module); dmasim's docs/kunit.md says "
                  "how, with kunit.py or under qemu.\n */\n");
  return h;
}

std::string Tables(const Trace& t, const exporter::KunitPlan& plan, const Prediction& p) {
  std::string s = absl::StrCat(
      "\n#define DMASIM_NDEV ", plan.devices, "\n#define DMASIM_NHANDLES ", plan.handles.size(),
      "\n#define DMASIM_NOPS ", t.ops.size(), "\n#define DMASIM_NARENAS ", plan.arenas.size(),
      "\n#define DMASIM_TRACE_LINE ", t.platform.line, "\n");
  if (p.align_matters) {
    absl::StrAppend(&s, "#define DMASIM_TRACE_DMA_ALIGN ", t.platform.dma_align, "\n");
  }
  absl::StrAppend(&s, "\n/* error_count increments the model predicts, per op */\n",
                  "static const u32 dmasim_errors[DMASIM_NOPS + 1] = {");
  for (size_t i = 0; i < p.errors.size(); ++i) {
    absl::StrAppend(&s, i % 16 == 0 ? "\n\t" : " ", p.errors[i], ",");
  }
  absl::StrAppend(&s, "\n};\n\n/* alloc_pages order and the trace address each allocation's "
                      "start stands for */\nstatic const struct dmasim_arena_info "
                      "dmasim_arenas[DMASIM_NARENAS] = {\n");
  for (const exporter::KunitPlan::Arena& a : plan.arenas) {
    absl::StrAppend(&s, "\t{ ", a.order, ", ", absl::StrFormat("0x%xULL", a.base), " },\n");
  }
  absl::StrAppend(&s, "};\n\nstatic const struct dmasim_handle_info "
                      "dmasim_handles[DMASIM_NHANDLES + 1] = {\n");
  for (const exporter::PlannedHandle& h : plan.handles) {
    absl::StrAppend(&s, "\t{ ", h.device, ", ", h.arena, ", ", h.sg ? "true" : "false", ", ",
                    h.elems, ", ",
                    absl::StrFormat("0x%x", h.arena_off), ", ", h.size, ", ",
                    exporter::DirExpr(h.dir), " },\t/* ", CommentSafe(h.name), " */\n");
  }
  absl::StrAppend(&s, "};\n");
  return s;
}

}  // namespace

std::string KunitSuiteName(absl::string_view file) {
  absl::string_view stem = file;
  if (size_t slash = stem.rfind('/'); slash != absl::string_view::npos) {
    stem.remove_prefix(slash + 1);
  }
  if (absl::EndsWith(stem, ".dma")) stem.remove_suffix(4);
  std::string out = "dmasim_";
  for (char ch : stem) out.push_back(std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
  return out;
}

absl::StatusOr<std::string> ExportKunit(const Trace& trace, absl::string_view file,
                                        const KunitExportOptions& options) {
  absl::StatusOr<Prediction> p = Predict(trace, options);
  if (!p.ok()) return p.status();
  const std::optional<ResolvedEra> era = ResolveVersion(options.checker);
  DMASIM_CHECK(era.has_value());
  const bool seven = CompareVersions(era->version, KernelVersion{7, 0, 0, 0}) >= 0;
  absl::StatusOr<exporter::KunitPlan> plan =
      exporter::PlanKunit(trace, file, exporter::KernelAttrs{seven, seven});
  if (!plan.ok()) return plan.status();
  const std::string suite = KunitSuiteName(file);
  std::string c = Header(trace, file, suite, *plan, *p);
  absl::StrAppend(&c, "\n", exporter::RuntimeIncludes(), Tables(trace, *plan, *p),
                  exporter::RuntimeHelpers());
  absl::StrAppend(&c, "static void dmasim_replay(struct kunit *test)\n{\n",
                  "\tstruct dmasim_ctx *c = test->priv;\n\n\tdmasim_start(test, c);\n");
  for (size_t i = 0; i < trace.ops.size(); ++i) {
    absl::StrAppend(&c, exporter::OpStatements(trace, *plan, i));
  }
  absl::StrAppend(&c, "\tDMASIM_OP(-1);\n}\n", exporter::SuiteDefinition(suite));
  return c;
}

absl::StatusOr<std::vector<std::string>> PredictedLines(absl::string_view c_source) {
  const size_t b = c_source.find(kBegin);
  const size_t e = c_source.find(kEnd);
  if (b == absl::string_view::npos || e == absl::string_view::npos || e < b) {
    return absl::InvalidArgumentError("no dmasim-predicted-begin/end block");
  }
  std::vector<std::string> out;
  absl::string_view block = c_source.substr(b, e - b);
  bool first = true;
  for (absl::string_view l : absl::StrSplit(block, '\n')) {
    if (first) {  // the begin marker's own line
      first = false;
      continue;
    }
    if (absl::StartsWith(l, " *   ")) out.emplace_back(l.substr(5));
  }
  return out;
}

}  // namespace dmasim
