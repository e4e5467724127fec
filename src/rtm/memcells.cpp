#include "rtm/memcells.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

#include "charz/area.h"
#include "charz/library.h"
#include "charz/testbench.h"
#include "devices/from_technology.h"
#include "rtm/bench.h"
#include "rtm/tracks.h"
#include "sim/measure.h"
#include "util/units.h"

namespace rtmchar::rtm {
namespace {

using units::format_number;

constexpr double kT0 = 0.2e-9;       // every enable pulse starts here [s]
constexpr double kLimit = 50e-9;     // longest pulse a bisection tries [s]
constexpr double kRelaxShift = 2e-9; // wall relaxation after a shift pulse (10 x pitch/(2 pi v_pin)) [s]
constexpr double kRelaxWrite = 1e-9; // settle time after a write pulse [s]
constexpr int kShiftBound = 8;       // max_shift of the generated wires in shift benches [domains]

// Everything a bench needs that does not change between the points of a table.
struct Rig {
  const tech::Technology* tech = nullptr;
  const netlist::CellDef* cell = nullptr;
  double temperature = 0;
  MemCharOptions mo;
  SourceLoc where;
};

// One point of a table: the cell's parameters and supplies in effect.
struct Point {
  netlist::ParamValues params;
  double vdd = 0;
};

int iparam(const netlist::ParamValues& p, const char* name) {
  return static_cast<int>(std::lround(p.at(name)));
}

// Data domains under the ports of an rtm_track point: port k over port0 + k * port_pitch.
std::vector<int> track_ports(const netlist::ParamValues& p) {
  std::vector<int> out;
  for (int k = 0; k < iparam(p, "ports"); ++k) out.push_back(iparam(p, "port0") + k * iparam(p, "port_pitch"));
  return out;
}

// Sources of the ports of an rtm_track point that a bench does not drive (`busy`): word line
// low, bit line floating (1 TOhm to ground) or, with `ground_bl`, grounded.
std::string idle_ports(const netlist::ParamValues& p, std::initializer_list<int> busy, bool ground_bl = false) {
  std::string out;
  for (int k = 0; k < iparam(p, "ports"); ++k) {
    if (std::find(busy.begin(), busy.end(), k) != busy.end()) continue;
    out += fmt::format("vwl{0} wl{0} 0 dc 0\n", k);
    out += ground_bl ? fmt::format("vbl{0} bl{0} 0 dc 0\n", k) : fmt::format("rbl{0} bl{0} 0 1e12\n", k);
  }
  return out;
}

std::string pulse(double v, double t0, double width, double edge) {
  if (width <= 0) return "dc 0";
  return fmt::format("pwl(0 0 {} 0 {} {} {} {} {} 0)", format_number(t0), format_number(t0 + edge), format_number(v),
                     format_number(t0 + edge + width), format_number(v), format_number(t0 + 2 * edge + width));
}

// Deck: the cell rendered with the point's parameters, the generated wires, sources and one
// instance xdut whose nodes are the lower-case pin names (ground pins on node 0).
std::optional<std::string> deck(const Rig& rig, const Point& pt, const std::string& title, const std::string& extra,
                                const std::string& sources, double tstop, Diagnostics& diag, double max_step = 0) {
  if (max_step <= 0) max_step = rig.mo.max_step;
  // The cell at this point's parameters (pin arrays sized, e.g. rtm_track's ports).
  const netlist::CellDef cell = netlist::instantiate(*rig.cell, pt.params);
  auto ctx = charz::CellContext::make(*rig.tech, cell, pt.params, pt.vdd, rig.temperature, diag);
  if (!ctx) return std::nullopt;
  std::string d = "* " + title + "\n" + ctx->header + ctx->subckt;
  if (d.back() != '\n') d += '\n';
  d += extra;
  d += fmt::format("vvdd vdd 0 dc {}\n", format_number(pt.vdd));
  d += sources;
  d += "xdut";
  for (const std::string& port : cell.ports) {
    const netlist::Pin* p = cell.pin(port);
    std::string node = port;
    std::transform(node.begin(), node.end(), node.begin(), [](unsigned char c) { return std::tolower(c); });
    d += " " + (p->role == netlist::PinRole::Ground ? std::string("0") : node);
  }
  d += " " + cell.subckt + "\n";
  d += fmt::format(".tran {} {} 0 {}\n.end\n", format_number(max_step / 10), format_number(tstop),
                   format_number(max_step));
  return d;
}


// Energy delivered by the sources (current vector, voltage) over [t0, t1]: -V * integral(i).
std::optional<double> source_energy(const sim::Waveforms& w, const std::vector<std::pair<std::string, double>>& src,
                                    double t0, double t1) {
  double e = 0;
  for (const auto& [vec, v] : src) {
    const auto* y = w.find(vec);
    if (y == nullptr) return std::nullopt;
    const auto q = sim::integral(w.scale, *y, t0, t1);
    if (!q) return std::nullopt;
    e += -v * *q;
  }
  return e;
}

std::vector<std::pair<std::string, double>> supplies(const Point& pt) { return {{"i(vvdd)", pt.vdd}}; }

std::optional<double> final_value(const sim::Waveforms& w, const std::string& v) {
  const auto* y = w.find(v);
  if (y == nullptr || y->empty()) return std::nullopt;
  return y->back();
}

std::optional<double> max_abs(const sim::Waveforms& w, const std::string& v) {
  const auto* y = w.find(v);
  if (y == nullptr || y->empty()) return std::nullopt;
  double m = 0;
  for (double x : *y) m = std::max(m, std::abs(x));
  return m;
}

// ---- pulse-width searches (lockstep bisection over many points) -----------------------------

// The outcome of one run at one pulse width.
struct Outcome {
  bool pass = false;   ///< the operation happened (write flipped the domain / at least one step)
  bool exact = false;  ///< exactly the intended result (one step, the written value, no shift)
  double current = 0;  ///< measured operation current [A]
  double energy = 0;   ///< measured supply energy of the run window [J]
};

struct Search {
  std::string name;
  std::function<std::optional<sim::Job>(double)> make;  // job at a pulse width
  std::function<std::optional<Outcome>(const sim::Result&, std::string&)> judge;
  double lo = 0, hi = 0.1e-9;
  bool bracketed = false;
  double threshold = 0;     ///< a failing run below this current means the operation is impossible [A]
  bool infeasible = false;  ///< measured current below threshold: no pulse can do it (closed form)
  Outcome at_used;   ///< the run at used width
  double used = 0;   ///< width of the measurement run (1.25 x min pulse)
};

bool run_batch(sim::Engine& engine, std::vector<Search*>& ss, const std::vector<double>& widths,
               std::vector<Outcome>& out, int& sims, const Rig& rig, Diagnostics& diag) {
  std::vector<sim::Job> jobs;
  for (std::size_t k = 0; k < ss.size(); ++k) {
    auto j = ss[k]->make(widths[k]);
    if (!j) {
      diag.error("rtm.measure", rig.where, fmt::format("{}: the bench deck could not be built", ss[k]->name));
      return false;
    }
    jobs.push_back(std::move(*j));
  }
  auto res = engine.run(jobs);
  sims += static_cast<int>(jobs.size());
  out.clear();
  for (std::size_t k = 0; k < ss.size(); ++k) {
    if (!res[k].ok()) {
      diag.error("rtm.sim-failed", rig.where, fmt::format("{}: {}", jobs[k].name, res[k].error));
      return false;
    }
    std::string why;
    auto o = ss[k]->judge(res[k], why);
    if (!o) {
      diag.error(why.rfind("rtm.", 0) == 0 ? why.substr(0, why.find(' ')) : "rtm.measure", rig.where,
                 fmt::format("{}: {}", jobs[k].name, why.rfind("rtm.", 0) == 0 ? why.substr(why.find(' ') + 1) : why));
      return false;
    }
    out.push_back(*o);
  }
  return true;
}

// Minimum pulse of every search (the shortest width that passes, to rel_tol), then one run at
// 1.25 x that width which must be exact; its current and energy are the table's numbers.
// Searches that cannot succeed (current below `threshold`, or no success up to kLimit) are marked
// infeasible with the measured current; the callers report them as findings.
bool run_searches(sim::Engine& engine, std::vector<Search>& searches, const char* no_op_id, const Rig& rig, int& sims,
                  Diagnostics& diag) {
  std::vector<Outcome> out;
  while (true) {  // grow until each search passes at hi
    std::vector<Search*> open;
    std::vector<double> widths;
    for (Search& s : searches)
      if (!s.bracketed) open.push_back(&s), widths.push_back(s.hi);
    if (open.empty()) break;
    if (!run_batch(engine, open, widths, out, sims, rig, diag)) return false;
    for (std::size_t k = 0; k < open.size(); ++k) {
      Search& s = *open[k];
      if (out[k].pass) {
        s.bracketed = true;
      } else if (s.hi >= 0.4e-9 && out[k].current < 0.99 * s.threshold) {  // settled current below it
        s.bracketed = s.infeasible = true;
        s.at_used = out[k];
      } else if (s.hi >= kLimit) {  // measured: not even the longest pulse does it
        s.bracketed = s.infeasible = true;
        s.at_used = out[k];
      } else {
        s.lo = s.hi;
        s.hi = std::min(2 * s.hi, kLimit);
      }
    }
  }
  while (true) {  // bisect [lo, hi]: lo fails, hi passes
    std::vector<Search*> open;
    std::vector<double> widths;
    for (Search& s : searches)
      if (!s.infeasible && s.hi - s.lo > rig.mo.rel_tol * s.hi) open.push_back(&s), widths.push_back(0.5 * (s.lo + s.hi));
    if (open.empty()) break;
    if (!run_batch(engine, open, widths, out, sims, rig, diag)) return false;
    for (std::size_t k = 0; k < open.size(); ++k) (out[k].pass ? open[k]->hi : open[k]->lo) = widths[k];
  }
  std::vector<Search*> all;
  std::vector<double> widths;
  for (Search& s : searches) {
    if (s.infeasible) continue;
    s.used = 1.25 * s.hi;
    all.push_back(&s);
    widths.push_back(s.used);
  }
  if (!all.empty() && !run_batch(engine, all, widths, out, sims, rig, diag)) return false;
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (!out[k].exact) {
      diag.error(no_op_id, rig.where,
                 fmt::format("{}: 1.25 x the minimum pulse ({}) does not give exactly one operation (the window of "
                             "working pulse widths is narrower than 25 %)",
                             all[k]->name, units::format_eng(widths[k], "s")));
      return false;
    }
    all[k]->at_used = out[k];
  }
  return true;
}

// ---- tracks ---------------------------------------------------------------------------------

devices::RacetrackParams wire(const tech::Technology& t, int domains, const std::vector<int>& port_domains,
                              const std::vector<std::pair<int, int>>& bits, int max_shift) {
  std::vector<int> pattern(static_cast<std::size_t>(domains), 0);
  for (const auto& [d, b] : bits) pattern[static_cast<std::size_t>(d)] = b;
  devices::RacetrackParams p = operand_track(t, domains, pattern, port_domains);
  p.max_shift = max_shift;
  return p;
}

// ---- shift (shift_driver: `tracks` wires between TA and TB; rtm_track: its own wire) ---------

// Direction: +1 = SH_L (current TA -> TB, data towards TA, x decreases), -1 = SH_R.
Search shift_search(const Rig& rig, const Point& pt, int direction, const std::string& label) {
  Search s;
  s.name = fmt::format("{} shift {} {}", rig.cell->name, direction > 0 ? "SH_L" : "SH_R", label);
  const bool track_cell = rig.cell->name == "rtm_track";
  const int domains = iparam(pt.params, "domains");
  const int tracks = track_cell ? 1 : iparam(pt.params, "tracks");
  s.make = [rig, pt, direction, domains, tracks, track_cell, name = s.name](double w) -> std::optional<sim::Job> {
    Diagnostics d;
    const double e = rig.mo.edge;
    const double tstop = kT0 + w + 2 * e + kRelaxShift;
    std::string extra, src;
    src += fmt::format("vshl sh_l 0 {}\nvshr sh_r 0 {}\nvsl sl 0 dc 0\n",
                       direction > 0 ? pulse(pt.vdd, kT0, w, e) : "dc 0",
                       direction < 0 ? pulse(pt.vdd, kT0, w, e) : "dc 0");
    std::vector<std::string> vec = {"i(vvdd)"};
    if (track_cell) {
      const auto p = wire(*rig.tech, domains, track_ports(pt.params), {}, kShiftBound);
      extra = devices::racetrack_subckt("rtm_track_wire", p);
      // Bit lines float during a shift (no DC path but the access devices).
      src += idle_ports(pt.params, {});
      vec.insert(vec.end(), {"v(xdut.x)", "i(vsl)"});
    } else {
      const auto p = wire(*rig.tech, domains, {0}, {}, kShiftBound);
      extra = devices::racetrack_subckt("sd_wire", p);
      // The wires' far ends meet at tbw; vtrk measures the total shift current.
      extra += "vtrk tbw tb 0\n";
      for (int k = 0; k < tracks; ++k)
        extra += fmt::format("xw{0} ta tbw pw{0} pw{0} xw{0} sw{0} sd_wire\n", k);
      vec.insert(vec.end(), {"v(xw0)", fmt::format("v(xw{})", tracks - 1), "i(vtrk)"});
    }
    auto text = deck(rig, pt, name, extra, src, tstop, d);
    if (!text) return std::nullopt;
    return sim::tran_job(fmt::format("{} w={}", name, units::format_eng(w, "s")), *text, vec, tstop);
  };
  s.judge = [rig, pt, direction, tracks, track_cell](const sim::Result& r, std::string& why) -> std::optional<Outcome> {
    const sim::Waveforms& w = r.waves;
    const std::string xs = track_cell ? "v(xdut.x)" : "v(xw0)";
    const auto x = final_value(w, xs);
    const auto mx = max_abs(w, xs);
    if (!x || !mx) return why = "wall position not saved", std::nullopt;
    if (!track_cell) {
      const auto xl = final_value(w, fmt::format("v(xw{})", tracks - 1));
      if (!xl || std::abs(*xl - *x) > 0.01) return why = "the tracks shifted together moved differently", std::nullopt;
    }
    if (*mx > kShiftBound - 1)
      return why = fmt::format("rtm.no-shift walls moved {} domains, beyond the simulated range", units::format_sig(*mx, 3)),
             std::nullopt;
    Outcome o;
    const long steps = std::lround(std::abs(*x));
    if (steps >= 1 && (*x < 0) != (direction > 0))
      return why = "the walls moved against the drive direction", std::nullopt;
    o.pass = steps >= 1;
    o.exact = steps == 1 && std::abs(std::abs(*x) - 1) < 0.05;
    const double t_end = r.waves.scale.back() - kRelaxShift;
    // shift_driver: the wires' return current into TB; rtm_track: the current the grounded end's
    // driver passes to the source line.
    const std::string iv = track_cell ? "i(vsl)" : "i(vtrk)";
    const auto* iy = w.find(iv);
    if (iy == nullptr) return why = "shift current not saved", std::nullopt;
    // Mean current over the second half of the enable pulse (the drivers have settled).
    const double width = t_end - kT0 - 2 * rig.mo.edge;
    const auto ia = sim::average(w.scale, *iy, kT0 + rig.mo.edge + width / 2, kT0 + rig.mo.edge + width);
    const auto en = source_energy(w, supplies(pt), kT0, t_end + 0.5e-9);
    if (!ia || !en) return why = "supply currents not saved", std::nullopt;
    o.current = std::abs(*ia) / tracks;
    o.energy = *en;
    return o;
  };
  return s;
}

// ---- write (write_port: its driver on a track; rtm_track: ideal BL0/SL drive, port 0) -------

Search write_search(const Rig& rig, const Point& pt, int bit, const std::string& label) {
  Search s;
  s.name = fmt::format("{} write {} {}", rig.cell->name, bit, label);
  const bool track_cell = rig.cell->name == "rtm_track";
  s.make = [rig, pt, bit, track_cell, name = s.name](double w) -> std::optional<sim::Job> {
    Diagnostics d;
    const double e = rig.mo.edge;
    const double tstop = kT0 + w + 2 * e + kRelaxWrite;
    std::string extra, src;
    std::vector<std::string> vec = {"i(vvdd)"};
    if (track_cell) {
      const int domains = iparam(pt.params, "domains");
      const std::vector<int> ports = track_ports(pt.params);
      const auto p = wire(*rig.tech, domains, ports, {{ports[0], 1 - bit}}, 1);
      extra = devices::racetrack_subckt("rtm_track_wire", p);
      src = fmt::format("vwl0 wl0 0 {}\nvbl0 bl0 0 dc {}\nvsl sl 0 dc {}\nvshl sh_l 0 dc 0\nvshr sh_r 0 dc 0\n",
                        pulse(pt.vdd, kT0, w, e), format_number(bit * pt.vdd), format_number((1 - bit) * pt.vdd));
      src += idle_ports(pt.params, {0});
      vec.insert(vec.end(), {"i(vbl0)", "i(vsl)", "v(xdut.x)", "v(xdut.s0)"});
    } else {
      const auto p = wire(*rig.tech, rig.tech->count("racetrack.domains"), {iparam(pt.params, "port")},
                          {{iparam(pt.params, "port"), 1 - bit}}, 1);
      extra = devices::racetrack_subckt("wp_wire", p) + "vmtj mtj pm 0\nxw sl sl pm tm xw sw wp_wire\n";
      src = fmt::format("vwe we 0 {}\nvd d 0 dc {}\n", pulse(pt.vdd, kT0, w, e), format_number(bit * pt.vdd));
      vec.insert(vec.end(), {"i(vmtj)", "v(xw)", "v(sw)"});
    }
    auto text = deck(rig, pt, name, extra, src, tstop, d);
    if (!text) return std::nullopt;
    return sim::tran_job(fmt::format("{} w={}", name, units::format_eng(w, "s")), *text, vec, tstop);
  };
  s.judge = [rig, pt, bit, track_cell](const sim::Result& r, std::string& why) -> std::optional<Outcome> {
    const sim::Waveforms& w = r.waves;
    const std::string xs = track_cell ? "v(xdut.x)" : "v(xw)";
    const std::string ss = track_cell ? "v(xdut.s0)" : "v(sw)";
    const auto x = max_abs(w, xs);
    const auto st = final_value(w, ss);
    if (!x || !st) return why = "wall position or port state not saved", std::nullopt;
    if (*x > 0.5)
      return why = fmt::format("rtm.read-disturb the write current moved the walls by {} domains",
                               units::format_sig(*x, 3)),
             std::nullopt;
    Outcome o;
    o.pass = std::abs(*st - bit) < 0.5;
    o.exact = std::abs(*st - bit) < 0.05;
    const double t_end = w.scale.back() - kRelaxWrite;
    const double width = t_end - kT0 - 2 * rig.mo.edge;
    const std::string iv = track_cell ? (bit ? "i(vbl0)" : "i(vsl)") : "i(vmtj)";
    const auto* iy = w.find(iv);
    if (iy == nullptr) return why = "write current not saved", std::nullopt;
    // Mean current over [0.25, 0.75] of the pulse: the domain still holds the old value (it flips
    // at the minimum pulse = 0.8 of the measurement pulse), so this is the current that writes.
    const auto ia = sim::average(w.scale, *iy, kT0 + rig.mo.edge + width / 4, kT0 + rig.mo.edge + 0.75 * width);
    auto src = supplies(pt);
    if (track_cell) src.insert(src.end(), {{"i(vbl0)", bit * pt.vdd}, {"i(vsl)", (1 - bit) * pt.vdd}});
    const auto en = source_energy(w, src, kT0, t_end + 0.2e-9);
    if (!ia || !en) return why = "supply currents not saved", std::nullopt;
    o.current = std::abs(*ia);
    o.energy = *en;
    return o;
  };
  return s;
}

// ---- read_port: PCSA read of a stored bit ---------------------------------------------------

struct ReadPoint {
  double latency = 0, energy = 0, margin = 0, bl_voltage = 0;
};

// Gate voltage of read_port's bit-line clamps: VDD (voltage mode, clamps fully on) or vclamp.
double clamp_gate(const Point& pt) { return pt.params.at("sense") > 0.5 ? pt.params.at("vclamp") : pt.vdd; }

constexpr double kReadEval = 1e-9;      // RE high [s]
constexpr double kReadRestore = 0.5e-9; // precharge after RE falls [s]

std::optional<sim::Job> port_read_job(const Rig& rig, const Point& pt, int bit, Diagnostics& diag) {
  const double e = rig.mo.edge;
  const int port = iparam(pt.params, "port");
  const auto p = wire(*rig.tech, rig.tech->count("racetrack.domains"), {port}, {{port, bit}}, 1);
  // Reference between the two cell branches: the wire path from the port contact to the
  // grounded ends plus R_MTJ at half the state, at the techfile's read bias.
  const int j = p.port_positions().front();
  const double ra = (j + 0.5) * p.r_pitch(), rb = (p.total_domains() - 0.5 - j) * p.r_pitch();
  const double r_ref = ra * rb / (ra + rb) + p.port_mtj.resistance(rig.tech->si("racetrack.read_voltage"), 0.5);
  const std::string extra = devices::racetrack_subckt("rp_wire", p) + "xw 0 0 mtj tm xw sw rp_wire\n" +
                            fmt::format("rref ref 0 {}\ncdo do 0 1e-15\n", format_number(r_ref));
  const double tstop = kT0 + kReadEval + 2 * e + kReadRestore;
  const std::string src = fmt::format("vre re 0 {}\nvd d 0 dc {}\nvvcl vcl 0 dc {}\n", pulse(pt.vdd, kT0, kReadEval, e),
                                      format_number(bit * pt.vdd), format_number(clamp_gate(pt)));
  const std::string name = fmt::format("{} read {} wacc={} vdd={} sense={}", rig.cell->name, bit, pt.params.at("wacc"),
                                       format_number(pt.vdd), pt.params.at("sense"));
  auto text = deck(rig, pt, name, extra, src, tstop, diag);
  if (!text) return std::nullopt;
  return sim::tran_job(name, *text, {"i(vvdd)", "v(xdut.ql)", "v(xdut.qr)", "v(do)", "v(xw)", "v(sw)", "v(mtj)"}, tstop);
}

std::optional<ReadPoint> port_read_measure(const Rig& rig, const Point& pt, int bit, const sim::Result& r,
                                           std::string& why) {
  const sim::Waveforms& w = r.waves;
  const double e = rig.mo.edge;
  const double t50 = kT0 + e / 2, t_end = kT0 + e + kReadEval;
  const auto dec = sense_decision(w, "v(xdut.ql)", "v(xdut.qr)", t50, t_end, pt.vdd);
  const auto dout = value_of(w, "v(do)", t_end);
  const auto x = max_abs(w, "v(xw)");
  const auto st = final_value(w, "v(sw)");
  if (!dec || !dout || !x || !st) return why = "the sense amplifier did not decide in the evaluation", std::nullopt;
  if ((*dout > pt.vdd / 2) != (bit == 1))
    return why = fmt::format("read the stored {} as {}", bit, 1 - bit), std::nullopt;
  if (*x > 0.05 || std::abs(*st - bit) > 0.01)
    return why = fmt::format("rtm.read-disturb the read moved the walls ({} domains) or changed the stored bit",
                             units::format_sig(*x, 3)),
           std::nullopt;
  const auto en = source_energy(w, supplies(pt), kT0, w.scale.back());
  const auto vbl = value_of(w, "v(mtj)", t50 + dec->decision);
  if (!en || !vbl) return why = "supply current or bit line not saved", std::nullopt;
  return ReadPoint{dec->decision, *en, dec->margin, *vbl};
}

// ---- rtm_track read and transverse read (ideal bit-line bias) --------------------------------

struct TrackRead {
  double current = 0, latency = 0, energy = 0;
};

constexpr double kTrackRead = 1e-9;  // word line high [s]

// Read of port `k` holding `bit` with BLk at the techfile's read voltage (DESTINY current-mode
// bias), or (tr = true) transverse read with `ones` '1' domains between the ports: a current
// source into BL0, BL1 grounded, both word lines on, SL floating.
std::optional<sim::Job> track_read_job(const Rig& rig, const Point& pt, int k, int bit, bool tr, int ones,
                                       double i_tr, Diagnostics& diag) {
  const double e = rig.mo.edge;
  const int domains = iparam(pt.params, "domains");
  const std::vector<int> ports = track_ports(pt.params);
  std::vector<std::pair<int, int>> bits;
  if (tr) {
    for (int d = ports[0] + 1; d <= ports[0] + ones; ++d) bits.emplace_back(d, 1);
  } else {
    bits.emplace_back(ports[static_cast<std::size_t>(k)], bit);
  }
  const auto p = wire(*rig.tech, domains, ports, bits, 1);
  const std::string extra = devices::racetrack_subckt("rtm_track_wire", p);
  const double tstop = kT0 + kTrackRead + 2 * e + 0.2e-9;
  const std::string wl = pulse(pt.vdd, kT0, kTrackRead, e);
  std::string src = "vshl sh_l 0 dc 0\nvshr sh_r 0 dc 0\n";
  if (tr) {
    // The read current starts once the word lines are up (t_on) and ends with them.
    const double t_on = kT0 + e;
    src += fmt::format("vwl0 wl0 0 {0}\nvwl1 wl1 0 {0}\nibl0 0 bl0 pwl(0 0 {1} 0 {2} {3} {4} {3} {5} 0)\n"
                       "rbl0 bl0 0 1e9\nvbl1 bl1 0 dc 0\nrsl sl 0 1e12\n",
                       wl, format_number(t_on), format_number(t_on + e), format_number(i_tr),
                       format_number(t_on + kTrackRead - e), format_number(t_on + kTrackRead));
    src += idle_ports(pt.params, {0, 1});
  } else {
    const double vr = rig.tech->si("racetrack.read_voltage");
    src += fmt::format("vwl{0} wl{0} 0 {1}\nvbl{0} bl{0} 0 dc {2}\nvsl sl 0 dc 0\n", k, wl, format_number(vr));
    src += idle_ports(pt.params, {k});
  }
  const std::string name = tr ? fmt::format("rtm_track transverse read ones={}", ones)
                              : fmt::format("rtm_track read port {} bit {}", k, bit);
  // 1 ps steps: the bit line settles within a few ps of the word-line edge.
  auto text = deck(rig, pt, name, extra, src, tstop, diag, 1e-12);
  if (!text) return std::nullopt;
  std::vector<std::string> vec = {"i(vvdd)", "v(xdut.x)"};
  if (tr) vec.push_back("v(bl0)");
  else vec.insert(vec.end(), {fmt::format("v(xdut.s{})", k), fmt::format("i(vbl{})", k)});
  return sim::tran_job(name, *text, vec, tstop);
}

std::optional<TrackRead> track_read_measure(const Rig& rig, const Point& pt, int k, int bit, bool tr, double i_tr,
                                            const sim::Result& r, std::string& why) {
  const sim::Waveforms& w = r.waves;
  const double e = rig.mo.edge;
  // Reference time: word line at 50 % (read) / read current at 50 % (transverse read).
  const double t50 = tr ? kT0 + 1.5 * e : kT0 + e / 2, t_hi = kT0 + e + kTrackRead - (tr ? e : 0);
  const std::string v = tr ? "v(bl0)" : fmt::format("i(vbl{})", k);
  const auto* y = w.find(v);
  const auto x = max_abs(w, "v(xdut.x)");
  if (y == nullptr || !x) return why = "read vectors not saved", std::nullopt;
  if (*x > 0.05) return why = fmt::format("rtm.read-disturb the read moved the walls by {}", units::format_sig(*x, 3)), std::nullopt;
  if (!tr) {
    const auto s = final_value(w, fmt::format("v(xdut.s{})", k));
    if (!s || std::abs(*s - bit) > 0.01) return why = "rtm.read-disturb the read changed the stored bit", std::nullopt;
  }
  const auto fin = sim::average(w.scale, *y, t_hi - 0.1e-9, t_hi);
  if (!fin) return why = "read level not measurable", std::nullopt;
  // Latency: word line 50 % -> the bit-line current (voltage, for TR) within 10 % of its final value.
  std::vector<double> rel(y->size());
  for (std::size_t i = 0; i < y->size(); ++i) rel[i] = std::abs((*y)[i] - *fin) / std::abs(*fin);
  std::optional<double> t_in;
  for (std::size_t i = y->size(); i-- > 0;) {
    if (w.scale[i] > t_hi) continue;
    if (w.scale[i] < t50) break;
    if (rel[i] > 0.1) {
      t_in = w.scale[i];
      break;
    }
  }
  if (!t_in) return why = "the read level never settled inside the word-line pulse", std::nullopt;
  auto src = supplies(pt);
  TrackRead out;
  out.latency = *t_in - t50;
  auto en = source_energy(w, src, kT0, w.scale.back());
  if (!en) return why = "supply currents not saved", std::nullopt;
  if (tr) {
    const auto q = sim::integral(w.scale, *y, kT0, w.scale.back());  // V(BL0) of the ideal current source
    if (!q) return why = "bit-line voltage not integrable", std::nullopt;
    out.current = *fin / i_tr;  // resistance
    out.energy = *en + i_tr * *q;
  } else {
    out.current = std::abs(*fin);
    const auto q = sim::integral(w.scale, *y, kT0, w.scale.back());
    if (!q) return why = "bit-line current not integrable", std::nullopt;
    out.energy = *en - rig.tech->si("racetrack.read_voltage") * *q;
  }
  return out;
}

// ---- leakage: every enable low --------------------------------------------------------------

// Every enable low (leakage); with `ramp_node`, that input instead ramps 0 -> VDD at kT0 and the
// job saves only its source current (input charge -> pin capacitance).
std::optional<sim::Job> leakage_job(const Rig& rig, const Point& pt, Diagnostics& diag, const std::string& ramp_node = "") {
  const double tstop = 2e-9;
  std::string extra, src;
  const std::string& n = rig.cell->name;
  if (n == "shift_driver") {
    const auto p = wire(*rig.tech, iparam(pt.params, "domains"), {0}, {}, 1);
    extra = devices::racetrack_subckt("sd_wire", p);
    for (int k = 0; k < iparam(pt.params, "tracks"); ++k)
      extra += fmt::format("xw{0} ta tb pw{0} pw{0} xw{0} sw{0} sd_wire\n", k);
    src = "vshl sh_l 0 dc 0\nvshr sh_r 0 dc 0\nvsl sl 0 dc 0\n";
  } else if (n == "rtm_track") {
    const auto p = wire(*rig.tech, iparam(pt.params, "domains"), track_ports(pt.params), {}, 1);
    extra = devices::racetrack_subckt("rtm_track_wire", p);
    src = "vshl sh_l 0 dc 0\nvshr sh_r 0 dc 0\nvsl sl 0 dc 0\n" + idle_ports(pt.params, {}, true);
  } else if (n == "write_port") {
    const auto p = wire(*rig.tech, rig.tech->count("racetrack.domains"), {iparam(pt.params, "port")}, {}, 1);
    extra = devices::racetrack_subckt("wp_wire", p) + "xw sl sl mtj tm xw sw wp_wire\n";
    src = "vwe we 0 dc 0\nvd d 0 dc 0\n";
  } else {
    const auto p = wire(*rig.tech, rig.tech->count("racetrack.domains"), {iparam(pt.params, "port")}, {}, 1);
    extra = devices::racetrack_subckt("rp_wire", p) + "xw 0 0 mtj tm xw sw rp_wire\nrref ref 0 9e3\n";
    src = fmt::format("vre re 0 dc 0\nvd d 0 dc 0\nvvcl vcl 0 dc {}\n", format_number(clamp_gate(pt)));
  }
  std::vector<std::string> vec = {"i(vvdd)"};
  std::string name = n + " leakage";
  if (!ramp_node.empty()) {
    // The source of the input on node `ramp_node` ramps 0 -> VDD at kT0 instead.
    std::string out;
    std::size_t pos = 0;
    bool found = false;
    while (pos < src.size()) {
      const std::size_t eol = src.find('\n', pos);
      std::string line = src.substr(pos, eol - pos);
      const std::size_t sp = line.find(' ');
      if (line.compare(sp + 1, ramp_node.size() + 1, ramp_node + " ") == 0) {
        const std::string source = line.substr(0, sp);
        line = fmt::format("{} {} 0 pwl(0 0 {} 0 {} {})", source, ramp_node, format_number(kT0),
                           format_number(kT0 + rig.mo.edge), format_number(pt.vdd));
        vec = {fmt::format("i({})", source)};
        found = true;
      }
      out += line + "\n";
      pos = eol + 1;
    }
    if (!found) return std::nullopt;
    src = out;
    name = fmt::format("{} input charge {}", n, ramp_node);
  }
  auto text = deck(rig, pt, name, extra, src, tstop, diag);
  if (!text) return std::nullopt;
  return sim::tran_job(name, *text, vec, tstop);
}

// Static supply power of a leakage_job run: the mean over its second nanosecond; none if not
// positive.
std::optional<double> static_power(const sim::Waveforms& w, const Point& pt) {
  const auto e = source_energy(w, supplies(pt), 1e-9, 2e-9);
  if (!e || !(*e > 0)) return std::nullopt;
  return *e / 1e-9;
}

// ---- tables ---------------------------------------------------------------------------------

// Sorted distinct values of an integer sweep around `v`, inside [lo, hi].
std::vector<double> int_sweep(std::vector<double> v, double lo, double hi) {
  for (double& x : v) x = std::clamp(std::round(x), lo, hi);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

MemTable table(std::string op, std::string axis, std::vector<std::string> columns) {
  return MemTable{std::move(op), std::move(axis), std::move(columns), {}};
}

// Port counts of the rtm_track tables: 1, 2, 4, 8 and the cell's own, those whose last port
// (port0 + (n-1) port_pitch) lies on the track.
std::vector<double> port_sweep(const netlist::ParamValues& p) {
  std::vector<double> out;
  const int room = (iparam(p, "domains") - 1 - iparam(p, "port0")) / iparam(p, "port_pitch") + 1;
  for (double n : int_sweep({1, 2, 4, 8, p.at("ports")}, 1, 16))
    if (n <= room) out.push_back(n);
  return out;
}

// rtm_track area: CMOS devices (port devices per port) + one MTJ per port + the wire at
// layout.racetrack_cell_area F^2 per domain (data + overhead).
double track_area(const tech::Technology& tech, const netlist::CellDef& cell, const netlist::ParamValues& p) {
  const double f = tech.si("tech.feature_size");
  const int total = iparam(p, "domains") + tech.count("racetrack.overhead_domains");
  return charz::cmos_cell_area(tech, netlist::instantiate(cell, p), p, iparam(p, "ports")) +
         total * tech.si("layout.racetrack_cell_area") * f * f;
}

// Mean shift distance of a random access: the mean over the data domains of the distance to the
// nearest port, in domains (each domain is read or written at its nearest port; RTSim's and
// DESTINY's per-access shift model).
double mean_shift(const netlist::ParamValues& p) {
  const std::vector<int> ports = track_ports(p);
  const int n = iparam(p, "domains");
  double sum = 0;
  for (int d = 0; d < n; ++d) {
    int best = n;
    for (int q : ports) best = std::min(best, std::abs(d - q));
    sum += best;
  }
  return sum / n;
}

// ---- per cell -------------------------------------------------------------------------------

bool characterize_shift(const Rig& rig, const Point& base, sim::Engine& engine, MemCellResult& r, Diagnostics& diag) {
  const bool track_cell = rig.cell->name == "rtm_track";
  struct Key {
    std::string axis;
    double value;
  };
  std::vector<Search> searches;
  std::vector<Key> keys;
  auto add = [&](const std::string& axis, double value, const Point& pt, int dir) {
    searches.push_back(shift_search(rig, pt, dir, fmt::format("{}={}", axis, units::format_sig(value, 4))));
    keys.push_back({axis, value});
  };
  const int domains = iparam(base.params, "domains");
  // The direction pair runs at the cell's point (shift_driver) or at the shortest swept track
  // (rtm_track, whose own 64-domain track may be too long for a driver on VDD).
  const double d_min = track_cell ? track_ports(base.params).back() + 1 : domains;
  Point dir_pt = base;
  dir_pt.params["domains"] = track_cell && rig.mo.sweeps ? d_min : domains;
  add("direction", 1, dir_pt, +1);
  add("direction", -1, dir_pt, -1);
  if (rig.mo.sweeps) {
    const std::vector<double> ds = track_cell ? std::vector<double>{d_min, 16, 32, static_cast<double>(domains)}
                                              : std::vector<double>{domains / 4.0, domains / 2.0, static_cast<double>(domains)};
    for (double d : int_sweep(ds, track_cell ? d_min : 1, domains)) {
      if (!track_cell && d == domains) continue;  // the direction pair's SH_L run is this point
      Point pt = base;
      pt.params["domains"] = d;
      add("domains", d, pt, +1);
    }
    if (!track_cell) {
      const int tracks = iparam(base.params, "tracks");
      for (double t : int_sweep({1, 2}, 1, tracks))
        if (t != tracks) {
          Point pt = base;
          pt.params["tracks"] = t;
          add("tracks", t, pt, +1);
        }
      for (double f : {0.9, 1.1}) {
        Point pt = base;
        pt.vdd = f * base.vdd;
        add("supply_voltage", pt.vdd, pt, +1);
      }
    }
  }
  const double idep = devices::racetrack_from_technology(*rig.tech).depinning_current();
  for (Search& s : searches) s.threshold = idep;
  if (!run_searches(engine, searches, "rtm.no-shift", rig, r.simulations, diag)) return false;
  // The cell's own point: the SH_L search whose parameters are the cell's.
  const Search* own = nullptr;
  for (std::size_t k = 0; k < searches.size(); ++k)
    if ((keys[k].axis == "domains" && keys[k].value == domains) || (k == 0 && !track_cell)) own = own ? own : &searches[k];
  if (!rig.mo.sweeps && track_cell) own = &searches[0];
  for (const Search& s : searches)
    if (s.infeasible)
      r.findings.push_back(fmt::format("{}: no shift possible: the drivers deliver {} per track, below the depinning "
                                       "current {} (J < J_dep; the wire needs I_dep x R_wire across it)",
                                       s.name, units::format_eng(s.at_used.current, "A"), units::format_eng(idep, "A")));
  if (own != nullptr && !own->infeasible) {
    r.operations.push_back({"shift", own->hi, own->at_used.energy, own->at_used.current});
  } else {
    diag.warning("rtm.no-shift", rig.where,
                 fmt::format("{} with {} data domains cannot be shifted by its drivers on VDD; the shift table lists "
                             "the track lengths that can",
                             rig.cell->name, domains));
  }
  auto emit = [&](const std::string& axis, double own_value, bool with_own) {
    MemTable t = table("shift", axis, {axis, "shift_current", "min_pulse", "step_energy"});
    std::vector<std::pair<double, const Search*>> pts;
    if (with_own && own != nullptr) pts.emplace_back(own_value, own);
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (keys[k].axis == axis) pts.emplace_back(keys[k].value, &searches[k]);
    std::sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [a, s] : pts)
      if (!s->infeasible) t.rows.push_back({a, s->at_used.current, s->hi, s->at_used.energy});
    if (!t.rows.empty()) r.tables.push_back(t);
  };
  emit("direction", 0, false);
  if (!rig.mo.sweeps) return true;
  emit("domains", domains, !track_cell);
  if (!track_cell) {
    emit("tracks", base.params.at("tracks"), true);
    emit("supply_voltage", base.vdd, true);
  }
  return true;
}

bool characterize_write(const Rig& rig, const Point& base, sim::Engine& engine, MemCellResult& r, Diagnostics& diag) {
  std::vector<Search> searches;
  std::vector<std::pair<std::string, double>> keys;
  auto add = [&](const std::string& tab, double axis, const Point& pt) {
    for (int bit : {0, 1}) {
      searches.push_back(write_search(rig, pt, bit, fmt::format("{}={}", tab, units::format_sig(axis, 4))));
      keys.emplace_back(tab, axis);
    }
  };
  const double wacc = base.params.at("wacc");
  add("access_width", wacc, base);
  if (rig.mo.sweeps) {
    for (double wv : int_sweep({(rig.cell->name == "read_port" ? 0.5 : 0.75) * wacc, 2 * wacc}, 1, 64))
      if (wv != wacc) {
        Point pt = base;
        pt.params["wacc"] = wv;
        add("access_width", wv, pt);
      }
    if (rig.cell->name == "write_port")
      for (double f : {0.9, 1.1}) {
        Point pt = base;
        pt.vdd = f * base.vdd;
        add("supply_voltage", pt.vdd, pt);
      }
    if (rig.cell->name == "rtm_track")
      for (double n : port_sweep(base.params))
        if (n != base.params.at("ports")) {
          Point pt = base;
          pt.params["ports"] = n;
          add("ports", n, pt);
        }
  }
  if (!run_searches(engine, searches, "rtm.no-switch", rig, r.simulations, diag)) return false;
  for (const Search& s : searches)
    if (s.infeasible)
      r.findings.push_back(fmt::format("{}: no write within {} at {} through the port MTJ (STT needs the current "
                                       "well above I_c: t_sw = tau0 / (I/I_c - 1))",
                                       s.name, units::format_eng(kLimit, "s"), units::format_eng(s.at_used.current, "A")));
  const Search &w0 = searches[0], &w1 = searches[1];
  if (!w0.infeasible && !w1.infeasible) {
    r.operations.push_back({"write", std::max(w0.hi, w1.hi), 0.5 * (w0.at_used.energy + w1.at_used.energy),
                            std::min(w0.at_used.current, w1.at_used.current)});
  } else {
    diag.warning("rtm.no-switch", rig.where,
                 fmt::format("{} cannot write both values at its own sizes within {}; widen wacc / the drivers",
                             rig.cell->name, units::format_eng(kLimit, "s")));
  }
  auto emit = [&](const std::string& axis, double own) {
    MemTable t = table("write", axis, {axis, "bit", "write_current", "min_pulse", "write_energy"});
    std::vector<std::tuple<double, int, const Search*>> pts;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (keys[k].first == axis || (k < 2)) pts.emplace_back(k < 2 ? own : keys[k].second, static_cast<int>(k % 2), &searches[k]);
    }
    std::sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) {
      return std::get<0>(a) < std::get<0>(b) || (std::get<0>(a) == std::get<0>(b) && std::get<1>(a) < std::get<1>(b));
    });
    for (const auto& [a, bit, s] : pts)
      if (!s->infeasible) t.rows.push_back({a, static_cast<double>(bit), s->at_used.current, s->hi, s->at_used.energy});
    if (!t.rows.empty()) r.tables.push_back(t);
  };
  emit("access_width", wacc);
  if (rig.mo.sweeps && rig.cell->name == "write_port") emit("supply_voltage", base.vdd);
  if (rig.mo.sweeps && rig.cell->name == "rtm_track") emit("ports", base.params.at("ports"));
  return true;
}

