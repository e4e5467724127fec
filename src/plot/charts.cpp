#include "plot/charts.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "netlist/arcs.h"
#include "util/fs.h"
#include "util/units.h"

namespace rtmchar::plot {
namespace {

struct Quantity {
  const char* name;   ///< file-name part and table name
  const char* label;  ///< y-axis label
  const char* unit;
  const std::vector<double> charz::EdgeTables::*values;
};

constexpr Quantity kQuantities[] = {
    {"delay", "cell delay (50 % to 50 %)", "s", &charz::EdgeTables::delay},
    {"transition", "output transition", "s", &charz::EdgeTables::transition},
    {"energy", "internal energy", "J", &charz::EdgeTables::energy},
};

// Value vs load, one curve per slew; tables are slew-major (index = slew * loads + load).
Figure family(const charz::CellResult& r, const charz::ArcResult& a, const charz::EdgeTables& t, const Quantity& q) {
  Figure fig;
  fig.title = fmt::format("{} {}: {} -> {} ({} input{}), {}", r.cell, r.tech, a.input, a.output,
                          netlist::to_string(t.input_edge), t.when.empty() ? "" : ", when " + t.when, q.name);
  bool positive = true;
  for (double l : r.loads) positive = positive && l > 0;
  fig.x = {"output load", "F", positive ? Scale::Log : Scale::Linear, TickFormat::Engineering};
  fig.y = {q.label, q.unit, Scale::Linear, TickFormat::Engineering};
  const std::vector<double>& v = t.*q.values;
  bool fitted = false;
  for (size_t i = 0; i < r.slews.size(); ++i) {
    Series s;
    s.name = "slew " + units::format_eng(r.slews[i], "s", 3);
    s.x = r.loads;
    for (size_t j = 0; j < r.loads.size(); ++j) {
      const size_t k = i * r.loads.size() + j;
      s.y.push_back(v.at(k));
      if (!t.simulated.empty()) s.hollow.push_back(!t.simulated.at(k));
      fitted = fitted || (!t.simulated.empty() && !t.simulated[k]);
    }
    fig.series.push_back(std::move(s));
  }
  if (fitted) fig.x.label += " (hollow markers: filled from the fit)";
  return fig;
}

// Clock arcs: value vs load, one curve per clock slew (tables slew-major, as above).
Figure clock_family(const std::string& title, const std::vector<double>& slews, const std::vector<double>& loads,
                    const std::vector<double>& v, const char* label, const char* unit) {
  Figure fig;
  fig.title = title;
  bool positive = true;
  for (double l : loads) positive = positive && l > 0;
  fig.x = {"output load", "F", positive ? Scale::Log : Scale::Linear, TickFormat::Engineering};
  fig.y = {label, unit, Scale::Linear, TickFormat::Engineering};
  for (size_t i = 0; i < slews.size(); ++i) {
    Series s;
    s.name = "clock slew " + units::format_eng(slews[i], "s", 3);
    s.x = loads;
    for (size_t j = 0; j < loads.size(); ++j) s.y.push_back(v.at(i * loads.size() + j));
    fig.series.push_back(std::move(s));
  }
  return fig;
}

// Logarithmic when every value is positive and they span more than a decade: bank quantities
// over a search often span orders of magnitude, and a linear axis would crush all but the largest.
Scale auto_scale(const std::vector<double>& v) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return lo != v.end() && *lo > 0 && *hi > 10 * *lo ? Scale::Log : Scale::Linear;
}

std::optional<int> org_field(const bank::Organization& o, const std::string& key) {
  const std::map<std::string, int> fields = {{"domains", o.domains}, {"ports", o.ports}, {"cluster", o.cluster},
                                             {"rows", o.rows},       {"cols", o.cols},   {"mats", o.mats},
                                             {"banks", o.banks},     {"mux", o.mux},     {"lanes", o.lanes}};
  auto it = fields.find(key);
  if (it == fields.end()) return std::nullopt;
  return it->second;
}

bool write_all(const std::filesystem::path& dir, const std::vector<NamedSvg>& files, std::vector<std::string>& written,
               Diagnostics& diag) {
  for (const NamedSvg& f : files) {
    std::string err;
    const std::filesystem::path path = dir / f.file_name;
    if (!write_file_atomic(path, f.svg, err)) {
      diag.error("plot.write-failed", SourceLoc::cli("-o"), fmt::format("{}: {}", path.string(), err));
      return false;
    }
    written.push_back(path.string());
  }
  return true;
}

}  // namespace

std::optional<std::vector<NamedSvg>> cell_plots(const charz::CellResult& r, const std::string& stem,
                                                Diagnostics& diag) {
  std::vector<NamedSvg> out;
  for (const charz::ArcResult& a : r.arcs) {
    std::map<netlist::Edge, int> per_edge, seen;
    for (const charz::EdgeTables& t : a.edges) ++per_edge[t.input_edge];
    for (const charz::EdgeTables& t : a.edges) {
      const int k = ++seen[t.input_edge];
      const std::string state = per_edge[t.input_edge] > 1 ? "_" + std::to_string(k) : "";
      for (const Quantity& q : kQuantities) {
        auto svg = render_svg({family(r, a, t, q)}, diag);
        if (!svg) return std::nullopt;
        out.push_back({fmt::format("{}_{}_{}_{}{}_{}.svg", stem, a.input, a.output, netlist::to_string(t.input_edge),
                                   state, q.name),
                       std::move(*svg)});
      }
    }
  }
  return out;
}

