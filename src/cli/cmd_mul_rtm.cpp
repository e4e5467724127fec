// rtmchar cell mul_rtm --bits N: the racetrack in-memory multiplier composed from rtmchar's own
// characterization of fa_rtm (and of fa_cmos, nand2, inv for the merging ripple and the CMOS
// reference multiplier), in the same technology (docs/composer.md, "mul_rtm").
#include <fmt/format.h>

#include <random>

#include "charz/library.h"
#include "cli/cmd_cell.h"
#include "cli/common.h"
#include "compose/builders.h"
#include "devices/from_technology.h"
#include "rtm/fa_rtm_charz.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

// Random operand pairs of the energy averages (fixed seed: reproducible).
constexpr int kEnergyPairs = 200;
constexpr std::uint64_t kEnergySeed = 5;

// Figures of one composed multiplier.
struct MulFigures {
  compose::ClockedReport timing;
  double energy = 0;             ///< mean per multiply (clocked cells clocked once: pipelined), J
  double energy_standalone = 0;  ///< mean per multiply when every clocked cell is clocked for all cycles, J
  double area = 0;               ///< m^2
  int instances = 0;
};

// Mean energy over kEnergyPairs random consecutive operand pairs; `vector` maps (a, b) to the
// circuit's inputs.
template <typename Vector>
std::optional<double> mean_energy(const compose::Circuit& c, int bits, const compose::Conditions& cond, Vector vector,
                                  Diagnostics& diag) {
  std::mt19937_64 gen(kEnergySeed);
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  std::uint64_t a = gen() & mask, b = gen() & mask;
  double sum = 0;
  for (int k = 0; k < kEnergyPairs; ++k) {
    const std::uint64_t a1 = gen() & mask, b1 = gen() & mask;
    auto r = c.evaluate(vector(a, b), vector(a1, b1), cond, diag);
    if (!r) return std::nullopt;
    if (compose::VectorReport s = *r; !s.outputs_after.empty()) {
      std::uint64_t p = 0;
      for (std::size_t i = 0; i < s.outputs_after.size(); ++i) p |= (s.outputs_after[i] ? std::uint64_t{1} : 0U) << i;
      if (p != a1 * b1) {
        diag.error("compose.function", {}, fmt::format("composed multiplier gives {} x {} = {}", a1, b1, p));
        return std::nullopt;
      }
    }
    sum += r->energy;
    a = a1;
    b = b1;
  }
  return sum / kEnergyPairs;
}

std::optional<MulFigures> figures(const compose::Circuit& c, int bits, compose::Conditions cond, bool operands_as_pp,
                                  Diagnostics& diag) {
  MulFigures f;
  auto t = c.clocked_timing(cond, diag);
  if (!t) return std::nullopt;
  f.timing = *t;
  auto vector = [&](std::uint64_t a, std::uint64_t b) {
    if (operands_as_pp) return compose::multiplier_operands(bits, a, b);
    std::vector<bool> v;
    for (int i = 0; i < bits; ++i) v.push_back(((a >> i) & 1U) != 0);
    for (int i = 0; i < bits; ++i) v.push_back(((b >> i) & 1U) != 0);
    return v;
  };
  auto e = mean_energy(c, bits, cond, vector, diag);
  if (!e) return std::nullopt;
  f.energy = *e;
  cond.clocked_cycles = t->cycles;
  auto es = mean_energy(c, bits, cond, vector, diag);
  if (!es) return std::nullopt;
  f.energy_standalone = *es;
  f.area = c.area();
  f.instances = c.instance_count();
  return f;
}

nlohmann::json to_json(const MulFigures& f) {
  nlohmann::json path = nlohmann::json::array();
  for (const compose::PathStep& s : f.timing.path)
    path.push_back({{"net", s.net}, {"edge", s.rise ? "rise" : "fall"}, {"arrival_s", s.arrival}, {"slew_s", s.slew}});
  nlohmann::json j = {{"period_s", f.timing.period},
                      {"cycles", f.timing.cycles},
                      {"latency_s", f.timing.latency},
                      {"registers", f.timing.registers},
                      {"critical_stage", {{"launch", f.timing.launch}, {"capture", f.timing.capture}, {"path", path}}},
                      {"energy_per_multiply_J", f.energy},
                      {"energy_per_multiply_standalone_J", f.energy_standalone},
                      {"area_m2", f.area},
                      {"instances", f.instances}};
  if (f.timing.hold_slack) {
    j["hold_slack_s"] = *f.timing.hold_slack;
    j["hold_endpoint"] = f.timing.hold_endpoint;
  }
  return j;
}

}  // namespace

CellOptions mul_rtm_adder_options(const CellOptions& o) {
  CellOptions f = o;
  f.cell = "fa_rtm";
  return f;
}

