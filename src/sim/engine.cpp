// The worker pool: fork()ed worker processes, each with its own simulator instance, jobs and
// results as length-prefixed binary messages over a Unix socket pair, poll() in the parent.
// See docs/engine.md for the protocol and the failure table.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fmt/format.h>
#include <thread>

#include "sim/cache.h"
#include "sim/simulator.h"
#include "sim/wire.h"

namespace rtmchar::sim {

Job tran_job(std::string name, std::string deck, std::vector<std::string> vectors, double tstop) {
  Job j;
  j.name = std::move(name);
  j.deck = std::move(deck);
  j.vectors = std::move(vectors);
  j.analysis = Analysis::Tran;
  j.tstop = tstop;
  return j;
}

std::string_view to_string(Status s) {
  switch (s) {
    case Status::Ok: return "ok";
    case Status::Failed: return "failed";
    case Status::Timeout: return "timeout";
    case Status::Crashed: return "crashed";
  }
  return "unknown";
}

namespace {

using Clock = std::chrono::steady_clock;

/// Extra wall time the parent grants beyond Job::timeout_s before it kills a worker: the ngspice
/// adapter stops a runaway run itself at timeout_s (bg_halt) and reports what it saw.
double kill_after(double timeout_s) { return timeout_s + 1.5 + 0.1 * timeout_s; }

bool send_all(int fd, const std::string& data) {
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

/// Blocking read of one whole message (worker side). nullopt on EOF or error.
std::optional<wire::Message> recv_message(int fd, std::string& buf) {
  char chunk[65536];
  while (true) {
    if (auto m = wire::unframe(buf)) return m;
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    buf.append(chunk, static_cast<std::size_t>(n));
  }
}

/// The worker process: never returns.
[[noreturn]] void worker_main(int fd, const std::function<std::unique_ptr<Simulator>()>& factory) {
  std::setlocale(LC_ALL, "C");
  int devnull = ::open("/dev/null", O_RDWR);
  if (devnull >= 0) {  // ngspice must not write into the parent's stdout
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(devnull, STDOUT_FILENO);
    ::close(devnull);
  }
  std::unique_ptr<Simulator> sim;
  std::string start_error;
  try {
    sim = factory ? factory() : make_ngspice_simulator();
    if (!sim) start_error = "the simulator could not be initialized";
  } catch (const std::exception& e) {
    start_error = e.what();
  }
  if (!send_all(fd, wire::frame(wire::Msg::Hello, wire::encode_hello(sim ? sim->version() : "", start_error))) || !sim)
    ::_exit(3);
  std::string buf;
  while (auto msg = recv_message(fd, buf)) {
    if (msg->type != wire::Msg::Job) ::_exit(4);
    auto job = wire::decode_job(msg->payload);
    if (!job) ::_exit(4);
    Result r;
    try {
      r = sim->run(*job);
    } catch (const std::exception& e) {
      r = Result{};
      r.error = fmt::format("simulator threw: {}", e.what());
    }
    bool exiting = !sim->healthy();
    if (!send_all(fd, wire::frame(wire::Msg::Result, wire::encode_result(r, exiting))) || exiting) ::_exit(0);
  }
  ::_exit(0);
}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return fmt::format("worker killed by signal {} ({})", sig, strsignal(sig));
  }
  if (WIFEXITED(status)) return fmt::format("worker exited with status {} without a result", WEXITSTATUS(status));
  return "worker ended without a result";
}

/// Reaps `pid`, waiting up to `grace`, then SIGKILL. Returns the wait status.
int reap(pid_t pid, std::chrono::milliseconds grace) {
  int status = 0;
  auto until = Clock::now() + grace;
  while (true) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return status;
    if (Clock::now() >= until) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::string inbuf;
  std::string version;
  std::string start_error;
  bool hello = false;
  int jobs_done = 0;
  // The task it runs, if busy.
  std::optional<std::size_t> task;
  int attempt = 0;
  Clock::time_point deadline;
  double timeout_s = 0;
};

struct Task {
  std::size_t index;
  int attempt;  // 1 or 2
};

}  // namespace

struct Engine::Impl {
  EngineOptions opts;
  int pool_size = 1;
  std::vector<Worker> workers;
  std::string version;
  EngineStats stats;

  explicit Impl(EngineOptions o) : opts(std::move(o)) {
    long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
    pool_size = opts.jobs > 0 ? opts.jobs : static_cast<int>(std::max(1L, cores));
    if (opts.recycle_after < 1) opts.recycle_after = 1;
  }

  ~Impl() {
    for (auto& w : workers) ::close(w.fd);  // EOF: idle workers exit by themselves
    for (auto& w : workers) reap(w.pid, std::chrono::milliseconds(w.task ? 0 : 2000));
  }

