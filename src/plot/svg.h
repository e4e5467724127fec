#pragma once
// A small, dependency-free SVG renderer for line and scatter charts: axes with engineering-unit
// tick labels (linear or log), polylines with markers, a legend, a title and an optional marker
// shade that encodes a third quantity. Output is deterministic (fixed element order, C-locale
// numbers with two decimals) so plots can be diffed and cached like every other rtmchar output.
// Conventions: docs/plots.md.
#include <optional>
#include <string>
#include <vector>

#include "util/diag.h"

namespace rtmchar::plot {

enum class Scale { Linear, Log };

/// How tick labels print: Engineering = units::format_eng(value, unit) ("20 ps", "4 fF");
/// Plain = three significant digits and no unit (for quantities whose unit takes no SI prefix,
/// such as mm^2, or counts).
enum class TickFormat { Engineering, Plain };

struct Axis {
  std::string label;  ///< axis title, e.g. "output load"
  std::string unit;   ///< SI base unit for Engineering labels ("s", "F", "J"); shown in the title
  Scale scale = Scale::Linear;
  TickFormat format = TickFormat::Engineering;
};

/// One data series. x and y have equal length; values must be finite, and positive on a log axis.
struct Series {
  std::string name;  ///< legend text; empty = not listed in the legend
  std::vector<double> x, y;
  bool line = true;     ///< join the points with a polyline (false = markers only)
  bool markers = true;  ///< draw a marker at every point
  /// Optional third quantity per point (same length as x), drawn as the marker's fill from light
  /// (smallest) to dark (largest), linearly or in log10 per Figure::shade_axis.scale, with a
  /// colour bar labelled with the smallest and largest value.
  std::vector<double> shade;
  /// Optional per point (empty or same length as x): true draws the marker hollow (white fill),
  /// e.g. for table points filled from a fit instead of simulated.
  std::vector<bool> hollow;
};

/// One panel: a plot area with two axes. Several panels stack vertically in one SVG.
struct Figure {
  std::string title;
  Axis x, y;
  std::vector<Series> series;
  Axis shade_axis;  ///< label/unit/scale of Series::shade values (used when any series has shade)
};

/// Canvas geometry of one panel in pixels (SVG user units), y growing downwards.
struct Layout {
  double width = 760;         ///< whole canvas width
  double panel_height = 440;  ///< height of one panel including its title and axis labels
  double left = 84, right = 180, top = 44, bottom = 58;  ///< margins around the plot area
};

/// The data range and pixel box of one panel's plot area after tick rounding. Linear axes span
/// whole multiples of the tick step (1, 2 or 5 x 10^k, about five ticks); log axes span whole
/// decades. A point maps linearly (or linearly in log10) from [lo, hi] onto the box edges.
struct Frame {
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;         ///< data range (SI values)
  double px_left = 0, px_right = 0, px_top = 0, px_bottom = 0;  ///< plot-area box in pixels
  Scale x_scale = Scale::Linear, y_scale = Scale::Linear;
  std::vector<double> x_ticks, y_ticks;  ///< labelled tick values inside the range

  double to_px_x(double x) const;
  double to_px_y(double y) const;
};

/// The frame of panel `index` (0 = top) of a stack rendered with `layout`; nullopt (with an
/// error "plot.bad-data" naming the series) if a value is not finite, a log axis gets a value
/// <= 0, x/y/shade lengths differ, or the figure has no points.
std::optional<Frame> make_frame(const Figure& fig, const Layout& layout, int index, Diagnostics& diag);

/// Renders the panels top to bottom as one standalone SVG 1.1 document with a viewBox of
/// layout.width x (panels * layout.panel_height). nullopt (with a diagnostic) on bad data.
std::optional<std::string> render_svg(const std::vector<Figure>& panels, Diagnostics& diag,
                                      const Layout& layout = {});

/// The tick label of `value` on `axis`: format_eng with three significant digits, or Plain.
std::string tick_label(double value, const Axis& axis);

}  // namespace rtmchar::plot
