// rtmchar cell fa_rtm: the racetrack PCSA full adder characterized into Liberty + JSON, and its
// per-operation figures next to the CMOS mirror adder fa_cmos in the same technology
// (docs/racetrack-cells.md).
#include <fmt/format.h>

#include "cli/cmd_cell.h"
#include "cli/common.h"
#include "devices/from_technology.h"
#include "liberty/writer.h"
#include "plot/charts.h"
#include "rtm/adder_compare.h"
#include "rtm/fa_rtm_charz.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

// fa_rtm options from the rtmchar cell flags: --slews is the clock slew grid, --loads the output
// load grid; the shift table runs at 2 and 3 x the techfile track's depinning current.
rtm::FaRtmCharOptions adder_options(const Inputs& in) {
  rtm::FaRtmCharOptions fo;
  if (!in.opts.slews.empty()) fo.clock_slews = in.opts.slews;
  if (!in.opts.loads.empty()) fo.loads = in.opts.loads;
  const double idep = devices::racetrack_from_technology(in.tech).depinning_current();
  fo.shift_currents = {2 * idep, 3 * idep};
  return fo;
}

nlohmann::json to_json(const rtm::AdderFigures& f) {
  return {{"adder", f.name},     {"latency_s", f.latency}, {"energy_per_add_J", f.energy},
          {"area_m2", f.area},   {"leakage_W", f.leakage}, {"basis", f.basis}};
}

void print_adder(const rtm::FaRtmResult& r) {
  fmt::print("{} @ {} (VDD {} V, {} degC): clocked on CLK, grid {}x{}, {} data domains per track\n", r.cell, r.tech,
             units::format_number(r.vdd), units::format_number(r.temperature), r.slews.size(), r.loads.size(),
             r.domains);
  for (const charz::ClockArcTables& t : r.clock_arcs)
    fmt::print("  CLK->{} {}: {} .. {}\n", t.output, netlist::to_string(t.output_edge),
               units::format_eng(t.delay.front(), "s"), units::format_eng(t.delay.back(), "s"));
  for (const charz::ConstraintTable& c : r.constraints)
    fmt::print("  {} {} {}: {}\n", c.kind == charz::ConstraintKind::Setup ? "setup" : "hold", c.data_pin,
               netlist::to_string(c.data_edge), units::format_eng(c.values.front(), "s"));
  fmt::print("  read (PCSA decision) {}, energy per evaluation {}\n", units::format_eng(r.read_latency, "s"),
             units::format_eng(r.energy_per_evaluation, "J"));
  for (const rtm::ShiftEntry& e : r.shift)
    fmt::print("  shift one domain at {}: minimum pulse {}, track energy {}\n", units::format_eng(e.current, "A"),
               units::format_eng(e.min_pulse, "s"), units::format_eng(e.energy, "J"));
}

}  // namespace

bool is_racetrack_adder(const netlist::CellDef& cell) { return cell.name == "fa_rtm"; }

int run_racetrack_adder(const CellOptions& o, const GlobalOptions& global, const Inputs& in, sim::Engine& engine) {
  Diagnostics diag;
  const rtm::FaRtmCharOptions fo = adder_options(in);
  auto r = rtm::characterize_fa_rtm(in.tech, in.cell, in.params, in.opts, fo, engine, diag);
  std::optional<liberty::Library> lib;
  if (r) lib = rtm::make_fa_rtm_library(*r, in.tech, in.opts, diag);
  std::optional<std::string> text;
  if (lib) text = liberty::write_liberty(*lib, diag);
  // The baseline: fa_cmos at the same supply, period, clock edge and load.
  std::optional<rtm::AdderFigures> cmos;
  auto cmos_cell = text ? netlist::load_cell("fa_cmos", diag) : std::nullopt;
  if (cmos_cell) {
    const rtm::BaselineBench bench{fo.period, in.opts.slew.full_ramp(r->slews.front()), r->loads.front()};
    cmos = rtm::cmos_adder_figures(engine, in.tech, *cmos_cell, netlist::default_params(*cmos_cell), r->vdd, bench,
                                   diag);
  }
  if (!cmos) {
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }
  std::vector<rtm::AdderFigures> rows = rtm::fa_rtm_figures(*r);
  rows.push_back(*cmos);
  nlohmann::json j = rtm::to_json(*r);
  j["comparison"] = nlohmann::json::array();
  for (const rtm::AdderFigures& f : rows) j["comparison"].push_back(to_json(f));
  const std::string stem = r->cell + "_" + lib->name.substr(std::string("rtmchar_").size());
  std::vector<std::string> written;
  if (!write_outputs(o.out_dir, stem, {{".lib", *text}, {".json", j.dump(2) + "\n"}}, written, diag) ||
      (o.plot && !plot::write_clock_arc_plots(o.out_dir, r->cell + " " + r->tech, "CLK", r->slews, r->loads,
                                              r->clock_arcs, stem, written, diag))) {
    print_diagnostics(diag, global);
    return kExitBadInput;
  }
  if (global.quiet) return kExitOk;
  print_adder(*r);
  fmt::print("  per add, {} (fa_tr: not characterized yet, docs/racetrack-cells.md):\n{}", r->tech,
             rtm::format_comparison(rows));
  fmt::print("  {} simulations\n", r->simulations);
  for (const std::string& f : written) fmt::print("  wrote {}\n", f);
  return kExitOk;
}

}  // namespace rtmchar::cli
