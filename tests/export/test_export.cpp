// Exporters: golden files (re-bless with RTMCHAR_BLESS=1) and a reader written here that parses
// each file back and checks exact keys, units, order and values.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "export/export.h"

using namespace rtmchar;
using Catch::Detail::Approx;
namespace fs = std::filesystem;

namespace {

/// Hand-set cell numbers (DESTINY's DWM sample cell) so the golden files do not move with the models.
bank::CellNumbers sample_cell() {
  bank::CellNumbers c;
  c.read_voltage = 0.2;
  c.r_p = 6e3;
  c.r_ap = 12e3;
  c.write_current = 300e-6;
  c.write_pulse = 4.6e-9;
  c.write_energy = 1.242e-12;
  c.shift_current = 145e-6;
  c.shift_pulse = 2e-9;
  c.shift_energy = 1.45e-12;
  c.wire_r_per_domain = 480;
  c.reference_track = 72;
  c.area_per_bit = 4 * 32e-9 * 32e-9;
  c.aspect_ratio = 1;
  c.access_width = 8.5 * 32e-9;
  c.access_vdrop = 0.15;
  c.source = "hand-set test values";
  return c;
}

bank::Organization sample_org() { return {8LL << 20, 64, 64, 2, 32, 128, 256, 4, 4, 16}; }

/// DESTINY/NVSim cell-file reader: "-Key (unit): value" lines in order; '#' lines skipped.
std::vector<std::pair<std::string, std::string>> read_nvsim(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> kv;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    REQUIRE(line[0] == '-');
    const auto colon = line.find(": ");
    REQUIRE(colon != std::string::npos);
    kv.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  return kv;
}

/// RTSim/NVMain reader: "KEY value" lines, ';' comments.
std::vector<std::pair<std::string, std::string>> read_rtsim(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> kv;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == ';') continue;
    const auto sp = line.find(' ');
    REQUIRE(sp != std::string::npos);
    kv.emplace_back(line.substr(0, sp), line.substr(sp + 1));
  }
  return kv;
}

std::vector<std::string> keys(const std::vector<std::pair<std::string, std::string>>& kv) {
  std::vector<std::string> k;
  for (const auto& p : kv) k.push_back(p.first);
  return k;
}

std::string value(const std::vector<std::pair<std::string, std::string>>& kv, const std::string& key) {
  for (const auto& p : kv)
    if (p.first == key) return p.second;
  FAIL("missing key " << key);
  return "";
}

void check_golden(const std::string& name, const std::string& text) {
  const fs::path golden = fs::path(RTMCHAR_SOURCE_DIR) / "tests/export/golden" / name;
  if (std::getenv("RTMCHAR_BLESS") != nullptr) {
    std::ofstream(golden, std::ios::binary) << text;
  }
  std::stringstream ss;
  ss << std::ifstream(golden, std::ios::binary).rdbuf();
  CHECK(ss.str() == text);
}

long index_of(const std::vector<std::string>& k, const std::string& key) {
  for (std::size_t i = 0; i < k.size(); ++i)
    if (k[i] == key) return static_cast<long>(i);
  return -1;
}

}  // namespace

TEST_CASE("DESTINY DWM cell file: keys, units, order, values") {
  const std::string text = exporting::destiny_dwm_cell(sample_cell(), sample_org(), 32e-9);
  check_golden("destiny_dwm.cell", text);
  const auto kv = read_nvsim(text);
  const std::vector<std::string> expected = {
      "-MemCellType", "-CellArea (F^2)", "-CellAspectRatio", "-ResistanceOn (ohm)", "-ResistanceOff (ohm)",
      "-ReadMode", "-ReadVoltage (V)", "-ResetMode", "-ResetCurrent (uA)", "-ResetPulse (ns)", "-ResetEnergy (pJ)",
      "-SetMode", "-SetCurrent (uA)", "-SetPulse (ns)", "-SetEnergy (pJ)", "-TapeLength (bit)",
      "-PortDistance (bit)", "-TapePerGroup", "-ShiftCurrent (uA)", "-ShiftPulse (ns)", "-ShiftEnergy (pJ)",
      "-AccessType", "-AccessCMOSWidth (F)", "-VoltageDropAccessDevice (V)"};
  CHECK(keys(kv) == expected);
  // DESTINY's order constraints.
  CHECK(index_of(keys(kv), "-MemCellType") == 0);
  CHECK(index_of(keys(kv), "-CellArea (F^2)") < index_of(keys(kv), "-CellAspectRatio"));
  CHECK(index_of(keys(kv), "-AccessType") < index_of(keys(kv), "-AccessCMOSWidth (F)"));
  CHECK(value(kv, "-MemCellType") == "DWM");
  CHECK(std::stod(value(kv, "-CellArea (F^2)")) == Approx(4.0));
  CHECK(std::stod(value(kv, "-ResetCurrent (uA)")) == Approx(300.0));
  CHECK(std::stod(value(kv, "-ResetPulse (ns)")) == Approx(4.6));
  CHECK(std::stod(value(kv, "-ResetEnergy (pJ)")) == Approx(1.242));
  CHECK(std::stod(value(kv, "-ShiftEnergy (pJ)")) == Approx(1.45));
  CHECK(std::stod(value(kv, "-PortDistance (bit)")) == Approx(32));
  CHECK(std::stod(value(kv, "-TapePerGroup")) == Approx(32));
  CHECK(std::stod(value(kv, "-AccessCMOSWidth (F)")) == Approx(8.5));
  CHECK(text.find("recomputes the shift energy") != std::string::npos);
}

