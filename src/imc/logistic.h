#pragma once
// Logistic (sigmoid) fit of a transfer curve by Levenberg-Marquardt nonlinear least squares.
//   y(x) = base + swing / (1 + exp(-k (x - x0)))
// k > 0 is a rising sigmoid, k < 0 a falling one (a CMOS inverter). The slope at the midpoint x0
// is swing * k / 4, reported as the small-signal gain. Algorithm: Levenberg (1944) / Marquardt
// (1963) with Marquardt's diagonal scaling, analytic Jacobian, Eigen dense solves (4 unknowns).
#include <optional>
#include <span>

namespace rtmchar::imc {

struct Logistic {
  double base = 0;   ///< output at the far end where the exponential dominates [output unit]
  double swing = 0;  ///< output span (base .. base + swing) [output unit]
  double k = 0;      ///< steepness [1/input unit]; sign = direction
  double x0 = 0;     ///< midpoint [input unit]
  double operator()(double x) const;
  /// dy/dx at the midpoint = swing * k / 4 (the neuron's gain).
  double gain() const { return swing * k / 4; }
};

struct LogisticFit {
  Logistic curve;
  double rms_error = 0;  ///< sqrt(mean((y_fit - y)^2)) over the fitted points
  double max_error = 0;  ///< max |y_fit - y| over the fitted points
  int iterations = 0;
};

/// Fits `y` over `x` (same size, >= 5 points, x strictly increasing, y not constant). The start
/// point comes from the data (extremes, the half-swing crossing, the steepest finite difference).
/// nullopt if the input is unusable or LM does not converge within 200 iterations to a finite
/// result.
std::optional<LogisticFit> fit_logistic(std::span<const double> x, std::span<const double> y);

}  // namespace rtmchar::imc
