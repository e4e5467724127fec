#include "devices/models.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "util/units.h"

namespace rtmchar::devices {
namespace {

using units::format_number;

// Smooth building blocks, all C-infinity so Newton never sees a kink.
// step(e, w) = 0.5*(1 + tanh(e/w)): 0 -> 1 around e = 0 over ~w.
std::string step(const std::string& e, double w) {
  return fmt::format("0.5*(1+tanh(({})/{}))", e, format_number(w));
}
// pos(e) = max(e, 0) smoothed by 1e-3 (an error < 1e-6/(4 e^2) relative far from 0).
std::string pos(const std::string& e) { return fmt::format("0.5*(({0})+sqrt(({0})*({0})+1e-6))", e); }

// Width (in units of the overdrive I/I_c - 1) of the on/off step of the STT timers, and the timer
// leak (per tau0) that bounds the timer when the state cannot flip any further.
constexpr double kOnWidth = 0.01;
constexpr double kTimerLeak = 1e-4;
// State nodes are 1 pF capacitors fed by B current sources of 1 pF * (rate in 1/s): node voltage
// = state, currents ~1 mA, far above gmin leakage.
constexpr const char* kCap = "1p";

// MTJ resistance for bias expression `v` and state expression `s`.
std::string mtj_r(const MtjParams& p, const std::string& v, const std::string& s) {
  return fmt::format("({}*(1+({})*{}/(1+(({})/{})**2)))", format_number(p.r_p()), s, format_number(p.tmr0), v,
                     format_number(p.v_h));
}

// One STT timer node `node`: charges at pos(overdrive)/tau0 * gate, decays with t_reset when the
// overdrive is negative, leaks slowly. `over` is the overdrive expression (|I|/I_c - 1 in the
// switching direction), `gate` is 1 while the state can still flip in this direction.
std::string timer(const std::string& node, const std::string& over, const std::string& gate, double tau0,
                  double t_reset) {
  return fmt::format(
      "C{0} {0} 0 {1}\n"
      "B{0} 0 {0} I = {1}*({2}/{3}*({4}) - V({0})*(1-{5})/{6} - V({0})*{7}/{3})\n",
      node, kCap, pos(over), format_number(tau0), gate, step(over, kOnWidth), format_number(t_reset),
      format_number(kTimerLeak));
}

// Flip drive (state units per second * t_flip) of a timer node reaching 1.
std::string fired(const std::string& timer_node) { return step("V(" + timer_node + ")-1", 0.01); }

// Node `u` with a bistable keeper u(u-1/2)(u-1) (stable at 0 and 1) plus `drive` (1/s).
std::string keeper_node(const std::string& u, const std::string& drive, double t_flip) {
  return fmt::format("C{0} {0} 0 {1}\nB{0} 0 {0} I = {1}*(({2}) - V({0})*(V({0})-0.5)*(V({0})-1)/{3})\n", u, kCap,
                     drive, format_number(t_flip));
}

// Antiderivative of step(y/w) in y, overflow-free: 0.5*y + 0.5*w*ln cosh(y/w) with
// ln cosh z = |z| + ln(1 + exp(-2|z|)) - ln 2.
std::string step_integral(const std::string& y, double w) {
  const std::string ws = format_number(w);
  return fmt::format("(0.5*({0})+0.5*{1}*(abs(({0})/{1})+ln(1+exp(-2*abs(({0})/{1})))-0.6931471805599453))", y, ws);
}

bool positive(double v) { return std::isfinite(v) && v > 0; }

void need(bool ok, Diagnostics& diag, const SourceLoc& where, const std::string& what) {
  if (!ok) diag.error("devices.bad-param", where, what);
}

}  // namespace

double MtjParams::resistance(double v, double s) const {
  return r_p() * (1 + s * tmr0 / (1 + (v / v_h) * (v / v_h)));
}

std::vector<int> RacetrackParams::port_positions() const {
  if (!ports.empty()) return ports;
  return {left_overhead(), left_overhead() + data_domains / 2};
}

bool RacetrackParams::dynamic_domain(int k) const {
  if (max_shift < 0) return true;
  const double reach = max_shift + 1.0;
  if (k + 0.5 <= reach || total_domains() - 0.5 - k <= reach) return true;  // near an end contact
  const auto pp = port_positions();
  return std::any_of(pp.begin(), pp.end(), [&](int j) { return std::abs(j - k) <= reach; });
}

int RacetrackParams::initial_bit(int j) const {
  const int k = j - left_overhead();
  if (pattern.empty() || k < 0 || k >= data_domains) return 0;
  return pattern[static_cast<std::size_t>(k)] != 0 ? 1 : 0;
}

bool validate(const MtjParams& p, Diagnostics& diag, const SourceLoc& where) {
  const int before = diag.error_count();
  need(positive(p.ra), diag, where, "MTJ RA must be positive");
  need(positive(p.area), diag, where, "MTJ area must be positive");
  need(std::isfinite(p.tmr0) && p.tmr0 >= 0, diag, where, "MTJ TMR0 must be >= 0");
  need(positive(p.v_h), diag, where, "MTJ V_h must be positive");
  need(positive(p.ic_p2ap) && positive(p.ic_ap2p), diag, where, "MTJ critical currents must be positive");
  need(positive(p.tau0) && positive(p.t_flip) && positive(p.t_reset), diag, where,
       "MTJ time constants must be positive");
  return diag.error_count() == before;
}

bool validate(const RacetrackParams& p, Diagnostics& diag, const SourceLoc& where) {
  const int before = diag.error_count();
  need(p.data_domains >= 1 && p.data_domains <= 4096, diag, where, "racetrack data_domains must be in 1..4096");
  need(p.overhead_domains >= 0, diag, where, "racetrack overhead_domains must be >= 0");
  need(p.pattern.empty() || p.pattern.size() == static_cast<std::size_t>(p.data_domains), diag, where,
       fmt::format("racetrack pattern has {} bits, expected {}", p.pattern.size(), p.data_domains));
  need(std::all_of(p.pattern.begin(), p.pattern.end(), [](int b) { return b == 0 || b == 1; }), diag, where,
       "racetrack pattern bits must be 0 or 1");
  auto ports = p.port_positions();
  need(std::all_of(ports.begin(), ports.end(), [&](int j) { return j >= 0 && j < p.total_domains(); }), diag, where,
       "racetrack port position outside the track");
  std::sort(ports.begin(), ports.end());
  need(std::adjacent_find(ports.begin(), ports.end()) == ports.end(), diag, where, "racetrack ports must differ");
  need(positive(p.width) && positive(p.thickness) && positive(p.pitch) && positive(p.resistivity), diag, where,
       "racetrack geometry and resistivity must be positive");
  need(positive(p.mobility) && positive(p.v_pin), diag, where, "racetrack mobility and v_pin must be positive");
  need(std::isfinite(p.tr_mr) && p.tr_mr >= 0, diag, where, "racetrack tr_mr must be >= 0");
  need(positive(p.box_width) && p.box_width < 0.2 && positive(p.t_flip), diag, where,
       "racetrack box_width must be in (0, 0.2) and t_flip positive");
  validate(p.port_mtj, diag, where);
  return diag.error_count() == before;
}

bool validate(const SotParams& p, Diagnostics& diag, const SourceLoc& where) {
  const int before = diag.error_count();
  validate(p.mtj, diag, where);
  need(std::isfinite(p.r_high) && p.r_high > p.r_low(), diag, where, "SOT r_high must exceed r_low");
  need(positive(p.hm_resistivity) && positive(p.hm_length) && positive(p.hm_width) && positive(p.hm_thickness), diag,
       where, "SOT heavy-metal geometry and resistivity must be positive");
  need(positive(p.ic) && positive(p.tau0), diag, where, "SOT I_c and tau0 must be positive");
  return diag.error_count() == before;
}

std::string mtj_subckt(const std::string& name, const MtjParams& p) {
  // State s = s0 + (1 - 2 s0) u: u (0 at DC from the zero initial guess) is the flipped fraction,
  // so the DC state is s0 without .ic. P->AP timer gated by (1-s), AP->P timer gated by s.
  const double s0 = p.initial_ap ? 1.0 : 0.0;
  const std::string v = "V(rl,fl)";
  std::string out = fmt::format(".subckt {} rl fl st\n", name);
  out += fmt::format("Bj rl fl I = {}/{}\n", v, mtj_r(p, v, "V(st)"));
  out += fmt::format("Bi ix 0 V = {}/{}\n", v, mtj_r(p, v, "V(st)"));
  out += fmt::format("Bs st 0 V = {}+{}*V(u)\n", format_number(s0), format_number(1 - 2 * s0));
  out += timer("tp", fmt::format("V(ix)/{}-1", format_number(p.ic_p2ap)), "1-V(st)", p.tau0, p.t_reset);
  out += timer("ta", fmt::format("-V(ix)/{}-1", format_number(p.ic_ap2p)), "V(st)", p.tau0, p.t_reset);
  const std::string drive = fmt::format("{}*({}*(1-V(st))-{}*V(st))/{}", format_number(1 - 2 * s0), fired("tp"),
                                        fired("ta"), format_number(p.t_flip));
  out += keeper_node("u", drive, p.t_flip);
  out += ".ends\n";
  return out;
}

std::string racetrack_subckt(const std::string& name, const RacetrackParams& p) {
  const int n = p.total_domains();
  const auto ports = p.port_positions();
  const double bw = p.box_width;
  // box_k(j) = 1 when domain k (initially at j = k) sits at physical position j, i.e. j - k - x ~ 0.
  auto box = [&](const std::string& d) {
    return fmt::format("({}-{})", step(d + "+0.5", bw), step(d + "-0.5", bw));
  };
  std::string out = fmt::format(".subckt {} a b", name);
  for (std::size_t i = 0; i < ports.size(); ++i) out += fmt::format(" p{0} t{0}", i);
  out += " x";
  for (std::size_t i = 0; i < ports.size(); ++i) out += fmt::format(" s{}", i);
  out += "\n";
  out += fmt::format("* racetrack: {} data + {} overhead domains, r_pitch {} Ohm, I_dep {} A\n", p.data_domains,
                     p.overhead_domains, format_number(p.r_pitch()), format_number(p.depinning_current()));
  // Wall position: tilted washboard driven by the mean of the end currents.
  out += "Vsa a wa 0\nVsb b wb 0\n";
  const std::string j_ab = fmt::format("(0.5*(i(Vsa)-i(Vsb))/{})", format_number(p.width * p.thickness));
  out += fmt::format("Cx x 0 {}\nBx 0 x I = {}*((-{}*{}-{}*sin({}*V(x)))/{})\n", kCap, kCap, format_number(p.mobility),
                     j_ab, format_number(p.v_pin), format_number(2 * std::numbers::pi), format_number(p.pitch));
  // The washboard has an equilibrium at every half pitch (sin(2 pi x) = 0), so the operating point
  // may land on a shifted or half-shifted track (seen at 22 nm in fa_rtm's constraint bench: a
  // port read the neighbouring domain from t = 0): the walls start pinned at their sites.
  out += ".ic V(x)=0\n";
  // Domain states m_k = b_k + (1 - 2 b_k) u_k.
  // Domains that can never reach a port or a contact (max_shift) are constants: no node.
  std::vector<int> dyn;
  for (int k = 0; k < n; ++k)
    if (p.dynamic_domain(k)) dyn.push_back(k);
  const double reach = p.max_shift < 0 ? n : p.max_shift + 1.0;
  for (int k : dyn) {
    const int b = p.initial_bit(k);
    out += fmt::format("Bm{0} m{0} 0 V = {1}+{2}*V(u{0})\n", k, b, 1 - 2 * b);
  }
  // State under each port.
  for (std::size_t i = 0; i < ports.size(); ++i) {
    std::string sum = "0";
    for (int k : dyn)
      if (std::abs(ports[i] - k) <= reach) sum += fmt::format("+V(m{})*{}", k, box(fmt::format("{}-V(x)", ports[i] - k)));
    out += fmt::format("Bs{0} s{0} 0 V = {1}\n", i, sum);
  }
  // Port MTJs (free layer = domain under the port) with STT write timers.
  const MtjParams& m = p.port_mtj;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const std::string v = fmt::format("V(p{0},t{0})", i);
    const std::string s = fmt::format("V(s{})", i);
    out += fmt::format("Bj{0} p{0} t{0} I = {1}/{2}\n", i, v, mtj_r(m, v, s));
    out += fmt::format("Bi{0} ix{0} 0 V = {1}/{2}\n", i, v, mtj_r(m, v, s));
    out += timer(fmt::format("tp{}", i), fmt::format("V(ix{})/{}-1", i, format_number(m.ic_p2ap)), "1-" + s, m.tau0,
                 m.t_reset);
    out += timer(fmt::format("ta{}", i), fmt::format("-V(ix{})/{}-1", i, format_number(m.ic_ap2p)), s, m.tau0,
                 m.t_reset);
  }
  // Domain keepers; a firing port timer flips the domain currently under that port.
  for (int k : dyn) {
    const int b = p.initial_bit(k);
    std::string drive = "0";
    for (std::size_t i = 0; i < ports.size(); ++i) {
      if (std::abs(ports[i] - k) > reach) continue;
      drive += fmt::format("+{}*({}*(1-V(m{}))-{}*V(m{}))", box(fmt::format("{}-V(x)", ports[i] - k)),
                           fired(fmt::format("tp{}", i)), k, fired(fmt::format("ta{}", i)), k);
    }
    out += keeper_node(fmt::format("u{}", k), fmt::format("{}*({})/{}", 1 - 2 * b, drive, format_number(p.t_flip)),
                       p.t_flip);
    out += fmt::format(".ic V(u{})=0\n", k);  // and every domain holds its initial bit (bistable keeper)
  }
  // Wire: contacts sorted by position (a at -0.5, taps at domain centres, b at n - 0.5); each
  // piece [c1, c2] has R = r_pitch * ((c2 - c1) + tr_mr * integral over [c1, c2] of the '1' density).
  struct Contact { double pos; std::string node; };
  std::vector<Contact> contacts{{-0.5, "wa"}, {n - 0.5, "wb"}};
  for (std::size_t i = 0; i < ports.size(); ++i) contacts.push_back({static_cast<double>(ports[i]), fmt::format("t{}", i)});
  std::sort(contacts.begin(), contacts.end(), [](const Contact& l, const Contact& r) { return l.pos < r.pos; });
  for (std::size_t c = 0; c + 1 < contacts.size(); ++c) {
    const double c1 = contacts[c].pos, c2 = contacts[c + 1].pos;
    // Constant domains lie entirely inside or outside the piece (they never cross a contact).
    int fixed_ones = 0;
    for (int k = 0; k < n; ++k)
      if (!p.dynamic_domain(k) && k > c1 && k < c2) fixed_ones += p.initial_bit(k);
    std::string ones = std::to_string(fixed_ones);
    for (int k : dyn) {
      // A domain that cannot reach either contact of this piece is wholly inside or outside it.
      if (std::abs(k - c1) > reach && std::abs(k - c2) > reach) {
        if (k > c1 && k < c2) ones += fmt::format("+V(m{})", k);
        continue;
      }
      // integral_{c1}^{c2} box(y - k - x) dy with box = step(d + 1/2) - step(d - 1/2).
      auto prim = [&](double y, double edge) {
        return step_integral(fmt::format("{}-V(x)", format_number(y - k + edge)), bw);
      };
      ones += fmt::format("+V(m{})*({}-{}-{}+{})", k, prim(c2, 0.5), prim(c2, -0.5), prim(c1, 0.5), prim(c1, -0.5));
    }
    // o<c> = number of '1' domains in the piece (a node, so the long sum is evaluated once; the
    // resistance itself stays inline so it is positive even at Newton's all-zero first guess).
    out += fmt::format("Bo{0} o{0} 0 V = {1}\n", c, ones);
    out += fmt::format("Bw{0} {1} {2} I = V({1},{2})/({3}*({4}+{5}*V(o{0})))\n", c, contacts[c].node,
                       contacts[c + 1].node, format_number(p.r_pitch()), format_number(c2 - c1),
                       format_number(p.tr_mr));
  }
  out += ".ends\n";
  return out;
}

