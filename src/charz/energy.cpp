#include "charz/energy.h"

#include <algorithm>
#include <cmath>

#include "sim/measure.h"

namespace rtmchar::charz {

EnergyStatus internal_energy(const EnergyInputs& in, EnergyResult& out, std::string& why) {
  const auto& t = in.t;
  if (t.empty() || t.size() != in.isup.size() || t.size() != in.vout.size()) {
    why = "supply current or output vector missing";
    return EnergyStatus::Failed;
  }
  const double t_last = t.back();
  const double t_tail = t_last - 0.1 * (t_last - in.t_start);
  // Final (leakage) current: the mean over the tail, which averages out the integration
  // method's small ringing.
  const auto i_end = sim::average(t, in.isup, t_tail, t_last);
  if (!i_end || !(t_last > in.t_start)) {
    why = "empty energy window";
    return EnergyStatus::Failed;
  }
  double excursion = 0;
  for (size_t k = 0; k < t.size(); ++k)
    if (t[k] >= in.t_start) excursion = std::max(excursion, std::fabs(in.isup[k] - *i_end));
  const double floor = std::max(1e-3 * in.load * in.vdd / (t_last - in.t_start), 1e-3 * std::fabs(*i_end));
  const auto tv = sim::settle_time(t, in.vout, in.rail, in.settle_fraction * in.vdd, in.t_output);
  const auto ti = sim::settle_time(t, in.isup, *i_end, std::max(1e-2 * excursion, floor), in.t_quiet);
  if (!tv || !ti || *tv > t_tail || *ti > t_tail) {
    why = "output or supply current not settled before the tail of the window";
    return EnergyStatus::NotSettled;
  }
  // Integrated to the end of the window: after settling only leakage flows, and that is
  // subtracted, so the result does not depend on where the window ends.
  const auto q = sim::integral(t, in.isup, in.t_start, t_last);
  if (!q) {
    why = "empty energy window";
    return EnergyStatus::Failed;
  }
  const double window = t_last - in.t_start;
  out.energy = -in.vdd * *q + in.vdd * *i_end * window - 0.5 * in.load * in.vdd * in.vdd;
  out.settle_time = std::max({*tv, *ti, in.t_quiet});
  return EnergyStatus::Ok;
}

}  // namespace rtmchar::charz
