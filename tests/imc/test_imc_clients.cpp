// Real clients on the in-memory computing libraries: OpenSTA reads each cell's library without
// Error/Warning, Yosys proves the Boolean functions (the exact CAM match and the documented IMAC
// stand-ins), ABC reads the combined library. Cells come from short simulations (N = 8 column,
// w = 4 and 8 CAM words).
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "clients.h"
#include "imc/liberty_view.h"
#include "liberty/writer.h"
#include "tech/technology.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::clients;

namespace {

fs::path write_lib(const TempDir& dir, const tech::Technology& t, std::vector<liberty::Cell> cells,
                   const std::string& name) {
  Diagnostics diag;
  auto lib = imc::imc_library(t, std::move(cells), diag);
  INFO(diag.str());
  REQUIRE(lib);
  auto text = liberty::write_liberty(*lib, diag);
  REQUIRE(text);
  std::string err;
  REQUIRE(write_file_atomic(dir.path() / name, *text, err));
  return dir.path() / name;
}

/// Reference models: MATCH = AND of XNORs (or, for `wrong`, OR of XNORs), the stand-in inverters.
std::string reference(const std::vector<int>& widths, const std::string& column, bool wrong = false) {
  std::string v = "module ref_IMAC_NEURON(input IN, output OUT);\n  assign OUT = ~IN;\nendmodule\n";
  v += fmt::format("module ref_{}(input X, output OUT);\n  assign OUT = ~X;\nendmodule\n", column);
  for (int w : widths) {
    std::string ports, expr;
    for (int k = 0; k < w; ++k) {
      ports += fmt::format("input S{0}, input D{0}, ", k);
      expr += fmt::format("{}~(S{}^D{})", k ? (wrong ? " | " : " & ") : "", k, k);
    }
    v += fmt::format("module ref_CAM_WORD_W{}({}output MATCH);\n  assign MATCH = {};\nendmodule\n", w, ports, expr);
  }
  return v;
}

}  // namespace

TEST_CASE("imc libraries: OpenSTA reads them, Yosys proves the functions, ABC reads them", "[ngspice][client]") {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  auto neuron = imc::characterize_neuron(engine, imc::neuron_from_technology(*t), *t, diag);
  const imc::ColumnParams cp = imc::column_from_technology(*t, 8);
  auto col = imc::sweep_column(engine, cp, *t, 8, diag);
  std::vector<liberty::Cell> cams;
  auto write = imc::cam_write(engine, imc::cam_write_from_technology(*t), *t, diag);
  INFO(diag.str());
  REQUIRE(write);
  for (int w : {4, 8}) {
    const imc::CamParams p = imc::cam_from_technology(*t, w);
    std::vector<int> stored(static_cast<std::size_t>(w));
    for (int k = 0; k < w; ++k) stored[static_cast<std::size_t>(k)] = (5 * k + 3) % 7 < 3 ? 1 : 0;
    auto s = imc::cam_sense_window(engine, p, *t, stored, diag);
    INFO(diag.str());
    REQUIRE(s);
    auto prof = imc::cam_miss_profile(engine, p, *t, stored, *s, {0, 1, 2, w}, diag);
    REQUIRE(prof);
    cams.push_back(imc::cam_word_cell(p, *s, *prof, *write));
  }
  INFO(diag.str());
  REQUIRE(neuron);
  REQUIRE(col);
  const liberty::Cell nc = imc::imac_neuron_cell(*t, *neuron);
  const liberty::Cell cc = imc::imac_column_cell(*t, cp, *col, nullptr);
  TempDir dir("rtmchar-imc");
  const fs::path cam_lib = write_lib(dir, *t, cams, "cam.lib");
  const fs::path neuron_lib = write_lib(dir, *t, {nc}, "neuron.lib");
  const fs::path column_lib = write_lib(dir, *t, {cc}, "column.lib");
  const fs::path all_lib = write_lib(dir, *t, {cams[0], cams[1], nc, cc}, "all.lib");

  if (tool_available("sta")) {
    for (const auto& lib : {cam_lib, neuron_lib, column_lib}) {
      auto r = check_opensta_reads(lib);
      INFO(lib.string() << "\n" << r.str());
      CHECK(r.ok);
    }
  }
  if (tool_available("yosys")) {
    const std::string ref = reference({4, 8}, cc.name);
    auto r = prove_functions_yosys(all_lib, ref, {"CAM_WORD_W4", "CAM_WORD_W8", "IMAC_NEURON", cc.name});
    INFO(r.str());
    CHECK(r.ok);
    // Known-bad reference: a match on ANY equal bit must not prove.
    CHECK_FALSE(prove_functions_yosys(all_lib, reference({4}, cc.name, true), {"CAM_WORD_W4"}).ok);
  }
  if (tool_available("berkeley-abc")) {
    auto r = check_abc(all_lib, {"CAM_WORD_W4", "CAM_WORD_W8", "IMAC_NEURON"});
    INFO(r.str());
    CHECK(r.ok);
  }
}
