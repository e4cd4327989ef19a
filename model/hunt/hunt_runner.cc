#include "model/hunt/hunt_runner.h"

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "model/base/atomic_file.h"
#include "model/hunt/plain_search.h"
#include "model/hunt/signature.h"
#include "model/trace/trace_printer.h"

#ifdef DMASIM_HAVE_LIBFUZZER
extern "C" int LLVMFuzzerRunDriver(int* argc, char*** argv,
                                   int (*callback)(const uint8_t* data, size_t size));
#endif

namespace dmasim::hunt {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_interrupted{false};

void OnSignal(int) {
  g_stop.store(true);
  g_interrupted.store(true);
}

void InstallHandlers() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof(sa));
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);   // no SA_RESTART: poll() returns EINTR
  sigaction(SIGTERM, &sa, nullptr);
}

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void WriteAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// ---- the worker side ----

struct Worker {
  const HuntRunOptions* options = nullptr;
  std::unique_ptr<FindingsDb> db;
  std::unique_ptr<HuntSession> session;
  int event_fd = -1;
  size_t violations_written = 0;
  Clock::time_point last_send;
  int64_t calls = 0;

  void Send() {
    WriteAll(event_fd, session->stats().Serialize());
    last_send = Clock::now();
  }
  void WriteViolations() {
    const auto& v = session->violations();
    for (; violations_written < v.size(); ++violations_written) {
      const auto& [what, hex] = v[violations_written];
      const std::string dir = absl::StrCat(db->dir(), "/invariants");
      mkdir(dir.c_str(), 0777);
      std::string bytes;
      for (size_t k = 0; k + 1 < hex.size(); k += 2) {
        int x = 0;
        absl::SimpleHexAtoi(hex.substr(k, 2), &x);
        bytes.push_back(static_cast<char>(x));
      }
      const Trace t = DecodeFuzzTrace(reinterpret_cast<const uint8_t*>(bytes.data()),
                                      bytes.size(), options->config.decoder);
      const std::string text = absl::StrCat("# invariant violated: ", what, "\n# input: ", hex,
                                            "\n", PrintTrace(t));
      (void)WriteFileAtomically(absl::StrCat(dir, "/", SignatureId(hex), ".dma"), text);
    }
  }
  void ReportErrors() {
    const std::vector<std::string>& e = session->errors();
    for (; errors_printed < e.size(); ++errors_printed) {
      std::fprintf(stderr, "dmasim hunt: %s\n", e[errors_printed].c_str());
    }
  }
  size_t errors_printed = 0;
  void AfterInput() {
    ReportErrors();
    WriteViolations();
    if ((++calls & 31) == 0 && Since(last_send) >= 0.5) Send();
  }
};

Worker* g_worker = nullptr;

#ifdef DMASIM_HAVE_LIBFUZZER
int LibFuzzerCallback(const uint8_t* data, size_t size) {
  if (g_stop.load()) std::exit(0);  // atexit sends the stats
  g_worker->session->RunInput(data, size);
  g_worker->AfterInput();
  return 0;
}

void SendAtExit() {
  if (g_worker != nullptr) g_worker->Send();
}

[[noreturn]] void RunLibFuzzer(const HuntRunOptions& o, uint64_t seed) {
  const std::string out = g_worker->db->dir();
  const std::string corpus = absl::StrCat(out, "/corpus");
  const std::string crashes = absl::StrCat(out, "/crashes/");
  mkdir(corpus.c_str(), 0777);
  mkdir(crashes.c_str(), 0777);
  std::vector<std::string> args = {"dmasim-hunt",
                                   absl::StrCat("-seed=", seed),
                                   "-handle_int=0",
                                   "-handle_term=0",
                                   "-print_final_stats=0",
                                   absl::StrCat("-max_len=", kPlainMaxInput),
                                   "-reload=1",
                                   absl::StrCat("-artifact_prefix=", crashes)};
  if (o.seconds > 0) args.push_back(absl::StrCat("-max_total_time=", static_cast<int64_t>(o.seconds)));
  if (o.runs > 0) args.push_back(absl::StrCat("-runs=", o.runs));
  if (!o.dict.empty()) args.push_back(absl::StrCat("-dict=", o.dict));
  args.push_back(corpus);
  for (const std::string& d : o.corpus_dirs) args.push_back(d);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  char** argvp = argv.data();
  std::atexit(SendAtExit);
  LLVMFuzzerRunDriver(&argc, &argvp, LibFuzzerCallback);
  std::exit(0);
}
#endif

