#include "imc/logistic.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

namespace rtmchar::imc {

double Logistic::operator()(double x) const { return base + swing / (1 + std::exp(-k * (x - x0))); }

namespace {

/// Initial guess: base/swing from the extremes (ordered by the direction of the data), x0 at the
/// steepest finite difference, k from that slope (slope = swing * k / 4).
Logistic initial_guess(std::span<const double> x, std::span<const double> y) {
  const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
  std::size_t steep = 0;
  double best = 0;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    const double s = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
    if (std::abs(s) > std::abs(best)) best = s, steep = i;
  }
  Logistic g;
  g.base = *lo;
  g.swing = *hi - *lo;
  g.x0 = 0.5 * (x[steep] + x[steep + 1]);
  g.k = 4 * best / g.swing;
  return g;
}

Eigen::Vector4d to_vec(const Logistic& l) { return {l.base, l.swing, l.k, l.x0}; }
Logistic from_vec(const Eigen::Vector4d& v) { return {v[0], v[1], v[2], v[3]}; }

double sum_sq(const Logistic& l, std::span<const double> x, std::span<const double> y) {
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += (l(x[i]) - y[i]) * (l(x[i]) - y[i]);
  return s;
}

}  // namespace

std::optional<LogisticFit> fit_logistic(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = x.size();
  if (n < 5 || y.size() != n) return std::nullopt;
  for (std::size_t i = 0; i + 1 < n; ++i)
    if (!(x[i + 1] > x[i])) return std::nullopt;
  Logistic cur = initial_guess(x, y);
  if (!(cur.swing > 0) || !std::isfinite(cur.k) || cur.k == 0) return std::nullopt;

  double cost = sum_sq(cur, x, y);
  double lambda = 1e-3;
  int it = 0;
  bool converged = false;
  Eigen::MatrixXd jac(static_cast<Eigen::Index>(n), 4);
  Eigen::VectorXd res(static_cast<Eigen::Index>(n));
  for (; it < 200 && !converged; ++it) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto r = static_cast<Eigen::Index>(i);
      const double e = std::exp(-cur.k * (x[i] - cur.x0));
      const double s = 1 / (1 + e);       // logistic
      const double ds = s * (1 - s);      // its derivative w.r.t. its argument k (x - x0)
      jac(r, 0) = 1;
      jac(r, 1) = s;
      jac(r, 2) = cur.swing * ds * (x[i] - cur.x0);
      jac(r, 3) = -cur.swing * ds * cur.k;
      res[r] = cur(x[i]) - y[i];
    }
    const Eigen::Matrix4d jtj = jac.transpose() * jac;
    const Eigen::Vector4d jtr = jac.transpose() * res;
    // Marquardt: damp each unknown in proportion to its own curvature; raise lambda until a step
    // lowers the cost.
    for (int tries = 0; tries < 30; ++tries) {
      Eigen::Matrix4d a = jtj;
      a.diagonal() += lambda * jtj.diagonal().cwiseMax(1e-30);
      const Eigen::Vector4d step = a.ldlt().solve(-jtr);
      const Logistic trial = from_vec(to_vec(cur) + step);
      const double c = sum_sq(trial, x, y);
      if (std::isfinite(c) && c <= cost) {
        const double rel = step.cwiseAbs().cwiseQuotient(to_vec(cur).cwiseAbs().cwiseMax(1e-12)).maxCoeff();
        converged = rel < 1e-10 || cost - c <= 1e-15 * std::max(cost, 1e-300);
        cur = trial;
        cost = c;
        lambda = std::max(lambda / 10, 1e-12);
        break;
      }
      lambda *= 10;
      if (tries == 29) converged = true;  // no descent direction left: at a minimum to precision
    }
  }
  if (!converged || !std::isfinite(cost)) return std::nullopt;
  LogisticFit f;
  f.curve = cur;
  f.iterations = it;
  for (std::size_t i = 0; i < n; ++i) f.max_error = std::max(f.max_error, std::abs(cur(x[i]) - y[i]));
  f.rms_error = std::sqrt(cost / static_cast<double>(n));
  return f;
}

}  // namespace rtmchar::imc