bool characterize_port_read(const Rig& rig, const Point& base, sim::Engine& engine, MemCellResult& r,
                            Diagnostics& diag) {
  struct P {
    std::string axis;
    double value;
    Point pt;
  };
  std::vector<P> pts{{"access_width", base.params.at("wacc"), base}};
  if (rig.mo.sweeps) {
    const double wacc = base.params.at("wacc");
    for (double wv : int_sweep({(rig.cell->name == "read_port" ? 0.5 : 0.75) * wacc, 2 * wacc}, 1, 64))
      if (wv != wacc) {
        Point pt = base;
        pt.params["wacc"] = wv;
        pts.push_back({"access_width", wv, pt});
      }
    for (double f : {0.9, 1.1}) {
      Point pt = base;
      pt.vdd = f * base.vdd;
      pts.push_back({"supply_voltage", pt.vdd, pt});
    }
    Point other = base;
    other.params["sense"] = 1 - base.params.at("sense");
    pts.push_back({"sense", other.params["sense"], other});
  }
  std::vector<sim::Job> jobs;
  for (const P& p : pts)
    for (int bit : {0, 1}) {
      auto j = port_read_job(rig, p.pt, bit, diag);
      if (!j) return false;
      jobs.push_back(std::move(*j));
    }
  auto res = engine.run(jobs);
  r.simulations += static_cast<int>(jobs.size());
  std::vector<ReadPoint> rp;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    if (!res[k].ok()) {
      diag.error("rtm.sim-failed", rig.where, fmt::format("{}: {}", jobs[k].name, res[k].error));
      return false;
    }
    std::string why;
    auto m = port_read_measure(rig, pts[k / 2].pt, static_cast<int>(k % 2), res[k], why);
    if (!m) {
      const bool disturb = why.rfind("rtm.read-disturb", 0) == 0;
      diag.error(disturb ? "rtm.read-disturb" : "rtm.measure", rig.where,
                 fmt::format("{}: {}", jobs[k].name, disturb ? why.substr(17) : why));
      return false;
    }
    rp.push_back(*m);
  }
  r.operations.push_back({"read", std::max(rp[0].latency, rp[1].latency), 0.5 * (rp[0].energy + rp[1].energy), {}});
  for (const std::string axis : {"access_width", "supply_voltage", "sense"}) {
    if (!rig.mo.sweeps && axis != "access_width") continue;
    MemTable t = table("read", axis, {axis, "bit", "read_latency", "read_energy", "margin_voltage", "bl_voltage"});
    const double own = axis == "access_width" ? base.params.at("wacc")
                       : axis == "sense"      ? base.params.at("sense")
                                              : base.vdd;
    std::vector<std::tuple<double, int, std::size_t>> rows;
    for (std::size_t k = 0; k < jobs.size(); ++k) {
      const P& p = pts[k / 2];
      if (p.axis == axis || k < 2) rows.emplace_back(k < 2 ? own : p.value, static_cast<int>(k % 2), k);
    }
    std::sort(rows.begin(), rows.end());
    for (const auto& [a, bit, k] : rows)
      t.rows.push_back({a, static_cast<double>(bit), rp[k].latency, rp[k].energy, rp[k].margin, rp[k].bl_voltage});
    r.tables.push_back(t);
  }
  return true;
}

