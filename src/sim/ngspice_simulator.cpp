// The ONLY file that includes sharedspice.h. Everything ngspice-specific lives here: the
// callbacks (noexcept, they only record), the command whitelist (set num_threads, bg_run,
// bg_halt, remcirc, destroy all), and deciding success from what ngspice prints.
// Facts relied on are measured in ../shared/notes/ngspice-embedding.md (libngspice 39).
#include <ngspice/sharedspice.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <clocale>
#include <condition_variable>
#include <cstring>
#include <fmt/format.h>
#include <mutex>

#include "sim/simulator.h"

namespace rtmchar::sim {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string_view s) {
  std::string r(s);
  std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return r;
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

/// True for a line in which ngspice reports a failure (its return codes say nothing).
bool is_error_line(std::string_view line) {
  static constexpr std::string_view kMarks[] = {
      "error",       "timestep too small", "not parsed", "aborted",   "failed",  "singular matrix",
      "can't find",  "could not find",     "no such",    "not found", "unknown", "undefined"};
  std::string l = lower(line);
  // Warnings and notes ("warning, can't find model ...", "Trying gmin = ... Warning: Last gmin
  // step failed") are followed by the real error line if the run fails.
  if (l.find("warning") != std::string::npos || l.rfind("note", 0) == 0) return false;
  return std::any_of(std::begin(kMarks), std::end(kMarks), [&](std::string_view m) { return l.find(m) != std::string::npos; });
}

/// What the callbacks record. Guarded by `mu` because ngspice calls SendChar and BGThreadRunning
/// from its background thread during bg_run.
struct Recorder {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> err_lines;  // "stderr ..." lines, prefix removed
  std::vector<std::string> out_lines;  // "stdout ..." lines, prefix removed
  int bg_exits = 0;                    // times the background thread has ended
  bool controlled_exit = false;
  int exit_status = 0;
};

int on_char(char* text, int, void* user) noexcept {
  auto* r = static_cast<Recorder*>(user);
  try {
    std::string_view s(text ? text : "");
    std::lock_guard lock(r->mu);
    if (s.rfind("stderr ", 0) == 0)
      r->err_lines.emplace_back(trim(s.substr(7)));
    else if (s.rfind("stdout ", 0) == 0)
      r->out_lines.emplace_back(trim(s.substr(7)));
    else
      r->out_lines.emplace_back(trim(s));
  } catch (...) {  // out of memory while recording: drop the line rather than unwind into C
  }
  return 0;
}

int on_exit(int status, NG_BOOL, NG_BOOL, int, void* user) noexcept {
  auto* r = static_cast<Recorder*>(user);
  std::lock_guard lock(r->mu);
  r->controlled_exit = true;
  r->exit_status = status;
  return 0;
}

int on_bg(NG_BOOL not_running, int, void* user) noexcept {
  auto* r = static_cast<Recorder*>(user);
  if (!not_running) return 0;
  {
    std::lock_guard lock(r->mu);
    ++r->bg_exits;
  }
  r->cv.notify_all();
  return 0;
}

std::string_view plot_prefix(Analysis a) {
  switch (a) {
    case Analysis::Tran: return "tran";
    case Analysis::Op: return "op";
    case Analysis::Dc: return "dc";
  }
  return "";
}

class NgspiceSimulator final : public Simulator {
 public:
  NgspiceSimulator() = default;
  NgspiceSimulator(const NgspiceSimulator&) = delete;
  NgspiceSimulator& operator=(const NgspiceSimulator&) = delete;

  bool init() {
    // ngspice parses numbers with strtod & co.: the worker runs under the C numeric locale.
    std::setlocale(LC_NUMERIC, "C");
    ngSpice_Init(on_char, nullptr, on_exit, nullptr, nullptr, on_bg, &rec_);
    // ngspice starts 2 OpenMP threads for BSIM4 and ignores OMP_NUM_THREADS; we parallelize
    // across processes instead (notes: up to 20x slower on a busy machine otherwise).
    ngSpice_Command(const_cast<char*>("set num_threads=1"));
    version_ = find_version();
    std::lock_guard lock(rec_.mu);
    return !rec_.controlled_exit;
  }

  std::string version() const override { return version_; }
  bool healthy() const override { return healthy_; }