int run_mul_rtm(const CellOptions& o, const GlobalOptions& global, const Inputs& in, sim::Engine& engine) {
  Diagnostics diag;
  const int bits = o.bits.value_or(4);
  if (bits < 2 || bits > 16) {
    diag.error("cli.bad-value", SourceLoc::cli("--bits"), fmt::format("mul_rtm: --bits {} outside [2, 16]", bits));
  }
  for (const auto& [given, flag] : {std::pair{o.plot, "--plot"}, std::pair{o.sparse, "--sparse"}})
    if (given) diag.error("cli.usage", SourceLoc::cli(flag), fmt::format("{} has no meaning for mul_rtm", flag));
  if (diag.has_errors()) {
    print_diagnostics(diag, global);
    return kExitBadInput;
  }
  // fa_rtm: its own default clock slew x load grid (the same simulations as `rtmchar cell fa_rtm`,
  // so the engine cache serves one from the other), shift table at 2 I_dep for the operand alignment.
  rtm::FaRtmCharOptions fo;
  if (!in.opts.slews.empty()) fo.clock_slews = in.opts.slews;
  if (!in.opts.loads.empty()) fo.loads = in.opts.loads;
  fo.shift_currents = {2 * devices::racetrack_from_technology(in.tech).depinning_current()};
  auto fr = rtm::characterize_fa_rtm(in.tech, in.cell, in.params, in.opts, fo, engine, diag);
  std::optional<liberty::Library> rtm_lib;
  if (fr) rtm_lib = rtm::make_adder_library(*fr, in.tech, in.opts, diag);
  // The CMOS cells on the characterizer's automatic grid (--grid points per axis).
  charz::Options copts = in.opts;
  copts.slews.clear();
  copts.loads.clear();
  std::vector<netlist::CellDef> defs;
  std::vector<charz::CharacterizedCell> cells;
  if (rtm_lib) {
    for (const char* name : {"fa_cmos", "nand2", "inv"}) {
      auto def = netlist::load_cell(name, diag);
      if (!def) break;
      defs.push_back(std::move(*def));
    }
    for (const netlist::CellDef& d : defs) {
      auto r = charz::characterize_combinational(in.tech, d, netlist::default_params(d), copts, engine, diag);
      if (!r) break;
      cells.push_back({&d, std::move(*r)});
    }
  }
  std::optional<liberty::Library> cmos_lib, lib;
  if (cells.size() == 3) cmos_lib = charz::make_library(cells, in.tech, copts, diag);
  if (cmos_lib) lib = compose::merge_libraries({&*rtm_lib, &*cmos_lib}, diag);
  if (!lib) {
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }

  const compose::RtmAdderViews views;
  const compose::FullAdderCell cpa;
  compose::Conditions cond;
  cond.clock_slew = fo.clock_slews.front();
  cond.input_slew = fo.clock_slews.front();
  cond.output_load = fo.loads.front();
  cond.vdd = fr->vdd;
  auto ce = compose::rtm_adder_cycle_energy(*lib, views, diag);
  // Hold fixing (docs/composer.md): while a register-to-register hop races (hold slack < 0),
  // lengthen the inverter-pair chains into the pin kind (B or CI) of the worst hold endpoint.
  compose::HoldDelays hold;
  std::optional<compose::ClockedReport> bare;
  auto mul = compose::rtm_array_multiplier(*lib, bits, views, cpa, diag, hold);
  constexpr int kMaxHoldPairs = 16;
  while (mul) {
    auto t = mul->clocked_timing(cond, diag);
    if (!t) break;
    if (!bare) bare = *t;
    if (!t->hold_slack || *t->hold_slack >= 0) break;
    int& pairs = t->hold_endpoint.ends_with("/CI") ? hold.pairs_ci : hold.pairs_b;
    if (pairs == kMaxHoldPairs) break;  // reported as violated below
    ++pairs;
    mul = compose::rtm_array_multiplier(*lib, bits, views, cpa, diag, hold);
  }
  auto cmos = compose::array_multiplier(*lib, bits, cpa, {}, diag);
  std::optional<MulFigures> fm, fc;
  if (ce && mul && cmos) {
    cond.cycle_energy = *ce;
    fm = figures(*mul, bits, cond, true, diag);
    fc = figures(*cmos, bits, cond, false, diag);
  }
  if (!fm || !fc || fr->shift.empty()) {
    if (fm && fc) diag.error("rtm.measure", {}, "mul_rtm: no shift table for the operand alignment");
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }
  // Operand alignment (docs/composer.md): row i reads A under its ports when B<i> = 1 and the
  // neighbouring zero domain when B<i> = 0; a row whose B<i> differs from the previous multiply's
  // shifts its n adders' tracks by one domain (random operands: n/2 rows), all rows in parallel
  // before the first edge.
  const rtm::ShiftEntry& sh = fr->shift.front();
  const double cell_shift_energy = fr->shifted_tracks * sh.energy;
  const double align_energy = 0.5 * bits * bits * cell_shift_energy;
  const double align_latency = sh.min_pulse;

  nlohmann::json j;
  j["schema"] = "rtmchar.mul_rtm/1";
  j["bits"] = bits;
  j["technology"] = fr->tech;
  j["vdd_V"] = fr->vdd;
  j["design"] = {{"array", "Braun (carry-save), one register row per partial-product row, pipelined"},
                 {"partial_products", "racetrack operand A of adder (i,j): pp(i,j) = A<j> & B<i> by operand alignment"},
                 {"merging_adder", "combinational ripple of fa_cmos"},
                 {"energy_pairs", kEnergyPairs}};
  j["conditions"] = {{"clock_slew_s", cond.clock_slew},
                     {"input_slew_s", cond.input_slew},
                     {"output_load_F", cond.output_load},
                     {"fa_rtm_energy_per_evaluation_J", fr->energy_per_evaluation},
                     {"fa_rtm_simulations", fr->simulations}};
  j["mul_rtm"] = to_json(*fm);
  j["mul_rtm"]["hold_fix"] = {{"inverter_pairs_into_B", hold.pairs_b},
                              {"inverter_pairs_into_CI", hold.pairs_ci},
                              {"bare_array_hold_endpoint", bare->hold_endpoint}};
  if (bare->hold_slack) j["mul_rtm"]["hold_fix"]["bare_array_hold_slack_s"] = *bare->hold_slack;
  j["mul_rtm"]["alignment"] = {{"shift_latency_s", align_latency},
                               {"energy_per_multiply_J", align_energy},
                               {"shift_current_A", sh.current},
                               {"latency_with_alignment_s", align_latency + fm->timing.latency},
                               {"energy_with_alignment_J", align_energy + fm->energy}};
  j["cmos_array_multiplier"] = to_json(*fc);
  const std::string stem = fmt::format("mul_rtm{}_{}", bits, lib->name.substr(std::string("rtmchar_").size()));
  std::vector<std::string> written;
  if (!write_outputs(o.out_dir, stem, {{".json", j.dump(2) + "\n"}}, written, diag)) {
    print_diagnostics(diag, global);
    return kExitBadInput;
  }
  print_diagnostics(diag, global);
  if (global.quiet) return kExitOk;
  auto eng = [](double v, const char* u) { return units::format_eng(v, u); };
  fmt::print("mul_rtm {}x{} @ {} (VDD {} V): Braun array of {} fa_rtm (pp(i,j) = racetrack operand), {}-bit fa_cmos "
             "merging ripple; clock slew {}, output load {}\n",
             bits, bits, fr->tech, units::format_number(fr->vdd), bits * bits, bits, eng(cond.clock_slew, "s"),
             eng(cond.output_load, "F"));
  fmt::print("  period {} (critical stage {} -> {}), {} cycles, latency {}\n", eng(fm->timing.period, "s"),
             fm->timing.launch, fm->timing.capture, fm->timing.cycles, eng(fm->timing.latency, "s"));
  if (fm->timing.hold_slack)
    fmt::print("  hold slack {} at {}{}\n", eng(*fm->timing.hold_slack, "s"), fm->timing.hold_endpoint,
               *fm->timing.hold_slack < 0 ? " (VIOLATED: needs delay on that path)" : "");
  if (hold.pairs_b + hold.pairs_ci > 0 && bare->hold_slack)
    fmt::print("  hold fixed with {} inverter pair(s) into every B and {} into every CI between rows (bare array: "
               "{} at {})\n",
               hold.pairs_b, hold.pairs_ci, eng(*bare->hold_slack, "s"), bare->hold_endpoint);
  fmt::print("  energy per multiply {} pipelined, {} standalone (all cells clocked for {} cycles); area {} um^2\n",
             eng(fm->energy, "J"), eng(fm->energy_standalone, "J"), fm->timing.cycles,
             units::format_sig(fm->area * 1e12, 4));
  fmt::print("  + operand alignment (one-domain shift of the rows whose B bit changed, random operands): latency {}, "
             "energy {}\n",
             eng(align_latency + fm->timing.latency, "s"), eng(align_energy + fm->energy, "J"));
  fmt::print("fa_cmos {}x{} Braun multiplier (nand2+inv partial products), same technology: delay {}, energy per "
             "multiply {}, area {} um^2\n",
             bits, bits, eng(fc->timing.latency, "s"), eng(fc->energy, "J"), units::format_sig(fc->area * 1e12, 4));
  fmt::print("  {} simulations for fa_rtm\n", fr->simulations);
  for (const std::string& f : written) fmt::print("  wrote {}\n", f);
  return kExitOk;
}

}  // namespace rtmchar::cli
