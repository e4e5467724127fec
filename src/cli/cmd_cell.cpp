// rtmchar cell: characterize one cell and write <cell>_<tech>.lib / .json / .csv.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>
#include <iostream>

#include "charz/area.h"
#include "charz/characterize.h"
#include "charz/library.h"
#include "charz/sequential.h"
#include "cli/app.h"
#include "cli/cmd_cell.h"
#include "cli/common.h"
#include "liberty/writer.h"
#include "netlist/cell.h"
#include "netlist/spice.h"
#include "netlist/user_cell.h"
#include "plot/charts.h"
#include "tech/technology.h"
#include "util/fs.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

// The cell: a built-in or .toml definition, or a user subcircuit with --function outputs.
std::optional<netlist::CellDef> load_cell_def(const CellOptions& o, std::optional<netlist::SpiceNetlist>& user,
                                              Diagnostics& diag) {
  if (o.netlist.empty() == o.cell.empty()) {
    diag.error("cli.usage", SourceLoc::cli("--netlist"), "give either a cell name or --netlist FILE --subckt NAME");
    return std::nullopt;
  }
  if (o.netlist.empty()) return netlist::load_cell(o.cell, diag);
  if (o.subckt.empty() || o.functions.empty()) {
    diag.error("cli.usage", SourceLoc::cli("--subckt"), "--netlist needs --subckt and at least one --function");
    return std::nullopt;
  }
  user = netlist::load_spice(o.netlist, diag);
  if (!user) return std::nullopt;
  return netlist::make_user_cell(*user, o.netlist, {o.subckt, o.functions, o.vdd_pins, o.gnd_pins}, diag);
}

std::optional<Inputs> load_inputs(const CellOptions& o, Diagnostics& diag) {
  std::vector<std::string> sets = o.sets;
  if (!o.models.empty()) sets.push_back("models.file=" + std::filesystem::absolute(o.models).string());
  auto tech = tech::load(o.tech, sets, diag);
  std::optional<netlist::SpiceNetlist> user;
  auto cell = load_cell_def(o, user, diag);
  if (!tech || !cell) return std::nullopt;
  auto params = netlist::apply_param_overrides(*cell, o.params, diag, "--param");
  if (!params) return std::nullopt;
  charz::Options opts;
  opts.grid_size = o.grid;
  opts.sparse = o.sparse;
  opts.sparse_tolerance = o.sparse_tol;
  opts.all_states = o.states == "all";
  if (!o.vdd.empty()) {
    auto v = parse_flag_quantity(o.vdd, "V", "--vdd", diag);
    if (!v) return std::nullopt;
    if (!(*v > 0)) {
      diag.error("cli.bad-value", SourceLoc::cli("--vdd"), "the supply must be positive");
      return std::nullopt;
    }
    opts.vdd = v;
  }
  if (!o.temp.empty()) {
    auto t = parse_flag_quantity(o.temp, "degC", "--temp", diag);
    if (!t) return std::nullopt;
    opts.temperature = t;
  }
  if (!o.slews.empty()) {
    auto s = parse_list(o.slews, "s", "--slews", diag);
    if (!s) return std::nullopt;
    opts.slews = *s;
  }
  if (!o.loads.empty()) {
    auto l = parse_list(o.loads, "F", "--loads", diag);
    if (!l) return std::nullopt;
    opts.loads = *l;
  }
  if (cell->kind != netlist::CellKind::Combinational && cell->kind != netlist::CellKind::FlipFlop) {
    diag.error("cli.unsupported", SourceLoc::at(cell->file),
               fmt::format("cell {} is {}; this version characterizes combinational cells and flip-flops only", cell->name,
                           netlist::to_string(cell->kind)));
    return std::nullopt;
  }
  // The memory cells sweep their array sizes (rtm_track's ports) and instantiate per point; every
  // other flow characterizes the cell at its parameters.
  if (!is_memory_cell(*cell)) *cell = netlist::instantiate(*cell, *params);
  return Inputs{std::move(*tech), std::move(*cell), std::move(*params), std::move(opts), std::move(user)};
}

