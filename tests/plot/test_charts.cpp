// The --plot charts from synthetic characterization and bank results (no simulator needed).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "plot/charts.h"
#include "svg_check.h"

using namespace rtmchar;

namespace {

// delay = 10 ps + 2 kOhm * load + 0.5 * slew: an RC-like table with a known shape.
charz::EdgeTables edge(netlist::Edge in, const std::string& when, const std::vector<double>& slews,
                       const std::vector<double>& loads) {
  charz::EdgeTables t;
  t.input_edge = in;
  t.when = when;
  for (double s : slews) {
    for (double l : loads) {
      t.delay.push_back(10e-12 + 2e3 * l + 0.5 * s);
      t.transition.push_back(5e-12 + 4.4e3 * l);
      t.energy.push_back(1e-15 + 0.1 * 1e-15 * s / 1e-11);
    }
  }
  return t;
}

charz::CellResult xor_like() {
  charz::CellResult r;
  r.cell = "xor2";
  r.tech = "32nm";
  r.slews = {10e-12, 40e-12, 160e-12};
  r.loads = {1e-15, 4e-15, 16e-15, 64e-15};
  charz::ArcResult a{"A", "Y", netlist::TimingSense::NonUnate, {}};
  a.edges = {edge(netlist::Edge::Rise, "!B", r.slews, r.loads), edge(netlist::Edge::Fall, "!B", r.slews, r.loads),
             edge(netlist::Edge::Rise, "B", r.slews, r.loads), edge(netlist::Edge::Fall, "B", r.slews, r.loads)};
  charz::ArcResult b{"B", "Y", netlist::TimingSense::PositiveUnate, {}};
  b.edges = {edge(netlist::Edge::Rise, "", r.slews, r.loads)};
  r.arcs = {a, b};
  return r;
}

}  // namespace

TEST_CASE("cell plots: one well-formed SVG per arc, edge, state and quantity") {
  Diagnostics diag;
  auto plots = plot::cell_plots(xor_like(), "xor2_32nm", diag);
  REQUIRE(plots);
  CHECK(plots->size() == 5 * 3);
  std::vector<std::string> names;
  for (const auto& p : *plots) {
    names.push_back(p.file_name);
    const auto r = svgcheck::check(p.svg);
    INFO(p.file_name << ": " << r.why);
    CHECK(r.ok);
  }
  for (const char* n : {"xor2_32nm_A_Y_rise_1_delay.svg", "xor2_32nm_A_Y_rise_2_energy.svg",
                        "xor2_32nm_A_Y_fall_2_transition.svg", "xor2_32nm_B_Y_rise_delay.svg"})
    CHECK(std::count(names.begin(), names.end(), n) == 1);
  std::sort(names.begin(), names.end());
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  // The family: one curve per slew, loads on a log axis (1 fF .. 100 fF), values labelled in ps.
  const std::string& d = plots->front().svg;
  CHECK(plots->front().file_name == "xor2_32nm_A_Y_rise_1_delay.svg");
  size_t curves = 0;
  for (size_t p = d.find("<polyline"); p != std::string::npos; p = d.find("<polyline", p + 1)) ++curves;
  CHECK(curves == 3);
  for (const char* s : {">slew 10 ps<", ">slew 40 ps<", ">slew 160 ps<", ">1 fF<", ">100 fF<", "when !B"})
    CHECK(d.find(s) != std::string::npos);
}

TEST_CASE("cell plots use a linear load axis when a load is zero") {
  charz::CellResult r = xor_like();
  r.loads = {0, 4e-15, 8e-15, 12e-15};
  r.arcs.resize(1);
  r.arcs[0].edges = {edge(netlist::Edge::Rise, "", r.slews, r.loads)};
  Diagnostics diag;
  auto plots = plot::cell_plots(r, "x", diag);
  REQUIRE(plots);
  CHECK(plots->front().svg.find(">0 F<") != std::string::npos);
}

TEST_CASE("a table with a value that could not be computed is not drawn") {
  charz::CellResult r = xor_like();
  r.arcs[1].edges[0].energy[2] = std::nan("");
  Diagnostics diag;
  CHECK_FALSE(plot::cell_plots(r, "x", diag));
  CHECK(diag.has_errors());
}

