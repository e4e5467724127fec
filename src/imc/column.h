#pragma once
// SOT-MRAM IMAC column (Elbtity et al.; ../shared/notes/device-physics.md sec. 5): N synapses, each
// a pair of SOT devices from input row i to a positive column P and a negative column M:
//   w = +1: R_low on P, R_high on M;  w = -1: swapped;  w = 0: R_low on both.
// Row i is driven at x_i * v_read (x_i in {+1, 0, -1}, v_read = imac.v_read_pos / v_read_neg).
// Each column is an RC ladder of the local wire (wire.local.r/c x synapse pitch), row 0 at the far
// end, and ends in a sense resistor r_sense to ground; a differential amplifier (behavioural VCVS,
// gain imac.diffamp_gain) drives the sigmoid neuron of neuron.h with gain * (v_P - v_M).
// Without wire and sense loading the amplifier output is the ideal weighted sum
//   v_ideal = gain * r_sense * (G_low - G_high) * sum_i w_i x_i v_read,
// r_sense is chosen so that v_ideal(sum = N) = v_read_pos (full scale). Details: docs/imc.md.
#include <optional>
#include <string>
#include <vector>

#include "devices/models.h"
#include "imc/neuron.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::imc {

struct ColumnParams {
  int n = 16;                   ///< synapses (rows) on the column, 1..128
  devices::SotParams device;    ///< synapse device; R_low = sot.r_low, R_high = sot.r_high (IMAC 5 k / 15 k)
  double v_read_pos = 0.8;      ///< input +1 [V]; imac.v_read_pos
  double v_read_neg = -0.8;     ///< input -1 [V]; imac.v_read_neg
  double pitch = 202e-9;        ///< synapse pitch along the column [m]: sqrt(layout.sot_cell_area) F
                                ///< (ASSUMPTION: square 2T-1MTJ SOT cell)
  double cell_area = 40 * 32e-9 * 32e-9;  ///< one SOT cell [m^2]; layout.sot_cell_area F^2
  double r_wire = 26.2e6;       ///< column wire resistance [Ohm/m]; wire.local.r
  double c_wire = 0.19e-9;      ///< column wire capacitance [F/m]; wire.local.c
  double gain = 10;             ///< differential amplifier gain; imac.diffamp_gain
  double r_sense = 0;           ///< sense resistor per column [Ohm]; 0 = full-scale choice (see above)
  double sample_time = 1e-9;    ///< time per input sample [s]; imac.sample_time
  double edge = 10e-12;         ///< input edge [s]
  double settle_tol = 0.02;     ///< settling band of the neuron output, fraction of its rail span
  NeuronParams neuron;          ///< the column's neuron (neuron_from_technology)

  double g_low() const { return 1 / device.r_low(); }
  double g_high() const { return 1 / device.r_high; }
  double r_segment() const { return r_wire * pitch; }
  /// r_sense in effect: the given one, or 1 / (gain N (G_low - G_high)) for full scale at sum = N.
  double sense() const { return r_sense > 0 ? r_sense : 1 / (gain * n * (g_low() - g_high())); }
  /// Ideal amplifier output per unit of the weighted sum (one +1 weight times a +v_read_pos input) [V].
  double lsb() const { return gain * sense() * (g_low() - g_high()) * v_read_pos; }
};

/// The column of `t` with `n` rows: sot.* device, imac.*, wire.local.*, layout.sot_cell_area,
/// tech.feature_size and the neuron of neuron_from_technology.
ColumnParams column_from_technology(const tech::Technology& t, int n);

/// One column evaluation: the inputs switch from -x (settled DC state) to x at t = 0.1 ns and are
/// held for one sample_time.
struct ColumnEval {
  int sum = 0;              ///< ideal weighted sum sum_i w_i x_i
  double v_ideal = 0;       ///< ideal amplifier output [V] (see header)
  double v_amp = 0;         ///< simulated amplifier output at the end of the sample [V]
  double v_out = 0;         ///< neuron output at the end of the sample [V]
  double latency = 0;       ///< input edge (50 %) -> amplifier and neuron output settled within the
                            ///< bands (1 % of v_read_pos / settle_tol of the rail span) [s]
  double energy = 0;        ///< all sources (rows, amplifier output, neuron supplies) over the sample [J]
};

/// SPICE deck of one evaluation (exposed for tests). weights / inputs in {-1, 0, +1}, size n.
std::string column_deck(const ColumnParams& p, const tech::Technology& t, const std::vector<int>& weights,
                        const std::vector<int>& inputs);

/// Simulates every input pattern against `weights` (one job each, run in parallel). Bad sizes or
/// values are imc.bad-param; a failed simulation or an output that does not settle within the
/// sample is imc.sim-failed. Results in input order.
std::optional<std::vector<ColumnEval>> evaluate_column(sim::Engine& engine, const ColumnParams& p,
                                                       const tech::Technology& t, const std::vector<int>& weights,
                                                       const std::vector<std::vector<int>>& inputs,
                                                       Diagnostics& diag);

/// The standard sweep of a column: weights alternate +1, -1 (row 0 = +1); input pattern k
/// (k = 0, step, 2 step, ..., n) agrees with the weight on the first k rows (from the far end) and
/// opposes it on the rest, so sum = 2k - n.
struct ColumnSweep {
  int n = 0;
  std::vector<ColumnEval> evals;
  double gain_error = 0;      ///< least-squares slope of v_amp over v_ideal, minus 1
  double max_error_lsb = 0;   ///< max |v_amp - v_ideal| / lsb (error in units of the weighted sum)
  double inl_lsb = 0;         ///< max deviation of v_amp from its least-squares line, in lsb
  double latency_max = 0;     ///< worst latency over the sweep [s]
  double energy_mean = 0;     ///< mean energy per evaluation over the sweep [J]
  double energy_max = 0;      ///< worst energy per evaluation [J]
  double area = 0;            ///< synapse array area: 2 n cells of cell_area [m^2]
};

/// Runs the standard sweep with k in steps of `step` (1..n). Diagnostics as evaluate_column.
std::optional<ColumnSweep> sweep_column(sim::Engine& engine, const ColumnParams& p, const tech::Technology& t,
                                        int step, Diagnostics& diag);

}  // namespace rtmchar::imc