std::optional<std::vector<NamedSvg>> clock_arc_plots(const std::string& title, const std::string& clock,
                                                     const std::vector<double>& slews, const std::vector<double>& loads,
                                                     const std::vector<charz::ClockArcTables>& arcs,
                                                     const std::string& stem, Diagnostics& diag) {
  struct ClockQuantity {
    const char* name;
    const char* label;
    const char* unit;
    const std::vector<double> charz::ClockArcTables::*values;
  };
  constexpr ClockQuantity quantities[] = {
      {"delay", "clock-to-output delay (50 % to 50 %)", "s", &charz::ClockArcTables::delay},
      {"transition", "output transition", "s", &charz::ClockArcTables::transition},
      {"energy", "internal energy", "J", &charz::ClockArcTables::energy},
  };
  std::vector<NamedSvg> out;
  for (const charz::ClockArcTables& a : arcs) {
    const std::string edge = netlist::to_string(a.output_edge);
    for (const ClockQuantity& q : quantities) {
      const std::string t = fmt::format("{}: {} -> {} ({} output), {}", title, clock, a.output, edge, q.name);
      auto svg = render_svg({clock_family(t, slews, loads, a.*q.values, q.label, q.unit)}, diag);
      if (!svg) return std::nullopt;
      out.push_back({fmt::format("{}_{}_{}_{}_{}.svg", stem, clock, a.output, edge, q.name), std::move(*svg)});
    }
  }
  return out;
}

std::optional<std::string> pareto_plot(const std::vector<const bank::BankResult*>& front, Diagnostics& diag) {
  Figure fig;
  fig.title = fmt::format("Pareto front: {} organizations", front.size());
  fig.x = {"area [mm^2]", "", Scale::Linear, TickFormat::Plain};
  Series s;
  s.line = false;
  for (const bank::BankResult* q : front) {
    s.x.push_back(q->area * 1e6);
    s.y.push_back(q->read.latency);
    s.shade.push_back(q->read.energy);
  }
  fig.y = {"read latency", "s", auto_scale(s.y), TickFormat::Engineering};
  const Scale shade_scale = auto_scale(s.shade);
  fig.shade_axis = {shade_scale == Scale::Log ? "read energy (log)" : "read energy", "J", shade_scale,
                    TickFormat::Engineering};
  fig.series.push_back(std::move(s));
  return render_svg({fig}, diag);
}

std::optional<std::string> sweep_plot(const std::string& key, const std::vector<bank::BankResult>& best,
                                      Diagnostics& diag) {
  std::vector<double> xs;
  for (const bank::BankResult& q : best) {
    auto v = org_field(q.org, key);
    if (!v) {
      diag.error("plot.bad-data", SourceLoc::cli("--sweep"), fmt::format("'{}' is not an organization field", key));
      return std::nullopt;
    }
    xs.push_back(*v);
  }
  auto panel = [&](const std::string& title, const char* label, const char* unit, TickFormat fmt_kind) {
    Figure f;
    f.title = title;
    f.x = {key, "", Scale::Linear, TickFormat::Plain};
    f.y = {label, unit, Scale::Linear, fmt_kind};
    return f;
  };
  auto series = [&](const char* name, auto value) {
    Series s;
    s.name = name;
    s.x = xs;
    for (const bank::BankResult& q : best) s.y.push_back(value(q));
    return s;
  };
  Figure area = panel(fmt::format("sweep of {}: area", key), "area [mm^2]", "", TickFormat::Plain);
  area.series.push_back(series("area", [](const bank::BankResult& q) { return q.area * 1e6; }));
  Figure lat = panel(fmt::format("sweep of {}: latency", key), "latency", "s", TickFormat::Engineering);
  lat.series.push_back(series("read", [](const bank::BankResult& q) { return q.read.latency; }));
  lat.series.push_back(series("write", [](const bank::BankResult& q) { return q.write.latency; }));
  Figure energy = panel(fmt::format("sweep of {}: read energy", key), "read energy", "J", TickFormat::Engineering);
  energy.series.push_back(series("read", [](const bank::BankResult& q) { return q.read.energy; }));
  Figure shifts = panel(fmt::format("sweep of {}: shifts", key), "average shifts per access", "", TickFormat::Plain);
  shifts.series.push_back(series("shifts", [](const bank::BankResult& q) { return q.average_shifts; }));
  return render_svg({area, lat, energy, shifts}, diag);
}

bool write_cell_plots(const std::filesystem::path& dir, const std::string& stem, const charz::CellResult& r,
                      std::vector<std::string>& written, Diagnostics& diag) {
  auto files = cell_plots(r, stem, diag);
  return files && write_all(dir, *files, written, diag);
}

bool write_clock_arc_plots(const std::filesystem::path& dir, const std::string& title, const std::string& clock,
                           const std::vector<double>& slews, const std::vector<double>& loads,
                           const std::vector<charz::ClockArcTables>& arcs, const std::string& stem,
                           std::vector<std::string>& written, Diagnostics& diag) {
  auto files = clock_arc_plots(title, clock, slews, loads, arcs, stem, diag);
  return files && write_all(dir, *files, written, diag);
}

bool write_bank_plots(const std::filesystem::path& dir, const std::vector<const bank::BankResult*>& front,
                      const std::string& sweep_key, const std::vector<bank::BankResult>& sweep_best,
                      std::vector<std::string>& written, Diagnostics& diag) {
  std::vector<NamedSvg> files;
  auto pareto = pareto_plot(front, diag);
  if (!pareto) return false;
  files.push_back({"pareto.svg", std::move(*pareto)});
  if (!sweep_key.empty() && !sweep_best.empty()) {
    auto sweep = sweep_plot(sweep_key, sweep_best, diag);
    if (!sweep) return false;
    files.push_back({"sweep.svg", std::move(*sweep)});
  }
  return write_all(dir, files, written, diag);
}

}  // namespace rtmchar::plot
