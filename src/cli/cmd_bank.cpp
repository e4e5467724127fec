// rtmchar bank: bank-level estimate of a racetrack memory: searches every valid organization of a
// capacity and word width, prints the best one for an objective and the Pareto front, runs
// one-parameter sweeps, and writes JSON / CSV and the DESTINY, NVSim and RTSim exports.
// Models: docs/bank.md.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "bank/bank.h"
#include "bank/from_devices.h"
#include "bank/search.h"
#include "cli/app.h"
#include "cli/common.h"
#include "export/export.h"
#include "plot/charts.h"
#include "tech/technology.h"
#include "util/fs.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

using units::format_eng;

struct BankOptions {
  std::string tech = std::string(tech::kDefaultTech);
  std::vector<std::string> sets;
  std::string capacity = "1MiB";
  int word = 64;
  std::string optimize = "read-latency";
  std::vector<std::string> forces;
  std::string sweep;
  std::string out_dir;
  std::string cell_source = "techfile";
  double clk_mhz = 1000.0;
  int bench = 0;
  bool plot = false;
  int lanes = 0;
  std::string lane_cell;
};

/// Memory sizes use binary prefixes (JEDEC): "1MiB" = "1MB" = 2^23 bits; "512Kib" = 2^19 bits;
/// a bare number is bits. Not a physical unit, so it is parsed here, not by util/units.
std::optional<std::int64_t> parse_capacity(const std::string& text, Diagnostics& diag) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  const std::string suffix(end, text.data() + text.size());
  struct Suffix {
    const char* text;
    std::int64_t bits;
  };
  static constexpr Suffix kSuffixes[] = {{"", 1},           {"b", 1},           {"bit", 1},        {"B", 8},
                                         {"Kib", 1L << 10}, {"Kb", 1L << 10},   {"KiB", 8L << 10}, {"KB", 8L << 10},
                                         {"Mib", 1L << 20}, {"Mb", 1L << 20},   {"MiB", 8L << 20}, {"MB", 8L << 20},
                                         {"Gib", 1L << 30}, {"Gb", 1L << 30},   {"GiB", 8L << 30}, {"GB", 8L << 30}};
  if (ec == std::errc() && n > 0) {
    for (const Suffix& s : kSuffixes) {
      if (suffix == s.text) return n * s.bits;
    }
  }
  diag.error("bank.bad-capacity", SourceLoc::cli("--capacity"),
             fmt::format("'{}' is not a capacity (a positive integer with b, B, Kib, KiB, Mib, MiB, Gib or GiB)", text));
  return std::nullopt;
}

/// "KEY=V1,V2,..." -> key and positive integers.
std::optional<std::pair<std::string, std::vector<int>>> parse_key_values(const std::string& text, const char* flag,
                                                                         Diagnostics& diag) {
  const auto eq = text.find('=');
  std::vector<int> values;
  bool ok = eq != std::string::npos && eq > 0 && eq + 1 < text.size();
  for (std::size_t pos = eq + 1; ok && pos <= text.size();) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    int v = 0;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + comma, v);
    ok = ec == std::errc() && end == text.data() + comma;
    values.push_back(v);
    pos = comma + 1;
  }
  if (!ok) {
    diag.error("bank.bad-force", SourceLoc::cli(flag), fmt::format("'{}' is not KEY=N[,N...] with integers", text));
    return std::nullopt;
  }
  return std::make_pair(text.substr(0, eq), values);
}

struct Search {
  std::vector<bank::BankResult> results;
  double seconds = 0;
};

Search run_search(std::int64_t bits, int word, const bank::SearchSpace& space, const bank::Process& p,
                  const bank::CellNumbers& cell, const bank::LaneCell* lane) {
  const auto t0 = std::chrono::steady_clock::now();
  Search s;
  for (const bank::Organization& o : bank::enumerate(bits, word, space)) s.results.push_back(bank::evaluate(o, p, cell, lane));
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s;
}

std::string org_text(const bank::Organization& o) {
  return fmt::format("banks {} mats {} rows {} cols {} mux {} domains {} ports {} cluster {}{}", o.banks, o.mats, o.rows,
                     o.cols, o.mux, o.domains, o.ports, o.cluster, o.lanes > 0 ? fmt::format(" lanes {}", o.lanes) : "");
}

