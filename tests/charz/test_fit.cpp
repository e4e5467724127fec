#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "charz/fit.h"

using namespace rtmchar::charz;

namespace {
std::vector<double> geom(double a, double b, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(a * std::pow(b / a, i / double(n - 1)));
  return v;
}
}  // namespace

TEST_CASE("a biquadratic surface is reproduced exactly") {
  auto f = [](double x, double y) { return 3e-12 + 0.4 * x + 2e3 * y + 1e12 * x * y + 5e9 * x * x - 1e16 * y * y; };
  std::vector<Sample> s;
  for (double x : geom(5e-12, 500e-12, 7))
    for (double y : geom(0.5e-15, 64e-15, 7)) s.push_back({x, y, f(x, y)});
  auto fit = SurfaceFit::fit(s);
  REQUIRE(fit);
  CHECK(fit->terms() == 9);
  CHECK(fit->max_error(s, error_scale(s)) < 1e-9);
  // Interpolates between grid points too.
  CHECK((*fit)(77e-12, 9e-15) == Catch::Detail::Approx(f(77e-12, 9e-15)).epsilon(1e-9));
}

TEST_CASE("fit error is reported honestly for a surface the basis cannot represent") {
  // A sqrt dependence is not a polynomial: the error must be visible, not hidden.
  auto f = [](double x, double y) { return std::sqrt(x * 1e12) + std::exp(y * 1e14); };
  std::vector<Sample> s;
  for (double x : geom(1e-12, 1e-9, 7))
    for (double y : geom(1e-15, 64e-15, 7)) s.push_back({x, y, f(x, y)});
  auto fit = SurfaceFit::fit(s);
  REQUIRE(fit);
  const double err = fit->max_error(s, error_scale(s));
  CHECK(err > 1e-3);
  CHECK(fit->rms_error(s, error_scale(s)) <= err);
}

TEST_CASE("six points use the reduced basis and degenerate input is refused") {
  std::vector<Sample> s = {{0, 0, 1}, {1, 0, 2}, {0, 1, 3}, {1, 1, 5}, {2, 0, 5}, {0, 2, 9}};
  auto fit = SurfaceFit::fit(s);
  REQUIRE(fit);
  CHECK(fit->terms() == 6);
  CHECK(fit->max_error(s, 1.0) < 1e-12);
  std::vector<Sample> line = {{0, 0, 1}, {1, 0, 2}, {2, 0, 3}, {3, 0, 4}, {4, 0, 5}, {5, 0, 6}};
  CHECK_FALSE(SurfaceFit::fit(line));
  CHECK_FALSE(SurfaceFit::fit(std::span<const Sample>(s.data(), 5)));
}
