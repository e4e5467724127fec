#pragma once
// Fully connected layers on IMAC crossbar tiles (Elbtity et al.: LeNet-5's classifier 400x120,
// 120x84, 84x10 on 32x32 tiles; ../shared/notes/device-physics.md sec. 5) estimated from the
// simulated per-column numbers. A layer of `in` inputs and `out` neurons occupies
// ceil(in/T) x ceil(out/T) tiles (T = imac.tile_size); the tiles of one tile column share their
// column lines (analog partial sums) and each of the `out` columns ends in one amplifier + neuron.
//   E_layer = out * (ceil(in/T) * e_array(T) * in / (ceil(in/T) T) + e_neuron)
// with e_array(T) = E_column(T) - e_neuron (the synapse rows of one full tile column: the row
// energy is proportional to the number of driven rows, so partially used tiles scale by in/(ceil T)),
// and every layer takes one input sample: t_layer = max(sample_time, column latency). Layers run
// one after another, so the inference time is the sum. Numbers: docs/imc.md.
#include <optional>
#include <string>
#include <vector>

#include "util/diag.h"

namespace rtmchar::imc {

struct FcLayer {
  int in = 0, out = 0;
};

struct FcLayerEstimate {
  FcLayer layer;
  int tiles = 0;          ///< ceil(in/T) * ceil(out/T)
  double energy = 0;      ///< per inference [J]
  double latency = 0;     ///< per inference [s]
};

struct FcEstimate {
  int tile = 32;
  std::vector<FcLayerEstimate> layers;
  double energy = 0, latency = 0;  ///< totals per inference
};

/// `e_column`: mean energy of one column evaluation with `tile` rows incl. its neuron [J];
/// `e_neuron`: neuron energy per evaluation [J]; `t_column`: worst column latency [s]. Needs
/// e_column > e_neuron > 0, tile >= 1 and positive layer sizes (imc.bad-param otherwise).
std::optional<FcEstimate> estimate_fc(const std::vector<FcLayer>& layers, int tile, double e_column, double e_neuron,
                                      double t_column, double sample_time, Diagnostics& diag);

/// LeNet-5's classifier: 400x120, 120x84, 84x10.
std::vector<FcLayer> lenet5_fc();

}  // namespace rtmchar::imc
