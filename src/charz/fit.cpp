#include "charz/fit.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <set>

namespace rtmchar::charz {

std::vector<double> SurfaceFit::basis(double x, double y) const {
  const double u = (std::sqrt(x) - x0_) / xs_;
  const double v = (std::sqrt(y) - y0_) / ys_;
  std::vector<double> b;
  if (degree_ == 1) return {1, u, v, u * v, u * u, v * v};
  b.reserve(static_cast<size_t>((degree_ + 1) * (degree_ + 1)));
  for (int i = 0; i <= degree_; ++i)
    for (int j = 0; j <= degree_; ++j) b.push_back(std::pow(u, i) * std::pow(v, j));
  return b;
}

std::optional<SurfaceFit> SurfaceFit::fit(std::span<const Sample> samples) {
  if (samples.size() < 6) return std::nullopt;
  if (std::any_of(samples.begin(), samples.end(), [](const Sample& s) { return !(s.x > 0) || !(s.y > 0); }))
    return std::nullopt;
  SurfaceFit f;
  auto [xmin, xmax] = std::minmax_element(samples.begin(), samples.end(),
                                          [](const Sample& a, const Sample& b) { return a.x < b.x; });
  auto [ymin, ymax] = std::minmax_element(samples.begin(), samples.end(),
                                          [](const Sample& a, const Sample& b) { return a.y < b.y; });
  f.x0_ = std::sqrt(xmin->x);
  f.xs_ = std::sqrt(xmax->x) - f.x0_;
  f.y0_ = std::sqrt(ymin->y);
  f.ys_ = std::sqrt(ymax->y) - f.y0_;
  if (!(f.xs_ > 0) || !(f.ys_ > 0)) return std::nullopt;
  std::set<double> xs, ys;
  for (const Sample& s : samples) {
    xs.insert(s.x);
    ys.insert(s.y);
  }
  // The tensor basis of degree d needs d + 1 distinct values per axis and more points than
  // terms (so that a fit is never a mere interpolation when it can be checked).
  const size_t distinct = std::min(xs.size(), ys.size());
  f.degree_ = samples.size() > 16 && distinct >= 4 ? 3 : samples.size() >= 9 && distinct >= 3 ? 2 : 1;
  const int n = static_cast<int>(samples.size());
  const int m = static_cast<int>(f.basis(xmin->x, ymin->y).size());
  Eigen::MatrixXd a(n, m);
  Eigen::VectorXd b(n);
  for (int i = 0; i < n; ++i) {
    std::vector<double> row = f.basis(samples[i].x, samples[i].y);
    for (int j = 0; j < m; ++j) a(i, j) = row[j];
    b(i) = samples[i].z;
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(a);
  if (qr.rank() < m) return std::nullopt;
  Eigen::VectorXd c = qr.solve(b);
  f.coef_.assign(c.data(), c.data() + m);
  return f;
}

double SurfaceFit::operator()(double x, double y) const {
  std::vector<double> row = basis(x, y);
  double z = 0;
  for (size_t j = 0; j < coef_.size(); ++j) z += coef_[j] * row[j];
  return z;
}

double SurfaceFit::max_error(std::span<const Sample> samples, double scale) const {
  double worst = 0;
  for (const Sample& s : samples) worst = std::max(worst, std::fabs((*this)(s.x, s.y) - s.z));
  return worst / scale;
}

double SurfaceFit::rms_error(std::span<const Sample> samples, double scale) const {
  if (samples.empty()) return 0;
  double sum = 0;
  for (const Sample& s : samples) {
    double d = (*this)(s.x, s.y) - s.z;
    sum += d * d;
  }
  return std::sqrt(sum / static_cast<double>(samples.size())) / scale;
}

double error_scale(std::span<const Sample> samples) {
  double m = 0;
  for (const Sample& s : samples) m = std::max(m, std::fabs(s.z));
  return m > 0 ? m : 1.0;
}

}  // namespace rtmchar::charz