void print_summary(const charz::CellResult& r, const std::vector<std::string>& files) {
  fmt::print("{} @ {} (VDD {} V, {} degC): {} arcs, grid {}x{}, area {} um^2, leakage {}\n", r.cell, r.tech,
             units::format_number(r.vdd), units::format_number(r.temperature), r.arcs.size(), r.slews.size(),
             r.loads.size(), units::format_sig(r.area * 1e12, 4), units::format_eng(r.leakage_average, "W"));
  for (const auto& [pin, c] : r.pin_caps)
    fmt::print("  pin {}: C_rise {}, C_fall {}\n", pin, units::format_eng(c.rise, "F"), units::format_eng(c.fall, "F"));
  const size_t mid = (r.slews.size() / 2) * r.loads.size();
  for (const charz::ArcResult& a : r.arcs) {
    for (const charz::EdgeTables& t : a.edges) {
      fmt::print("  {}->{} {:4} in{}: delay {}, transition {}, energy {} (slew {}, load {})\n", a.input, a.output,
                 netlist::to_string(t.input_edge), t.when.empty() ? "" : " when " + t.when,
                 units::format_eng(t.delay[mid], "s"), units::format_eng(t.transition[mid], "s"),
                 units::format_eng(t.energy[mid], "J"), units::format_eng(r.slews[r.slews.size() / 2], "s"),
                 units::format_eng(r.loads[0], "F"));
    }
  }
  for (const std::string& w : r.warnings) fmt::print("  warning: {}\n", w);
  fmt::print("  {} simulations ({} from cache, {} retried) in {} s\n", r.stats.simulations, r.stats.cache_hits,
             r.stats.retries, units::format_sig(r.stats.wall_seconds, 3));
  double worst = 0;  // largest held-out error of a table that has filled points
  for (const charz::ArcResult& a : r.arcs)
    for (const charz::EdgeTables& t : a.edges)
      if (std::find(t.simulated.begin(), t.simulated.end(), false) != t.simulated.end())
        for (const auto& [q, f] : t.fits) worst = std::max(worst, f.held_out_max_error);
  if (r.stats.saved_by_sparse > 0)
    fmt::print("  sparse: {} grid points filled from fits, largest held-out error of a filled table {} %\n",
               r.stats.saved_by_sparse, units::format_sig(100 * worst, 3));
  for (const std::string& f : files) fmt::print("  wrote {}\n", f);
}

// Flip-flops: clock-to-output, setup/hold, capacitance, leakage (docs/sequential.md).
int run_sequential(const CellOptions& o, const GlobalOptions& global, const Inputs& in, sim::Engine& engine) {
  Diagnostics diag;
  const charz::SequentialOptions seq;
  auto r = charz::characterize_sequential(in.tech, in.cell, in.params, in.opts, seq, engine, diag);
  std::optional<liberty::Library> lib;
  if (r) lib = charz::make_sequential_library(in.cell, *r, in.tech, in.opts, diag);
  std::optional<std::string> text;
  if (lib) text = liberty::write_liberty(*lib, diag);
  if (!text) {
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }
  const std::string stem = r->cell + "_" + lib->name.substr(std::string("rtmchar_").size());
  std::vector<std::string> written;
  if (!write_outputs(o.out_dir, stem,
                     {{".lib", *text}, {".json", charz::to_json(*r).dump(2) + "\n"}, {".csv", charz::to_csv(*r)}},
                     written, diag) ||
      (o.plot && !plot::write_clock_arc_plots(o.out_dir, r->cell + " " + r->tech, r->clock, r->slews, r->loads,
                                              r->clock_arcs, stem, written, diag))) {
    print_diagnostics(diag, global);
    return kExitBadInput;
  }
  if (global.quiet) return kExitOk;
  fmt::print("{} @ {} (VDD {} V, {} degC): clocked on {}, grid {}x{}, constraints {}x{}, area {} um^2, leakage {}\n",
             r->cell, r->tech, units::format_number(r->vdd), units::format_number(r->temperature), r->clock,
             r->slews.size(), r->loads.size(), r->constraint_clock_slews.size(), r->constraint_data_slews.size(),
             units::format_sig(r->area * 1e12, 4), units::format_eng(r->leakage_average, "W"));
  for (const auto& [pin, c] : r->pin_caps)
    fmt::print("  pin {}: C_rise {}, C_fall {}\n", pin, units::format_eng(c.rise, "F"), units::format_eng(c.fall, "F"));
  for (const charz::ClockArcTables& t : r->clock_arcs)
    fmt::print("  {}->{} {}: clock-to-output {} .. {}\n", r->clock, t.output, netlist::to_string(t.output_edge),
               units::format_eng(t.delay.front(), "s"), units::format_eng(t.delay.back(), "s"));
  for (const charz::ConstraintTable& c : r->constraints)
    fmt::print("  {} {} {}: {} .. {}\n", c.kind == charz::ConstraintKind::Setup ? "setup" : "hold", c.data_pin,
               netlist::to_string(c.data_edge), units::format_eng(c.values.front(), "s"),
               units::format_eng(c.values.back(), "s"));
  for (const std::string& w : r->warnings) fmt::print("  warning: {}\n", w);
  fmt::print("  {} simulations in {} s\n", r->stats.simulations, units::format_sig(r->stats.wall_seconds, 3));
  for (const std::string& f : written) fmt::print("  wrote {}\n", f);
  return kExitOk;
}