TEST_CASE("DESTINY config file") {
  Diagnostics d;
  auto t = tech::load("32nm", {}, d);
  REQUIRE(t);
  const std::string text = exporting::destiny_config(sample_org(), *t, "destiny.cell", "ReadLatency");
  check_golden("destiny.cfg", text);
  const auto kv = read_nvsim(text);
  const std::vector<std::string> expected = {"-DesignTarget", "-ProcessNode", "-Capacity (KB)", "-WordWidth (bit)",
                                             "-DeviceRoadmap", "-OptimizationTarget", "-MemoryCellInputFile",
                                             "-ForceBank (Total AxB, Active CxD)", "-ForceMat (Total AxB, Active CxD)",
                                             "-ForceMuxSenseAmp", "-StackedDieCount"};
  CHECK(keys(kv) == expected);
  CHECK(value(kv, "-Capacity (KB)") == "256");  // 1 MiB over 4 banks
  CHECK(value(kv, "-ProcessNode") == "32");
  CHECK(value(kv, "-ForceBank (Total AxB, Active CxD)") == "2x2, 2x2");
  CHECK(value(kv, "-StackedDieCount") == "1");
}

TEST_CASE("NVSim MRAM cell file") {
  exporting::MramCell c{1280, 3059.2, 0.1, 117.6e-6, 1e-9, 46, 8.5, 0.15};
  const std::string text = exporting::nvsim_mram_cell(c);
  check_golden("mram.cell", text);
  const auto kv = read_nvsim(text);
  CHECK(keys(kv).front() == "-MemCellType");
  CHECK(value(kv, "-MemCellType") == "MRAM");
  CHECK(std::stod(value(kv, "-ResistanceOff (ohm)")) == Approx(3059.2));
  CHECK(std::stod(value(kv, "-SetCurrent (uA)")) == Approx(117.6));
  CHECK(std::stod(value(kv, "-SetPulse (ns)")) == Approx(1.0));
  CHECK(index_of(keys(kv), "-ShiftCurrent (uA)") == -1);  // no DWM keys
}

TEST_CASE("RTSim config: geometry, ns timings, nJ energies") {
  bank::BankResult r;
  r.org = sample_org();
  r.read_aligned.latency = 1.5e-9;
  r.read_aligned.energy = 20e-12;
  r.write_aligned.latency = 5e-9;
  r.write_aligned.energy = 100e-12;
  r.shift.latency = 2.1e-9;
  r.row_open_energy = 3e-12;
  r.leakage = 2e-3;
  const bank::CellNumbers cell = sample_cell();
  const std::string text = exporting::rtsim_config(r, cell, 1000);
  check_golden("rtsim.cfg", text);
  const auto kv = read_rtsim(text);
  const std::vector<std::string> expected = {"MemType", "DOMAINS", "nPorts", "WordSize", "DBCS", "MATHeight",
                                             "PortAccess", "PortUpdate", "CLK", "tSH", "tRD", "tWR", "Erd", "Ewr",
                                             "Esh", "Eopenrd", "Ewrpb", "Eleak"};
  CHECK(keys(kv) == expected);
  CHECK(value(kv, "MemType") == "RTM");
  CHECK(value(kv, "DOMAINS") == "64");
  CHECK(value(kv, "WordSize") == "32");
  CHECK(value(kv, "DBCS") == std::to_string(128 * (256 / 32) * 4));
  CHECK(value(kv, "tRD") == "1.5ns");
  CHECK(value(kv, "tSH") == "2.1ns");
  CHECK(std::stod(value(kv, "Erd")) == Approx(0.02));       // nJ
  CHECK(std::stod(value(kv, "Ewrpb")) == Approx(1.242e-3));  // nJ
  // Esh: one step of one 32-track cluster of a 64 + 32-domain track, scaled from the 72-domain reference.
  CHECK(std::stod(value(kv, "Esh")) == Approx(32 * 1.45e-3 * 96 / 72).epsilon(1e-5));
  CHECK(std::stod(value(kv, "Eleak")) == Approx(2.0));  // mW
}
