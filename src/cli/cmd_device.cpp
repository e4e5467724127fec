// rtmchar device mtj|racetrack|sot: device-level numbers from SPICE for a technology (read
// margins, minimum write pulses, shift windows and energy, sub-threshold behaviour, transverse-read
// levels). Models and methods: docs/devices.md.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "cli/app.h"
#include "cli/common.h"
#include "devices/characterize.h"
#include "devices/from_technology.h"
#include "tech/technology.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

using units::format_eng;

struct DeviceOptions {
  std::string tech = std::string(tech::kDefaultTech);
  std::vector<std::string> sets;
  std::string bias;      ///< read biases (V), list
  std::string currents;  ///< write / shift currents (A), list
  std::string tr_current = "10u";
};

// Parsed common inputs; nullopt after printing diagnostics.
struct Inputs {
  tech::Technology tech;
  std::vector<double> bias;
  std::vector<double> currents;  ///< empty = the command's default
};

std::optional<Inputs> load_inputs(const DeviceOptions& o, const std::string& default_bias, Diagnostics& diag) {
  auto t = tech::load(o.tech, o.sets, diag);
  auto bias = parse_list(o.bias.empty() ? default_bias : o.bias, "V", "--bias", diag);
  std::optional<std::vector<double>> currents = std::vector<double>{};
  if (!o.currents.empty()) currents = parse_list(o.currents, "A", "--currents", diag);
  if (!t || !bias || !currents) return std::nullopt;
  return Inputs{std::move(*t), std::move(*bias), std::move(*currents)};
}

std::string read_table(const std::vector<devices::ReadPoint>& pts) {
  std::string out = fmt::format("{:>10} {:>12} {:>12} {:>12} {:>14} {}\n", "bias", "I_P", "I_AP", "dI", "dV @ I_AP",
                                "read disturb");
  for (const auto& r : pts)
    out += fmt::format("{:>10} {:>12} {:>12} {:>12} {:>14} {}\n", format_eng(r.bias, "V"), format_eng(r.i_p, "A"),
                       format_eng(r.i_ap, "A"), format_eng(r.i_margin, "A"), format_eng(r.v_margin, "V"),
                       r.disturbed ? "YES" : "no");
  return out;
}

std::string write_table(const char* title, const std::vector<devices::WritePoint>& pts) {
  std::string out = fmt::format("{}\n{:>12} {:>14} {:>14}\n", title, "I", "t_switch", "min pulse");
  for (const auto& w : pts)
    out += fmt::format("{:>12} {:>14} {:>14}\n", format_eng(w.current, "A"), format_eng(w.switch_time, "s"),
                       format_eng(w.min_pulse, "s"));
  return out;
}

std::vector<double> scaled(const std::vector<double>& given, double ic) {
  if (!given.empty()) return given;
  return {1.25 * ic, 1.5 * ic, 2 * ic, 3 * ic};
}

int finish(const Diagnostics& diag, const GlobalOptions& g, const std::string& out) {
  print_diagnostics(diag, g);
  if (diag.has_errors()) return kExitJobFailed;
  std::cout << out;
  return kExitOk;
}