  Result run(const Job& job) override {
    clear_record();
    Result r;
    std::string why;
    auto lines = prepare_deck(job, why);
    if (!lines) return fail(std::move(r), why);
    std::vector<char*> argv;
    for (auto& l : *lines) argv.push_back(l.data());
    argv.push_back(nullptr);
    ngSpice_Circ(argv.data());
    if (poisoned()) return fail(std::move(r), "ngspice aborted while loading the deck (ControlledExit)");
    if (auto e = first_error()) return cleanup(fail(std::move(r), *e));

    auto start = Clock::now();
    bool finished = run_with_timeout(job.timeout_s);
    r.sim_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!finished) {
      healthy_ = false;  // a halted runaway run: do not trust this instance again
      r.status = Status::Timeout;
      r.error = fmt::format("runaway simulation: not finished after {:g} s wall time{}", job.timeout_s, reached(job));
      r.log = take_log();
      return r;
    }
    if (poisoned()) return fail(std::move(r), "ngspice aborted during the run (ControlledExit)");
    if (auto e = first_error()) return cleanup(fail(std::move(r), *e));
    if (!collect(job, r.waves, why)) return cleanup(fail(std::move(r), why));
    r.status = Status::Ok;
    r.log = take_log();
    return cleanup(std::move(r));
  }

 private:
  Recorder rec_;
  std::string version_ = "ngspice";
  bool healthy_ = true;

  void command(const char* c) { ngSpice_Command(const_cast<char*>(c)); }

  std::string find_version() {
    // The banner of `version -s` names the build, e.g. "** ngspice-39.3 : Circuit level ...".
    command("version -s");
    std::lock_guard lock(rec_.mu);
    for (const auto* lines : {&rec_.out_lines, &rec_.err_lines})
      for (const auto& l : *lines) {
        auto p = l.find("ngspice-");
        if (p == std::string::npos) continue;
        auto e = l.find_first_of(" :", p);
        return l.substr(p, e == std::string::npos ? std::string::npos : e - p);
      }
    return "ngspice";
  }

  void clear_record() {
    std::lock_guard lock(rec_.mu);
    rec_.err_lines.clear();
    rec_.out_lines.clear();
  }

  bool poisoned() {
    std::lock_guard lock(rec_.mu);
    if (rec_.controlled_exit) healthy_ = false;
    return rec_.controlled_exit;
  }

