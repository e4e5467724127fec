// rtmchar cell rtm_track|read_port|write_port|shift_driver: racetrack storage cells and their
// memory-operation tables into Liberty + JSON (docs/racetrack-cells.md, "Memory operations").
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/cmd_cell.h"
#include "cli/common.h"
#include "liberty/writer.h"
#include "rtm/memcells.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

void print_memory_cell(const rtm::MemCellResult& r) {
  fmt::print("{} @ {} (VDD {} V, {} degC): area {} um^2, leakage {}\n", r.cell, r.tech, units::format_number(r.vdd),
             units::format_number(r.temperature), units::format_sig(r.area * 1e12, 4),
             units::format_eng(r.leakage, "W"));
  for (const auto& [pin, c] : r.pin_caps) fmt::print("  pin {}: C {}\n", pin, units::format_eng(c, "F"));
  for (const rtm::MemOperation& o : r.operations)
    fmt::print("  {}: latency {}, energy {}{}\n", o.op, units::format_eng(o.latency, "s"),
               units::format_eng(o.energy, "J"),
               o.current ? fmt::format(", {} {}", o.op == "read" ? "I(0) - I(1)" : "current",
                                       units::format_eng(*o.current, "A"))
                         : "");
  for (const rtm::MemTable& t : r.tables) {
    fmt::print("  {} vs {}: {}\n", t.op, t.axis, fmt::join(t.columns, " | "));
    for (const auto& row : t.rows) {
      std::vector<std::string> cells;
      for (double v : row) cells.push_back(units::format_sig(v, 4));
      fmt::print("    {}\n", fmt::join(cells, " | "));
    }
  }
  for (const std::string& f : r.findings) fmt::print("  finding: {}\n", f);
  fmt::print("  {} simulations\n", r.simulations);
}

}  // namespace

bool is_memory_cell(const netlist::CellDef& cell) { return rtm::is_memory_cell(cell.name); }

int run_memory_cell(const CellOptions& o, const GlobalOptions& global, const Inputs& in, sim::Engine& engine) {
  Diagnostics diag;
  for (const auto& [flag, given] : {std::pair{"--slews", !o.slews.empty()}, {"--loads", !o.loads.empty()},
                                    {"--sparse", o.sparse}, {"--plot", o.plot}, {"--grid", o.grid != CellOptions{}.grid}}) {
    if (given)
      diag.error("cli.usage", SourceLoc::cli(flag),
                 fmt::format("{} does not apply to {}: its tables sweep the cell's own parameters", flag, in.cell.name));
  }
  if (!diag.has_errors()) rtm::validate_memory_params(in.tech, in.cell, in.params, SourceLoc::cli("--param"), diag);
  if (diag.has_errors()) return print_diagnostics(diag, global), kExitBadInput;
  auto r = rtm::characterize_memory_cell(in.tech, in.cell, in.params, in.opts, rtm::MemCharOptions{}, engine, diag);
  std::optional<liberty::Library> lib;
  if (r) lib = rtm::memory_library(in.tech, in.opts, {rtm::memory_liberty_cell(*r, in.cell)}, diag);
  std::optional<std::string> text;
  if (lib) text = liberty::write_liberty(*lib, diag);
  if (!text) {
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }
  const std::string stem = r->cell + "_" + lib->name.substr(std::string("rtmchar_").size());
  std::vector<std::string> written;
  if (!write_outputs(o.out_dir, stem, {{".lib", *text}, {".json", rtm::to_json(*r).dump(2) + "\n"}}, written, diag)) {
    print_diagnostics(diag, global);
    return kExitBadInput;
  }
  print_diagnostics(diag, global);
  if (global.quiet) return kExitOk;
  print_memory_cell(*r);
  for (const std::string& f : written) fmt::print("  wrote {}\n", f);
  return kExitOk;
}

}  // namespace rtmchar::cli