bool characterize_track_reads(const Rig& rig, const Point& base, sim::Engine& engine, MemCellResult& r,
                              Diagnostics& diag) {
  const std::vector<int> ports = track_ports(base.params);
  const int nports = static_cast<int>(ports.size());
  // Domains strictly between ports 0 and 1 (the transverse-read segment; none with one port).
  const int seg = nports >= 2 ? ports[1] - ports[0] - 1 : -1;
  const devices::RacetrackParams track = devices::racetrack_from_technology(*rig.tech);
  // TR read current: 0.3 x I_dep (far below depinning; fa_tr reads at 0.8 x).
  const double i_tr = 0.3 * track.depinning_current();
  std::vector<sim::Job> jobs;
  struct Kind {
    bool tr;
    int k, bit, ones;
  };
  std::vector<Kind> kinds;
  for (int k = 0; k < nports; ++k)
    for (int bit : {0, 1}) kinds.push_back({false, k, bit, 0});
  const std::size_t n_reads = kinds.size();
  for (int c = 0; c <= seg; ++c) kinds.push_back({true, 0, 0, c});
  for (const Kind& kd : kinds) {
    auto j = track_read_job(rig, base, kd.k, kd.bit, kd.tr, kd.ones, i_tr, diag);
    if (!j) return false;
    jobs.push_back(std::move(*j));
  }
  auto res = engine.run(jobs);
  r.simulations += static_cast<int>(jobs.size());
  std::vector<TrackRead> m;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    if (!res[k].ok()) {
      diag.error("rtm.sim-failed", rig.where, fmt::format("{}: {}", jobs[k].name, res[k].error));
      return false;
    }
    std::string why;
    auto v = track_read_measure(rig, base, kinds[k].k, kinds[k].bit, kinds[k].tr, i_tr, res[k], why);
    if (!v) {
      const bool disturb = why.rfind("rtm.read-disturb", 0) == 0;
      diag.error(disturb ? "rtm.read-disturb" : "rtm.measure", rig.where,
                 fmt::format("{}: {}", jobs[k].name, disturb ? why.substr(17) : why));
      return false;
    }
    m.push_back(*v);
  }
  MemTable rt = table("read", "port", {"port", "bit", "read_current", "read_latency", "read_energy"});
  for (std::size_t k = 0; k < n_reads; ++k)
    rt.rows.push_back({static_cast<double>(kinds[k].k), static_cast<double>(kinds[k].bit), m[k].current,
                       m[k].latency, m[k].energy});
  r.tables.push_back(rt);
  r.operations.push_back({"read", std::max(m[0].latency, m[1].latency), 0.5 * (m[0].energy + m[1].energy),
                          m[0].current - m[1].current});
  if (seg < 0) {
    r.findings.push_back("rtm_track with one port: no transverse read (it senses the segment between ports 0 and 1)");
    return true;
  }
  MemTable tr = table("transverse_read", "ones", {"ones", "tr_resistance", "tr_voltage", "tr_latency", "tr_energy"});
  double lat = 0, en = 0;
  for (std::size_t k = n_reads; k < m.size(); ++k) {
    tr.rows.push_back({static_cast<double>(kinds[k].ones), m[k].current, m[k].current * i_tr, m[k].latency, m[k].energy});
    lat = std::max(lat, m[k].latency);
    en += m[k].energy;
  }
  r.tables.push_back(tr);
  r.operations.push_back({"transverse_read", lat, en / static_cast<double>(m.size() - n_reads), i_tr});
  return true;
}

