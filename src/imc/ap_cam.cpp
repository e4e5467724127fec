#include "imc/ap_cam.h"

#include <algorithm>

namespace rtmchar::imc {
namespace {

/// Key columns of the widest compare pass, the last such pass (highest bit positions).
std::vector<int> widest_key(const ApProgram& prog) {
  std::vector<int> cols;
  for (const ApPass& p : prog.passes) {
    if (!p.compare || p.key.size() < cols.size()) continue;
    cols.clear();
    for (const ApBit& b : p.key) cols.push_back(b.column);
  }
  std::sort(cols.begin(), cols.end());
  return cols;
}

}  // namespace

std::optional<ApCompare> ap_compare(sim::Engine& engine, const tech::Technology& t, const ApProgram& prog,
                                    const CamWrite& w, Diagnostics& diag) {
  const CamParams p = cam_from_technology(t, prog.row_bits);
  std::vector<int> stored(static_cast<std::size_t>(prog.row_bits));
  for (int k = 0; k < prog.row_bits; ++k) stored[static_cast<std::size_t>(k)] = (5 * k + 3) % 7 < 3 ? 1 : 0;
  ApCompare out;
  out.word_bits = prog.row_bits;
  const std::vector<int> cols = widest_key(prog);
  out.active_columns = static_cast<int>(cols.size());
  auto win = cam_sense_window(engine, p, t, stored, diag, cols);
  if (!win) return std::nullopt;
  out.window = *win;
  out.costs.compare_time = p.t_pre + win->latency;
  out.costs.compare_energy = std::max({win->energy_match, win->energy_miss1, win->energy_all_miss});
  out.costs.write_time = w.latency();
  out.costs.write_energy_0 = w.value[0].energy;
  out.costs.write_energy_1 = w.value[1].energy;
  return out;
}

}  // namespace rtmchar::imc