int run_cell(const CellOptions& o, const GlobalOptions& global) {
  if (o.netlist.empty() && is_imc_cell(o.cell)) return run_imc_cell(o, global);
  Diagnostics diag;
  const bool mul_rtm = o.netlist.empty() && o.cell == "mul_rtm";
  if (!mul_rtm && o.bits) diag.error("cli.usage", SourceLoc::cli("--bits"), "--bits applies to mul_rtm only");
  auto in = diag.has_errors() ? std::nullopt : load_inputs(mul_rtm ? mul_rtm_adder_options(o) : o, diag);
  print_diagnostics(diag, global);
  if (!in) return kExitBadInput;
  diag.clear();
  if (global.verbose > 0) in->opts.log = [](const std::string& msg) { std::cerr << "rtmchar: note: " << msg << '\n'; };
  sim::Engine engine(engine_options(global));
  if (mul_rtm) return run_mul_rtm(o, global, *in, engine);
  if (is_racetrack_adder(in->cell)) return run_racetrack_adder(o, global, *in, engine);
  if (o.netlist.empty() && is_memory_cell(in->cell)) return run_memory_cell(o, global, *in, engine);
  if (in->cell.kind == netlist::CellKind::FlipFlop) return run_sequential(o, global, *in, engine);
  auto result = charz::characterize_combinational(in->tech, in->cell, in->params, in->opts, engine, diag);
  if (!result) {
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }
  if (in->user_netlist) {
    // A user subcircuit has no transistor groups: its area comes from its own MOSFETs.
    int skipped = 0;
    result->area = charz::netlist_cell_area(in->tech, *in->user_netlist->find(o.subckt), skipped);
    if (skipped > 0)
      result->warnings.push_back(fmt::format("area excludes {} subcircuit instance(s) of {}", skipped, o.subckt));
  }
  std::vector<charz::CharacterizedCell> cells = {{&in->cell, *result}};
  auto lib = charz::make_library(cells, in->tech, in->opts, diag);
  std::optional<std::string> text;
  if (lib) text = liberty::write_liberty(*lib, diag);
  if (!text) {
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }
  // File stem: <cell>_<tech and corner suffix>, e.g. fa_cmos_32nm or fa_cmos_32nm_0p8V.
  const std::string stem = result->cell + "_" + lib->name.substr(std::string("rtmchar_").size());
  const std::filesystem::path dir = o.out_dir;
  const std::vector<std::pair<std::filesystem::path, std::string>> outputs = {
      {dir / (stem + ".lib"), *text},
      {dir / (stem + ".json"), charz::to_json(*result).dump(2) + "\n"},
      {dir / (stem + ".csv"), charz::to_csv(*result)}};
  std::vector<std::string> written;
  for (const auto& [path, content] : outputs) {
    std::string err;
    if (!write_file_atomic(path, content, err)) {
      diag.error("cli.write", SourceLoc::cli("-o"), err);
      print_diagnostics(diag, global);
      return kExitBadInput;
    }
    written.push_back(path.string());
  }
  if (o.plot && !plot::write_cell_plots(dir, stem, *result, written, diag)) {
    print_diagnostics(diag, global);
    return kExitBadInput;
  }
  if (!global.quiet) print_summary(*result, written);
  return kExitOk;
}

}  // namespace

