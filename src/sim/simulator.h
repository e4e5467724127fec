#pragma once
// The simulation engine: jobs (a complete deck + the vectors to save + measurements), a small
// Simulator interface with exactly one ngspice adapter (ngspice_simulator.cpp is the only file
// that includes sharedspice.h), and an Engine that runs jobs on a pool of worker PROCESSES with
// per-job timeouts, crash recovery, one retry, recycling and an on-disk result cache.
// See docs/engine.md for the design, the worker protocol and the failure table.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/measure.h"

namespace rtmchar::sim {

enum class Analysis { Tran, Op, Dc };

/// One simulation.
struct Job {
  std::string name;                  ///< identifies the job in messages (e.g. "fa_cmos A->S rise slew=20p load=2f")
  std::string deck;                  ///< complete netlist: title line, elements, models, ONE analysis line, .end;
                                     ///< no .control block (the engine runs the analysis itself)
  std::vector<std::string> vectors;  ///< vectors to save and return, e.g. "v(out)", "i(vdd)"; the scale always comes back
  Analysis analysis = Analysis::Tran;
  double tstop = 0;                  ///< Tran: the time vector must reach this (required > 0 for Tran)
  double timeout_s = 60;             ///< wall-clock limit per attempt
  std::vector<Measure> measures;     ///< computed in C++ from the saved vectors (see measure.h)
};

enum class Status {
  Ok,
  Failed,   ///< ngspice reported an error, a vector/plot is missing, tstop not reached, or a measure failed
  Timeout,  ///< the run exceeded Job::timeout_s (twice, when run through the Engine)
  Crashed,  ///< the worker died (signal, ControlledExit) on the job (twice, when run through the Engine)
};

/// "ok", "failed", "timeout", "crashed".
std::string_view to_string(Status s);

/// A transient job: `deck` (with its .tran line) run to `tstop`, saving `vectors`.
Job tran_job(std::string name, std::string deck, std::vector<std::string> vectors, double tstop);

struct Result {
  Status status = Status::Failed;
  std::string error;                 ///< one-line reason when not Ok; the Engine prefixes the job name
  std::vector<std::string> log;      ///< ngspice's own error/warning lines (without the "stderr " prefix)
  Waveforms waves;
  std::map<std::string, double> measures;
  bool from_cache = false;
  double sim_seconds = 0;            ///< wall time inside ngspice (0 when served from the cache)
  int attempts = 0;                  ///< worker attempts the Engine made (0 = cache hit)
  bool ok() const { return status == Status::Ok; }
};

/// One in-process simulator. Implementations need not be thread-safe; the Engine creates one per
/// worker process.
class Simulator {
 public:
  virtual ~Simulator() = default;
  /// Loads job.deck, runs its analysis, copies the requested vectors and cleans up. Never throws
  /// for a bad deck: returns a Result with status Failed/Timeout and the simulator's lines.
  /// Measures are NOT evaluated here (the Engine evaluates them on the returned waveforms).
  virtual Result run(const Job& job) = 0;
  /// Identifies the simulator build for the cache key, e.g. "ngspice-39".
  virtual std::string version() const = 0;
  /// False once the instance may be poisoned (after a ControlledExit or a halted runaway run); the
  /// worker process then exits after reporting its result and the Engine starts a fresh one.
  virtual bool healthy() const { return true; }
};

/// The libngspice adapter. Call only inside a worker process: libngspice keeps global state, so
/// there must be at most one instance per process. nullptr if ngspice cannot be initialized.
std::unique_ptr<Simulator> make_ngspice_simulator();

struct EngineOptions {
  int jobs = 0;                                          ///< worker processes; 0 = one per core
  std::optional<std::filesystem::path> cache_dir;        ///< nullopt = no cache
  int recycle_after = 5000;                              ///< a worker is replaced after this many jobs
  bool progress = false;                                 ///< progress line on stderr (only if it is a TTY, runs > 1 s)
  std::function<std::unique_ptr<Simulator>()> factory;   ///< empty = make_ngspice_simulator; tests inject fakes
};

/// Counters over the Engine's lifetime (for the benchmark and verbose output).
struct EngineStats {
  int workers_started = 0;
  int jobs_simulated = 0;  ///< worker attempts that returned a result
  int cache_hits = 0;
  int retries = 0;
  int recycled = 0;
};

/// The worker pool. Workers are fork()ed lazily and kept between run() calls; the destructor shuts
/// them down and reaps them. Precondition: the calling process is single-threaded when run() is
/// called (fork() from a multi-threaded process is unsafe).
class Engine {
 public:
  explicit Engine(EngineOptions opts);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs all jobs; results in job order. A failed job does not stop the others. A job that times
  /// out or kills its worker is retried once on a fresh worker.
  std::vector<Result> run(std::span<const Job> jobs);
  Result run_one(const Job& job);

  /// The simulator version reported by a worker (starts one if none runs yet); "" if no worker
  /// could be started.
  std::string simulator_version();
  /// Process ids of the live workers (the benchmark reads their VmRSS).
  std::vector<int> worker_pids() const;
  const EngineStats& stats() const;
  int worker_count() const;  ///< the pool size in use (after resolving jobs = 0)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rtmchar::sim