std::string lanes_text(const bank::LaneResult& l) {
  const bank::LaneCycle& y = l.cycle;
  std::string s = fmt::format("lanes: {} per subarray, {} in the memory, {} at once (sense amps); cell {}\n",
                              l.per_subarray, l.total, l.concurrent, l.cell_file);
  s += fmt::format("lane cycle {} = max(carry {}, operand A {}, operand B {}); carry hold fix {}\n",
                   format_eng(y.period, "s"), format_eng(y.carry, "s"), format_eng(y.operand_a, "s"),
                   format_eng(y.operand_b, "s"), format_eng(y.hold_fix, "s"));
  s += fmt::format("lanes area {} mm^2, leakage {}; add throughput {}adds/s\n", units::format_sig(l.area * 1e6, 4),
                   format_eng(l.leakage, "W"), format_eng(l.add_throughput, ""));
  return s;
}

std::string result_text(const bank::BankResult& r, const bank::CellNumbers& cell) {
  std::string s = fmt::format("organization: {}\n", org_text(r.org));
  s += fmt::format("cell numbers: {}\n", cell.source);
  s += fmt::format("{:<16} {:>12} {:>12}  {}\n", "operation", "latency", "energy", "critical path");
  auto op = [&](const char* name, const bank::OpResult& o) {
    std::string path;
    const std::size_t n = o.critical_path.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (n > 9 && i == 5) path += fmt::format(" > ... ({} stages)", n - 7), i = n - 2;  // the multiply's loop
      path += (path.empty() ? "" : " > ") + std::string(o.critical_path[i]);
    }
    s += fmt::format("{:<16} {:>12} {:>12}  {}\n", name, format_eng(o.latency, "s"), format_eng(o.energy, "J"), path);
  };
  op("read", r.read);
  op("write", r.write);
  op("read-aligned", r.read_aligned);
  op("write-aligned", r.write_aligned);
  op("shift (1 step)", r.shift);
  op("transverse-read", r.transverse_read);
  if (r.lanes) {
    op(fmt::format("add ({} cyc)", r.lanes->add_cycles).c_str(), r.lanes->add);
    op(fmt::format("mul ({} cyc)", r.lanes->multiply_cycles).c_str(), r.lanes->multiply);
  }
  s += fmt::format("average shifts per access: {}\n", units::format_sig(r.average_shifts, 4));
  s += fmt::format("area: {} mm^2, cell area efficiency {} %\n", units::format_sig(r.area * 1e6, 4), units::format_sig(100 * r.efficiency, 3));
  s += fmt::format("leakage: {}; read bandwidth {}b/s, write bandwidth {}b/s\n", format_eng(r.leakage, "W"),
                   format_eng(r.read_bandwidth, ""), format_eng(r.write_bandwidth, ""));
  if (r.lanes) s += lanes_text(*r.lanes);
  return s;
}

bool write_out(const std::filesystem::path& path, const std::string& text, Diagnostics& diag) {
  std::string err;
  if (write_file_atomic(path, text, err)) return true;
  diag.error("bank.write-failed", SourceLoc::cli("-o"), fmt::format("{}: {}", path.string(), err));
  return false;
}

/// --lanes and --lane-cell go together; the lane cell must hold a word along its tracks.
/// `lanes_swept`: --sweep lanes=... gives the lane counts, so --lane-cell stands without --lanes.
std::optional<bank::LaneCell> lane_options(const BankOptions& o, bool lanes_swept, Diagnostics& diag) {
  if (o.lanes < 0) diag.error("bank.bad-lanes", SourceLoc::cli("--lanes"), fmt::format("must be at least 0 (got {})", o.lanes));
  if ((o.lanes > 0 || lanes_swept) && o.lane_cell.empty()) {
    diag.error("bank.bad-lanes", SourceLoc::cli("--lane-cell"),
               fmt::format("{} needs --lane-cell FILE.json (written by rtmchar cell fa_rtm)",
                           lanes_swept ? "--sweep lanes=..." : "--lanes"));
  }
  if (o.lanes == 0 && !lanes_swept && !o.lane_cell.empty()) {
    diag.error("bank.bad-lanes", SourceLoc::cli("--lanes"), "--lane-cell is given but --lanes is 0: give --lanes N >= 1");
  }
  if (lanes_swept && o.lanes > 0) {
    diag.error("bank.bad-lanes", SourceLoc::cli("--lanes"), "--lanes and --sweep lanes=... both set the lane count: give one");
  }
  if (o.lane_cell.empty() || (o.lanes < 1 && !lanes_swept)) return std::nullopt;
  auto lane = bank::load_lane_cell(o.lane_cell, diag);
  if (lane && !bank::lane_cell_fits(*lane, o.word, diag)) return std::nullopt;
  return lane;
}

