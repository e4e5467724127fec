#pragma once
// SOT-MRAM sigmoidal neuron of IMAC (Elbtity et al.; ../shared/notes/device-physics.md sec. 5):
// the input drives a resistive divider of two SOT-MRAM devices (R1 in the low state, R2 in the
// high state) whose other end sits at the offset voltage; the divider node drives a CMOS
// inverter whose transfer curve is the sigmoid. The divider node is
//   v_g = v_in * R2/(R1+R2) + v_off * R1/(R1+R2)
// (read paths of the devices; the channel of each device is tied to the divider node so no
// write current flows). Circuit and numbers: docs/imc.md.
#include <optional>
#include <string>
#include <vector>

#include "devices/models.h"
#include "imc/logistic.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::imc {

struct NeuronParams {
  devices::SotParams device;  ///< SOT device of the divider; R_low = r1, R_high = r2 (see neuron_from_technology)
  double r1 = 8.49e3;         ///< divider device in the low state [Ohm]; IMAC, imac.neuron_r1
  double r2 = 25.46e3;        ///< divider device in the high state [Ohm]; IMAC, imac.neuron_r2
  double offset = -0.4;       ///< divider offset voltage [V]; IMAC, imac.neuron_offset
  double v_pos = 0.45;        ///< inverter upper rail [V]; + vdd/2 of the node (see docs/imc.md)
  double v_neg = -0.45;       ///< inverter lower rail [V]; - vdd/2
  double sweep_lo = -0.8;     ///< DC sweep of the input [V]: imac.v_read_neg ..
  double sweep_hi = 0.8;      ///< .. imac.v_read_pos
  double sweep_step = 5e-3;   ///< DC sweep step [V]
  double wn = 64e-9, wp = 128e-9, l = 32e-9;  ///< inverter sizes [m]: Wn = Wmin, Wp = 2 Wmin, L = Lmin
  double c_load = 2e-15;      ///< output load [F]: one row input of the next crossbar tile (assumption)
  double sample_time = 1e-9;  ///< time per input sample [s]; IMAC 1 ns, imac.sample_time
  double edge = 10e-12;       ///< input edge in the transient [s]
};

/// The neuron of `t`: imac.* keys, sot.* device scaled to R_low = imac.neuron_r1 and
/// R_high = imac.neuron_r2 (same junction footprint, RA scaled), rails +-vdd/2, minimum devices.
NeuronParams neuron_from_technology(const tech::Technology& t);

struct NeuronResult {
  std::vector<double> v_in, v_out;  ///< simulated DC transfer curve
  LogisticFit fit;                  ///< logistic fit of v_out(v_in)
  double latency_rise = 0;          ///< input falling through 0 V -> output rising through its midpoint [s]
  double latency_fall = 0;          ///< input rising -> output falling [s]
  double energy = 0;                ///< energy per evaluation (mean of one rising and one falling input
                                    ///< sample of sample_time each), all sources incl. divider [J]
  double static_power_mid = 0;      ///< supply power with the input held at the fitted midpoint [W]
};

/// SPICE deck of the neuron (title, models, devices, sources) without analysis line; input source
/// `Vin in 0 <vin_spec>`. Exposed for tests and the column deck.
std::string neuron_deck(const NeuronParams& p, const tech::Technology& t, const std::string& vin_spec);

/// The neuron without its input source and model card: subcircuits sot_lo/sot_hi, sources Voff,
/// Vp, Vn, nodes g, off, vp, vn, out, driven from node `in_node`. For decks that embed the neuron
/// (the column); the caller must not use those names.
std::string neuron_stage(const NeuronParams& p, const tech::Technology& t, const std::string& in_node);

/// DC sweep + logistic fit + transient latency/energy. Simulation or fit failures are reported as
/// `imc.sim-failed` / `imc.fit-failed` and return nullopt.
std::optional<NeuronResult> characterize_neuron(sim::Engine& engine, const NeuronParams& p,
                                                const tech::Technology& t, Diagnostics& diag);

/// DC transfer curve only, on [lo, hi] with `step` (for checks against a fit); nullopt + diagnostic
/// on failure.
std::optional<std::pair<std::vector<double>, std::vector<double>>> neuron_dc(sim::Engine& engine, const NeuronParams& p,
                                                                             const tech::Technology& t, double lo,
                                                                             double hi, double step,
                                                                             Diagnostics& diag);

}  // namespace rtmchar::imc
