// Logistic Levenberg-Marquardt fit: closed-form recovery and failure on unusable input.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "imc/logistic.h"

using namespace rtmchar::imc;

TEST_CASE("LM recovers the parameters of an exact falling logistic") {
  const Logistic truth{-0.45, 0.9, -18.0, 0.21};
  std::vector<double> x, y;
  for (int i = 0; i <= 160; ++i) {
    x.push_back(-0.8 + 0.01 * i);
    y.push_back(truth(x.back()));
  }
  auto f = fit_logistic(x, y);
  REQUIRE(f);
  CHECK(f->curve.base == Approx(truth.base).margin(1e-7));
  CHECK(f->curve.swing == Approx(truth.swing).epsilon(1e-7));
  CHECK(f->curve.k == Approx(truth.k).epsilon(1e-6));
  CHECK(f->curve.x0 == Approx(truth.x0).margin(1e-8));
  CHECK(f->max_error < 1e-7);
  CHECK(f->curve.gain() == Approx(0.9 * -18.0 / 4).epsilon(1e-6));
}

TEST_CASE("LM fit of a non-logistic curve reports its error honestly") {
  // tanh-like curve with a linear tilt: no logistic fits it exactly, so the reported max error
  // must equal the largest residual evaluated independently here.
  std::vector<double> x, y;
  for (int i = 0; i <= 100; ++i) {
    x.push_back(-1 + 0.02 * i);
    y.push_back(std::tanh(5 * x.back()) + 0.1 * x.back());
  }
  auto f = fit_logistic(x, y);
  REQUIRE(f);
  double worst = 0;
  for (std::size_t i = 0; i < x.size(); ++i) worst = std::max(worst, std::abs(f->curve(x[i]) - y[i]));
  CHECK(worst == Approx(f->max_error).epsilon(1e-12));
  CHECK(f->max_error > 1e-3);  // the tilt cannot be fitted
  CHECK(f->max_error < 0.2);
  CHECK(f->curve.k == Approx(10).epsilon(0.15));  // tanh(5x) = 2 logistic(10x) - 1
}

TEST_CASE("LM rejects unusable data") {
  const std::vector<double> x{0, 1, 2, 3, 4, 5}, flat{1, 1, 1, 1, 1, 1};
  CHECK_FALSE(fit_logistic(x, flat));
  const std::vector<double> x_bad{0, 1, 1, 3, 4, 5}, y{0, 0.1, 0.5, 0.9, 1, 1};
  CHECK_FALSE(fit_logistic(x_bad, y));
  CHECK_FALSE(fit_logistic(std::vector<double>{0, 1, 2}, std::vector<double>{0, 0.5, 1}));
}