int run_bank(const BankOptions& o, const GlobalOptions& g) {
  Diagnostics diag;
  auto t = tech::load(o.tech, o.sets, diag);
  auto bits = parse_capacity(o.capacity, diag);
  auto objective = bank::parse_objective(o.optimize);
  if (!objective) {
    diag.error("bank.bad-objective", SourceLoc::cli("--optimize"),
               fmt::format("'{}' is not one of read-latency, write-latency, read-energy, area, edp", o.optimize));
  }
  if (o.word < 1) diag.error("bank.bad-org", SourceLoc::cli("--word"), fmt::format("must be at least 1 (got {})", o.word));
  bank::SearchSpace space = bank::default_space();
  for (const std::string& f : o.forces) {
    if (auto kv = parse_key_values(f, "--force", diag)) bank::restrict_space(space, kv->first, kv->second, "--force", diag);
  }
  std::optional<std::pair<std::string, std::vector<int>>> sweep;
  if (!o.sweep.empty()) {
    sweep = parse_key_values(o.sweep, "--sweep", diag);
    if (sweep && sweep->first == "lanes") {
      for (int v : sweep->second) {
        if (v < 0) diag.error("bank.bad-force", SourceLoc::cli("--sweep"), fmt::format("lanes must be at least 0 (got {})", v));
      }
    } else if (sweep) {
      bank::SearchSpace probe = space;
      bank::restrict_space(probe, sweep->first, sweep->second, "--sweep", diag);
    }
  }
  const bool lanes_swept = sweep && sweep->first == "lanes";
  if (o.cell_source != "techfile" && o.cell_source != "device") {
    diag.error("bank.bad-cell-source", SourceLoc::cli("--cell"), fmt::format("'{}' is not techfile or device", o.cell_source));
  }
  std::optional<bank::LaneCell> lane = lane_options(o, lanes_swept, diag);
  if (lane && t && lane->technology != t->name()) {
    diag.warning("bank.lane-tech", SourceLoc::at(lane->file),
                 fmt::format("lane cell characterized in '{}', the bank is '{}'", lane->technology, t->name()));
  }
  space.lanes = o.lanes;
  if (diag.has_errors() || !t || !bits) return print_diagnostics(diag, g), kExitBadInput;
  const bank::LaneCell* lane_ptr = lane ? &*lane : nullptr;

  const bank::Process process = bank::process_from_technology(*t);
  std::optional<bank::CellNumbers> cell = bank::cell_from_technology(*t);
  if (o.cell_source == "device") {
    sim::Engine engine(engine_options(g));
    cell = bank::cell_from_devices(engine, *t, diag);
    if (!cell) return print_diagnostics(diag, g), kExitJobFailed;
  }

  Search s = run_search(*bits, o.word, space, process, *cell, lane_ptr);
  if (s.results.empty()) {
    // Explain with the validator on the forced values where possible.
    diag.error("bank.no-organization", SourceLoc::cli("--capacity"),
               fmt::format("no valid organization of {} bits with {}-bit words{}", *bits, o.word,
                           o.forces.empty() ? "" : " and the --force values"));
    bank::Organization probe{*bits, o.word, 0, 0, 0, 0, 0, 0, 0, 0};
    auto first = [&](const char* key) {
      const auto& v = space.values.at(key);
      return v.empty() ? 1 : v.front();
    };
    probe.domains = first("domains"), probe.ports = first("ports"), probe.cluster = first("cluster");
    probe.rows = first("rows"), probe.cols = first("cols"), probe.mats = first("mats");
    probe.banks = first("banks"), probe.mux = first("mux"), probe.lanes = o.lanes;
    if (space.values.at("cols").empty()) probe.cols = o.word * probe.mux / probe.mats;
    bank::validate(probe, diag);
    return print_diagnostics(diag, g), kExitBadInput;
  }
  const std::size_t best = bank::best(s.results, *objective);
  const bank::BankResult& r = s.results[best];
  if (r.shift_voltage > t->vdd()) {
    diag.warning("bank.shift-voltage", SourceLoc::cli("--tech"),
                 fmt::format("the shift current {} through a {}-domain track needs {} > VDD {}: the shift drivers "
                             "need their own supply (shift energy is I^2 R t, not VDD I t)",
                             format_eng(cell->shift_current, "A"), r.org.domains + r.org.domains / r.org.ports,
                             format_eng(r.shift_voltage, "V"), format_eng(t->vdd(), "V")));
  }
  if (o.bench > 0) {
    double total = 0;
    std::size_t orgs = 0;
    for (int i = 0; i < o.bench; ++i) {
      Search b = run_search(*bits, o.word, space, process, *cell, lane_ptr);
      total += b.seconds;
      orgs += b.results.size();
    }
    std::cout << fmt::format("bench: {} searches, {} organizations in {} s: {} organizations/s, {} ms per search\n",
                             o.bench, orgs, units::format_sig(total, 4), units::format_sig(static_cast<double>(orgs) / total, 4),
                             units::format_sig(total / o.bench * 1e3, 4));
  }
  std::string out = fmt::format("rtmchar bank: {} bits ({} B), {}-bit words, technology {}, optimize {}\n", *bits,
                                *bits / 8, o.word, t->name(), bank::objective_name(*objective));
  out += fmt::format("searched {} organizations in {} ms\n\n", s.results.size(), units::format_sig(s.seconds * 1e3, 3));
  out += "best:\n" + result_text(r, *cell);

  const std::vector<std::size_t> front = bank::pareto_front(s.results);
  std::vector<const bank::BankResult*> front_rows;
  out += fmt::format("\nPareto front (area, read latency, read energy): {} organizations{}\n", front.size(),
                     front.size() > 21 ? " (one in " + std::to_string(std::max<std::size_t>(1, front.size() / 20)) +
                                             " shown, sorted by area; all in pareto.csv with -o)"
                                       : "");
  out += fmt::format("{:>12} {:>12} {:>12}  {}\n", "area", "read lat", "read energy", "organization");
  const std::size_t shown_every = std::max<std::size_t>(1, front.size() / 20);
  for (std::size_t k = 0; k < front.size(); ++k) {
    const bank::BankResult& q = s.results[front[k]];
    front_rows.push_back(&q);
    if (k % shown_every != 0 && k + 1 != front.size()) continue;
    out += fmt::format("{:>12} {:>12} {:>12}  {}\n", units::format_sig(q.area * 1e6, 4) + " mm2",
                       format_eng(q.read.latency, "s"), format_eng(q.read.energy, "J"), org_text(q.org));
  }

  std::vector<bank::BankResult> sweep_best;
  if (sweep) {
    out += fmt::format("\nsweep {} (best {} per value)\n", sweep->first, bank::objective_name(*objective));
    for (int v : sweep->second) {
      bank::SearchSpace sp = space;
      if (lanes_swept) {
        sp.lanes = v;
      } else {
        bank::restrict_space(sp, sweep->first, {v}, "--sweep", diag);
      }
      Search sw = run_search(*bits, o.word, sp, process, *cell, lane_ptr);
      if (sw.results.empty()) {
        diag.warning("bank.sweep-empty", SourceLoc::cli("--sweep"),
                     fmt::format("{}={}: no valid organization", sweep->first, v));
        continue;
      }
      sweep_best.push_back(sw.results[bank::best(sw.results, *objective)]);
      const bank::BankResult& q = sweep_best.back();
      out += fmt::format("{}={:<6} area {} mm2  read {}  write {}  read energy {}  avg shifts {}\n", sweep->first, v,
                         units::format_sig(q.area * 1e6, 4), format_eng(q.read.latency, "s"),
                         format_eng(q.write.latency, "s"), format_eng(q.read.energy, "J"),
                         units::format_sig(q.average_shifts, 3));
      if (q.lanes) {
        out += fmt::format("{:>{}}  add {} {}  mul {} {}\n", "", sweep->first.size() + 7, format_eng(q.lanes->add.latency, "s"),
                           format_eng(q.lanes->add.energy, "J"), format_eng(q.lanes->multiply.latency, "s"),
                           format_eng(q.lanes->multiply.energy, "J"));
      }
    }
  }

  if (!o.out_dir.empty()) {
    const std::filesystem::path dir(o.out_dir);
    static constexpr const char* kTargets[] = {"ReadLatency", "WriteLatency", "ReadEnergy", "Area", "ReadEDP"};
    bool ok = write_out(dir / "bank.json", exporting::bank_json(r, *cell, t->name()), diag) &&
              write_out(dir / "pareto.csv", exporting::bank_csv(front_rows), diag) &&
              write_out(dir / "destiny.cell", exporting::destiny_dwm_cell(*cell, r.org, t->feature_size()), diag) &&
              write_out(dir / "destiny.cfg",
                        exporting::destiny_config(r.org, *t, "destiny.cell", kTargets[static_cast<int>(*objective)]),
                        diag) &&
              write_out(dir / "mram.cell", exporting::nvsim_mram_cell(exporting::mram_from_technology(*t)), diag) &&
              write_out(dir / "rtsim.cfg", exporting::rtsim_config(r, *cell, o.clk_mhz), diag);
    if (ok && sweep) {
      std::vector<const bank::BankResult*> rows;
      for (const auto& q : sweep_best) rows.push_back(&q);
      ok = write_out(dir / "sweep.csv", exporting::bank_csv(rows), diag);
    }
    std::vector<std::string> plots;
    if (ok && o.plot) ok = plot::write_bank_plots(dir, front_rows, sweep ? sweep->first : "", sweep_best, plots, diag);
    if (!ok) return print_diagnostics(diag, g), kExitJobFailed;
    out += fmt::format("\nwrote {}/{{bank.json, pareto.csv, destiny.cell, destiny.cfg, mram.cell, rtsim.cfg{}}}\n",
                       o.out_dir, sweep ? ", sweep.csv" : "");
    for (const std::string& p : plots) out += fmt::format("wrote {}\n", p);
  }
  print_diagnostics(diag, g);
  std::cout << out;
  return kExitOk;
}

}  // namespace

