#pragma once
// Low-order least-squares surfaces over a characterization grid (input transition x load).
//
// A cell's delay, transition and energy are smooth in (slew, load): to first order delay is
// t0 + k_s*slew + R*C_load + m*slew*C_load, bending at small slews and loads. The basis is the
// tensor product of polynomials of degree 3 in u = sqrt(slew) and v = sqrt(load), both
// normalised to [0, 1] (16 terms). In these coordinates the first-order model above is a
// polynomial of degree 2 in each variable, so it is represented exactly, and the geometric grids
// rtmchar uses are spread more evenly than in linear coordinates (where the fit is dominated by
// the few large points). Measured on the 7 x 7 tables of nand2 at 32 nm (all arc edges), the
// largest residual relative to the table's largest value is 0.5 % (delay), 0.6 % (transition),
// 0.1 % (energy), against 2.8 %, 2.2 % and 0.9 % for a biquadratic in linear coordinates and
// 1.2 %, 2.0 %, 0.5 % for a biquadratic in sqrt coordinates (docs/characterization.md, "Fits").
// The fit error is always measured and reported, never assumed. With 16 points or fewer, or
// fewer than 4 distinct values on an axis, the degree drops to 2 (9 terms, at least 9 points and
// 3 values per axis) and then to the 6-term quadratic {1, u, v, uv, u^2, v^2}. Solved with
// Eigen's column-pivoting Householder QR.
#include <optional>
#include <span>
#include <vector>

namespace rtmchar::charz {

/// One sample of a table: coordinates and value.
struct Sample {
  double x = 0;  ///< input transition [s]
  double y = 0;  ///< output load [F] (or constrained-pin transition for constraint tables)
  double z = 0;  ///< the measured quantity
};

/// A fitted surface z(x, y).
class SurfaceFit {
 public:
  /// Least-squares fit to `samples` (at least 6, coordinates positive, not all on one line in
  /// either variable). nullopt if the system is rank-deficient.
  static std::optional<SurfaceFit> fit(std::span<const Sample> samples);

  double operator()(double x, double y) const;
  int terms() const { return static_cast<int>(coef_.size()); }
  /// Largest |fit - z| over `samples` divided by `scale` (see error_scale()).
  double max_error(std::span<const Sample> samples, double scale) const;
  /// Root-mean-square |fit - z| over `samples` divided by `scale`.
  double rms_error(std::span<const Sample> samples, double scale) const;

 private:
  std::vector<double> basis(double x, double y) const;
  double x0_ = 0, xs_ = 1, y0_ = 0, ys_ = 1;  // normalisation u = (sqrt(x) - x0) / xs
  int degree_ = 3;                            // tensor degree per axis; 1 = the 6-term quadratic
  std::vector<double> coef_;
};

/// The scale relative errors of a table are measured against: max |z| over the samples. Using the
/// table's largest magnitude (not each point's own value) keeps the measure meaningful for energy
/// tables whose values cross zero (pin-based fall energy can be slightly negative).
double error_scale(std::span<const Sample> samples);

}  // namespace rtmchar::charz