// rtm_track against its port count: the read at port 0 (both values), the area, the leakage and
// the mean shift distance of a random access at each count of port_sweep (the write against the
// port count is part of characterize_write). The cell's own count is not simulated again: its row
// takes the port-0 reads of the read table and the cell's leakage and area, so this runs after
// those are measured.
bool characterize_ports(const Rig& rig, const Point& base, sim::Engine& engine, MemCellResult& r, Diagnostics& diag) {
  const double own = base.params.at("ports");
  const MemTable* own_reads = nullptr;
  for (const MemTable& t : r.tables)
    if (t.op == "read" && t.axis == "port") own_reads = &t;
  if (own_reads == nullptr) {
    diag.error("rtm.measure", rig.where, "rtm_track: no read table of its own ports to take the port-count row from");
    return false;
  }
  std::vector<Point> pts;
  std::vector<sim::Job> jobs;
  for (double n : port_sweep(base.params)) {
    if (n == own) continue;
    Point pt = base;
    pt.params["ports"] = n;
    pts.push_back(pt);
    for (int bit : {0, 1}) {
      auto j = track_read_job(rig, pt, 0, bit, false, 0, 0.0, diag);
      if (!j) return false;
      jobs.push_back(std::move(*j));
    }
    auto lj = leakage_job(rig, pt, diag);
    if (!lj) return false;
    jobs.push_back(std::move(*lj));
  }
  auto res = engine.run(jobs);
  r.simulations += static_cast<int>(jobs.size());
  MemTable rt = table("read", "ports", {"ports", "bit", "read_current", "read_latency", "read_energy"});
  MemTable ct = table("cell", "ports", {"ports", "cell_area", "leakage_power", "mean_shift"});
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    if (!res[k].ok()) {
      diag.error("rtm.sim-failed", rig.where, fmt::format("{}: {}", jobs[k].name, res[k].error));
      return false;
    }
    const Point& pt = pts[k / 3];
    const double n = pt.params.at("ports");
    if (k % 3 < 2) {
      std::string why;
      const int bit = static_cast<int>(k % 3);
      auto v = track_read_measure(rig, pt, 0, bit, false, 0.0, res[k], why);
      if (!v) {
        const bool disturb = why.rfind("rtm.read-disturb", 0) == 0;
        diag.error(disturb ? "rtm.read-disturb" : "rtm.measure", rig.where,
                   fmt::format("{} (ports={}): {}", jobs[k].name, n, disturb ? why.substr(17) : why));
        return false;
      }
      rt.rows.push_back({n, static_cast<double>(bit), v->current, v->latency, v->energy});
    } else {
      const auto le = static_power(res[k].waves, pt);
      if (!le) {
        diag.error("rtm.measure", rig.where, fmt::format("{} (ports={}): no positive static supply power", jobs[k].name, n));
        return false;
      }
      ct.rows.push_back({n, track_area(*rig.tech, *rig.cell, pt.params), *le, mean_shift(pt.params)});
    }
  }
  // The own count's rows (read table columns: port, bit, read_current, read_latency, read_energy).
  for (const auto& row : own_reads->rows)
    if (row[0] == 0) rt.rows.push_back({own, row[1], row[2], row[3], row[4]});
  ct.rows.push_back({own, r.area, r.leakage, mean_shift(base.params)});
  std::sort(rt.rows.begin(), rt.rows.end());
  std::sort(ct.rows.begin(), ct.rows.end());
  r.tables.push_back(rt);
  r.tables.push_back(ct);
  return true;
}

}  // namespace