void add_bank(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<BankOptions>();
  CLI::App* sub = app.add_subcommand("bank", "Bank-level estimate and organization search of a racetrack memory");
  sub->add_option("--tech", o->tech, "Built-in technology name or techfile path (default 32nm)");
  sub->add_option("--set", o->sets, "Override a techfile value: key=value")->type_name("KEY=VALUE");
  sub->add_option("--capacity", o->capacity, "Capacity: 1MiB, 512KiB, 4Mib, or bits (default 1MiB)");
  sub->add_option("--word", o->word, "Word width in bits (default 64)");
  sub->add_option("--optimize", o->optimize, "read-latency|write-latency|read-energy|area|edp (default read-latency)");
  sub->add_option("--force", o->forces, "Fix organization fields: domains ports cluster rows cols mats banks mux")
      ->type_name("KEY=V[,V...]");
  sub->add_option("--sweep", o->sweep, "One-parameter sweep: best organization per value (sweep.csv); KEY is an organization field "
                  "(domains ports cluster rows cols mats banks mux) or lanes (with --lane-cell)")
      ->type_name("KEY=V1,V2,...");
  sub->add_option("-o,--out", o->out_dir, "Write bank.json, pareto.csv, [sweep.csv,] destiny.cell/.cfg, mram.cell, rtsim.cfg");
  sub->add_option("--cell", o->cell_source, "Cell numbers: techfile (default) or device (rtmchar's ngspice characterization)");
  sub->add_option("--clk", o->clk_mhz, "RTSim memory clock in MHz (default 1000)");
  sub->add_option("--lanes", o->lanes, "Compute lanes (fa_rtm cells) per subarray: bit-serial add and multiply (docs/bank.md)");
  sub->add_option("--lane-cell", o->lane_cell, "The lanes' cell: JSON of rtmchar cell fa_rtm (e.g. out/fa_rtm_32nm.json)")
      ->type_name("FILE.json");
  sub->add_option("--bench", o->bench, "Repeat the search N times and print organizations/s");
  sub->add_flag("--plot", o->plot, "With -o: also write pareto.svg [and sweep.svg] (docs/plots.md)")->needs("-o");
  sub->callback([&ctx, o] { ctx.action = [o, &ctx] { return run_bank(*o, ctx.global); }; });
}

}  // namespace rtmchar::cli
