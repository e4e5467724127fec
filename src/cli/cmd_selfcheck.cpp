// rtmchar selfcheck: runs a handful of inverter transients through the simulation engine (worker
// pool, cache, measurements) and prints the delays and output slews. The inverter is CMOS with
// the technology's own model cards (--tech, --set); with --behavioural it is made of ideal
// elements only, so the check needs nothing but ngspice.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

#include "cli/app.h"
#include "cli/common.h"
#include "sim/selfcheck.h"
#include "sim/simulator.h"
#include "tech/model_card.h"
#include "tech/technology.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

struct SelfcheckOptions {
  std::string tech = std::string(tech::kDefaultTech);
  std::vector<std::string> sets;
  bool behavioural = false;  ///< ideal-element inverter instead of the technology's MOSFETs
  std::string vdd;           ///< supply; default: the technology's (0.9 V for the behavioural one)
};

constexpr double kSlews[] = {10e-12, 30e-12, 100e-12};
constexpr double kLoads[] = {1e-15, 4e-15};

/// The delay of every slew must grow with the load: a cheap physical sanity check of the results.
bool delays_grow_with_load(const std::vector<sim::Result>& rs, std::string& why) {
  constexpr std::size_t nl = std::size(kLoads);
  for (std::size_t s = 0; s < std::size(kSlews); ++s) {
    for (std::size_t l = 1; l < nl; ++l) {
      for (const char* key : {"tphl", "tplh"}) {
        double lo = rs[s * nl + l - 1].measures.at(key), hi = rs[s * nl + l].measures.at(key);
        if (!(hi > lo)) {
          why = fmt::format("{} does not grow with the load at slew {} ({} -> {})", key, units::format_eng(kSlews[s], "s"),
                            units::format_eng(lo, "s"), units::format_eng(hi, "s"));
          return false;
        }
      }
    }
  }
  return true;
}

int run_selfcheck(const SelfcheckOptions& o, const GlobalOptions& g) {
  Diagnostics diag;
  std::optional<tech::Technology> technology;
  if (!o.behavioural) {
    technology = tech::load(o.tech, o.sets, diag);
    if (!technology) {
      print_diagnostics(diag, g);
      return kExitBadInput;
    }
  }
  double vdd = technology ? technology->vdd() : 0.9;
  if (!o.vdd.empty()) {
    auto v = parse_flag_quantity(o.vdd, "V", "--vdd", diag);
    if (v && !(*v > 0)) diag.error("cli.bad-value", SourceLoc::cli("--vdd"), "the supply must be positive");
    if (!v || diag.has_errors()) {
      print_diagnostics(diag, g);
      return kExitBadInput;
    }
    vdd = *v;
  }
  std::optional<sim::selfcheck::Cmos> cmos;
  if (technology) {
    cmos.emplace();
    cmos->card = tech::model_card(*technology);  // pasted into each deck, so the cache key covers it
    cmos->nmos = technology->nmos_model();
    cmos->pmos = technology->pmos_model();
    cmos->vdd = vdd;
    cmos->l = technology->feature_size();
  }
  std::vector<sim::Job> jobs;
  for (double s : kSlews)
    for (double l : kLoads) jobs.push_back(sim::selfcheck::inverter_job(cmos, vdd, {s, l}));

  sim::Engine engine(engine_options(g));
  auto rs = engine.run(jobs);
  int failed = 0;
  for (const auto& r : rs)
    if (!r.ok()) {
      std::cerr << "rtmchar: error: " << r.error << '\n';
      for (const auto& line : r.log) std::cerr << "  ngspice: " << line << '\n';
      ++failed;
    }
  std::string out = fmt::format("# engine self-check: {} inverter, vdd {}, {}, {} workers\n",
                                cmos ? "CMOS (" + technology->name() + ")" : std::string("behavioural"), units::format_eng(vdd, "V"),
                                engine.simulator_version(), engine.worker_count());
  out += fmt::format("{:<10} {:<8} {:>10} {:>10} {:>10} {:>10}  {}\n", "slew_in", "load", "tphl", "tplh", "fall", "rise",
                     "source");
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const auto& r = rs[i];
    double slew = kSlews[i / std::size(kLoads)], load = kLoads[i % std::size(kLoads)];
    out += fmt::format("{:<10} {:<8}", units::format_eng(slew, "s", 3), units::format_eng(load, "F", 3));
    for (const char* key : {"tphl", "tplh", "fall", "rise"})
      out += fmt::format(" {:>10}", r.ok() ? units::format_eng(r.measures.at(key), "s", 4) : "failed");
    out += r.ok() ? (r.from_cache ? "  cache\n" : "  ngspice\n") : "\n";
  }
  std::cout << out;
  if (failed) return kExitJobFailed;
  std::string why;
  if (!delays_grow_with_load(rs, why)) {
    std::cerr << "rtmchar: error: self-check failed: " << why << '\n';
    return kExitJobFailed;
  }
  return kExitOk;
}

}  // namespace

void add_selfcheck(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<SelfcheckOptions>();
  auto* cmd = app.add_subcommand("selfcheck", "Run inverter transients through the simulation engine and print delays");
  cmd->add_option("--tech", opts->tech, "Technology: built-in name or techfile path")->capture_default_str();
  cmd->add_option("--set", opts->sets, "Override a technology value, KEY=VALUE (repeatable)");
  cmd->add_flag("--behavioural", opts->behavioural, "Use an ideal-element inverter (needs no MOSFET models)");
  cmd->add_option("--vdd", opts->vdd, "Supply voltage (default: the technology's; 0.9 V behavioural)");
  cmd->callback([opts, &ctx] { ctx.action = [opts, &ctx] { return run_selfcheck(*opts, ctx.global); }; });
}

}  // namespace rtmchar::cli