  bool spawn() {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return false;
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) {
      ::close(sv[0]);
      ::close(sv[1]);
      return false;
    }
    if (pid == 0) {
      // Keep only stdio and our socket (as fd 3): inherited copies of other sockets (this or
      // another Engine's workers) or of the parent's files would keep them open after the parent
      // closes them, so a worker would not see EOF.
      int fd = sv[1] == 3 ? 3 : ::dup2(sv[1], 3);
      if (fd != 3) ::_exit(5);
      ::close_range(4, ~0U, 0);
      worker_main(3, opts.factory);
    }
    ::close(sv[1]);
    Worker w;
    w.pid = pid;
    w.fd = sv[0];
    workers.push_back(std::move(w));
    ++stats.workers_started;
    return true;
  }

  void retire(std::size_t i, std::chrono::milliseconds grace) {
    ::close(workers[i].fd);
    reap(workers[i].pid, grace);
    workers.erase(workers.begin() + static_cast<std::ptrdiff_t>(i));
  }

  /// Reads what is available; false on EOF/error.
  static bool pump(Worker& w) {
    char chunk[65536];
    while (true) {
      ssize_t n = ::read(w.fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      w.inbuf.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
  }

  /// Handles a Hello if one is buffered. Returns the next non-Hello message, if complete.
  static std::optional<wire::Message> next(Worker& w) {
    while (auto m = wire::unframe(w.inbuf)) {
      if (m->type != wire::Msg::Hello) return m;
      w.hello = true;
      wire::decode_hello(m->payload, w.version, w.start_error);
    }
    return std::nullopt;
  }

  std::string ensure_version() {
    if (!version.empty()) return version;
    if (workers.empty() && !spawn()) return "";
    Worker& w = workers.front();
    auto until = Clock::now() + std::chrono::seconds(60);
    while (!w.hello && Clock::now() < until) {
      pollfd p{w.fd, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0 && !pump(w)) break;
      next(w);
    }
    version = w.version;
    if (!w.hello || version.empty()) retire(0, std::chrono::milliseconds(0));
    return version;
  }

  std::vector<Result> run(std::span<const Job> jobs);
};

namespace {

/// Run state of one Engine::run call.
struct Batch {
  std::span<const Job> jobs;
  std::vector<Result> results;
  std::vector<bool> done;
  std::deque<Task> pending;
  std::size_t finished = 0;
  std::size_t failed = 0;
  Clock::time_point start = Clock::now();
  Clock::time_point last_progress{};
  bool progress_shown = false;
};

void finalize(Batch& b, std::size_t i, Result r, const std::optional<ResultCache>& cache) {
  const Job& job = b.jobs[i];
  if (r.ok()) {
    for (const auto& m : job.measures) {
      std::string why;
      auto v = evaluate(m, r.waves, &why);
      if (!v) {
        r.status = Status::Failed;
        r.error = why;
        break;
      }
      r.measures[m.name] = *v;
    }
  }
  if (r.ok() && cache && !r.from_cache) {
    std::string err;
    if (!cache->store(job, r, err)) r.log.push_back("rtmchar: result not cached: " + err);
  }
  if (!r.ok()) {
    r.error = fmt::format("{}: {}", job.name, r.error.empty() ? std::string(to_string(r.status)) : r.error);
    ++b.failed;
  }
  b.results[i] = std::move(r);
  b.done[i] = true;
  ++b.finished;
}

void show_progress(Batch& b, bool enabled, bool final_call) {
  if (!enabled) return;
  auto now = Clock::now();
  double elapsed = std::chrono::duration<double>(now - b.start).count();
  if (final_call) {
    if (b.progress_shown) std::fputs("\r\033[K", stderr);
    return;
  }
  if (elapsed < 1.0 || now - b.last_progress < std::chrono::milliseconds(200)) return;
  b.last_progress = now;
  b.progress_shown = true;
  std::fputs(fmt::format("\r\033[Ksimulating: {}/{} done, {} failed, {:.1f} s", b.finished, b.jobs.size(), b.failed, elapsed)
                 .c_str(),
             stderr);
}

}  // namespace

std::vector<Result> Engine::Impl::run(std::span<const Job> jobs) {
  Batch b;
  b.jobs = jobs;
  b.results.resize(jobs.size());
  b.done.assign(jobs.size(), false);
  std::optional<ResultCache> cache;
  if (opts.cache_dir && !jobs.empty()) {
    std::string v = ensure_version();
    if (!v.empty()) cache.emplace(*opts.cache_dir, v);
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (cache) {
      if (auto hit = cache->load(jobs[i])) {
        ++stats.cache_hits;
        finalize(b, i, std::move(*hit), cache);
        continue;
      }
    }
    b.pending.push_back({i, 1});
  }
  bool progress = opts.progress && ::isatty(STDERR_FILENO);

  // A task ended without a normal result from the worker, or with Timeout / ControlledExit.
  auto attempt_failed = [&](std::size_t i, int attempt, Result r) {
    if (attempt < 2) {
      ++stats.retries;
      b.pending.push_front({i, attempt + 1});
      return;
    }
    r.attempts = attempt;
    finalize(b, i, std::move(r), cache);
  };
  auto worker_died = [&](std::size_t wi, std::string why) {
    Worker& w = workers[wi];
    int status = reap(w.pid, std::chrono::milliseconds(2000));
    std::optional<std::size_t> task = w.task;
    int attempt = w.attempt;
    std::string start = w.start_error;
    w.pid = -1;
    ::close(w.fd);
    workers.erase(workers.begin() + static_cast<std::ptrdiff_t>(wi));
    if (!task) return;
    Result r;
    r.status = why.empty() ? Status::Crashed : Status::Timeout;
    r.error = why.empty() ? describe_exit(status) : why;
    if (!start.empty()) r.error += " (worker could not start: " + start + ")";
    attempt_failed(*task, attempt, std::move(r));
  };

  while (b.finished < jobs.size()) {
    // Dispatch to idle workers, starting new ones up to the pool size.
    for (std::size_t wi = 0; !b.pending.empty(); ++wi) {
      if (wi == workers.size()) {
        if (static_cast<int>(workers.size()) >= pool_size || !spawn()) break;
      }
      Worker& w = workers[wi];
      if (w.task) continue;
      Task t = b.pending.front();
      b.pending.pop_front();
      w.task = t.index;
      w.attempt = t.attempt;
      w.timeout_s = jobs[t.index].timeout_s;
      w.deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(kill_after(jobs[t.index].timeout_s)));
      if (!send_all(w.fd, wire::frame(wire::Msg::Job, wire::encode_job(jobs[t.index])))) {
        worker_died(wi, "");
        wi = static_cast<std::size_t>(-1);  // restart the scan: indices moved
      }
    }
    if (workers.empty()) {  // not even one worker could be started: fail what is left
      while (!b.pending.empty()) {
        Result r;
        r.status = Status::Crashed;
        r.error = "no worker process could be started";
        finalize(b, b.pending.front().index, std::move(r), cache);
        b.pending.pop_front();
      }
      continue;
    }
    // Wait for results or the earliest deadline.
    std::vector<pollfd> fds;
    auto now = Clock::now();
    auto wake = now + std::chrono::milliseconds(progress ? 200 : 60000);
    for (auto& w : workers) {
      fds.push_back({w.fd, POLLIN, 0});
      if (w.task) wake = std::min(wake, w.deadline);
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
    int n = ::poll(fds.data(), fds.size(), static_cast<int>(std::clamp<long long>(ms + 1, 0, 60000)));
    if (n < 0 && errno != EINTR) break;
    for (std::size_t k = fds.size(); k-- > 0;) {
      if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Worker& w = workers[k];
      if (!pump(w)) {
        worker_died(k, "");
        continue;
      }
      auto msg = next(w);
      if (!msg) continue;
      bool exiting = false;
      auto res = msg->type == wire::Msg::Result ? wire::decode_result(msg->payload, &exiting) : std::nullopt;
      if (!res || !w.task) {
        ::kill(w.pid, SIGKILL);
        worker_died(k, "");
        continue;
      }
      ++stats.jobs_simulated;
      ++w.jobs_done;
      std::size_t i = *w.task;
      int attempt = w.attempt;
      w.task.reset();
      res->attempts = attempt;
      bool retry = exiting && (res->status != Status::Ok);
      if (exiting || w.jobs_done >= opts.recycle_after) {
        if (!exiting) ++stats.recycled;
        retire(k, std::chrono::milliseconds(2000));
      }
      if (retry)
        attempt_failed(i, attempt, std::move(*res));
      else
        finalize(b, i, std::move(*res), cache);
    }
    now = Clock::now();
    for (std::size_t k = workers.size(); k-- > 0;) {
      Worker& w = workers[k];
      if (!w.task || now < w.deadline) continue;
      ::kill(w.pid, SIGKILL);
      worker_died(k, fmt::format("no result within {:g} s wall time; worker killed", w.timeout_s));
    }
    show_progress(b, progress, false);
  }
  show_progress(b, progress, true);
  return std::move(b.results);
}

Engine::Engine(EngineOptions opts) : impl_(std::make_unique<Impl>(std::move(opts))) {}
Engine::~Engine() = default;

std::vector<Result> Engine::run(std::span<const Job> jobs) { return impl_->run(jobs); }

Result Engine::run_one(const Job& job) { return std::move(run(std::span<const Job>(&job, 1)).front()); }

std::string Engine::simulator_version() { return impl_->ensure_version(); }

std::vector<int> Engine::worker_pids() const {
  std::vector<int> pids;
  for (const auto& w : impl_->workers) pids.push_back(w.pid);
  return pids;
}

const EngineStats& Engine::stats() const { return impl_->stats; }

int Engine::worker_count() const { return impl_->pool_size; }

}  // namespace rtmchar::sim
