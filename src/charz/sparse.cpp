#include "charz/sparse.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

namespace rtmchar::charz {
namespace {

// Samples of the simulated points, skipping point `skip` (pass g.size() to keep all).
std::vector<Sample> samples_of(const Grid& g, std::span<const double> values, const std::vector<bool>& simulated,
                               size_t skip) {
  std::vector<Sample> s;
  const size_t ny = g.y.size();
  for (size_t k = 0; k < g.size(); ++k)
    if (simulated[k] && k != skip) s.push_back({g.x[k / ny], g.y[k % ny], values[k]});
  return s;
}

// Four evenly spread indices {0, (n-1)/3, 2(n-1)/3, n-1} and the sixth points
// {(n-1)/6, 5(n-1)/6} (rounded; {0,2,4,6} and {1,5} on 7 points), as two sets.
std::pair<std::set<size_t>, std::set<size_t>> axis_points(size_t n) {
  auto at = [n](double f) { return static_cast<size_t>(std::lround(f * static_cast<double>(n - 1))); };
  std::set<size_t> a = {0, at(1.0 / 3), at(2.0 / 3), n - 1};
  std::set<size_t> b;
  for (double f : {1.0 / 6, 5.0 / 6})
    if (!a.count(at(f))) b.insert(at(f));
  return {a, b};
}

size_t chebyshev(const Grid& g, size_t p, size_t q) {
  const size_t ny = g.y.size();
  auto diff = [](size_t u, size_t v) { return u > v ? u - v : v - u; };
  return std::max(diff(p / ny, q / ny), diff(p % ny, q % ny));
}

}  // namespace

bool Grid::is_corner(size_t k) const {
  const size_t ix = k / y.size(), iy = k % y.size();
  return (ix == 0 || ix + 1 == x.size()) && (iy == 0 || iy + 1 == y.size());
}

std::vector<size_t> sparse_initial(const Grid& g) {
  const size_t nx = g.x.size(), ny = g.y.size();
  std::vector<size_t> out;
  if (nx < kSparseMinAxis || ny < kSparseMinAxis) {
    for (size_t k = 0; k < g.size(); ++k) out.push_back(k);
    return out;
  }
  const auto [ax, bx] = axis_points(nx);
  const auto [ay, by] = axis_points(ny);
  for (size_t ix = 0; ix < nx; ++ix)
    for (size_t iy = 0; iy < ny; ++iy)
      if ((ax.count(ix) && ay.count(iy)) || (bx.count(ix) && by.count(iy))) out.push_back(ix * ny + iy);
  return out;
}

HeldOut held_out_error(const Grid& g, std::span<const double> values, const std::vector<bool>& simulated) {
  HeldOut h;
  h.error.assign(g.size(), -1.0);
  h.spread.assign(g.size(), -1.0);
  const std::vector<Sample> all = samples_of(g, values, simulated, g.size());
  h.scale = error_scale(all);
  const auto full = SurfaceFit::fit(all);
  if (!full) {
    h.ok = false;
    return h;
  }
  double sum2 = 0;
  const size_t ny = g.y.size();
  for (size_t k = 0; k < g.size(); ++k) {
    if (!simulated[k] || g.is_corner(k)) continue;
    const std::vector<Sample> rest = samples_of(g, values, simulated, k);
    const auto fit = SurfaceFit::fit(rest);
    if (!fit) {
      h.ok = false;
      continue;
    }
    const double e = std::fabs((*fit)(g.x[k / ny], g.y[k % ny]) - values[k]) / h.scale;
    h.error[k] = e;
    h.max = std::max(h.max, e);
    sum2 += e * e;
    ++h.points;
    for (size_t q = 0; q < g.size(); ++q) {
      if (simulated[q]) continue;
      const double x = g.x[q / ny], y = g.y[q % ny];
      h.spread[q] = std::max(h.spread[q], std::fabs((*fit)(x, y) - (*full)(x, y)) / h.scale);
      h.max_spread = std::max(h.max_spread, h.spread[q]);
    }
  }
  if (h.points == 0) h.ok = false;
  h.rms = h.points > 0 ? std::sqrt(sum2 / h.points) : 0.0;
  return h;
}

std::vector<size_t> sparse_next(const Grid& g, const std::vector<bool>& simulated, std::span<const HeldOut> tables,
                                double tolerance, size_t max_new) {
  std::vector<size_t> out;
  const bool fallback = std::any_of(tables.begin(), tables.end(), [](const HeldOut& h) { return !h.ok; });
  if (fallback) {
    for (size_t k = 0; k < g.size(); ++k)
      if (!simulated[k]) out.push_back(k);
    return out;
  }
  // Points above their limits, worst first (over all tables).
  std::vector<std::pair<double, size_t>> bad;
  for (const HeldOut& h : tables) {
    for (size_t k = 0; k < g.size(); ++k) {
      if (h.error[k] > tolerance) bad.emplace_back(h.error[k], k);
      // Relative to its own limit, so that both kinds of miss sort on one scale.
      if (h.spread[k] > kSparseSpreadFraction * tolerance) bad.emplace_back(h.spread[k] / kSparseSpreadFraction, k);
    }
  }
  std::sort(bad.begin(), bad.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<bool> taken = simulated;
  for (const auto& [err, p] : bad) {
    if (out.size() >= max_new) break;
    // The nearest unsimulated point(s) to p: smallest Chebyshev distance, first in grid order.
    size_t best = g.size(), best_d = g.size();
    for (size_t q = 0; q < g.size(); ++q) {
      if (taken[q]) continue;
      const size_t d = chebyshev(g, p, q);
      if (d < best_d) {
        best = q;
        best_d = d;
      }
    }
    if (best == g.size()) break;  // every point is simulated
    taken[best] = true;
    out.push_back(best);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<SurfaceFit> fill_from_fit(const Grid& g, std::vector<double>& values, const std::vector<bool>& simulated) {
  const std::vector<Sample> s = samples_of(g, values, simulated, g.size());
  auto fit = SurfaceFit::fit(s);
  if (!fit) return std::nullopt;
  const size_t ny = g.y.size();
  for (size_t k = 0; k < g.size(); ++k)
    if (!simulated[k]) values[k] = (*fit)(g.x[k / ny], g.y[k % ny]);
  return fit;
}

}  // namespace rtmchar::charz