bool is_memory_cell(std::string_view name) {
  return name == "rtm_track" || name == "read_port" || name == "write_port" || name == "shift_driver";
}

bool validate_memory_params(const tech::Technology& tech, const netlist::CellDef& cell,
                            const netlist::ParamValues& params, const SourceLoc& where, Diagnostics& diag) {
  const int before = diag.error_count();
  auto get = [&](const char* n) { return static_cast<int>(std::lround(params.at(n))); };
  if (cell.name == "rtm_track") {
    const int n = get("domains");
    const std::vector<int> ports = track_ports(params);
    if (ports.back() >= n)
      diag.error("rtm.bad-param", where,
                 fmt::format("rtm_track: port {} over data domain {} (port0 + {} x port_pitch) lies beyond the track's {} "
                             "data domains (0..{})",
                             ports.size() - 1, ports.back(), ports.size() - 1, n, n - 1));
  } else if (cell.name == "read_port" || cell.name == "write_port") {
    const int n = tech.count("racetrack.domains");
    if (get("port") >= n)
      diag.error("rtm.bad-param", where,
                 fmt::format("{}: port over data domain {} lies beyond the track's {} data domains (racetrack.domains)",
                             cell.name, get("port"), n));
  }
  return diag.error_count() == before;
}

std::optional<MemCellResult> characterize_memory_cell(const tech::Technology& tech, const netlist::CellDef& cell,
                                                      const netlist::ParamValues& params, const charz::Options& opts,
                                                      const MemCharOptions& mo, sim::Engine& engine,
                                                      Diagnostics& diag) {
  Rig rig;
  rig.tech = &tech;
  rig.cell = &cell;
  const double vdd = opts.vdd.value_or(tech.vdd());
  rig.temperature = opts.temperature.value_or(tech.temperature());
  rig.mo = mo;
  rig.where = SourceLoc::at(cell.file);
  if (!is_memory_cell(cell.name)) {
    diag.error("rtm.bad-param", rig.where, fmt::format("{} is not a racetrack memory cell", cell.name));
    return std::nullopt;
  }
  if (!validate_memory_params(tech, cell, params, SourceLoc::cli("--param"), diag)) return std::nullopt;
  Point base{params, vdd};
  MemCellResult r;
  r.cell = cell.name;
  r.tech = tech.name();
  r.vdd = vdd;
  r.temperature = rig.temperature;
  r.params = params;
  bool ok = true;
  if (cell.name == "shift_driver") {
    ok = characterize_shift(rig, base, engine, r, diag);
    r.area = charz::cmos_cell_area(tech, cell, params, 0);
  } else if (cell.name == "write_port") {
    ok = characterize_write(rig, base, engine, r, diag);
    r.area = charz::cmos_cell_area(tech, cell, params, 0);
  } else if (cell.name == "read_port") {
    ok = characterize_port_read(rig, base, engine, r, diag);
    r.area = charz::cmos_cell_area(tech, cell, params, 0);
  } else {
    ok = characterize_track_reads(rig, base, engine, r, diag) && characterize_write(rig, base, engine, r, diag) &&
         characterize_shift(rig, base, engine, r, diag);
    r.area = track_area(tech, cell, params);
  }
  if (!ok) return std::nullopt;
  auto lj = leakage_job(rig, base, diag);
  if (!lj) return std::nullopt;
  auto lr = engine.run_one(*lj);
  ++r.simulations;
  if (!lr.ok()) {
    diag.error("rtm.sim-failed", rig.where, fmt::format("{}: {}", lj->name, lr.error));
    return std::nullopt;
  }
  const auto le = static_power(lr.waves, base);
  if (!le) {
    diag.error("rtm.measure", rig.where, fmt::format("{}: no positive static supply power", lj->name));
    return std::nullopt;
  }
  r.leakage = *le;
  if (cell.name == "rtm_track" && mo.sweeps && !characterize_ports(rig, base, engine, r, diag)) return std::nullopt;
  // Input capacitance = charge the input source delivers over its 0 -> VDD ramp and the following
  // 1.3 ns, / VDD (the stored bit D of read_port has no electrical connection: no capacitance).
  std::vector<sim::Job> cj;
  std::vector<std::string> pins;
  for (const netlist::Pin& p : netlist::instantiate(cell, params).pins) {
    if (p.direction != netlist::PinDirection::Input || p.role != netlist::PinRole::Data) continue;
    std::string node = p.name;
    std::transform(node.begin(), node.end(), node.begin(), [](unsigned char c) { return std::tolower(c); });
    auto j = leakage_job(rig, base, diag, node);
    if (!j) {
      diag.error("rtm.measure", rig.where, fmt::format("{}: no source for input {} in the bench", cell.name, p.name));
      return std::nullopt;
    }
    cj.push_back(std::move(*j));
    pins.push_back(p.name);
  }
  auto cr = engine.run(cj);
  r.simulations += static_cast<int>(cj.size());
  for (std::size_t k = 0; k < cj.size(); ++k) {
    if (!cr[k].ok()) {
      diag.error("rtm.sim-failed", rig.where, fmt::format("{}: {}", cj[k].name, cr[k].error));
      return std::nullopt;
    }
    const auto* y = cr[k].waves.find(cj[k].vectors.front());
    const auto q = y ? sim::integral(cr[k].waves.scale, *y, 0, cr[k].waves.scale.back()) : std::nullopt;
    if (!q || !(-*q > 0)) {
      diag.error("rtm.measure", rig.where, fmt::format("{}: no positive input charge", cj[k].name));
      return std::nullopt;
    }
    r.pin_caps[pins[k]] = -*q / base.vdd;
  }
  return r;
}

