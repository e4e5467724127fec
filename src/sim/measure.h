#pragma once
// Measurements on saved waveforms, computed in C++ (not by parsing ngspice's .meas prints).
// All functions are pure: they take a scale `t` (time for a transient, the sweep variable for a
// DC sweep) and samples `y` of equal length, strictly increasing `t` is NOT required to be
// distinct-free but must be non-decreasing (ngspice's time vector is). Between samples the
// waveform is taken as the straight line through them (linear interpolation), which is exactly
// how ngspice's own `meas` and plots treat it. Anything that cannot be computed is nullopt,
// never a made-up 0.
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtmchar::sim {

inline constexpr double kNegInf = -std::numeric_limits<double>::infinity();
inline constexpr double kPosInf = std::numeric_limits<double>::infinity();

/// The waveforms of one simulation.
struct Waveforms {
  std::vector<double> scale;                           ///< time (tran), sweep variable (dc), one point (op)
  std::map<std::string, std::vector<double>> vectors;  ///< keyed by the name as requested in Job::vectors
  /// The vector saved under exactly `name`, or nullptr.
  const std::vector<double>* find(std::string_view name) const;
};

/// Direction of a threshold crossing.
enum class Edge { Rise, Fall, Either };

/// Time of the `nth` (1-based) crossing of `level` in direction `edge` at or after time `after`.
/// A rising crossing is a segment with y[i] < level <= y[i+1]; a falling one y[i] > level >= y[i+1]
/// (a waveform that only touches the level from one side does not cross it). The crossing time is
/// interpolated linearly inside the segment. A segment that straddles `after` counts if its
/// interpolated crossing time is >= after. nullopt if there are fewer than `nth` such crossings,
/// nth < 1, or the sizes of t and y differ.
std::optional<double> cross(std::span<const double> t, std::span<const double> y, double level, Edge edge,
                            double after = kNegInf, int nth = 1);

/// y at `time` by linear interpolation; nullopt if `time` is outside [t.front(), t.back()].
std::optional<double> value_at(std::span<const double> t, std::span<const double> y, double time);

/// Trapezoidal integral of y dt over [t0, t1] with linearly interpolated end points (exact for a
/// piecewise-linear waveform). t0/t1 are clamped to the waveform's span (so -inf..+inf means
/// "all of it"); nullopt if the clamped window is empty or inverted, or the waveform is empty.
std::optional<double> integral(std::span<const double> t, std::span<const double> y, double t0, double t1);

/// Time average over [t0, t1] (clamped as for integral) = integral / (t1 - t0); nullopt if the
/// window has zero width.
std::optional<double> average(std::span<const double> t, std::span<const double> y, double t0, double t1);

/// Minimum / maximum of the piecewise-linear waveform over [t0, t1] (clamped): the extreme of the
/// samples inside the window and the interpolated values at its ends.
std::optional<double> minimum(std::span<const double> t, std::span<const double> y, double t0, double t1);
std::optional<double> maximum(std::span<const double> t, std::span<const double> y, double t0, double t1);

/// Settling time: the earliest time ts >= max(after, t.front()) from which on the waveform stays
/// inside the band |y - final| <= tol up to the end of the waveform. It is the interpolated time at
/// which y last enters the band (= sup{t >= after : |y(t) - final| > tol}), or max(after, t.front())
/// if y never leaves the band after `after`. nullopt if the last sample is outside the band (the
/// waveform has not settled by its end), tol < 0, or no sample lies at or after `after`.
std::optional<double> settle_time(std::span<const double> t, std::span<const double> y, double final_value,
                                  double tol, double after = kNegInf);

/// One threshold crossing on a named vector (see cross()).
struct Crossing {
  std::string vector;
  double level = 0;
  Edge edge = Edge::Either;
  int nth = 1;
  double after = kNegInf;
};

/// A measurement to compute from a job's saved vectors; the result is stored under `name`.
struct Measure {
  enum class Kind {
    Cross,     ///< time of `at` crossing
    Delay,     ///< time of `at` crossing - time of `trig` crossing; `at` is searched from the trigger on
    Slew,      ///< time between the crossings of `low` and `high` on `at.vector` in direction at.edge
               ///< (Rise: low then high; Fall: high then low), the first one being the at.nth after at.after
    Integral,  ///< integral of `vector` over [from, to]
    Average,   ///< time average of `vector` over [from, to]
    ValueAt,   ///< `vector` at time `from`
    Min,       ///< minimum of `vector` over [from, to]
    Max,       ///< maximum of `vector` over [from, to]
    Final,     ///< last sample of `vector`
  };
  std::string name;
  Kind kind = Kind::Final;
  Crossing at;       ///< Cross, Delay (target), Slew (vector, edge, nth, after; level unused)
  Crossing trig;     ///< Delay only
  double low = 0;    ///< Slew: lower level
  double high = 0;   ///< Slew: upper level
  std::string vector;  ///< Integral, Average, ValueAt, Min, Max, Final
  double from = kNegInf;
  double to = kPosInf;

  static Measure crossing(std::string name, Crossing at);
  static Measure delay(std::string name, Crossing trig, Crossing targ);
  static Measure slew(std::string name, std::string vector, double low, double high, Edge edge, double after = kNegInf,
                      int nth = 1);
  static Measure window(std::string name, Kind kind, std::string vector, double from = kNegInf, double to = kPosInf);
  static Measure value_at(std::string name, std::string vector, double time);
  static Measure final_value(std::string name, std::string vector);
};

/// Computes `m` on `w`. On failure returns nullopt and, if `why` is non-null, a one-line reason
/// naming the measurement and what was missing ("tphl: no falling crossing of v(out) at 0.45 after 1e-10").
std::optional<double> evaluate(const Measure& m, const Waveforms& w, std::string* why = nullptr);

}  // namespace rtmchar::sim
