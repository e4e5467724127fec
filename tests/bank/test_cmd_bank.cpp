// rtmchar bank from the command line: a full 1 MiB search, outputs, and bad configurations.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

Run rtmchar(const std::string& args) {
  fs::path err_file = fs::temp_directory_path() / ("rtmchar-test-bank-cli-" + std::to_string(::getpid()) + ".err");
  std::string cmd = std::string(RTMCHAR_BINARY) + " " + args + " 2>" + err_file.string();
  Run r;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream ss;
  ss << std::ifstream(err_file).rdbuf();
  r.err = ss.str();
  fs::remove(err_file);
  return r;
}

std::string slurp(const fs::path& p) {
  std::stringstream ss;
  ss << std::ifstream(p).rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("rtmchar bank searches 1 MiB and writes every output") {
  const fs::path dir = fs::temp_directory_path() / ("rtmchar-bank-out-" + std::to_string(::getpid()));
  Run r = rtmchar("bank --tech 32nm --capacity 1MiB --word 64 --optimize edp --sweep ports=1,2,4 -o " + dir.string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("best:") != std::string::npos);
  CHECK(r.out.find("Pareto front") != std::string::npos);
  CHECK(r.out.find("sweep ports") != std::string::npos);
  for (const char* f : {"bank.json", "pareto.csv", "sweep.csv", "destiny.cell", "destiny.cfg", "mram.cell", "rtsim.cfg"}) {
    CHECK(fs::exists(dir / f));
  }
  const auto j = nlohmann::json::parse(slurp(dir / "bank.json"));
  CHECK(j["organization"]["capacity_bits"] == 8388608);
  CHECK(j["organization"]["word_bits"] == 64);
  CHECK(j["read"]["latency_s"].get<double>() > 0);
  CHECK(j["cell"]["source"] == "techfile");
  // The sweep has one line per value, in order, with the swept field set.
  std::istringstream sweep(slurp(dir / "sweep.csv"));
  std::string line;
  std::getline(sweep, line);
  int n = 0;
  while (std::getline(sweep, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cells.push_back(c);
    REQUIRE(cells.size() > 4);
    CHECK(cells[3] == std::to_string(1 << n));  // ports column
    ++n;
  }
  CHECK(n == 3);
  fs::remove_all(dir);
}

TEST_CASE("rtmchar bank rejects bad configurations with exit 2") {
  struct Case {
    const char* args;
    const char* needle;
  };
  const Case cases[] = {
      {"bank --capacity 1000 --word 64", "--capacity"},
      {"bank --capacity 12MiBx", "bank.bad-capacity"},
      {"bank --word 128 --force mats=1 --force mux=1 --force cols=64", "wider than a row"},
      {"bank --force ports=0", "ports must be at least 1"},
      {"bank --force colour=2", "unknown organization key"},
      {"bank --optimize speed", "--optimize"},
  };
  for (const Case& c : cases) {
    Run r = rtmchar(c.args);
    INFO(c.args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(c.needle) != std::string::npos);
  }
}

namespace {

const std::string kLaneCell = std::string(RTMCHAR_SOURCE_DIR) + "/tests/bank/data/fa_rtm_32nm.json";

}  // namespace

TEST_CASE("rtmchar bank with compute lanes prints and writes the lane operations") {
  const fs::path dir = fs::temp_directory_path() / ("rtmchar-bank-lanes-" + std::to_string(::getpid()));
  Run r = rtmchar("bank --tech 32nm --capacity 1MiB --word 64 --lanes 4 --lane-cell " + kLaneCell + " -o " + dir.string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("lanes 4") != std::string::npos);
  CHECK(r.out.find("add (64 cyc)") != std::string::npos);
  CHECK(r.out.find("mul (4160 cyc)") != std::string::npos);
  CHECK(r.out.find("lane cycle") != std::string::npos);
  const auto j = nlohmann::json::parse(slurp(dir / "bank.json"));
  const auto& l = j["lanes"];
  CHECK(l["per_subarray"] == 4);
  CHECK(l["total"].get<long>() == 4L * j["organization"]["mats"].get<long>() * j["organization"]["banks"].get<long>());
  CHECK(l["add"]["cycles"] == 64);
  CHECK(l["add"]["latency_s"].get<double>() > 64 * l["cycle_s"].get<double>());
  CHECK(l["multiply"]["latency_s"].get<double>() > l["add"]["latency_s"].get<double>());
  CHECK(j["area_breakdown_m2"]["lanes"].get<double>() == l["area_m2"].get<double>());
  CHECK(j["organization"]["domains"].get<int>() / j["organization"]["ports"].get<int>() >= 128);
  fs::remove_all(dir);
}

TEST_CASE("rtmchar bank rejects bad lane configurations with exit 2") {
  const fs::path bad = fs::temp_directory_path() / ("rtmchar-bad-lane-" + std::to_string(::getpid()) + ".json");
  std::ofstream(bad) << "{ \"schema\": \"rtmchar.fa_rtm/1\",\n \"cell\": \"fa_rtm\" }\n";
  const fs::path broken = fs::temp_directory_path() / ("rtmchar-broken-lane-" + std::to_string(::getpid()) + ".json");
  std::ofstream(broken) << "{ \"schema\": \n";
  struct Case {
    std::string args;
    std::string needle;
  };
  const Case cases[] = {
      {"bank --lanes 4", "--lanes needs --lane-cell"},
      {"bank --lanes 0 --lane-cell " + kLaneCell, "--lanes is 0"},
      {"bank --lanes=-2 --lane-cell " + kLaneCell, "--lanes"},
      {"bank --lanes 5000 --lane-cell " + kLaneCell, "exceed its"},
      {"bank --lanes 4 --lane-cell /nonexistent/lane.json", "cannot read '/nonexistent/lane.json'"},
      {"bank --lanes 4 --lane-cell " + bad.string(), bad.string() + ": error[bank.bad-lane-cell]: key 'clock_slews_s': missing"},
      {"bank --lanes 4 --lane-cell " + broken.string(), broken.string() + ":2"},
      {"bank --word 128 --lanes 4 --lane-cell " + kLaneCell, "key 'domains'"},
      {"bank --lanes 4 --force domains=64 --lane-cell " + kLaneCell, "port distance"},
  };
  for (const Case& c : cases) {
    Run r = rtmchar(c.args);
    INFO(c.args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(c.needle) != std::string::npos);
  }
  fs::remove(bad);
  fs::remove(broken);
}