liberty::Cell memory_liberty_cell(const MemCellResult& r, const netlist::CellDef& cell) {
  using liberty::UserAttribute;
  auto number = [](const std::string& name, double v) {
    return UserAttribute{name, UserAttribute::Kind::Float, liberty::user_attribute_quantity(name), {v}, ""};
  };
  liberty::Cell c;
  c.name = r.cell;
  c.area = r.area;
  c.leakage = r.leakage;
  for (const netlist::Pin& p : netlist::instantiate(cell, r.params).pins) {
    if (p.role == netlist::PinRole::Supply || p.role == netlist::PinRole::Ground) continue;
    if (p.direction == netlist::PinDirection::Inout) continue;
    liberty::Pin lp;
    lp.name = p.name;
    lp.direction = p.direction == netlist::PinDirection::Output ? liberty::Direction::Output : liberty::Direction::Input;
    if (p.function) lp.function = p.function->str();
    if (auto it = r.pin_caps.find(p.name); it != r.pin_caps.end()) lp.capacitance = it->second;
    c.pins.push_back(std::move(lp));
  }
  if (r.params.count("domains")) c.user_attributes.push_back(number("rtm_domains", r.params.at("domains")));
  if (r.params.count("tracks")) c.user_attributes.push_back(number("rtm_tracks", r.params.at("tracks")));
  if (r.params.count("ports") && r.cell == "rtm_track")
    c.user_attributes.push_back(number("rtm_ports", r.params.at("ports")));
  for (const MemOperation& op : r.operations) {
    liberty::UserGroup g{"rtm_operation", op.op, {}, {}};
    g.attributes = {number("op_latency", op.latency), number("op_energy", op.energy)};
    if (op.current) g.attributes.push_back(number("op_current", *op.current));
    c.user_groups.push_back(std::move(g));
  }
  for (const MemTable& t : r.tables) {
    liberty::UserGroup g{"rtm_" + t.op + "_table", t.axis, {}, {}};
    for (std::size_t k = 0; k < t.columns.size(); ++k) {
      std::vector<double> col;
      for (const auto& row : t.rows) col.push_back(row[k]);
      g.attributes.push_back(
          {t.columns[k], UserAttribute::Kind::FloatList, liberty::user_attribute_quantity(t.columns[k]), col, ""});
    }
    c.user_groups.push_back(std::move(g));
  }
  return c;
}