std::string sot_subckt(const std::string& name, const SotParams& p) {
  MtjParams m = p.mtj;
  m.tmr0 = p.r_high / p.r_low() - 1;
  const double s0 = m.initial_ap ? 1.0 : 0.0;
  std::string out = fmt::format(".subckt {} a b r st\n", name);
  out += "Vsa a ha 0\n";
  out += fmt::format("Rh1 ha mid {}\nRh2 mid b {}\n", format_number(p.r_channel() / 2), format_number(p.r_channel() / 2));
  out += fmt::format("Bj r mid I = V(r,mid)/{}\n", mtj_r(m, "V(r,mid)", "V(st)"));
  out += fmt::format("Bs st 0 V = {}+{}*V(u)\n", format_number(s0), format_number(1 - 2 * s0));
  // Spin-Hall write: channel current a->b above I_c writes AP, b->a writes P.
  out += timer("tp", fmt::format("i(Vsa)/{}-1", format_number(p.ic)), "1-V(st)", p.tau0, m.t_reset);
  out += timer("ta", fmt::format("-i(Vsa)/{}-1", format_number(p.ic)), "V(st)", p.tau0, m.t_reset);
  const std::string drive = fmt::format("{}*({}*(1-V(st))-{}*V(st))/{}", format_number(1 - 2 * s0), fired("tp"),
                                        fired("ta"), format_number(m.t_flip));
  out += keeper_node("u", drive, m.t_flip);
  out += ".ends\n";
  return out;
}

}  // namespace rtmchar::devices
