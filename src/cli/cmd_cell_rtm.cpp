// rtmchar cell fa_rtm|fa_tr: the racetrack full adders characterized into Liberty + JSON, and
// their per-add figures next to each other and to the CMOS mirror adder fa_cmos in the same
// technology (docs/racetrack-cells.md, "Comparison").
#include <fmt/format.h>

#include "cli/cmd_cell.h"
#include "cli/common.h"
#include "devices/from_technology.h"
#include "liberty/writer.h"
#include "plot/charts.h"
#include "rtm/adder_compare.h"
#include "rtm/fa_rtm_charz.h"
#include "rtm/fa_tr_charz.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

// The characterization grid and shift table from the rtmchar cell flags: --slews is the clock
// slew grid, --loads the output load grid; the shift table runs at 2 and 3 x the techfile
// track's depinning current. `summary` = only the first grid point and no shift table (the
// other adder's row of the comparison).
template <typename CharOptions>
CharOptions adder_options(const Inputs& in, bool summary) {
  CharOptions fo;
  if (!in.opts.slews.empty()) fo.clock_slews = in.opts.slews;
  if (!in.opts.loads.empty()) fo.loads = in.opts.loads;
  if (summary) {
    fo.clock_slews.resize(1);
    fo.loads.resize(1);
    return fo;
  }
  const double idep = devices::racetrack_from_technology(in.tech).depinning_current();
  fo.shift_currents = {2 * idep, 3 * idep};
  return fo;
}

// Characterizes the racetrack adder `cell` (fa_rtm or fa_tr) with `params`.
std::optional<rtm::RtmAdderResult> characterize(const Inputs& in, const netlist::CellDef& cell,
                                                const netlist::ParamValues& params, bool summary,
                                                sim::Engine& engine, Diagnostics& diag) {
  if (cell.name == "fa_tr")
    return rtm::characterize_fa_tr(in.tech, cell, params, in.opts, adder_options<rtm::FaTrCharOptions>(in, summary),
                                   engine, diag);
  return rtm::characterize_fa_rtm(in.tech, cell, params, in.opts, adder_options<rtm::FaRtmCharOptions>(in, summary),
                                  engine, diag);
}

// The comparison rows: the characterized adder, the other racetrack adder at its defaults (one
// grid point) and fa_cmos under the same period, clock edge and load. nullopt on error. The other
// racetrack adder is a reference row only: if it cannot be characterized in this technology, its
// errors become warnings (rtm.comparison) and its row says so, and the cell's own library and
// JSON are still written.
std::optional<std::vector<rtm::AdderFigures>> comparison(const Inputs& in, const rtm::RtmAdderResult& r,
                                                         double period, sim::Engine& engine, Diagnostics& diag) {
  std::vector<rtm::AdderFigures> rows = rtm::adder_figures(r);
  auto other = netlist::load_cell(r.cell == "fa_tr" ? "fa_rtm" : "fa_tr", diag);
  auto cmos = netlist::load_cell("fa_cmos", diag);
  if (!other || !cmos) return std::nullopt;
  Diagnostics odiag;
  auto o = characterize(in, *other, netlist::default_params(*other), true, engine, odiag);
  if (o) {
    for (rtm::AdderFigures& f : rtm::adder_figures(*o)) rows.push_back(std::move(f));
  } else {
    std::string why;
    for (Diagnostic d : odiag.all()) {
      if (d.severity == Severity::Error && why.empty()) why = d.id + ": " + d.message;
      if (d.severity == Severity::Error) d.severity = Severity::Warning;
      diag.add(std::move(d));
    }
    diag.warning("rtm.comparison", SourceLoc::at(other->file),
                 fmt::format("{} could not be characterized at {} (warnings above); its comparison row is left out",
                             other->name, in.tech.name()));
    rtm::AdderFigures f;
    f.name = other->name;
    f.failure = "not characterized at " + in.tech.name() + ": " + why;
    rows.push_back(std::move(f));
  }
  const rtm::BaselineBench bench{period, in.opts.slew.full_ramp(r.slews.front()), r.loads.front()};
  auto c = rtm::cmos_adder_figures(engine, in.tech, *cmos, netlist::default_params(*cmos), r.vdd, bench, diag);
  if (!c) return std::nullopt;
  rows.push_back(*c);
  return rows;
}

