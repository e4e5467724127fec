#include "plot/svg.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "util/units.h"

namespace rtmchar::plot {
namespace {

// Tableau 10, distinguishable in colour; markers differ too, so curves stay apart in grey print.
constexpr std::array<const char*, 10> kPalette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr int kMarkerKinds = 4;  // circle, square, triangle, diamond
constexpr double kMarkerSize = 3.5;

// Pixel coordinates: two decimals, C locale (fmt ignores the locale unless asked), no "-0.00".
std::string num(double v) {
  if (std::fabs(v) < 0.005) v = 0;
  return fmt::format("{:.2f}", v);
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

struct Range {
  double lo = 0, hi = 0;
  std::vector<double> ticks;
};

// Linear axis: tick step 1, 2 or 5 x 10^k giving about five intervals (Heckbert, "Nice numbers
// for graph labels", Graphics Gems, 1990); the range widens to whole steps. Ticks are k * step
// with integer k so that no rounding accumulates and 0 is exactly 0.
Range linear_range(double lo, double hi) {
  if (lo == hi) {
    const double pad = lo == 0 ? 1.0 : std::fabs(lo) * 0.1;
    lo -= pad, hi += pad;
  }
  const double raw = (hi - lo) / 5;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag * (1 - 1e-9);  // 2e-11 / 1e-11 may round to just above 2
  const double step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  const double k_lo = std::floor(lo / step + 1e-9);
  const double k_hi = std::ceil(hi / step - 1e-9);
  Range out{k_lo * step, k_hi * step, {}};
  for (double k = k_lo; k <= k_hi; k += 1) out.ticks.push_back(k * step);
  return out;
}

// Log axis: whole decades; with at most two decades the 2x and 5x points are labelled too.
Range log_range(double lo, double hi) {
  double d_lo = std::floor(std::log10(lo) + 1e-9);
  double d_hi = std::ceil(std::log10(hi) - 1e-9);
  if (d_hi <= d_lo) d_hi = d_lo + 1;
  Range out{std::pow(10.0, d_lo), std::pow(10.0, d_hi), {}};
  const bool fine = d_hi - d_lo <= 2;
  for (double d = d_lo; d <= d_hi; d += 1) {
    const double base = std::pow(10.0, d);
    out.ticks.push_back(base);
    if (fine && d < d_hi) out.ticks.push_back(2 * base), out.ticks.push_back(5 * base);
  }
  return out;
}

bool check_series(const Figure& fig, Diagnostics& diag) {
  bool any = false;
  for (const Series& s : fig.series) {
    auto bad = [&](const std::string& why) {
      diag.error("plot.bad-data", SourceLoc::cli("--plot"), fmt::format("plot '{}', series '{}': {}", fig.title, s.name, why));
      return false;
    };
    if (s.x.size() != s.y.size()) return bad("x and y have different lengths");
    if (!s.shade.empty() && s.shade.size() != s.x.size()) return bad("shade and x have different lengths");
    if (!s.hollow.empty() && s.hollow.size() != s.x.size()) return bad("hollow and x have different lengths");
    for (size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) return bad(fmt::format("point {} is not finite", i));
      if ((fig.x.scale == Scale::Log && s.x[i] <= 0) || (fig.y.scale == Scale::Log && s.y[i] <= 0))
        return bad(fmt::format("point {} is not positive on a log axis", i));
      if (!s.shade.empty() && !std::isfinite(s.shade[i])) return bad(fmt::format("shade {} is not finite", i));
      if (!s.shade.empty() && fig.shade_axis.scale == Scale::Log && s.shade[i] <= 0)
        return bad(fmt::format("shade {} is not positive on a log scale", i));
    }
    any = any || !s.x.empty();
  }
  if (!any) diag.error("plot.bad-data", SourceLoc::cli("--plot"), fmt::format("plot '{}' has no points", fig.title));
  return any;
}

Range axis_range(const std::vector<double>& values, Scale scale) {
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return scale == Scale::Log ? log_range(*lo, *hi) : linear_range(*lo, *hi);
}

double map(double v, double lo, double hi, Scale s, double p0, double p1) {
  const double t = s == Scale::Log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                                   : (v - lo) / (hi - lo);
  return p0 + t * (p1 - p0);
}

// Marker fill for shade fraction t in [0, 1]: the series colour blended from 15 % (light) to
// 100 % (dark) over white.
std::string blend(const char* hex, double t) {
  const unsigned long rgb = std::stoul(std::string(hex + 1), nullptr, 16);
  const double a = 0.15 + 0.85 * std::clamp(t, 0.0, 1.0);
  auto ch = [&](int shift) {
    const double c = static_cast<double>((rgb >> shift) & 0xffu);
    return static_cast<int>(std::lround(255 - a * (255 - c)));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", ch(16), ch(8), ch(0));
}

std::string marker(int kind, double x, double y, const std::string& fill, const char* stroke) {
  const double m = kMarkerSize;
  const std::string style = fmt::format(R"( fill="{}" stroke="{}" stroke-width="1")", fill, stroke);
  switch (kind % kMarkerKinds) {
    case 0: return fmt::format(R"(<circle cx="{}" cy="{}" r="{}"{}/>)", num(x), num(y), num(m), style);
    case 1:
      return fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}"{}/>)", num(x - m), num(y - m), num(2 * m),
                         num(2 * m), style);
    case 2:
      return fmt::format(R"(<polygon points="{},{} {},{} {},{}"{}/>)", num(x), num(y - 1.2 * m), num(x - 1.1 * m),
                         num(y + 0.8 * m), num(x + 1.1 * m), num(y + 0.8 * m), style);
    default:
      return fmt::format(R"(<polygon points="{},{} {},{} {},{} {},{}"{}/>)", num(x), num(y - 1.3 * m),
                         num(x + 1.3 * m), num(y), num(x), num(y + 1.3 * m), num(x - 1.3 * m), num(y), style);
  }
}

// Shade fraction of a value: linear between the smallest and largest shade, or linear in log10
// when the shade axis is logarithmic (all shades are then positive, checked in check_series).
struct ShadeRange {
  bool any = false;
  bool log = false;
  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  double fraction(double v) const {
    if (!(hi > lo)) return 1.0;
    return log ? std::log10(v / lo) / std::log10(hi / lo) : (v - lo) / (hi - lo);
  }
};

ShadeRange shade_range(const Figure& fig) {
  ShadeRange r;
  r.log = fig.shade_axis.scale == Scale::Log;
  for (const Series& s : fig.series) {
    for (double v : s.shade) r.any = true, r.lo = std::min(r.lo, v), r.hi = std::max(r.hi, v);
  }
  return r;
}

// Unlabelled 2x..9x marks inside the plot box on log axes, so values between decades can be read.
void render_minor_ticks(const Frame& f, std::string& svg) {
  auto decades = [](double lo, double hi, auto&& mark) {
    for (double d = std::round(std::log10(lo)); d < std::round(std::log10(hi)); d += 1)
      for (int m = 2; m <= 9; ++m) mark(m * std::pow(10.0, d));
  };
  if (f.x_scale == Scale::Log)
    decades(f.x_lo, f.x_hi, [&](double v) {
      svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#444444"/>)" "\n", num(f.to_px_x(v)),
                         num(f.px_bottom - 5), num(f.px_bottom));
    });
  if (f.y_scale == Scale::Log)
    decades(f.y_lo, f.y_hi, [&](double v) {
      svg += fmt::format(R"(<line x1="{1}" y1="{0}" x2="{2}" y2="{0}" stroke="#444444"/>)" "\n", num(f.to_px_y(v)),
                         num(f.px_left), num(f.px_left + 5));
    });
}

