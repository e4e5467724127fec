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

TEST_CASE("the first-order delay model t0 + k*slew + R*C + m*slew*C is reproduced exactly") {
  // Bilinear in (slew, load) is biquadratic in (sqrt(slew), sqrt(load)): inside the basis.
  auto f = [](double x, double y) { return 3e-12 + 0.4 * x + 2e3 * y + 1e12 * x * y + 2e-7 * std::sqrt(x * y * 1e12); };
  std::vector<Sample> s;
  for (double x : geom(5e-12, 500e-12, 7))
    for (double y : geom(0.5e-15, 64e-15, 7)) s.push_back({x, y, f(x, y)});
  auto fit = SurfaceFit::fit(s);
  REQUIRE(fit);
  CHECK(fit->terms() == 16);
  CHECK(fit->max_error(s, error_scale(s)) < 1e-9);
  // Interpolates between grid points too.
  CHECK((*fit)(77e-12, 9e-15) == Catch::Detail::Approx(f(77e-12, 9e-15)).epsilon(1e-9));
  // With only 3 values per axis the degree drops to 2, which still holds the model.
  std::vector<Sample> s3;
  for (double x : geom(5e-12, 500e-12, 3))
    for (double y : geom(0.5e-15, 64e-15, 3)) s3.push_back({x, y, f(x, y)});
  auto fit3 = SurfaceFit::fit(s3);
  REQUIRE(fit3);
  CHECK(fit3->terms() == 9);
  CHECK((*fit3)(77e-12, 9e-15) == Catch::Detail::Approx(f(77e-12, 9e-15)).epsilon(1e-9));
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
  // z = 1 + u + 2v + uv + u^2 + v^2 in u = sqrt(x), v = sqrt(y) (already normalised: 0..1).
  auto f = [](double x, double y) {
    const double u = std::sqrt(x), v = std::sqrt(y);
    return 1 + u + 2 * v + u * v + u * u + v * v;
  };
  std::vector<Sample> s;
  for (auto [x, y] : {std::pair{1e-4, 1e-4}, {1.0, 1e-4}, {1e-4, 1.0}, {1.0, 1.0}, {0.25, 1e-4}, {1e-4, 0.25}})
    s.push_back({x, y, f(x, y)});
  auto fit = SurfaceFit::fit(s);
  REQUIRE(fit);
  CHECK(fit->terms() == 6);
  CHECK(fit->max_error(s, 1.0) < 1e-9);
  std::vector<Sample> line = {{1, 1, 1}, {2, 1, 2}, {3, 1, 3}, {4, 1, 4}, {5, 1, 5}, {6, 1, 6}};
  CHECK_FALSE(SurfaceFit::fit(line));
  CHECK_FALSE(SurfaceFit::fit(std::span<const Sample>(s.data(), 5)));
  std::vector<Sample> negative = s;
  negative[0].x = -1e-12;  // sqrt coordinates need positive slews and loads
  CHECK_FALSE(SurfaceFit::fit(negative));
}