[[noreturn]] void WorkerMain(const HuntRunOptions& o, const std::string& out_dir, int k,
                             int event_fd) {
  InstallHandlers();
  Worker w;
  w.options = &o;
  w.event_fd = event_fd;
  absl::StatusOr<FindingsDb> db = FindingsDb::Open(out_dir);
  if (!db.ok()) {
    std::fprintf(stderr, "dmasim hunt: worker %d: %s\n", k, std::string(db.status().message()).c_str());
    _exit(2);
  }
  w.db = std::make_unique<FindingsDb>(std::move(*db));
  w.session = std::make_unique<HuntSession>(o.config, w.db.get());
  w.last_send = Clock::now();
  g_worker = &w;
  const uint64_t seed = o.seed + static_cast<uint64_t>(k);
#ifdef DMASIM_HAVE_LIBFUZZER
  if (o.libfuzzer) RunLibFuzzer(o, seed);
#endif
  PlainSearchOptions p;
  p.seed = seed;
  p.runs = o.runs;
  p.seconds = o.seconds;
  p.seeds = o.seeds;
  p.stop = &g_stop;
  p.report = [&w](HuntSession&) {
    w.ReportErrors();
    w.WriteViolations();
    if (Since(w.last_send) >= 0.5) w.Send();
  };
  PlainSearch(w.session.get(), p);
  w.WriteViolations();
  w.Send();
  std::fflush(stderr);
  _exit(0);
}

// ---- the supervisor side ----

struct Child {
  pid_t pid = -1;
  int events = -1, err = -1;     // read ends
  std::string ev_buf, err_buf;
  HuntStats building, last;
  std::vector<std::string> tail;  // last stderr lines that were not libFuzzer status lines
  int64_t cov = 0, corpus = 0;
  int status = 0;
  bool exited = false;
};

void ParseFuzzerLine(const std::string& line, Child* c) {
  auto field = [&](const char* key, int64_t* v) {
    const size_t at = line.find(key);
    if (at == std::string::npos) return false;
    size_t end = at + std::strlen(key);
    size_t stop = end;
    while (stop < line.size() && std::isdigit(static_cast<unsigned char>(line[stop]))) ++stop;
    return absl::SimpleAtoi(line.substr(end, stop - end), v);
  };
  const bool status = !line.empty() && line[0] == '#' && field(" cov: ", &c->cov);
  if (status) {
    field(" corp: ", &c->corpus);
    return;
  }
  if (line.rfind("INFO:", 0) == 0 || line.empty()) return;
  if (line.rfind("dmasim hunt:", 0) == 0) std::fprintf(stderr, "%s\n", line.c_str());
  c->tail.push_back(line);
  if (c->tail.size() > 30) c->tail.erase(c->tail.begin());
}

// Reads what is there; false at EOF.
bool Drain(int fd, std::string* buf) {
  char tmp[65536];
  const ssize_t n = read(fd, tmp, sizeof(tmp));
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) return false;
  buf->append(tmp, static_cast<size_t>(n));
  return true;
}

template <typename F>
void Lines(std::string* buf, F f) {
  size_t nl;
  while ((nl = buf->find('\n')) != std::string::npos) {
    f(buf->substr(0, nl));
    buf->erase(0, nl + 1);
  }
}

HuntStats Merged(const std::vector<Child>& children, bool libfuzzer) {
  HuntStats all;
  for (const Child& c : children) {
    HuntStats s = c.last;
    if (libfuzzer) {
      s.features = c.cov;
      s.corpus = c.corpus;
    }
    all.Merge(s);
  }
  return all;
}

void Progress(const std::vector<Child>& children, bool libfuzzer, Clock::time_point start,
              int64_t* last_execs, Clock::time_point* last_t) {
  const HuntStats s = Merged(children, libfuzzer);
  const double dt = Since(*last_t);
  const double rate = dt > 0 ? static_cast<double>(s.execs - *last_execs) / dt : 0;
  int64_t fresh = 0;
  for (const auto& [id, sig] : s.sigs) fresh += sig.written ? 1 : 0;
  std::fprintf(stderr,
               "hunt: %4.0fs  execs %lld (%.0f/s)  corpus %lld  %s %lld  signatures %zu (%lld "
               "new)%s\n",
               Since(start), static_cast<long long>(s.execs), rate,
               static_cast<long long>(s.corpus), libfuzzer ? "cov" : "features",
               static_cast<long long>(s.features), s.sigs.size(),
               static_cast<long long>(fresh),
               s.invariant_failures > 0
                   ? absl::StrCat("  INVARIANT FAILURES ", s.invariant_failures).c_str()
                   : "");
  *last_execs = s.execs;
  *last_t = Clock::now();
}

}  // namespace