void render_axes(const Figure& fig, const Frame& f, std::string& svg) {
  svg += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#444444"/>)" "\n",
                     num(f.px_left), num(f.px_top), num(f.px_right - f.px_left), num(f.px_bottom - f.px_top));
  for (double t : f.x_ticks) {
    const double px = f.to_px_x(t);
    svg += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#dddddd"/>)" "\n", num(px),
                       num(f.px_top), num(f.px_bottom));
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)" "\n", num(px), num(f.px_bottom + 16),
                       escape(tick_label(t, fig.x)));
  }
  for (double t : f.y_ticks) {
    const double py = f.to_px_y(t);
    svg += fmt::format(R"(<line x1="{1}" y1="{0}" x2="{2}" y2="{0}" stroke="#dddddd"/>)" "\n", num(py),
                       num(f.px_left), num(f.px_right));
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)" "\n", num(f.px_left - 6), num(py + 4),
                       escape(tick_label(t, fig.y)));
  }
  render_minor_ticks(f, svg);
  const double cx = (f.px_left + f.px_right) / 2, cy = (f.px_top + f.px_bottom) / 2;
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)" "\n", num(cx), num(f.px_bottom + 38),
                     escape(fig.x.label));
  const double yx = f.px_left - 68;
  svg += fmt::format(R"svg(<text x="{0}" y="{1}" text-anchor="middle" transform="rotate(-90 {0} {1})">{2}</text>)svg" "\n",
                     num(yx), num(cy), escape(fig.y.label));
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="14" font-weight="bold">{}</text>)" "\n",
                     num(cx), num(f.px_top - 16), escape(fig.title));
}

