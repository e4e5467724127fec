// The comparator must find what is wrong: tested with known-bad pairs, in-process and via the CLI.
#include <catch2/catch.hpp>

#include <algorithm>

#include "clients.h"
#include "liberty/compare.h"
#include "liberty/writer.h"
#include "synthetic.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::liberty;

namespace {
Library synth() {
  Diagnostics diag;
  auto lib = testlib::synthetic_library(diag);
  INFO(diag.str());
  REQUIRE(lib);
  return *lib;
}

Cell& cell(Library& l, const std::string& name) {
  auto it = std::find_if(l.cells.begin(), l.cells.end(), [&](const Cell& c) { return c.name == name; });
  REQUIRE(it != l.cells.end());
  return *it;
}

const CompareEntry& entry(const CompareReport& r, const std::string& path) {
  auto it = std::find_if(r.entries.begin(), r.entries.end(), [&](const CompareEntry& e) { return e.path == path; });
  INFO(r.str());
  REQUIRE(it != r.entries.end());
  return *it;
}

bool listed(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

/// A copy of the synthetic library with one table 10 % high at one grid point, all values of
/// another 5 % low, one arc removed and one cell added.
Library known_bad() {
  Library bad = synth();
  cell(bad, "INV").pins[1].timing[0].cell_rise->values[5] *= 1.10;
  for (double& v : cell(bad, "FA").pins[4].power[0].fall_power->values) v *= 0.95;
  auto& y = cell(bad, "NAND2").pins[2];
  y.timing.erase(y.timing.begin() + 1);  // B->Y
  bad.cells.push_back(bad.cells[0]);
  bad.cells.back().name = "INV_X2";
  return bad;
}
}  // namespace

TEST_CASE("a library compared with itself has zero error and a known-bad copy is caught") {
  Library ref = synth();
  CompareReport same = compare_libraries(ref, ref);
  CHECK(same.worst_rel() == 0);
  CHECK(same.missing.empty());
  CHECK(same.extra.empty());

  CompareReport r = compare_libraries(ref, known_bad());
  INFO(r.str());
  const CompareEntry& rise = entry(r, "INV/A->Y combinational/cell_rise");
  CHECK(rise.points == 16);
  CHECK(rise.max_rel == Approx(0.10).epsilon(1e-9));
  CHECK(rise.mean_rel == Approx(0.10 / 16).epsilon(1e-9));
  const CompareEntry& power = entry(r, "FA/CO/power A/fall_power");
  CHECK(power.max_rel == Approx(0.05).epsilon(1e-9));
  CHECK(power.mean_rel == Approx(0.05).epsilon(1e-9));
  CHECK(entry(r, "INV/A->Y combinational/cell_fall").max_rel == 0);
  CHECK(listed(r.missing, "NAND2/B->Y combinational"));
  CHECK(listed(r.extra, "cell INV_X2"));
  CHECK(r.worst_rel() == Approx(0.10).epsilon(1e-9));
  CHECK(r.str().find("MISSING in NEW: NAND2/B->Y combinational") != std::string::npos);

  CompareReport only = compare_libraries(ref, known_bad(), "FA");
  for (const CompareEntry& e : only.entries) CHECK(e.path.rfind("FA/", 0) == 0);
  CHECK(only.missing.empty());
}

TEST_CASE("pin user attributes are compared: numbers by value, booleans for equality") {
  Library ref = synth();
  Library neu = synth();
  auto& attrs = cell(neu, "RTM_SHIFT").pins[0].user_attributes;
  attrs[0].flag = false;             // rtm_operand true -> false
  attrs[1].numbers[0] *= 1.04;       // rtm_access_latency +4 %
  attrs.push_back(UserAttribute::boolean("rtm_spare", true));
  CompareReport r = compare_libraries(ref, neu);
  INFO(r.str());
  CHECK(entry(r, "RTM_SHIFT/D/rtm_access_latency").max_rel == Approx(0.04).epsilon(1e-9));
  CHECK(entry(r, "RTM_SHIFT/D/rtm_access_latency").quantity == Quantity::Time);
  CHECK(listed(r.missing, "RTM_SHIFT/D/rtm_operand true (NEW has false)"));
  CHECK(listed(r.extra, "RTM_SHIFT/D/rtm_spare"));
  cell(neu, "RTM_SHIFT").pins[0].user_attributes.clear();
  CompareReport gone = compare_libraries(ref, neu);
  CHECK(listed(gone.missing, "RTM_SHIFT/D/rtm_operand"));
  CHECK(listed(gone.missing, "RTM_SHIFT/D/rtm_access_latency"));
}

TEST_CASE("tables on different grids are compared by bilinear interpolation of NEW") {
  Diagnostics d;
  auto f = [](double s, double c) { return 1e-12 + 0.2 * s + 3e3 * c + 1e13 * s * c; };  // bilinear: exact
  auto make = [&](std::vector<double> s, std::vector<double> c, bool transposed) {
    Library l = synth();
    std::vector<Axis> axes{{AxisVariable::InputNetTransition, s}, {AxisVariable::TotalOutputNetCapacitance, c}};
    if (transposed) std::swap(axes[0], axes[1]);
    auto t = TableTemplate::make("grid", TableTemplate::Kind::Delay, axes, d);
    REQUIRE(t);
    l.templates.push_back(t);
    std::vector<double> v;
    for (double x1 : t->axes[0].values)
      for (double x2 : t->axes[1].values) v.push_back(transposed ? f(x2, x1) : f(x1, x2));
    cell(l, "INV").pins[1].timing[0].cell_rise = Table::make(Quantity::Time, t, v, d);
    return l;
  };
  Library ref = make({10e-12, 100e-12}, {1e-15, 10e-15}, false);
  Library fine = make({5e-12, 20e-12, 50e-12, 200e-12}, {0.5e-15, 4e-15, 20e-15}, true);
  CompareReport r = compare_libraries(ref, fine, "INV");
  const CompareEntry& e = entry(r, "INV/A->Y combinational/cell_rise");
  CHECK(e.interpolated);
  CHECK(e.points == 4);
  CHECK(e.max_rel < 1e-12);
  // A REF grid reaching outside NEW's grid: those points are counted, not compared.
  Library narrow = make({20e-12, 50e-12}, {0.5e-15, 20e-15}, false);
  CompareReport r2 = compare_libraries(ref, narrow, "INV");
  CHECK(entry(r2, "INV/A->Y combinational/cell_rise").outside == 4);
  CHECK(listed(r2.missing, "INV/A->Y combinational/cell_rise (no REF grid point inside NEW's axes)"));
}

TEST_CASE("values near zero in REF are compared absolutely") {
  Library ref = synth(), neu = synth();
  auto& r = cell(ref, "INV").pins[1].power[0].fall_power->values;
  auto& n = cell(neu, "INV").pins[1].power[0].fall_power->values;
  r[0] = 0.0;
  n[0] = 1e-19;
  CompareReport rep = compare_libraries(ref, neu, "INV");
  const CompareEntry& e = entry(rep, "INV/Y/power A/fall_power");
  CHECK(e.points == 16);
  CHECK(e.relative_points == 15);
  CHECK(e.max_abs == Approx(1e-19));
  CHECK(e.max_rel == 0);
}

TEST_CASE("rtmchar compare reports a known-bad pair and exits 2 on unreadable input", "[cli]") {
  clients::TempDir dir("rtmchar-compare");
  auto write = [&](const Library& l, const std::string& name) {
    Diagnostics d;
    auto text = write_liberty(l, d);
    REQUIRE(text);
    std::string err;
    REQUIRE(write_file_atomic(dir.path() / name, *text, err));
  };
  write(synth(), "ref.lib");
  write(known_bad(), "new.lib");
  const std::string exe = RTMCHAR_BINARY;
  auto r = clients::run_command(exe + " compare ref.lib new.lib", dir.path());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("MISSING in NEW: NAND2/B->Y combinational") != std::string::npos);
  CHECK(r.output.find("EXTRA in NEW: cell INV_X2") != std::string::npos);
  CHECK(r.output.find("worst max relative error 10 %") != std::string::npos);

  auto tol = clients::run_command(exe + " compare ref.lib new.lib --tolerance 1", dir.path());
  CHECK(tol.exit_code == 1);
  auto pass = clients::run_command(exe + " compare ref.lib ref.lib --tolerance 0", dir.path());
  CHECK(pass.exit_code == 0);
  auto cellonly = clients::run_command(exe + " compare ref.lib new.lib --cell FA", dir.path());
  CHECK(cellonly.output.find("INV/") == std::string::npos);
  CHECK(cellonly.output.find("worst max relative error 5 %") != std::string::npos);

  std::string err;
  REQUIRE(write_file_atomic(dir.path() / "broken.lib", "library (x) {\n  a : 1;\n  cell (A) { area 1; }\n}\n", err));
  auto bad = clients::run_command(exe + " compare ref.lib broken.lib", dir.path());
  INFO(bad.output);
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("broken.lib:3") != std::string::npos);
  auto missing = clients::run_command(exe + " compare nothere.lib ref.lib", dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("nothere.lib") != std::string::npos);
}
