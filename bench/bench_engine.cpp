// Engine benchmark (not a test): wall time per simulation in the worker pool vs one `ngspice -b`
// process per deck, pool speed-up 2 workers vs 1, the share of wall time spent inside ngspice,
// and the workers' resident memory over many simulations with recycling. See docs/engine.md.
//
//   build/release/bench/rtmchar_bench_engine [--tech 32nm]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <clocale>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "sim/selfcheck.h"
#include "sim/simulator.h"
#include "tech/model_card.h"
#include "tech/technology.h"
#include "util/fs.h"

extern char** environ;

namespace {

using namespace rtmchar;
using namespace rtmchar::sim;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct PoolRun {
  double wall = 0;      // s
  double in_sim = 0;    // s, summed over jobs
  int failed = 0;
  std::vector<Result> results;
};

PoolRun run_pool(Engine& e, const std::vector<Job>& jobs) {
  PoolRun p;
  auto t0 = Clock::now();
  p.results = e.run(jobs);
  p.wall = seconds_since(t0);
  for (const auto& r : p.results) {
    p.in_sim += r.sim_seconds;
    if (!r.ok()) {
      if (p.failed++ == 0) fmt::print(stderr, "{}\n", r.error);
    }
  }
  return p;
}

/// Runs `deck` as one `ngspice -b -r out.raw` process per repetition in `dir` (whose .spiceinit sets
/// num_threads=1, as the engine does); wall seconds per run, or nullopt if a run fails.
std::optional<double> run_batch(const std::string& ngspice, const fs::path& dir, const std::string& deck, int reps) {
  std::string err;
  fs::path file = dir / "deck.sp";
  if (!write_file_atomic(file, deck, err)) return std::nullopt;
  auto t0 = Clock::now();
  for (int i = 0; i < reps; ++i) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addchdir_np(&fa, dir.c_str());
    // Without an output ngspice -b skips the simulation; -r writes the saved vectors as the
    // engine copies them.
    std::string b = "-b", r = "-r", raw = (dir / "out.raw").string(), f = file.string();
    std::string prog = ngspice;
    char* argv[] = {prog.data(), b.data(), r.data(), raw.data(), f.data(), nullptr};
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, ngspice.c_str(), &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  }
  return seconds_since(t0) / reps;
}

/// The deck as the engine hands it to ngspice (the .save line inserted before .end).
std::string as_sent(const Job& j) {
  std::string d = j.deck;
  std::string save = ".save";
  for (const auto& v : j.vectors) save += " " + v;
  d.insert(d.rfind(".end"), save + "\n");
  return d;
}

