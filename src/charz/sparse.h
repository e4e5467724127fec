#pragma once
// Sparse characterization: which grid points of an arc edge to simulate, how well a surface fitted
// to them predicts points it has not seen, and the fill of the points that are not simulated.
//
// Tables of a cell are smooth in (slew, load) (charz/fit.h), so a subset of the grid determines
// them. The selection loop, run per arc edge over all of its tables at once:
//   1. simulate a spread subset (sparse_initial): four evenly spread points per axis (4 x 4,
//      corners included) plus the sixth points (2 x 2), 20 of 49 points on a 7 x 7 grid: more
//      points than the 16 terms of the surface even with one of them left out;
//   2. held-out check (held_out_error): every simulated point except the four grid corners is left
//      out in turn, the surface is fitted to all other simulated points and its error at the
//      left-out point is measured relative to the table's largest simulated magnitude (the
//      measure of charz/fit.h; leave-one-out cross-validation). The corners are never left out:
//      they are always simulated, so a filled point is never an extrapolation;
//      Stability check (jackknife): each of those left-out fits also predicts every point that is
//      not simulated; a filled value may not move by more than half the tolerance when any one
//      simulated point is dropped. Measured on xor2 (7 x 7), the held-out check alone passed with
//      two filled points 1.03 % off at a 1 % tolerance; with the stability check the worst filled
//      point was 0.48 % off (docs/characterization.md);
//   3. while some table's largest held-out error exceeds the tolerance, or a filled value is
//      unstable, simulate the unsimulated grid points nearest to the worst points (sparse_next)
//      and repeat. A table the surface cannot describe ends fully simulated;
//   4. fill the points that were not simulated from the fit to all simulated points (fill_from_fit).
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "charz/fit.h"

namespace rtmchar::charz {

/// A characterization grid: x = input transitions (rows), y = loads (columns); point index
/// k = ix * y.size() + iy (row-major, as the tables).
struct Grid {
  std::span<const double> x;
  std::span<const double> y;
  size_t size() const { return x.size() * y.size(); }
  bool is_corner(size_t k) const;
};

/// Fewest points per axis for a sparse run: below it the initial subset is not smaller than the
/// grid by enough to leave points out, and every point is simulated.
constexpr size_t kSparseMinAxis = 7;

/// The initial subset of step 1 (sorted point indices); every point when an axis has fewer than
/// kSparseMinAxis values.
std::vector<size_t> sparse_initial(const Grid& g);

/// Held-out (leave-one-out) errors of one table over its simulated points.
struct HeldOut {
  std::vector<double> error;  ///< per grid point, relative to `scale`; negative where not held out
  double max = 0;             ///< largest of `error`
  double rms = 0;             ///< root mean square of `error` over the held-out points
  int points = 0;             ///< number of held-out points
  double scale = 1;           ///< largest |value| over the simulated points (fit.h error_scale)
  /// Per grid point not simulated: largest change of its fitted value, relative to `scale`, when
  /// one held-out point is dropped from the fit; negative at simulated points.
  std::vector<double> spread;
  double max_spread = 0;      ///< largest of `spread`
  bool ok = true;             ///< false if a fit was rank-deficient (too few or degenerate points)
};

/// Step 2 for one table: `values` holds the table (read only where `simulated`).
HeldOut held_out_error(const Grid& g, std::span<const double> values, const std::vector<bool>& simulated);

/// A filled value may change by at most this fraction of the tolerance when one point is dropped.
constexpr double kSparseSpreadFraction = 0.5;

/// Step 3 over all tables of one arc edge: up to `max_new` unsimulated points, nearest (Chebyshev
/// distance on the grid) to the held-out points whose error exceeds `tolerance` and to the
/// unsimulated points whose spread exceeds kSparseSpreadFraction x `tolerance`, worst first.
/// Every unsimulated point if a table's check is not `ok`. Empty = converged (or nothing left).
std::vector<size_t> sparse_next(const Grid& g, const std::vector<bool>& simulated, std::span<const HeldOut> tables,
                                double tolerance, size_t max_new);

/// Step 4: replaces the unsimulated entries of `values` by the fit to the simulated ones and
/// returns that fit; nullopt (values untouched) if the fit is rank-deficient.
std::optional<SurfaceFit> fill_from_fit(const Grid& g, std::vector<double>& values, const std::vector<bool>& simulated);

}  // namespace rtmchar::charz
