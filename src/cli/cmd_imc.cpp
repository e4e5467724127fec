// rtmchar imc cam_word|imac_neuron|imac_column: simulated numbers of the in-memory computing cells
// written as <cell>_<tech>.json into -o DIR (schema and methods: docs/imc.md).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/cmd_cell.h"
#include "cli/common.h"
#include "imc/ap.h"
#include "imc/ap_cam.h"
#include "imc/cam.h"
#include "imc/cam_write.h"
#include "imc/column.h"
#include "imc/fc_layer.h"
#include "imc/liberty_view.h"
#include "imc/neuron.h"
#include "liberty/writer.h"
#include "tech/technology.h"
#include "util/fs.h"

namespace rtmchar::cli {
namespace {

using nlohmann::ordered_json;

struct ImcOptions {
  std::string tech = std::string(tech::kDefaultTech);
  std::vector<std::string> sets;
  std::string out_dir = ".";
  std::vector<int> sizes;  ///< cam_word: w; imac_column: N (empty = defaults)
  long rows = 1024;        ///< cam_word: associative-processor rows for the operation costs
};

ordered_json neuron_json(const imc::NeuronResult& r) {
  const imc::Logistic& c = r.fit.curve;
  return {{"fit", {{"k_per_V", c.k}, {"x0_V", c.x0}, {"swing_V", c.swing}, {"base_V", c.base},
                   {"gain_V_per_V", c.swing * c.k / 4}, {"rms_error_V", r.fit.rms_error},
                   {"max_error_V", r.fit.max_error}}},
          {"latency_rise_s", r.latency_rise},
          {"latency_fall_s", r.latency_fall},
          {"energy_per_eval_J", r.energy},
          {"static_power_mid_W", r.static_power_mid}};
}

bool write_out(const ImcOptions& o, const std::string& file, const std::string& text, Diagnostics& diag) {
  const std::filesystem::path path = std::filesystem::path(o.out_dir) / file;
  std::string err;
  if (!write_file_atomic(path, text, err)) {
    diag.error("cli.write-failed", SourceLoc::cli("-o"), err);
    return false;
  }
  std::cout << path.string() << "\n";
  return true;
}

/// Writes <cell>_<tech>.json and <cell>_<tech>.lib (library of `cells`).
bool write_outputs(const ImcOptions& o, const std::string& cell, const tech::Technology& t, const ordered_json& j,
                   std::vector<liberty::Cell> cells, Diagnostics& diag) {
  auto lib = imc::imc_library(t, std::move(cells), diag);
  auto text = lib ? liberty::write_liberty(*lib, diag) : std::nullopt;
  if (!text) return false;
  const std::string stem = fmt::format("{}_{}", cell, t.name());
  return write_out(o, stem + ".json", j.dump(2) + "\n", diag) && write_out(o, stem + ".lib", *text, diag);
}

int run_neuron(const ImcOptions& o, const GlobalOptions& g) {
  Diagnostics diag;
  auto t = tech::load(o.tech, o.sets, diag);
  if (!t) return print_diagnostics(diag, g), kExitBadInput;
  sim::Engine engine(engine_options(g));
  auto r = imc::characterize_neuron(engine, imc::neuron_from_technology(*t), *t, diag);
  const bool ok = r && write_outputs(o, "imac_neuron", *t,
                                     {{"cell", "imac_neuron"}, {"tech", t->name()}, {"neuron", neuron_json(*r)}},
                                     {imc::imac_neuron_cell(*t, *r)}, diag);
  print_diagnostics(diag, g);
  return ok ? kExitOk : kExitJobFailed;
}

int run_column(const ImcOptions& o, const GlobalOptions& g) {
  Diagnostics diag;
  auto t = tech::load(o.tech, o.sets, diag);
  if (!t) return print_diagnostics(diag, g), kExitBadInput;
  const int tile = static_cast<int>(t->si("imac.tile_size"));
  std::vector<int> sizes = o.sizes.empty() ? std::vector<int>{8, 16, 32, 64, 128} : o.sizes;
  if (std::find(sizes.begin(), sizes.end(), tile) == sizes.end()) sizes.push_back(tile);
  sim::Engine engine(engine_options(g));
  auto neuron = imc::characterize_neuron(engine, imc::neuron_from_technology(*t), *t, diag);
  if (!neuron) return print_diagnostics(diag, g), kExitJobFailed;
  ordered_json cols = ordered_json::array();
  std::optional<imc::ColumnSweep> at_tile;
  std::vector<std::pair<imc::ColumnParams, imc::ColumnSweep>> sweeps;
  for (int n : sizes) {
    const imc::ColumnParams p = imc::column_from_technology(*t, n);
    auto s = imc::sweep_column(engine, p, *t, std::max(1, n / 8), diag);
    if (!s) return print_diagnostics(diag, g), kExitJobFailed;
    if (n == tile) at_tile = s;
    sweeps.emplace_back(p, *s);
    ordered_json evals = ordered_json::array();
    for (const auto& e : s->evals)
      evals.push_back({{"sum", e.sum}, {"v_ideal_V", e.v_ideal}, {"v_amp_V", e.v_amp}, {"v_out_V", e.v_out},
                       {"latency_s", e.latency}, {"energy_J", e.energy}});
    cols.push_back({{"n", n}, {"r_sense_Ohm", p.sense()}, {"r_wire_segment_Ohm", p.r_segment()},
                    {"lsb_V", p.lsb()}, {"gain_error", s->gain_error}, {"max_error_lsb", s->max_error_lsb},
                    {"inl_lsb", s->inl_lsb}, {"latency_max_s", s->latency_max}, {"energy_mean_J", s->energy_mean},
                    {"energy_max_J", s->energy_max}, {"array_area_m2", s->area}, {"evaluations", evals}});
  }
  const double ts = t->si("imac.sample_time");
  auto fc = imc::estimate_fc(imc::lenet5_fc(), tile, at_tile->energy_mean, neuron->energy, at_tile->latency_max, ts,
                             diag);
  if (!fc) return print_diagnostics(diag, g), kExitJobFailed;
  ordered_json layers = ordered_json::array();
  for (const auto& l : fc->layers)
    layers.push_back({{"in", l.layer.in}, {"out", l.layer.out}, {"tiles", l.tiles}, {"energy_J", l.energy},
                      {"latency_s", l.latency}});
  const ordered_json j = {{"cell", "imac_column"},
                          {"tech", t->name()},
                          {"neuron", neuron_json(*neuron)},
                          {"columns", cols},
                          {"fc_lenet5", {{"tile", tile}, {"layers", layers}, {"energy_per_inference_J", fc->energy},
                                         {"latency_per_inference_s", fc->latency}}}};
  std::vector<liberty::Cell> cells;
  for (const auto& [p, s] : sweeps) cells.push_back(imc::imac_column_cell(*t, p, s, p.n == tile ? &*fc : nullptr));
  const bool ok = write_outputs(o, "imac_column", *t, j, std::move(cells), diag);
  print_diagnostics(diag, g);
  return ok ? kExitOk : kExitJobFailed;
}

/// Representative mismatch counts for a w-bit word: 0..4, w/4, w/2, 3w/4, w.
std::vector<int> miss_counts(int w) {
  std::vector<int> v{0, 1, 2, 3, 4, w / 4, w / 2, 3 * w / 4, w};
  std::erase_if(v, [w](int n) { return n > w; });
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::vector<int> cam_pattern(int w) {
  std::vector<int> stored(static_cast<std::size_t>(w));
  for (int k = 0; k < w; ++k) stored[static_cast<std::size_t>(k)] = (5 * k + 3) % 7 < 3 ? 1 : 0;
  return stored;
}

/// One word length: sense window and the search vs the number of mismatching bits.
std::optional<ordered_json> cam_word_json(sim::Engine& engine, const tech::Technology& t, int w,
                                          const imc::CamWrite& wr, std::vector<liberty::Cell>& cells,
                                          Diagnostics& diag) {
  const imc::CamParams p = imc::cam_from_technology(t, w);
  const std::vector<int> stored = cam_pattern(w);
  auto s = imc::cam_sense_window(engine, p, t, stored, diag);
  auto prof = s ? imc::cam_miss_profile(engine, p, t, stored, *s, miss_counts(w), diag) : std::nullopt;
  if (!prof) return std::nullopt;
  if (s->margin >= p.min_margin) cells.push_back(imc::cam_word_cell(p, *s, *prof, wr));
  ordered_json misses = ordered_json::array();
  for (const auto& m : *prof)
    misses.push_back({{"misses", m.misses}, {"t_ml_half_s", m.t_ml_half}, {"margin_at_strobe_V", m.margin},
                      {"energy_J", m.energy}});
  return ordered_json{{"w", w}, {"t_ml_half_all_match_s", s->t_match}, {"t_ml_half_one_miss_s", s->t_miss1},
                      {"t_ml_half_all_miss_s", s->t_all_miss}, {"strobe_s", s->strobe}, {"margin_V", s->margin},
                      {"senses", s->margin >= p.min_margin}, {"search_latency_s", s->latency},
                      {"energy_match_J", s->energy_match}, {"energy_one_miss_J", s->energy_miss1},
                      {"energy_all_miss_J", s->energy_all_miss}, {"area_m2", w * p.bit_area()},
                      {"by_misses", misses}};
}

ordered_json write_json(const imc::CamWrite& w, const imc::CamWriteParams& p) {
  ordered_json values = ordered_json::array();
  for (int v : {0, 1}) {
    const imc::BitWrite& b = w.value[static_cast<std::size_t>(v)];
    values.push_back({{"value", v}, {"min_pulse_s", b.min_pulse}, {"max_pulse_s", b.max_pulse},
                      {"pulse_s", b.pulse}, {"energy_per_bit_J", b.energy}, {"current_A", b.current}});
  }
  return {{"latency_s", w.latency()}, {"access_width_m", p.wn_write},
          {"free_layer_resistance_Ohm", p.track.r_wire()}, {"depinning_current_A", p.track.depinning_current()},
          {"values", values}};
}

/// The associative-processor operations (ap.h) priced with the simulated passes.
std::optional<ordered_json> ap_json(sim::Engine& engine, const tech::Technology& t, const imc::CamWrite& w, long rows,
                                    Diagnostics& diag) {
  ordered_json ops = ordered_json::array();
  for (const imc::ApProgram& prog : {imc::ap_add(8), imc::ap_ternary_mac(4, 8)}) {
    auto cmp = imc::ap_compare(engine, t, prog, w, diag);
    auto c = cmp ? imc::ap_cost(prog, cmp->costs, rows, diag) : std::nullopt;
    if (!c) return std::nullopt;
    ops.push_back({{"op", prog.name}, {"row_bits", prog.row_bits}, {"compare_passes", c->compares},
                   {"write_passes", c->writes}, {"compare_active_columns", cmp->active_columns},
                   {"compare_margin_V", cmp->window.margin}, {"compare_time_s", cmp->costs.compare_time},
                   {"compare_energy_per_row_J", cmp->costs.compare_energy}, {"write_time_s", cmp->costs.write_time},
                   {"latency_s", c->latency}, {"energy_worst_J", c->energy_worst},
                   {"energy_random_J", c->energy_random}, {"written_bits_per_row", c->written_bits_per_row},
                   {"energy_random_per_row_J", c->energy_random / static_cast<double>(rows)}});
  }
  return ordered_json{{"rows", rows}, {"operations", ops}};
}

int run_cam(const ImcOptions& o, const GlobalOptions& g) {
  Diagnostics diag;
  auto t = tech::load(o.tech, o.sets, diag);
  if (!t) return print_diagnostics(diag, g), kExitBadInput;
  const std::vector<int> sizes = o.sizes.empty() ? std::vector<int>{4, 8, 16} : o.sizes;
  for (int w : sizes)
    if (w < 4 || w > 64) diag.error("imc.bad-param", SourceLoc::cli("--size"), fmt::format("cam_word: w = {} outside 4..64", w));
  if (o.rows < 1) diag.error("imc.bad-param", SourceLoc::cli("--rows"), fmt::format("cam_word: rows = {} < 1", o.rows));
  if (diag.has_errors()) return print_diagnostics(diag, g), kExitBadInput;
  sim::Engine engine(engine_options(g));
  const imc::CamWriteParams wp = imc::cam_write_from_technology(*t);
  auto wr = imc::cam_write(engine, wp, *t, diag);
  if (!wr) return print_diagnostics(diag, g), kExitJobFailed;
  ordered_json words = ordered_json::array();
  std::vector<liberty::Cell> cells;
  for (int w : sizes) {
    auto j = cam_word_json(engine, *t, w, *wr, cells, diag);
    if (!j) return print_diagnostics(diag, g), kExitJobFailed;
    words.push_back(std::move(*j));
  }
  if (cells.empty()) {
    diag.error("imc.no-window", SourceLoc::cli("--size"),
               "cam_word: no word length senses a single mismatch (margin below min_margin); no library written");
    return print_diagnostics(diag, g), kExitJobFailed;
  }
  auto ap = ap_json(engine, *t, *wr, o.rows, diag);
  if (!ap) return print_diagnostics(diag, g), kExitJobFailed;
  const ordered_json j = {{"cell", "cam_word"}, {"tech", t->name()}, {"words", words},
                          {"write", write_json(*wr, wp)}, {"ap", *ap}};
  const bool ok = write_outputs(o, "cam_word", *t, j, std::move(cells), diag);
  print_diagnostics(diag, g);
  return ok ? kExitOk : kExitJobFailed;
}

void add_imc_options(CLI::App* sub, ImcOptions& o, const char* size_help) {
  sub->add_option("--tech", o.tech, "Technology: built-in name or techfile path")->capture_default_str();
  sub->add_option("--set", o.sets, "Override a technology value, KEY=VALUE (repeatable)");
  sub->add_option("-o,--out", o.out_dir, "Output directory")->capture_default_str();
  if (size_help) sub->add_option("--size", o.sizes, size_help);
}

}  // namespace

bool is_imc_cell(const std::string& name) {
  return name == "cam_word" || name == "imac_neuron" || name == "imac_column";
}

int run_imc_cell(const CellOptions& c, const GlobalOptions& global) {
  Diagnostics diag;
  for (const auto& [flag, given] : {std::pair{"--param", !c.params.empty()}, {"--vdd", !c.vdd.empty()},
                                    {"--temp", !c.temp.empty()}, {"--slews", !c.slews.empty()},
                                    {"--loads", !c.loads.empty()}, {"--plot", c.plot}}) {
    if (given)
      diag.error("cli.usage", SourceLoc::cli(flag),
                 fmt::format("{} does not apply to {} (its options: rtmchar imc {} --help)", flag, c.cell, c.cell));
  }
  if (diag.has_errors()) return print_diagnostics(diag, global), kExitBadInput;
  ImcOptions o;
  o.tech = c.tech;
  o.sets = c.sets;
  o.out_dir = c.out_dir;
  if (c.cell == "cam_word") return run_cam(o, global);
  if (c.cell == "imac_neuron") return run_neuron(o, global);
  return run_column(o, global);
}

void add_imc(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ImcOptions>();
  CLI::App* imc = app.add_subcommand("imc", "In-memory computing cells: racetrack CAM word, IMAC neuron and column");
  imc->require_subcommand(1);
  CLI::App* cam = imc->add_subcommand("cam_word", "Racetrack CAM word: search latency, energy, sensing margin vs w");
  add_imc_options(cam, *o, "Word lengths w, 4..64 (default 4 8 16)");
  cam->add_option("--rows", o->rows, "Associative-processor rows (words) for the operation costs")->capture_default_str();
  cam->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_cam(*o, ctx.global); }; });
  CLI::App* nr = imc->add_subcommand("imac_neuron", "IMAC sigmoid neuron: DC curve, logistic fit, latency, energy");
  add_imc_options(nr, *o, nullptr);
  nr->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_neuron(*o, ctx.global); }; });
  CLI::App* col = imc->add_subcommand("imac_column", "IMAC column: accuracy, latency, energy vs N; LeNet-5 FC estimate");
  add_imc_options(col, *o, "Column heights N, 1..128 (default 8 16 32 64 128)");
  col->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_column(*o, ctx.global); }; });
}

}  // namespace rtmchar::cli