TEST_CASE("bank plots: Pareto front with energy shade, sweep panels") {
  std::vector<bank::BankResult> results(3);
  for (int i = 0; i < 3; ++i) {
    bank::BankResult& q = results[static_cast<size_t>(i)];
    q.org.ports = 1 << i;
    q.area = (1 + i) * 0.1e-6;              // 0.1 .. 0.3 mm^2
    q.read.latency = (3 - i) * 1e-9;       // faster with more area
    q.write.latency = (4 - i) * 1e-9;
    q.read.energy = (1 + 2 * i) * 1e-12;
    q.average_shifts = 8.0 / (1 << i);
  }
  std::vector<const bank::BankResult*> front;
  for (const auto& q : results) front.push_back(&q);
  Diagnostics diag;
  auto pareto = plot::pareto_plot(front, diag);
  REQUIRE(pareto);
  CHECK(svgcheck::check(*pareto).ok);
  CHECK(pareto->find(">read energy<") != std::string::npos);
  CHECK(pareto->find(">1 pJ<") != std::string::npos);  // shade bar: smallest
  CHECK(pareto->find(">5 pJ<") != std::string::npos);  // and largest energy
  auto sweep = plot::sweep_plot("ports", results, diag);
  REQUIRE(sweep);
  const auto r = svgcheck::check(*sweep);
  CHECK(r.ok);
  CHECK(r.height == Approx(4 * plot::Layout{}.panel_height));
  CHECK_FALSE(plot::sweep_plot("colour", results, diag));
}

TEST_CASE("points filled from the fit have hollow markers") {
  charz::CellResult r = xor_like();
  r.arcs.resize(1);
  r.arcs[0].edges.resize(1);
  charz::EdgeTables& t = r.arcs[0].edges[0];
  t.simulated.assign(t.delay.size(), true);
  Diagnostics diag;
  auto all = plot::cell_plots(r, "x", diag);
  REQUIRE(all);
  CHECK(all->front().svg.find(R"(fill="#ffffff" stroke="#1f77b4")") == std::string::npos);
  t.simulated[1] = false;
  auto some = plot::cell_plots(r, "x", diag);
  REQUIRE(some);
  CHECK(some->front().svg.find(R"(fill="#ffffff" stroke="#1f77b4")") != std::string::npos);
  CHECK(some->front().svg.find("filled from the fit") != std::string::npos);
}

TEST_CASE("a Pareto front spanning decades gets a log latency axis and a log energy shade") {
  std::vector<bank::BankResult> results(3);
  for (int i = 0; i < 3; ++i) {
    bank::BankResult& q = results[static_cast<size_t>(i)];
    q.area = (1 + i) * 0.1e-6;
    q.read.latency = std::pow(10.0, -7 - i);    // 100 ns, 10 ns, 1 ns
    q.read.energy = std::pow(10.0, -12 + i);    // 1 pJ .. 100 pJ
  }
  std::vector<const bank::BankResult*> front;
  for (const auto& q : results) front.push_back(&q);
  Diagnostics diag;
  auto svg = plot::pareto_plot(front, diag);
  REQUIRE(svg);
  CHECK(svg->find(">read energy (log)<") != std::string::npos);
  for (const char* label : {">1 ns<", ">10 ns<", ">100 ns<", ">2 ns<"}) CHECK(svg->find(label) != std::string::npos);
  // The middle energy (10 pJ) is half way on the log shade: 15 % + 85 % / 2 of #1f77b4 over white.
  const auto mid = [](int c) { return static_cast<int>(std::lround(255 - 0.575 * (255 - c))); };
  CHECK(svg->find(fmt::format("#{:02x}{:02x}{:02x}", mid(0x1f), mid(0x77), mid(0xb4))) != std::string::npos);
}

TEST_CASE("clock-arc plots: one SVG per output, edge and quantity, one curve per clock slew") {
  const std::vector<double> slews = {20e-12, 60e-12}, loads = {1e-15, 4e-15, 16e-15};
  std::vector<charz::ClockArcTables> arcs(2);
  arcs[0].output = "S";
  arcs[0].output_edge = netlist::Edge::Rise;
  arcs[1].output = "S";
  arcs[1].output_edge = netlist::Edge::Fall;
  for (auto& a : arcs) {
    for (double s : slews) {
      for (double l : loads) {
        a.delay.push_back(50e-12 + s / 4 + l * 5e3);
        a.transition.push_back(10e-12 + l * 8e3);
        a.energy.push_back(2e-15 + l * 0.1);
      }
    }
  }
  Diagnostics diag;
  auto plots = plot::clock_arc_plots("fa_rtm 32nm", "CLK", slews, loads, arcs, "fa_rtm_32nm", diag);
  REQUIRE(plots);
  CHECK(plots->size() == 2 * 3);
  CHECK(plots->front().file_name == "fa_rtm_32nm_CLK_S_rise_delay.svg");
  CHECK(plots->back().file_name == "fa_rtm_32nm_CLK_S_fall_energy.svg");
  for (const auto& p : *plots) {
    const auto r = svgcheck::check(p.svg);
    INFO(p.file_name << ": " << r.why);
    CHECK(r.ok);
  }
  const std::string& d = plots->front().svg;
  size_t curves = 0;
  for (size_t p = d.find("<polyline"); p != std::string::npos; p = d.find("<polyline", p + 1)) ++curves;
  CHECK(curves == 2);
  CHECK(d.find(">clock slew 60 ps<") != std::string::npos);
  arcs[1].energy[4] = std::nan("");
  CHECK_FALSE(plot::clock_arc_plots("x", "CLK", slews, loads, arcs, "x", diag));
  CHECK(diag.has_errors());
}