int run_mtj(const DeviceOptions& o, const GlobalOptions& g) {
  Diagnostics diag;
  auto in = load_inputs(o, "50mV,100mV,200mV", diag);
  if (!in) return print_diagnostics(diag, g), kExitBadInput;
  const auto p = devices::mtj_from_technology(in->tech);
  if (!devices::validate(p, diag, SourceLoc::cli("--tech"))) return print_diagnostics(diag, g), kExitBadInput;
  sim::Engine engine(engine_options(g));
  const devices::SimSettings s;
  std::string out = fmt::format("MTJ @ {}: R_P {}, TMR0 {} %, V_h {}, I_c P->AP {}, AP->P {}, tau0 {}\n",
                                in->tech.name(), format_eng(p.r_p(), "Ohm"), units::format_sig(100 * p.tmr0, 4),
                                format_eng(p.v_h, "V"), format_eng(p.ic_p2ap, "A"), format_eng(p.ic_ap2p, "A"),
                                format_eng(p.tau0, "s"));
  auto rd = devices::mtj_read(engine, p, in->bias, s, diag);
  if (!rd) return finish(diag, g, out);
  out += read_table(*rd);
  auto up = devices::mtj_min_write_pulse(engine, p, devices::WriteDir::PtoAP, scaled(in->currents, p.ic_p2ap), s, diag);
  auto dn = devices::mtj_min_write_pulse(engine, p, devices::WriteDir::APtoP, scaled(in->currents, p.ic_ap2p), s, diag);
  if (up) out += write_table("write P->AP", *up);
  if (dn) out += write_table("write AP->P", *dn);
  return finish(diag, g, out);
}

int run_sot(const DeviceOptions& o, const GlobalOptions& g) {
  Diagnostics diag;
  auto in = load_inputs(o, "100mV,400mV,800mV", diag);
  if (!in) return print_diagnostics(diag, g), kExitBadInput;
  const auto p = devices::sot_from_technology(in->tech);
  if (!devices::validate(p, diag, SourceLoc::cli("--tech"))) return print_diagnostics(diag, g), kExitBadInput;
  sim::Engine engine(engine_options(g));
  const devices::SimSettings s;
  std::string out = fmt::format("SOT @ {}: R_low {}, R_high {}, channel {}, I_c {}, tau0 {}\n", in->tech.name(),
                                format_eng(p.r_low(), "Ohm"), format_eng(p.r_high, "Ohm"),
                                format_eng(p.r_channel(), "Ohm"), format_eng(p.ic, "A"), format_eng(p.tau0, "s"));
  std::vector<devices::ReadPoint> reads;
  for (double v : in->bias) {
    auto r = devices::sot_read(engine, p, v, s, diag);
    if (!r) return finish(diag, g, out);
    reads.push_back(*r);
  }
  out += read_table(reads);
  auto up = devices::sot_min_write_pulse(engine, p, devices::WriteDir::PtoAP, scaled(in->currents, p.ic), s, diag);
  auto dn = devices::sot_min_write_pulse(engine, p, devices::WriteDir::APtoP, scaled(in->currents, p.ic), s, diag);
  if (up) out += write_table("write low->high (channel a->b)", *up);
  if (dn) out += write_table("write high->low (channel b->a)", *dn);
  return finish(diag, g, out);
}

