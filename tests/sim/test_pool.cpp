// The worker pool with an injected fake simulator: crashes, hangs, poisoned instances, retries,
// recycling and the cache, without ngspice.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "sim/simulator.h"
#include "util/fs.h"

using namespace rtmchar::sim;
namespace fs = std::filesystem;

namespace {

/// Segfaults on a deck containing "CRASH", hangs on "HANG", reports a poisoned instance on
/// "POISON", crashes the first time only on "ONCE <file>" (the file marks the first attempt),
/// succeeds otherwise with vectors "pid" (its process id) and "count" (jobs this instance ran).
class FakeSimulator final : public Simulator {
 public:
  Result run(const Job& job) override {
    ++count_;
    if (auto p = job.deck.find("ONCE "); p != std::string::npos) {
      fs::path marker = job.deck.substr(p + 5);
      if (!fs::exists(marker)) {
        std::ofstream(marker) << "x";
        crash();
      }
    } else if (job.deck.find("CRASH") != std::string::npos) {
      crash();
    }
    while (job.deck.find("HANG") != std::string::npos) std::this_thread::sleep_for(std::chrono::seconds(1));
    Result r;
    if (job.deck.find("POISON") != std::string::npos) {
      healthy_ = false;
      r.error = "poisoned";
      r.log = {"Undefined parameter [x]"};
      return r;
    }
    r.status = Status::Ok;
    r.waves.scale = {0.0, 1.0};
    r.waves.vectors["pid"] = {double(::getpid()), double(::getpid())};
    r.waves.vectors["count"] = {double(count_), double(count_)};
    return r;
  }
  std::string version() const override { return "fake-1"; }
  bool healthy() const override { return healthy_; }

 private:
  static void crash() {
    std::signal(SIGSEGV, SIG_DFL);  // past any sanitizer handler: a plain segfault
    std::raise(SIGSEGV);
  }
  int count_ = 0;
  bool healthy_ = true;
};

EngineOptions fake_options(int jobs) {
  EngineOptions o;
  o.jobs = jobs;
  o.factory = [] { return std::make_unique<FakeSimulator>(); };
  return o;
}

Job job(std::string name, std::string deck, double timeout_s = 30) {
  Job j;
  j.name = std::move(name);
  j.deck = std::move(deck);
  j.vectors = {"pid", "count"};
  j.tstop = 1;
  j.timeout_s = timeout_s;
  return j;
}

bool no_children() { return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD; }

}  // namespace

TEST_CASE("a crashing job is retried once and reported while the others go on") {
  {
    Engine e(fake_options(2));
    std::vector<Job> jobs = {job("good1", "ok"), job("boom", "CRASH"), job("good2", "ok"), job("good3", "ok")};
    auto rs = e.run(jobs);
    REQUIRE(rs.size() == 4);
    CHECK(rs[0].ok());
    CHECK(rs[2].ok());
    CHECK(rs[3].ok());
    CHECK(rs[1].status == Status::Crashed);
    CHECK(rs[1].attempts == 2);
    CHECK(rs[1].error.find("boom") == 0);
    CHECK(rs[1].error.find("signal 11") != std::string::npos);
    CHECK(e.stats().retries == 1);
    // The pool still works afterwards.
    CHECK(e.run_one(job("after", "ok")).ok());
  }
  CHECK(no_children());
}

TEST_CASE("a job that crashes once succeeds on the fresh worker") {
  auto marker = fs::temp_directory_path() / ("rtmchar_once_" + std::to_string(::getpid()));
  fs::remove(marker);
  Engine e(fake_options(1));
  auto r = e.run_one(job("flaky", "ONCE " + marker.string()));
  CHECK(r.ok());
  CHECK(r.attempts == 2);
  fs::remove(marker);
}

