#include "imc/fc_layer.h"

#include <algorithm>

#include <fmt/format.h>

namespace rtmchar::imc {

std::vector<FcLayer> lenet5_fc() { return {{400, 120}, {120, 84}, {84, 10}}; }

std::optional<FcEstimate> estimate_fc(const std::vector<FcLayer>& layers, int tile, double e_column, double e_neuron,
                                      double t_column, double sample_time, Diagnostics& diag) {
  if (tile < 1 || !(e_neuron > 0) || !(e_column > e_neuron) || !(t_column > 0) || !(sample_time > 0)) {
    diag.error("imc.bad-param", {},
               fmt::format("fc estimate: needs tile >= 1, e_column > e_neuron > 0, positive times (tile {}, "
                           "e_column {}, e_neuron {})",
                           tile, e_column, e_neuron));
    return std::nullopt;
  }
  FcEstimate est;
  est.tile = tile;
  const double e_array = e_column - e_neuron;
  for (const FcLayer& l : layers) {
    if (l.in < 1 || l.out < 1) {
      diag.error("imc.bad-param", {}, fmt::format("fc estimate: layer {}x{} has no inputs or outputs", l.in, l.out));
      return std::nullopt;
    }
    const int row_tiles = (l.in + tile - 1) / tile, col_tiles = (l.out + tile - 1) / tile;
    FcLayerEstimate e;
    e.layer = l;
    e.tiles = row_tiles * col_tiles;
    e.energy = l.out * (e_array * l.in / tile + e_neuron);
    e.latency = std::max(sample_time, t_column);
    est.energy += e.energy;
    est.latency += e.latency;
    est.layers.push_back(e);
  }
  return est;
}

}  // namespace rtmchar::imc
