#pragma once
// Low-order least-squares surfaces over a characterization grid (input transition x load).
//
// A cell's delay, transition and energy are smooth in (slew, load): to first order delay is
// t0 + k_s*slew + R*C_load with a slew-load interaction, so a polynomial of low degree in each
// variable describes a 7x7 table to well under 1 % (the fit error is always measured and
// reported, never assumed). The basis is the tensor product {1, x, x^2} x {1, y, y^2} on
// coordinates normalised to [0, 1] (for conditioning); with fewer than 9 distinct points the
// quadratic-with-cross-term basis {1, x, y, xy, x^2, y^2} is used. Solved with Eigen's
// column-pivoting Householder QR.
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
  /// Least-squares fit to `samples` (at least 6, not all on one line in either variable).
  /// nullopt if the system is rank-deficient.
  static std::optional<SurfaceFit> fit(std::span<const Sample> samples);

  double operator()(double x, double y) const;
  int terms() const { return static_cast<int>(coef_.size()); }
  /// Largest |fit - z| over `samples` divided by `scale` (see error_scale()).
  double max_error(std::span<const Sample> samples, double scale) const;
  /// Root-mean-square |fit - z| over `samples` divided by `scale`.
  double rms_error(std::span<const Sample> samples, double scale) const;

 private:
  std::vector<double> basis(double x, double y) const;
  double x0_ = 0, xs_ = 1, y0_ = 0, ys_ = 1;  // normalisation x' = (x - x0) / xs
  bool full_ = true;                          // 9-term tensor basis, else 6-term
  std::vector<double> coef_;
};

/// The scale relative errors of a table are measured against: max |z| over the samples. Using the
/// table's largest magnitude (not each point's own value) keeps the measure meaningful for energy
/// tables whose values cross zero (pin-based fall energy can be slightly negative).
double error_scale(std::span<const Sample> samples);

}  // namespace rtmchar::charz