TEST_CASE("a hanging job is killed at its timeout and retried once and the pool keeps working") {
  Engine e(fake_options(2));
  std::vector<Job> jobs = {job("stuck", "HANG", 0.2), job("fine", "ok")};
  auto t0 = std::chrono::steady_clock::now();
  auto rs = e.run(jobs);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(rs[0].status == Status::Timeout);
  CHECK(rs[0].attempts == 2);
  CHECK(rs[0].error.find("stuck") == 0);
  CHECK(rs[1].ok());
  CHECK(wall < 10);  // two attempts of 0.2 s + the kill grace, not forever
  CHECK(e.run_one(job("next", "ok")).ok());
}

TEST_CASE("a poisoned instance ends its worker and the job is retried once then reported Failed") {
  Engine e(fake_options(1));
  auto r = e.run_one(job("param", "POISON"));
  CHECK(r.status == Status::Failed);
  CHECK(r.attempts == 2);
  CHECK(r.error == "param: poisoned");
  REQUIRE(r.log.size() == 1);
  CHECK(e.stats().workers_started == 2);
  auto good = e.run_one(job("good", "ok"));
  REQUIRE(good.ok());
  CHECK(good.waves.vectors.at("count")[0] == 1);  // a fresh instance
}

TEST_CASE("workers are recycled after recycle_after jobs") {
  auto opts = fake_options(1);
  opts.recycle_after = 3;
  Engine e(opts);
  std::vector<Job> jobs(7, job("j", "ok"));
  auto rs = e.run(jobs);
  std::set<double> pids;
  for (const auto& r : rs) {
    REQUIRE(r.ok());
    CHECK(r.waves.vectors.at("count")[0] <= 3);
    pids.insert(r.waves.vectors.at("pid")[0]);
  }
  CHECK(pids.size() == 3);
  CHECK(e.stats().recycled == 2);
}

TEST_CASE("a measurement that cannot be computed fails the job naming both") {
  Engine e(fake_options(1));
  auto j = job("meas", "ok");
  j.measures = {Measure::crossing("t50", Crossing{"pid", -1.0, Edge::Rise})};
  auto r = e.run_one(j);
  CHECK(r.status == Status::Failed);
  CHECK(r.error.find("meas: measure 't50'") == 0);
  CHECK(r.measures.empty());
  j.measures = {Measure::final_value("n", "count")};
  r = e.run_one(j);
  REQUIRE(r.ok());
  CHECK(r.measures.at("n") == 2);
}

TEST_CASE("cache serves a rerun from disk and ignores a damaged entry") {
  auto dir = fs::temp_directory_path() / ("rtmchar_cache_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto opts = fake_options(1);
  opts.cache_dir = dir;
  std::vector<Job> jobs = {job("a", "ok a"), job("b", "ok b"), job("bad", "POISON")};
  {
    Engine e(opts);
    auto first = e.run(jobs);
    CHECK(!first[0].from_cache);
    auto second = e.run(jobs);
    CHECK(second[0].from_cache);
    CHECK(second[1].from_cache);
    CHECK(second[0].waves.vectors == first[0].waves.vectors);
    CHECK(second[0].waves.scale == first[0].waves.scale);
    CHECK_FALSE(second[2].from_cache);  // failures are never cached
    CHECK(e.stats().cache_hits == 2);
  }
  // Damage every entry: flip a byte in the payload.
  int damaged = 0;
  for (const auto& f : fs::recursive_directory_iterator(dir)) {
    if (!f.is_regular_file()) continue;
    std::string err;
    auto text = rtmchar::read_file(f.path(), err);
    REQUIRE(text);
    (*text)[text->size() - 3] ^= 0x5a;
    REQUIRE(rtmchar::write_file_atomic(f.path(), *text, err));
    ++damaged;
  }
  CHECK(damaged == 2);
  Engine e(opts);
  auto third = e.run(jobs);
  CHECK(third[0].ok());
  CHECK_FALSE(third[0].from_cache);
  CHECK(e.stats().cache_hits == 0);
  fs::remove_all(dir);
}