  std::optional<std::string> first_error() {
    std::lock_guard lock(rec_.mu);
    const auto& lines = rec_.err_lines;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!is_error_line(lines[i])) continue;
      // "Error on line 4 or its substitute:" is followed by the line and the reason: join them.
      std::string msg = "ngspice: " + lines[i];
      if (msg.back() == ':') {
        if (i + 1 < lines.size()) msg += " " + lines[i + 1];
        if (i + 2 < lines.size()) msg += ": " + lines[i + 2];
      }
      return msg;
    }
    return std::nullopt;
  }

  std::vector<std::string> take_log() {
    std::lock_guard lock(rec_.mu);
    std::vector<std::string> log;
    for (const auto& l : rec_.err_lines)
      if (!l.empty()) log.push_back(l);
    return log;
  }

  Result fail(Result r, std::string why) {
    r.status = Status::Failed;
    r.log = take_log();
    r.error = std::move(why);
    if (!healthy_) {  // a ControlledExit: its reason is in ngspice's lines, name the first two
      for (std::size_t i = 0; i < r.log.size() && i < 2; ++i) r.error += (i == 0 ? ": " : " ") + r.log[i];
    }
    return r;
  }

  Result cleanup(Result r) {
    if (healthy_) {
      command("remcirc");
      command("destroy all");
    }
    return r;
  }

  /// The deck's lines with one `.save` line for the requested vectors inserted before `.end`.
  std::optional<std::vector<std::string>> prepare_deck(const Job& job, std::string& why) const {
    if (job.analysis == Analysis::Tran && !(job.tstop > 0)) {
      why = "job has no tstop (required for a transient)";
      return std::nullopt;
    }
    std::vector<std::string> lines;
    std::size_t pos = 0;
    const std::string& d = job.deck;
    while (pos <= d.size()) {
      auto nl = d.find('\n', pos);
      if (nl == std::string::npos) nl = d.size();
      lines.push_back(d.substr(pos, nl - pos));
      if (!lines.back().empty() && lines.back().back() == '\r') lines.back().pop_back();
      pos = nl + 1;
    }
    std::optional<std::size_t> end;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string l = lower(trim(lines[i]));
      if (l.rfind(".control", 0) == 0) {
        why = fmt::format("deck line {}: .control blocks are not allowed (the engine runs the analysis)", i + 1);
        return std::nullopt;
      }
      if (l == ".end") end = i;
    }
    if (!end) {
      why = "deck has no .end line";
      return std::nullopt;
    }
    lines.resize(*end);
    if (!job.vectors.empty()) {
      std::string save = ".save";
      for (const auto& v : job.vectors) save += " " + v;
      lines.push_back(std::move(save));
    }
    lines.emplace_back(".end");
    return lines;
  }

  /// bg_run, then wait for ngspice's background thread to end (its BGThreadRunning callback) for
  /// at most `timeout_s`; on timeout bg_halt stops it. A synchronous `run` could not be stopped.
  bool run_with_timeout(double timeout_s) {
    int before;
    {
      std::lock_guard lock(rec_.mu);
      before = rec_.bg_exits;
    }
    command("bg_run");
    std::unique_lock lock(rec_.mu);
    auto limit = std::chrono::duration<double>(std::max(timeout_s, 0.0));
    if (rec_.cv.wait_for(lock, limit, [&] { return rec_.bg_exits > before; })) return true;
    lock.unlock();
    command("bg_halt");
    lock.lock();
    // bg_halt cannot interrupt a DC operating point search ("Couldn't stop ngspice"); the worker
    // is abandoned either way, so wait only briefly.
    rec_.cv.wait_for(lock, std::chrono::seconds(1), [&] { return rec_.bg_exits > before; });
    return false;
  }

  std::string reached(const Job& job) {
    if (job.analysis != Analysis::Tran) return "";
    pvector_info v = ngGet_Vec_Info(const_cast<char*>("time"));
    if (!v || !v->v_realdata || v->v_length < 1) return "";
    return fmt::format(" (time reached {:g} s of tstop {:g} s)", v->v_realdata[v->v_length - 1], job.tstop);
  }

  /// Copies one vector immediately: ngGet_Vec_Info returns one static struct that the next call
  /// overwrites, and its data lives only until the next destroy/run.
  static std::optional<std::vector<double>> copy_vec(const std::string& name) {
    pvector_info v = ngGet_Vec_Info(const_cast<char*>(name.c_str()));
    if (!v || !v->v_realdata || v->v_length < 1) return std::nullopt;
    return std::vector<double>(v->v_realdata, v->v_realdata + v->v_length);
  }

  std::optional<std::string> dc_scale_name(const char* plot) const {
    char** names = ngSpice_AllVecs(const_cast<char*>(plot));
    for (int i = 0; names && names[i]; ++i) {
      std::string_view n(names[i]);
      if (n.size() > 6 && n.substr(n.size() - 6) == "-sweep") return std::string(n);
    }
    return std::nullopt;
  }

  bool collect(const Job& job, Waveforms& w, std::string& why) {
    const char* plot = ngSpice_CurPlot();
    std::string_view want = plot_prefix(job.analysis);
    if (!plot || std::string_view(plot).rfind(want, 0) != 0) {
      why = fmt::format("no {} plot after the run (current plot '{}'; does the deck have exactly one .{} line?)", want,
                        plot ? plot : "", want);
      return false;
    }
    if (job.analysis == Analysis::Op) {
      w.scale = {0.0};
    } else {
      auto scale_name = job.analysis == Analysis::Tran ? std::optional<std::string>("time") : dc_scale_name(plot);
      auto scale = scale_name ? copy_vec(*scale_name) : std::nullopt;
      if (!scale) {
        why = fmt::format("the {} plot has no scale vector", plot);
        return false;
      }
      w.scale = std::move(*scale);
    }
    for (const auto& name : job.vectors) {
      auto v = copy_vec(name);
      if (!v || v->size() != w.scale.size()) {
        why = fmt::format("vector {} is missing from the {} plot", name, plot);
        return false;
      }
      w.vectors[name] = std::move(*v);
    }
    if (job.analysis == Analysis::Tran && !(w.scale.back() >= job.tstop * (1 - 1e-9))) {
      why = fmt::format("transient stopped at {:g} s before tstop {:g} s", w.scale.back(), job.tstop);
      return false;
    }
    return true;
  }
};

}  // namespace

std::unique_ptr<Simulator> make_ngspice_simulator() {
  auto sim = std::make_unique<NgspiceSimulator>();
  if (!sim->init()) return nullptr;
  return sim;
}

}  // namespace rtmchar::sim