nlohmann::json to_json(const rtm::AdderFigures& f) {
  if (!f.failure.empty()) return {{"adder", f.name}, {"error", f.failure}};
  return {{"adder", f.name},   {"latency_s", f.latency}, {"energy_per_add_J", f.energy},
          {"area_m2", f.area}, {"leakage_W", f.leakage}, {"basis", f.basis}};
}

void print_adder(const rtm::RtmAdderResult& r) {
  fmt::print("{} @ {} (VDD {} V, {} degC): clocked on CLK, grid {}x{}, {} data domains per track\n", r.cell, r.tech,
             units::format_number(r.vdd), units::format_number(r.temperature), r.slews.size(), r.loads.size(),
             r.domains);
  for (const charz::ClockArcTables& t : r.clock_arcs)
    fmt::print("  CLK->{} {}: {} .. {}\n", t.output, netlist::to_string(t.output_edge),
               units::format_eng(t.delay.front(), "s"), units::format_eng(t.delay.back(), "s"));
  for (const charz::ConstraintTable& c : r.constraints)
    fmt::print("  {} {} {}: {}\n", c.kind == charz::ConstraintKind::Setup ? "setup" : "hold", c.data_pin,
               netlist::to_string(c.data_edge), units::format_eng(c.values.front(), "s"));
  fmt::print("  read (sense decision) {}, energy per evaluation {}\n", units::format_eng(r.read_latency, "s"),
             units::format_eng(r.energy_per_evaluation, "J"));
  if (r.transverse_read)
    fmt::print("  transverse read: level step {}, worst margin {} ({} of a step), read current {} (I_dep {})\n",
               units::format_eng(r.transverse_read->step, "V"), units::format_eng(r.transverse_read->margin, "V"),
               units::format_sig(r.transverse_read->margin_fraction, 3),
               units::format_eng(r.transverse_read->read_current, "A"),
               units::format_eng(r.transverse_read->depinning_current, "A"));
  for (const rtm::ShiftEntry& e : r.shift)
    fmt::print("  shift one domain at {}: minimum pulse {}, track energy {}\n", units::format_eng(e.current, "A"),
               units::format_eng(e.min_pulse, "s"), units::format_eng(e.energy, "J"));
}

}  // namespace

bool is_racetrack_adder(const netlist::CellDef& cell) { return cell.name == "fa_rtm" || cell.name == "fa_tr"; }

int run_racetrack_adder(const CellOptions& o, const GlobalOptions& global, const Inputs& in, sim::Engine& engine) {
  Diagnostics diag;
  auto r = characterize(in, in.cell, in.params, false, engine, diag);
  std::optional<liberty::Library> lib;
  if (r) lib = rtm::make_adder_library(*r, in.tech, in.opts, diag);
  std::optional<std::string> text;
  if (lib) text = liberty::write_liberty(*lib, diag);
  const double period = in.cell.name == "fa_tr" ? rtm::FaTrCharOptions{}.period : rtm::FaRtmCharOptions{}.period;
  auto rows = text ? comparison(in, *r, period, engine, diag) : std::nullopt;
  if (!rows) {
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }
  nlohmann::json j = rtm::to_json(*r);
  j["comparison"] = nlohmann::json::array();
  for (const rtm::AdderFigures& f : *rows) j["comparison"].push_back(to_json(f));
  const std::string stem = r->cell + "_" + lib->name.substr(std::string("rtmchar_").size());
  std::vector<std::string> written;
  if (!write_outputs(o.out_dir, stem, {{".lib", *text}, {".json", j.dump(2) + "\n"}}, written, diag) ||
      (o.plot && !plot::write_clock_arc_plots(o.out_dir, r->cell + " " + r->tech, "CLK", r->slews, r->loads,
                                              r->clock_arcs, stem, written, diag))) {
    print_diagnostics(diag, global);
    return kExitBadInput;
  }
  print_diagnostics(diag, global);
  if (global.quiet) return kExitOk;
  print_adder(*r);
  fmt::print("  per add at {} (VDD {} V, clock period {}):\n{}", r->tech, units::format_number(r->vdd),
             units::format_eng(period, "s"), rtm::format_comparison(*rows));
  fmt::print("  {} simulations for {}\n", r->simulations, r->cell);
  for (const std::string& f : written) fmt::print("  wrote {}\n", f);
  return kExitOk;
}

}  // namespace rtmchar::cli