bool write_outputs(const std::filesystem::path& dir, const std::string& stem,
                   const std::vector<std::pair<std::string, std::string>>& ext_content,
                   std::vector<std::string>& written, Diagnostics& diag) {
  for (const auto& [ext, content] : ext_content) {
    std::string err;
    const std::filesystem::path path = dir / (stem + ext);
    if (!write_file_atomic(path, content, err)) {
      diag.error("cli.write", SourceLoc::cli("-o"), err);
      return false;
    }
    written.push_back(path.string());
  }
  return true;
}

void add_cell(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<CellOptions>();
  CLI::App* sub = app.add_subcommand("cell", "Characterize a cell and write <cell>_<tech>.lib/.json/.csv");
  sub->add_option("cell", opts->cell, "Built-in cell name (see docs/cells.md) or a cell definition .toml");
  sub->add_option("--tech", opts->tech, "Technology: built-in name (32nm, 32nm-lp, 45nm, ...) or techfile path")
      ->capture_default_str();
  sub->add_option("--set", opts->sets, "Override a technology value, KEY=VALUE (repeatable)");
  sub->add_option("--param", opts->params, "Override a cell parameter, NAME=VALUE (repeatable)");
  sub->add_option("--vdd", opts->vdd, "Supply voltage (default: the techfile's)");
  sub->add_option("--temp", opts->temp, "Temperature in degC (default: the techfile's)");
  sub->add_option("--slews", opts->slews, "Input transition grid, e.g. 10p,20p,50p (default: from the cell)");
  sub->add_option("--loads", opts->loads, "Output load grid, e.g. 1f,4f,16f (default: FO1..FO64 of the cell)");
  sub->add_option("--grid", opts->grid, "Points per axis of an automatic grid")->check(CLI::Range(2, 15))
      ->capture_default_str();
  sub->add_option("-o,--output", opts->out_dir, "Output directory")->capture_default_str();
  sub->add_option("--bits", opts->bits, "Operand width of mul_rtm (default 4)");
  sub->add_flag("--sparse", opts->sparse,
                "Simulate a subset of each table and fill the rest from a fit verified at held-out points");
  sub->add_option("--sparse-tol", opts->sparse_tol,
                  "Largest held-out fit error of a --sparse run, relative to the table's largest value")
      ->check(CLI::Range(1e-6, 0.5))
      ->capture_default_str();
  sub->add_option("--states", opts->states,
                  "Side-input states characterized: all (every sensitizing state, a when-conditioned timing "
                  "and internal_power group each, unconditioned timing = their worst case) or default (one "
                  "state per arc polarity)")
      ->check(CLI::IsMember({"all", "default"}))
      ->capture_default_str();
  sub->add_flag("--plot", opts->plot, "Also write one SVG per arc, edge and quantity (docs/plots.md)");
  sub->add_option("--netlist", opts->netlist, "Characterize a subcircuit of this SPICE netlist instead of a cell");
  sub->add_option("--subckt", opts->subckt, "Subcircuit name in --netlist");
  sub->add_option("--function", opts->functions, "Output function OUT=EXPR in Liberty syntax (repeatable)");
  sub->add_option("--models", opts->models, "SPICE model file for the netlist's transistors (replaces the techfile's cards)");
  sub->add_option("--vdd-pin", opts->vdd_pins, "Supply pin of --subckt (default: VDD/VCC/... by name)");
  sub->add_option("--gnd-pin", opts->gnd_pins, "Ground pin of --subckt (default: VSS/GND/... by name)");
  sub->callback([opts, &ctx] { ctx.action = [opts, &ctx] { return run_cell(*opts, ctx.global); }; });
}

}  // namespace rtmchar::cli