long vm_rss_kb(int pid) {
  std::ifstream f(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

EngineOptions options(int workers, int recycle) {
  EngineOptions o;
  o.jobs = workers;
  o.recycle_after = recycle;
  return o;
}

int compare(const std::string& label, const Job& job, int count, int batch_reps, const std::string& ngspice,
            const fs::path& dir) {
  std::vector<Job> jobs(static_cast<std::size_t>(count), job);
  Engine one(options(1, 100000)), two(options(2, 100000));
  run_pool(one, {job});  // start the workers outside the timing
  run_pool(two, {job, job});
  PoolRun p1 = run_pool(one, jobs);
  PoolRun p2 = run_pool(two, jobs);
  if (p1.failed || p2.failed) return 1;
  auto batch = run_batch(ngspice, dir, as_sent(job), batch_reps);
  if (!batch) {
    fmt::print(stderr, "{}: `{} -b` failed on the deck\n", label, ngspice);
    return 1;
  }
  double per1 = p1.wall / count, per2 = p2.wall / count;
  fmt::print("{}: {} simulations ({})\n", label, count, job.name);
  for (const auto& [k, v] : p1.results.front().measures) fmt::print("  {:<10} = {:.4g} ps\n", k, v * 1e12);
  fmt::print("  engine, 1 worker : {:8.2f} ms/sim   inside ngspice {:5.1f} %\n", per1 * 1e3, 100 * p1.in_sim / p1.wall);
  fmt::print("  ngspice -b each  : {:8.2f} ms/sim   ({} runs)  -> engine {:.2f}x faster\n", *batch * 1e3, batch_reps,
             *batch / per1);
  fmt::print("  engine, 2 workers: {:8.2f} ms/sim   inside ngspice {:5.1f} %  -> speed-up {:.2f}x vs 1 worker\n",
             per2 * 1e3, 100 * p2.in_sim / (2 * p2.wall), p1.wall / p2.wall);
  return 0;
}

int memory(const Job& job, int total, int recycle) {
  Engine e(options(2, recycle));
  std::vector<Job> batch(500, job);
  long peak = 0, last = 0;
  int done = 0;
  auto t0 = Clock::now();
  while (done < total) {
    batch.resize(static_cast<std::size_t>(std::min(500, total - done)));
    if (run_pool(e, batch).failed) return 1;
    done += static_cast<int>(batch.size());
    last = 0;
    for (int pid : e.worker_pids()) last = std::max(last, vm_rss_kb(pid));
    peak = std::max(peak, last);
  }
  fmt::print("memory: {} inverter simulations on 2 workers, recycled every {} jobs, {:.1f} s\n", total, recycle,
             seconds_since(t0));
  fmt::print("  worker VmRSS: {:.1f} MB at the end, peak {:.1f} MB (sampled every 500 jobs); workers started {}\n",
             static_cast<double>(last) / 1024.0, static_cast<double>(peak) / 1024.0, e.stats().workers_started);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "C");
  CLI::App app{"rtmchar engine benchmark: engine vs `ngspice -b`, pool speed-up, time inside ngspice, memory"};
  std::string tech_name = std::string(tech::kDefaultTech), ngspice = "ngspice";
  int count = 200, adder_count = 40, batch_reps = 40, mem_sims = 10000, recycle = 5000;
  app.add_option("--tech", tech_name, "Technology whose model cards the decks use (built-in name or techfile)");
  app.add_option("--count", count, "Inverter simulations per measurement")->check(CLI::PositiveNumber);
  app.add_option("--adder-count", adder_count, "Full-adder simulations per measurement")->check(CLI::PositiveNumber);
  app.add_option("--batch-runs", batch_reps, "`ngspice -b` processes per deck")->check(CLI::PositiveNumber);
  app.add_option("--memory-sims", mem_sims, "Simulations of the memory run (0 = skip)")->check(CLI::NonNegativeNumber);
  app.add_option("--recycle", recycle, "Jobs per worker before it is replaced")->check(CLI::PositiveNumber);
  app.add_option("--ngspice", ngspice, "The ngspice executable for the one-process-per-deck comparison");
  CLI11_PARSE(app, argc, argv);

  Diagnostics diag;
  auto technology = tech::load(tech_name, {}, diag);
  if (!technology) {
    fmt::print(stderr, "{}", diag.str());
    return 2;
  }
  selfcheck::Cmos cmos;
  cmos.card = tech::model_card(*technology);
  cmos.nmos = technology->nmos_model();
  cmos.pmos = technology->pmos_model();
  cmos.vdd = technology->vdd();
  cmos.l = technology->feature_size();
  std::string err;
  fs::path dir = fs::temp_directory_path() / fmt::format("rtmchar_bench_{}", getpid());
  if (!write_file_atomic(dir / ".spiceinit", "set num_threads=1\n", err)) {
    fmt::print(stderr, "{}\n", err);
    return 1;
  }
  // The tran conditions of the notes' measurements: 1 ps step ceiling, 20 ps input slew, 1 fF.
  selfcheck::InverterCase c{20e-12, 1e-15};
  Job inv = selfcheck::inverter_job(cmos, cmos.vdd, c);
  Job fa = selfcheck::mirror_adder_job(cmos, c);
  int rc = compare("inverter", inv, count, batch_reps, ngspice, dir);
  if (rc == 0) rc = compare("full adder", fa, adder_count, std::max(1, batch_reps / 4), ngspice, dir);
  if (rc == 0 && mem_sims > 0) rc = memory(inv, mem_sims, recycle);
  fs::remove_all(dir);
  return rc;
}
