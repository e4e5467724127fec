// The SVG renderer: well-formed output, data-to-pixel mapping on linear and log axes,
// engineering-unit tick labels, deterministic output, and errors for data it cannot draw.
#include <catch2/catch.hpp>

#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "plot/svg.h"
#include "svg_check.h"

using namespace rtmchar;
using namespace rtmchar::plot;

namespace {

Figure linear_figure() {
  Figure f;
  f.title = "linear <test> & co";
  f.x = {"x", "", Scale::Linear, TickFormat::Plain};
  f.y = {"delay", "s", Scale::Linear, TickFormat::Engineering};
  f.series.push_back({"line", {0, 1, 2, 3, 4, 5}, {0, 20e-12, 40e-12, 50e-12, 80e-12, 100e-12}, true, true, {}, {}});
  return f;
}

std::string px(double v) { return fmt::format("{:.2f}", v); }

}  // namespace

TEST_CASE("a rendered figure is well-formed SVG with coordinates inside the viewBox") {
  Diagnostics diag;
  Figure f = linear_figure();
  f.series.push_back({"scatter", {0.5, 4.5}, {10e-12, 90e-12}, false, true, {1e-12, 3e-12}, {}});
  f.shade_axis = {"energy", "J", Scale::Linear, TickFormat::Engineering};
  auto svg = render_svg({f, f}, diag);
  REQUIRE(svg);
  const svgcheck::Result r = svgcheck::check(*svg);
  INFO(r.why);
  CHECK(r.ok);
  const Layout layout;
  CHECK(r.width == Approx(layout.width));
  CHECK(r.height == Approx(2 * layout.panel_height));
  CHECK(svg->find("linear &lt;test&gt; &amp; co") != std::string::npos);
}

TEST_CASE("the well-formedness check rejects broken SVG") {
  CHECK_FALSE(svgcheck::check(R"(<svg viewBox="0 0 10 10"><g></svg>)").ok);
  CHECK_FALSE(svgcheck::check(R"(<svg viewBox="0 0 10 10"><circle cx="11" cy="1" r="1"/></svg>)").ok);
  CHECK_FALSE(svgcheck::check(R"(<svg viewBox="0 0 10 10"><circle cx="1,5" cy="1" r="1"/></svg>)").ok);
  CHECK_FALSE(svgcheck::check(R"(<svg viewBox="0 0 10 10"><text x="1" y="1">a & b</text></svg>)").ok);
  CHECK(svgcheck::check(R"(<svg viewBox="0 0 10 10"><circle cx="1" cy="9.5" r="1"/></svg>)").ok);
}

TEST_CASE("a known series maps to the expected pixels on linear axes") {
  Diagnostics diag;
  const Layout layout;
  auto frame = make_frame(linear_figure(), layout, 0, diag);
  REQUIRE(frame);
  // x 0..5 gives a tick step of 1 (5 intervals); y 0..100 ps a step of 20 ps: no widening.
  CHECK(frame->x_lo == 0);
  CHECK(frame->x_hi == Approx(5));
  CHECK(frame->y_lo == 0);
  CHECK(frame->y_hi == Approx(100e-12));
  CHECK(frame->x_ticks.size() == 6);
  CHECK(frame->y_ticks.size() == 6);
  const double left = layout.left, right = layout.width - layout.right;
  const double top = layout.top, bottom = layout.panel_height - layout.bottom;
  CHECK(frame->to_px_x(0) == Approx(left));
  CHECK(frame->to_px_x(5) == Approx(right));
  CHECK(frame->to_px_x(2) == Approx(left + 0.4 * (right - left)));
  CHECK(frame->to_px_y(0) == Approx(bottom));
  CHECK(frame->to_px_y(50e-12) == Approx((top + bottom) / 2));
  // The polyline carries exactly those pixels.
  auto svg = render_svg({linear_figure()}, diag);
  REQUIRE(svg);
  const std::string p3 = px(left + 0.6 * (right - left)) + "," + px(bottom - 0.5 * (bottom - top));
  CHECK(svg->find(p3) != std::string::npos);
  // A second panel sits one panel height lower.
  auto second = make_frame(linear_figure(), layout, 1, diag);
  REQUIRE(second);
  CHECK(second->to_px_y(0) == Approx(bottom + layout.panel_height));
}