bool LibFuzzerAvailable() {
#ifdef DMASIM_HAVE_LIBFUZZER
  return true;
#else
  return false;
#endif
}

bool HuntWasInterrupted() { return g_interrupted.load(); }

HuntStats RunHunt(const HuntRunOptions& o, const FindingsDb& db) {
  g_stop.store(false);
  g_interrupted.store(false);
  std::fflush(stdout);
  std::fflush(stderr);
  std::vector<Child> children(static_cast<size_t>(o.jobs));
  for (int k = 0; k < o.jobs; ++k) {
    int ev[2], er[2];
    if (pipe(ev) != 0 || pipe(er) != 0) {
      std::perror("dmasim hunt: pipe");
      std::exit(2);
    }
    const pid_t pid = fork();
    if (pid == 0) {
      close(ev[0]);
      close(er[0]);
      dup2(er[1], STDERR_FILENO);
      close(er[1]);
      for (int j = 0; j < k; ++j) {
        close(children[j].events);
        close(children[j].err);
      }
      WorkerMain(o, db.dir(), k, ev[1]);
    }
    close(ev[1]);
    close(er[1]);
    children[k].pid = pid;
    children[k].events = ev[0];
    children[k].err = er[0];
  }
  InstallHandlers();
  const auto start = Clock::now();
  auto last_progress = start;
  int64_t last_execs = 0;
  bool terminated = false, killed = false;
  const bool lf = o.libfuzzer;
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::pair<size_t, bool>> who;  // child, is events
    for (size_t k = 0; k < children.size(); ++k) {
      if (children[k].events >= 0) {
        fds.push_back({children[k].events, POLLIN, 0});
        who.emplace_back(k, true);
      }
      if (children[k].err >= 0) {
        fds.push_back({children[k].err, POLLIN, 0});
        who.emplace_back(k, false);
      }
    }
    if (fds.empty()) break;
    poll(fds.data(), fds.size(), 500);
    for (size_t i = 0; i < fds.size(); ++i) {
      if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      Child& c = children[who[i].first];
      if (who[i].second) {
        if (!Drain(c.events, &c.ev_buf)) {
          close(c.events);
          c.events = -1;
        }
        Lines(&c.ev_buf, [&c](const std::string& line) {
          bool complete = false;
          ParseStatsLine(line, &c.building, &complete);
          if (complete) {
            c.last = c.building;
            c.building = HuntStats();
          }
        });
      } else {
        if (!Drain(c.err, &c.err_buf)) {
          close(c.err);
          c.err = -1;
        }
        Lines(&c.err_buf, [&c](const std::string& line) { ParseFuzzerLine(line, &c); });
      }
    }
    const double elapsed = Since(start);
    if (g_stop.load() && !terminated) {
      for (Child& c : children) kill(c.pid, SIGTERM);
      terminated = true;
    }
    // A worker deep in a minimization may overrun the bound a little; past a grace period
    // it is ended (its repros are on disk already; only its latest stats are lost).
    if (o.seconds > 0 && elapsed > o.seconds + 5 && !terminated) {
      for (Child& c : children) kill(c.pid, SIGTERM);
      terminated = true;
    }
    if (o.seconds > 0 && elapsed > o.seconds + 60 && !killed) {
      for (Child& c : children) kill(c.pid, SIGKILL);
      killed = true;
    }
    if (o.progress && Since(last_progress) >= 3) {
      Progress(children, lf, start, &last_execs, &last_progress);
    }
  }
  for (Child& c : children) {
    waitpid(c.pid, &c.status, 0);
    const bool clean = WIFEXITED(c.status) && WEXITSTATUS(c.status) == 0;
    if (!clean && !(terminated && WIFSIGNALED(c.status))) {
      std::fprintf(stderr, "dmasim hunt: worker %d ended with status %d; its last lines:\n",
                   c.pid, c.status);
      for (const std::string& l : c.tail) std::fprintf(stderr, "  %s\n", l.c_str());
    }
  }
  if (o.progress) Progress(children, lf, start, &last_execs, &last_progress);
  return Merged(children, lf);
}

}  // namespace dmasim::hunt