int run_racetrack(const DeviceOptions& o, const GlobalOptions& g) {
  Diagnostics diag;
  auto in = load_inputs(o, "100mV,200mV", diag);
  auto tr_current = parse_flag_quantity(o.tr_current, "A", "--tr-current", diag);
  if (!in || !tr_current) return print_diagnostics(diag, g), kExitBadInput;
  const auto p = devices::racetrack_from_technology(in->tech);
  if (!devices::validate(p, diag, SourceLoc::cli("--tech"))) return print_diagnostics(diag, g), kExitBadInput;
  const double idep = p.depinning_current();
  std::vector<double> currents = in->currents;
  if (currents.empty()) {
    currents = {1.5 * idep, 2 * idep, 3 * idep};
    const double nominal = in->tech.si("racetrack.shift_current");
    if (nominal > idep) currents.push_back(nominal);
    std::sort(currents.begin(), currents.end());
  }
  sim::Engine engine(engine_options(g));
  const devices::SimSettings s;
  std::string out = fmt::format(
      "racetrack @ {}: {} + {} domains, pitch {}, R_wire {}, I_dep {}, port MTJ {} / {}\n", in->tech.name(),
      p.data_domains, p.overhead_domains, format_eng(p.pitch, "m"), format_eng(p.r_wire(), "Ohm"),
      format_eng(idep, "A"), format_eng(p.port_mtj.r_p(), "Ohm"), format_eng(p.port_mtj.resistance(0, 1), "Ohm"));
  out += "port read (MTJ over the domain)\n";
  auto rd = devices::mtj_read(engine, p.port_mtj, in->bias, s, diag);
  if (!rd) return finish(diag, g, out);
  out += read_table(*rd);
  auto win = devices::racetrack_shift_window(engine, p, currents, s, diag, 0.01);
  if (!win) return finish(diag, g, out);
  out += fmt::format("one-domain shift\n{:>12} {:>12} {:>12} {:>14} {:>12}\n", "I", "min pulse", "max pulse",
                     "E/step", "at pulse");
  for (const auto& w : *win)
    out += fmt::format("{:>12} {:>12} {:>12} {:>14} {:>12}\n", format_eng(w.current, "A"), format_eng(w.min_pulse, "s"),
                       format_eng(w.max_pulse, "s"), format_eng(w.energy, "J"), format_eng(w.pulse_used, "s"));
  auto below = devices::racetrack_shift(engine, p, {0.9 * idep}, 10e-9, s, diag);
  if (!below) return finish(diag, g, out);
  out += fmt::format("below threshold (0.9 I_dep = {}, 10 ns): max |x| {} pitch (elastic), final x {} pitch\n",
                     format_eng(0.9 * idep, "A"), units::format_sig(below->max_abs_x, 3),
                     units::format_sig(below->final_x, 3));
  if (p.port_positions().size() >= 2) {
    auto levels = devices::transverse_read_levels(engine, p, 0, 1, *tr_current, s, diag);
    if (!levels) return finish(diag, g, out);
    out += fmt::format("transverse read port 0 -> 1 at {}:", format_eng(*tr_current, "A"));
    for (std::size_t c = 0; c < levels->size(); ++c) out += fmt::format(" {}:{}", c, format_eng((*levels)[c], "Ohm"));
    out += "\n";
  }
  return finish(diag, g, out);
}

void add_device_options(CLI::App* sub, DeviceOptions& o, const char* bias_default, const char* current_default) {
  sub->add_option("--tech", o.tech, "Technology: built-in name or techfile path")->capture_default_str();
  sub->add_option("--set", o.sets, "Override a technology value, KEY=VALUE (repeatable)");
  sub->add_option("--bias", o.bias, fmt::format("Read biases, e.g. 50mV,100mV (default {})", bias_default));
  sub->add_option("--currents", o.currents, fmt::format("Write/shift currents, e.g. 60u,80u (default {})", current_default));
}

}  // namespace

void add_device(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DeviceOptions>();
  CLI::App* dev = app.add_subcommand("device", "Device-level characterization of the MTJ, racetrack and SOT models");
  dev->require_subcommand(1);
  CLI::App* mtj = dev->add_subcommand("mtj", "MTJ: read margins per bias, minimum write pulse vs current");
  add_device_options(mtj, *o, "50mV,100mV,200mV", "1.25,1.5,2,3 x I_c");
  mtj->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_mtj(*o, ctx.global); }; });
  CLI::App* rt = dev->add_subcommand("racetrack", "Racetrack: port read, shift window and energy, "
                                                  "sub-threshold behaviour, transverse-read levels");
  add_device_options(rt, *o, "100mV,200mV", "1.5,2,3 x I_dep and racetrack.shift_current");
  rt->add_option("--tr-current", o->tr_current, "Transverse-read current (below I_dep)")->capture_default_str();
  rt->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_racetrack(*o, ctx.global); }; });
  CLI::App* sot = dev->add_subcommand("sot", "SOT-MRAM: read margins per bias, minimum write pulse vs current");
  add_device_options(sot, *o, "100mV,400mV,800mV", "1.25,1.5,2,3 x I_c");
  sot->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_sot(*o, ctx.global); }; });
}

}  // namespace rtmchar::cli