TEST_CASE("a linear range widens to whole 1-2-5 steps") {
  Diagnostics diag;
  Figure f;
  f.series.push_back({"s", {0.3, 9.7}, {-3.1e-15, 7.2e-15}, true, true, {}, {}});
  auto frame = make_frame(f, Layout{}, 0, diag);
  REQUIRE(frame);
  CHECK(frame->x_lo == 0);
  CHECK(frame->x_hi == Approx(10));
  CHECK(frame->x_ticks == std::vector<double>{0, 2, 4, 6, 8, 10});
  // span 10.3e-15 / 5 = 2.06e-15 -> step 5e-15: -5f .. 10f.
  CHECK(frame->y_lo == Approx(-5e-15));
  CHECK(frame->y_hi == Approx(10e-15));
  CHECK(frame->y_ticks.size() == 4);
}

TEST_CASE("a known series maps to the expected pixels on a log axis") {
  Diagnostics diag;
  Figure f;
  f.x = {"load", "F", Scale::Log, TickFormat::Engineering};
  f.y = {"delay", "s", Scale::Log, TickFormat::Engineering};
  f.series.push_back({"s", {1e-15, 2e-15, 64e-15}, {10e-12, 20e-12, 1e-9}, true, true, {}, {}});
  const Layout layout;
  auto frame = make_frame(f, layout, 0, diag);
  REQUIRE(frame);
  CHECK(frame->x_lo == Approx(1e-15));
  CHECK(frame->x_hi == Approx(100e-15));
  CHECK(frame->y_lo == Approx(10e-12));
  CHECK(frame->y_hi == Approx(1e-9));
  const double left = layout.left, right = layout.width - layout.right;
  const double top = layout.top, bottom = layout.panel_height - layout.bottom;
  CHECK(frame->to_px_x(10e-15) == Approx((left + right) / 2));
  CHECK(frame->to_px_x(2e-15) == Approx(left + std::log10(2.0) / 2 * (right - left)));
  CHECK(frame->to_px_y(100e-12) == Approx((top + bottom) / 2));
  // Two decades: 1-2-5 ticks, labelled with engineering units.
  CHECK(frame->x_ticks.size() == 7);
  auto svg = render_svg({f}, diag);
  REQUIRE(svg);
  for (const char* label : {">1 fF<", ">2 fF<", ">5 fF<", ">10 fF<", ">20 fF<", ">50 fF<", ">100 fF<", ">10 ps<",
                            ">100 ps<", ">1 ns<"})
    CHECK(svg->find(label) != std::string::npos);
  CHECK(svgcheck::check(*svg).ok);
}

TEST_CASE("tick labels use engineering units") {
  const Axis t{"t", "s", Scale::Linear, TickFormat::Engineering};
  CHECK(tick_label(20e-12, t) == "20 ps");
  CHECK(tick_label(1.5e-9, t) == "1.5 ns");
  CHECK(tick_label(0, t) == "0 s");
  CHECK(tick_label(-4e-15, {"e", "J", Scale::Linear, TickFormat::Engineering}) == "-4 fJ");
  CHECK(tick_label(0.125, {"a", "", Scale::Linear, TickFormat::Plain}) == "0.125");
  Diagnostics diag;
  auto svg = render_svg({linear_figure()}, diag);
  REQUIRE(svg);
  CHECK(svg->find(">20 ps<") != std::string::npos);
  CHECK(svg->find(">0 s<") != std::string::npos);
}

TEST_CASE("rendering is deterministic") {
  Diagnostics diag;
  Figure f = linear_figure();
  f.series.push_back({"b", {0.1, 0.2}, {3e-12, 4e-12}, true, true, {}, {}});
  auto a = render_svg({f}, diag), b = render_svg({f}, diag);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a == *b);
  CHECK(a->find("-0.00") == std::string::npos);
}

TEST_CASE("data that cannot be drawn is an error, not a picture") {
  auto fails = [](const Figure& f) {
    Diagnostics diag;
    const bool failed = !render_svg({f}, diag);
    return failed && diag.has_errors() && diag.all().front().id == "plot.bad-data";
  };
  Figure nan = linear_figure();
  nan.series[0].y[2] = std::numeric_limits<double>::quiet_NaN();
  CHECK(fails(nan));
  Figure log0 = linear_figure();
  log0.x.scale = Scale::Log;  // x starts at 0
  CHECK(fails(log0));
  Figure ragged = linear_figure();
  ragged.series[0].y.pop_back();
  CHECK(fails(ragged));
  Figure empty = linear_figure();
  empty.series.clear();
  CHECK(fails(empty));
  CHECK_FALSE(fails(linear_figure()));
}