void render_series(const Figure& fig, const Frame& f, const ShadeRange& shade, std::string& svg) {
  for (size_t k = 0; k < fig.series.size(); ++k) {
    const Series& s = fig.series[k];
    const char* colour = kPalette[k % kPalette.size()];
    if (s.line && s.x.size() > 1) {
      std::string pts;
      for (size_t i = 0; i < s.x.size(); ++i)
        pts += (i ? " " : "") + num(f.to_px_x(s.x[i])) + "," + num(f.to_px_y(s.y[i]));
      svg += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6"/>)" "\n", pts, colour);
    }
    if (!s.markers) continue;
    for (size_t i = 0; i < s.x.size(); ++i) {
      std::string fill = s.shade.empty() ? std::string(colour) : blend(colour, shade.fraction(s.shade[i]));
      if (!s.hollow.empty() && s.hollow[i]) fill = "#ffffff";
      svg += marker(static_cast<int>(k), f.to_px_x(s.x[i]), f.to_px_y(s.y[i]), fill, colour) + "\n";
    }
  }
}

// Legend in the right margin: a line and marker sample per named series, then the shade bar.
void render_legend(const Figure& fig, const Frame& f, const ShadeRange& shade, std::string& svg) {
  const double x0 = f.px_right + 14;
  double y = f.px_top + 8;
  for (size_t k = 0; k < fig.series.size(); ++k) {
    const Series& s = fig.series[k];
    if (s.name.empty()) continue;
    const char* colour = kPalette[k % kPalette.size()];
    if (s.line)
      svg += fmt::format(R"(<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="{3}" stroke-width="1.6"/>)" "\n",
                         num(x0), num(x0 + 24), num(y), colour);
    if (s.markers) svg += marker(static_cast<int>(k), x0 + 12, y, colour, colour) + "\n";
    svg += fmt::format(R"(<text x="{}" y="{}">{}</text>)" "\n", num(x0 + 30), num(y + 4), escape(s.name));
    y += 18;
  }
  if (!shade.any) return;
  y += 10;
  svg += fmt::format(R"(<text x="{}" y="{}">{}</text>)" "\n", num(x0), num(y + 4), escape(fig.shade_axis.label));
  y += 12;
  constexpr int kSteps = 8;
  for (int i = 0; i < kSteps; ++i) {
    svg += fmt::format(R"(<rect x="{}" y="{}" width="16" height="12" fill="{}" stroke="none"/>)" "\n",
                       num(x0 + 16.0 * i), num(y), blend(kPalette[0], static_cast<double>(i) / (kSteps - 1)));
  }
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="11">{}</text>)" "\n", num(x0), num(y + 26),
                     escape(tick_label(shade.lo, fig.shade_axis)));
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>)" "\n", num(x0 + 16.0 * kSteps),
                     num(y + 40), escape(tick_label(shade.hi, fig.shade_axis)));
}

}  // namespace

double Frame::to_px_x(double x) const { return map(x, x_lo, x_hi, x_scale, px_left, px_right); }
double Frame::to_px_y(double y) const { return map(y, y_lo, y_hi, y_scale, px_bottom, px_top); }

std::string tick_label(double value, const Axis& axis) {
  if (axis.format == TickFormat::Plain) return units::format_sig(value, 3);
  return units::format_eng(value, axis.unit, 3);
}

std::optional<Frame> make_frame(const Figure& fig, const Layout& layout, int index, Diagnostics& diag) {
  if (!check_series(fig, diag)) return std::nullopt;
  std::vector<double> xs, ys;
  for (const Series& s : fig.series) {
    xs.insert(xs.end(), s.x.begin(), s.x.end());
    ys.insert(ys.end(), s.y.begin(), s.y.end());
  }
  const Range rx = axis_range(xs, fig.x.scale), ry = axis_range(ys, fig.y.scale);
  Frame f;
  f.x_lo = rx.lo, f.x_hi = rx.hi, f.x_ticks = rx.ticks, f.x_scale = fig.x.scale;
  f.y_lo = ry.lo, f.y_hi = ry.hi, f.y_ticks = ry.ticks, f.y_scale = fig.y.scale;
  const double top = layout.panel_height * index;
  f.px_left = layout.left;
  f.px_right = layout.width - layout.right;
  f.px_top = top + layout.top;
  f.px_bottom = top + layout.panel_height - layout.bottom;
  return f;
}

std::optional<std::string> render_svg(const std::vector<Figure>& panels, Diagnostics& diag, const Layout& layout) {
  if (panels.empty()) {
    diag.error("plot.bad-data", SourceLoc::cli("--plot"), "nothing to plot");
    return std::nullopt;
  }
  const double height = layout.panel_height * static_cast<double>(panels.size());
  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{0}" height="{1}" )"
                     R"(viewBox="0 0 {0} {1}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">)" "\n",
                     num(layout.width), num(height));
  svg += fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>)" "\n", num(layout.width), num(height));
  for (size_t i = 0; i < panels.size(); ++i) {
    auto frame = make_frame(panels[i], layout, static_cast<int>(i), diag);
    if (!frame) return std::nullopt;
    const ShadeRange shade = shade_range(panels[i]);
    render_axes(panels[i], *frame, svg);
    render_series(panels[i], *frame, shade, svg);
    render_legend(panels[i], *frame, shade, svg);
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace rtmchar::plot