std::optional<liberty::Library> memory_library(const tech::Technology& tech, const charz::Options& opts,
                                               std::vector<liberty::Cell> cells, Diagnostics& diag) {
  auto lib = charz::make_library({}, tech, opts, diag);
  if (!lib) return std::nullopt;
  lib->comment += " Racetrack memory cells: memory operations are rtm_operation groups and rtm_<op>_table groups "
                  "(columns as list attributes; docs/racetrack-cells.md). Electrical bit-line/MTJ/reference "
                  "terminals (inout) are not Liberty pins.";
  lib->cells = std::move(cells);
  if (!lib->validate(diag)) return std::nullopt;
  return lib;
}

nlohmann::json to_json(const MemCellResult& r) {
  using nlohmann::json;
  auto unit = [](const std::string& col) -> std::string {
    const char* u = liberty::quantity_si_unit(liberty::user_attribute_quantity(col));
    return *u != '\0' ? u : "1";
  };

  json j;
  j["schema"] = "rtmchar.memcell/1";
  j["cell"] = r.cell;
  j["technology"] = r.tech;
  j["vdd_V"] = r.vdd;
  j["temperature_C"] = r.temperature;
  j["parameters"] = r.params;
  j["area_m2"] = r.area;
  j["leakage_W"] = r.leakage;
  j["pin_capacitance_F"] = r.pin_caps;
  j["operations"] = json::array();
  for (const MemOperation& o : r.operations) {
    json op = {{"op", o.op}, {"latency_s", o.latency}, {"energy_J", o.energy}};
    if (o.current) op["current_A"] = *o.current;
    j["operations"].push_back(op);
  }
  j["tables"] = json::array();
  for (const MemTable& t : r.tables) {
    json units = json::array();
    for (const std::string& c : t.columns) units.push_back(unit(c));
    j["tables"].push_back({{"op", t.op}, {"axis", t.axis}, {"columns", t.columns}, {"units", units}, {"rows", t.rows}});
  }
  j["findings"] = r.findings;
  j["simulations"] = r.simulations;
  return j;
}

}  // namespace rtmchar::rtm
