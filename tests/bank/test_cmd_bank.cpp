// rtmchar bank from the command line: a full 1 MiB search, outputs, and bad configurations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

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
      {"bank --sweep lanes=0,4", "--sweep lanes=... needs --lane-cell"},
      {"bank --lanes 4 --sweep lanes=0,4 --lane-cell " + kLaneCell, "both set the lane count"},
      {"bank --sweep lanes=-1,4 --lane-cell " + kLaneCell, "lanes must be at least 0"},
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

namespace {

/// The CSV rows after the header, split at commas (empty fields kept), with the header's names.
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t col(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  }
};

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t comma = line.find(',', pos);
    cells.push_back(line.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) return cells;
    pos = comma + 1;
  }
}

Csv read_csv(const fs::path& p) {
  std::istringstream in(slurp(p));
  Csv c;
  std::string line;
  REQUIRE(std::getline(in, line));
  c.header = split_csv_line(line);
  while (std::getline(in, line)) {
    c.rows.push_back(split_csv_line(line));
    REQUIRE(c.rows.back().size() == c.header.size());
  }
  return c;
}

}  // namespace

TEST_CASE("rtmchar bank --sweep lanes: one row per lane count, lane columns empty without lanes") {
  const fs::path dir = fs::temp_directory_path() / ("rtmchar-bank-lane-sweep-" + std::to_string(::getpid()));
  Run r = rtmchar("bank --tech 32nm --capacity 1MiB --word 64 --optimize area --sweep lanes=0,1,16 --lane-cell " +
                  kLaneCell + " -o " + dir.string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("sweep lanes") != std::string::npos);
  const Csv sweep = read_csv(dir / "sweep.csv");
  REQUIRE(sweep.rows.size() == 3);
  const std::size_t lanes = sweep.col("lanes"), add = sweep.col("add_latency_s"), mul = sweep.col("multiply_energy_J");
  const std::size_t area = sweep.col("area_m2");
  CHECK(sweep.rows[0][lanes] == "0");
  CHECK(sweep.rows[0][add].empty());  // no lanes: no add, and no invented 0
  CHECK(sweep.rows[0][mul].empty());
  CHECK(sweep.rows[1][lanes] == "1");
  CHECK(sweep.rows[2][lanes] == "16");
  // The add does not depend on how many lanes there are; the lanes cost area.
  REQUIRE(!sweep.rows[1][add].empty());
  CHECK(std::stod(sweep.rows[1][add]) == std::stod(sweep.rows[2][add]));
  CHECK(std::stod(sweep.rows[1][mul]) > 0);
  CHECK(std::stod(sweep.rows[0][area]) < std::stod(sweep.rows[1][area]));
  CHECK(std::stod(sweep.rows[1][area]) < std::stod(sweep.rows[2][area]));
  // The main search has no lanes: the Pareto front's lane columns are empty.
  const Csv front = read_csv(dir / "pareto.csv");
  REQUIRE(!front.rows.empty());
  for (const auto& row : front.rows) CHECK(row[front.col("add_energy_J")].empty());
  // RTSim does not read lanes; the config carries them only as comments.
  CHECK(slurp(dir / "rtsim.cfg").find("; compute lanes") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("rtmchar bank --lanes: the lane numbers reach pareto.csv and rtsim.cfg comments") {
  const fs::path dir = fs::temp_directory_path() / ("rtmchar-bank-lane-csv-" + std::to_string(::getpid()));
  Run r = rtmchar("bank --tech 32nm --capacity 1MiB --word 64 --lanes 4 --lane-cell " + kLaneCell + " -o " + dir.string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(slurp(dir / "bank.json"));
  const Csv front = read_csv(dir / "pareto.csv");
  REQUIRE(!front.rows.empty());
  for (const auto& row : front.rows) {
    CHECK(row[front.col("lanes")] == "4");
    CHECK(!row[front.col("add_latency_s")].empty());
  }
  const std::string cfg = slurp(dir / "rtsim.cfg");
  CHECK(cfg.find("; compute lanes (not read by RTSim): 4 per subarray") != std::string::npos);
  CHECK(cfg.find("(" + std::to_string(j["lanes"]["add"]["cycles"].get<int>()) + " cycles)") != std::string::npos);
  fs::remove_all(dir);
}
