// rtmchar lib: characterize several cells into ONE Liberty library (plus a JSON per cell).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "charz/characterize.h"
#include "charz/library.h"
#include "charz/sequential.h"
#include "cli/app.h"
#include "cli/common.h"
#include "liberty/writer.h"
#include "netlist/cell.h"
#include "rtm/memcells.h"
#include "tech/technology.h"
#include "util/fs.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

struct LibOptions {
  std::vector<std::string> cells;
  std::string tech = std::string(tech::kDefaultTech);
  std::vector<std::string> sets;
  std::string vdd, temp;
  int grid = 7;
  std::string out_dir = "out";
  bool sparse = false;
  double sparse_tol = 0.01;
  std::string states = "all";  ///< --states: all | default (charz::Options::all_states)
};

// The built-in CMOS reference cells, the default content of a library.
const std::vector<std::string> kDefaultCells = {"inv", "nand2", "nor2", "xor2", "fa_cmos", "dff"};

int run_lib(const LibOptions& o, const GlobalOptions& global) {
  Diagnostics diag;
  auto technology = tech::load(o.tech, o.sets, diag);
  charz::Options opts;
  opts.grid_size = o.grid;
  opts.sparse = o.sparse;
  opts.sparse_tolerance = o.sparse_tol;
  opts.all_states = o.states == "all";
  if (!o.vdd.empty()) opts.vdd = parse_flag_quantity(o.vdd, "V", "--vdd", diag);
  if (!o.temp.empty()) opts.temperature = parse_flag_quantity(o.temp, "degC", "--temp", diag);
  if (opts.vdd && !(*opts.vdd > 0)) diag.error("cli.bad-value", SourceLoc::cli("--vdd"), "the supply must be positive");
  std::vector<netlist::CellDef> defs;
  const std::vector<std::string>& names = o.cells.empty() ? kDefaultCells : o.cells;
  defs.reserve(names.size());
  for (const std::string& name : names) {
    auto def = netlist::load_cell(name, diag);
    if (!def) continue;
    if (rtm::is_memory_cell(def->name)) {
      diag.error("cli.unsupported", SourceLoc::at(def->file),
                 fmt::format("cell {} is a racetrack memory cell (operation tables, no timing arcs); characterize it "
                             "with rtmchar cell {}",
                             def->name, def->name));
      continue;
    }
    if (def->kind != netlist::CellKind::Combinational && def->kind != netlist::CellKind::FlipFlop) {
      diag.error("cli.unsupported", SourceLoc::at(def->file),
                 fmt::format("cell {} is {}; a library can hold combinational cells and flip-flops", def->name,
                             netlist::to_string(def->kind)));
      continue;
    }
    defs.push_back(netlist::instantiate(*def, netlist::default_params(*def)));  // arrays at their defaults
  }
  print_diagnostics(diag, global);
  if (diag.has_errors() || !technology) return kExitBadInput;
  diag.clear();
  if (global.verbose > 0) opts.log = [](const std::string& msg) { std::cerr << "rtmchar: note: " << msg << '\n'; };

  sim::Engine engine(engine_options(global));
  std::vector<charz::CharacterizedCell> comb;
  std::vector<std::optional<liberty::Library>> seq_libs;
  std::vector<std::pair<std::string, std::string>> jsons;  // cell -> JSON text
  for (const netlist::CellDef& def : defs) {
    const netlist::ParamValues params = netlist::default_params(def);
    if (def.kind == netlist::CellKind::FlipFlop) {
      auto r = charz::characterize_sequential(*technology, def, params, opts, {}, engine, diag);
      if (r) seq_libs.push_back(charz::make_sequential_library(def, *r, *technology, opts, diag));
      if (!r || !seq_libs.back()) break;
      jsons.emplace_back(def.name, charz::to_json(*r).dump(2) + "\n");
    } else {
      auto r = charz::characterize_combinational(*technology, def, params, opts, engine, diag);
      if (!r) break;
      jsons.emplace_back(def.name, charz::to_json(*r).dump(2) + "\n");
      comb.push_back({&def, std::move(*r)});
    }
    if (!global.quiet) std::cerr << "rtmchar: characterized " << def.name << '\n';
  }
  std::optional<liberty::Library> lib;
  if (!diag.has_errors()) lib = charz::make_library(comb, *technology, opts, diag);
  if (lib) {
    // Flip-flops come as one-cell libraries with the same header: move their templates and cells.
    for (auto& s : seq_libs) {
      lib->templates.insert(lib->templates.end(), s->templates.begin(), s->templates.end());
      for (auto& c : s->cells) lib->cells.push_back(std::move(c));
    }
  }
  std::optional<std::string> text;
  if (lib) text = liberty::write_liberty(*lib, diag);  // validates the merged library
  if (!text) {
    print_diagnostics(diag, global);
    return kExitJobFailed;
  }
  const std::string suffix = lib->name.substr(std::string("rtmchar_").size());
  const std::filesystem::path dir = o.out_dir;
  std::vector<std::pair<std::filesystem::path, std::string>> outputs = {{dir / (lib->name + ".lib"), *text}};
  for (auto& [cell, json] : jsons) outputs.emplace_back(dir / (cell + "_" + suffix + ".json"), std::move(json));
  for (const auto& [path, content] : outputs) {
    std::string err;
    if (!write_file_atomic(path, content, err)) {
      diag.error("cli.write", SourceLoc::cli("-o"), err);
      print_diagnostics(diag, global);
      return kExitBadInput;
    }
    if (!global.quiet) fmt::print("wrote {}\n", path.string());
  }
  return kExitOk;
}

}  // namespace

void add_lib(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<LibOptions>();
  CLI::App* sub = app.add_subcommand("lib", "Characterize several cells into one Liberty library rtmchar_<tech>.lib");
  sub->add_option("cells", opts->cells, "Cells (built-in names or .toml files); default: inv nand2 nor2 xor2 fa_cmos dff");
  sub->add_option("--tech", opts->tech, "Technology: built-in name or techfile path")->capture_default_str();
  sub->add_option("--set", opts->sets, "Override a technology value, KEY=VALUE (repeatable)");
  sub->add_option("--vdd", opts->vdd, "Supply voltage (default: the techfile's)");
  sub->add_option("--temp", opts->temp, "Temperature in degC (default: the techfile's)");
  sub->add_option("--grid", opts->grid, "Points per axis of the automatic grids")->check(CLI::Range(2, 15))
      ->capture_default_str();
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
  sub->add_option("-o,--output", opts->out_dir, "Output directory")->capture_default_str();
  sub->callback([opts, &ctx] { ctx.action = [opts, &ctx] { return run_lib(*opts, ctx.global); }; });
}

}  // namespace rtmchar::cli
