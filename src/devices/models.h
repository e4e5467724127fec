#pragma once
// Behavioural SPICE models of the magnetic devices: STT magnetic tunnel junction, racetrack
// (domain-wall) nanowire with MTJ ports, and three-terminal SOT-MRAM. ngspice 39 has no
// Verilog-A, so every device is a subcircuit of B-sources and capacitor integrators whose node
// voltages ARE the physical state (free-layer state 0..1, switching-timer fraction, domain-wall
// position in bit pitches). Only smooth functions (tanh, sqrt) are used, never `?:`, and every
// state node has a weak bistable keeper so the DC operating point is well defined. Equations,
// defaults and sources: docs/devices.md and ../shared/notes/device-physics.md.
//
// Parameter structs hold SI doubles with documented defaults; generators turn them into
// .subckt text with the numbers written in (no .param, so a deck cannot reference an undefined
// parameter).
#include <optional>
#include <string>
#include <vector>

#include "util/diag.h"

namespace rtmchar::devices {

/// STT magnetic tunnel junction. State 0 = parallel (R_P), 1 = antiparallel.
/// R(V, s) = R_P * (1 + s * TMR0 / (1 + (V/V_h)^2)), R_P = RA / area.
/// STT: a timer integrates (|I|/I_c - 1)/tau0 while |I| > I_c in the switching direction; the
/// state flips when the timer reaches 1, so t_sw = tau0 / (|I|/I_c - 1).
struct MtjParams {
  double ra = 21.125e-12;        ///< resistance-area product [Ohm*m^2]; 21.125 Ohm*um^2 gives R_P = 5 kOhm on
                                 ///< the default area (behavioural set of device-physics.md sec. 1)
  double area = 65e-9 * 65e-9;   ///< junction area [m^2]; UMN SHE-MTJ free layer 65 x 65 nm
  double tmr0 = 1.0;             ///< zero-bias TMR ratio (1.0 = 100 %); behavioural set, device-physics.md
  double v_h = 0.5;              ///< bias at which TMR halves [V]; ~0.5 V (UMN model: 0.48 V)
  double ic_p2ap = 58.8e-6;      ///< critical current P->AP [A]; 40 uA x 1.47 (UMN asymmetry 1 : 1/1.47)
  double ic_ap2p = 40e-6;        ///< critical current AP->P [A]; behavioural set, 40 uA
  double tau0 = 1e-9;            ///< switching time constant [s]: t_sw = tau0/(I/I_c - 1); t_c = 1 ns
  double t_flip = 5e-12;         ///< time constant of the state flip once the timer is full [s]
                                 ///< (numerical; adds < 1 % to t_sw for t_sw > 0.5 ns)
  double t_reset = 50e-12;       ///< timer decay time constant below I_c [s] (numerical)
  bool initial_ap = false;       ///< DC state: false = P (0), true = AP (1)

  double r_p() const { return ra / area; }
  /// R at bias `v` and state `s` (0..1): the equation the subcircuit implements.
  double resistance(double v, double s) const;
};

/// Racetrack nanowire: `data_domains` bits plus `overhead_domains` (half at each end, left gets
/// the smaller half) along a wire of pitch `pitch`; domain index 0 is at terminal `a`.
/// Wall position x (in pitches) obeys the tilted washboard
///   dx/dt = (-mu*J - v_pin*sin(2*pi*x)) / pitch,  J = I_ab / (w*t),
/// (walls move with the electron flow, i.e. against the current I_ab from a to b), so the
/// depinning current is I_dep = v_pin*w*t/mu and at J = 0 x relaxes to the nearest integer.
/// Domain k (initially at position k) sits at k + x, so the bit under position j is the one
/// initially at j - round(x); every domain has its own state node (docs/devices.md).
struct RacetrackParams {
  int data_domains = 64;         ///< N; 64 = common design point (RTSim, DESTINY)
  int overhead_domains = 8;      ///< = port distance (DESTINY: 8)
  std::vector<int> pattern;      ///< initial data bits (0/1), size data_domains; empty = all 0
  std::vector<int> ports;        ///< physical domain index of each MTJ port; empty = {left overhead, + N/2}
  double width = 50e-9;          ///< wire width w [m]; device-physics.md sec. 2 worked example
  double thickness = 2e-9;       ///< wire thickness t [m]; same example
  double pitch = 100e-9;         ///< domain (bit) pitch [m]; same example
  double resistivity = 4.8e-7;   ///< wire resistivity rho [Ohm*m]; DESTINY racetrack model
  double mobility = 7.5e-11;     ///< mu: wall velocity per current density [m^3/(A*s)]; worked example
  double v_pin = 50.0;           ///< pinning velocity amplitude [m/s]; worked example (I_dep ~ 67 uA)
  double tr_mr = 0.1;            ///< transverse-read magnetoresistance: a '1' domain's wire piece has
                                 ///< resistance r_pitch*(1 + tr_mr); ASSUMPTION (docs/devices.md)
  MtjParams port_mtj = {.ra = 6e3 * 50e-9 * 100e-9, .area = 50e-9 * 100e-9};
                                 ///< port MTJ over one domain; R_P 6 kOhm, TMR0 1.0 (DESTINY 6k/12k);
                                 ///< area = w x pitch
  double box_width = 0.05;       ///< width of the tanh edges of a domain, in pitches (numerical)
  double t_flip = 5e-12;         ///< domain flip time constant after a port write [s] (numerical)
  int max_shift = -1;            ///< largest wall displacement |x| a simulation may reach [domains];
                                 ///< -1 = unbounded. With a bound, domains that can never reach a port
                                 ///< or cross a wire contact are constants instead of state nodes (an
                                 ///< exact reduction while |x| <= max_shift; it makes long tracks fast)

  int total_domains() const { return data_domains + overhead_domains; }
  int left_overhead() const { return overhead_domains / 2; }
  double r_pitch() const { return resistivity * pitch / (width * thickness); }
  double r_wire() const { return r_pitch() * total_domains(); }  ///< end-to-end, all '0'
  double depinning_current() const { return v_pin * width * thickness / mobility; }
  /// Port positions in effect (the defaults when `ports` is empty).
  std::vector<int> port_positions() const;
  /// Whether domain k needs a state node: unbounded, or within max_shift + 1 of a port or contact.
  bool dynamic_domain(int k) const;
  /// Initial bit at physical domain index j (0 outside the data region or when pattern is empty).
  int initial_bit(int j) const;
};

/// Three-terminal SOT-MRAM: heavy-metal channel between `a` and `b` (write path), read MTJ from
/// `r` to the channel mid-point. Channel current I_ab > +I_c writes AP (1), < -I_c writes P (0),
/// with the same timer law as the MTJ (t_sw = tau0/(|I|/I_c - 1)).
struct SotParams {
  MtjParams mtj = {.ra = 5e3 * 65e-9 * 65e-9, .v_h = 1e3, .ic_p2ap = 1e9, .ic_ap2p = 1e9};
                   ///< read MTJ: R_low 5 kOhm, TMR0 set by r_high; v_h 1 kV = bias-independent
                   ///< (IMAC uses fixed R_low/R_high); STT through the read path disabled (I_c 1 GA)
  double r_high = 15e3;          ///< AP resistance [Ohm]; IMAC (Elbtity et al.) 5 k / 15 k
  double hm_resistivity = 2.6e-6;  ///< beta-W [Ohm*m]; Pai et al., APL 101, 122404 (2012)
  double hm_length = 100e-9;     ///< channel length [m]; ASSUMPTION
  double hm_width = 65e-9;       ///< channel width [m] = MTJ width
  double hm_thickness = 3e-9;    ///< channel thickness [m]; ASSUMPTION
  double ic = 100e-6;            ///< SOT critical current [A]; ASSUMPTION (no value in device-physics.md)
  double tau0 = 1e-9;            ///< switching time constant [s]; same law as the MTJ

  double r_channel() const { return hm_resistivity * hm_length / (hm_width * hm_thickness); }
  double r_low() const { return mtj.r_p(); }
};

/// Checks ranges (positive geometry, I_c > 0, ports inside the track, pattern size and values);
/// reports `devices.bad-param` errors at `where` and returns false on any problem.
bool validate(const MtjParams& p, Diagnostics& diag, const SourceLoc& where = {});
bool validate(const RacetrackParams& p, Diagnostics& diag, const SourceLoc& where = {});
bool validate(const SotParams& p, Diagnostics& diag, const SourceLoc& where = {});

/// `.subckt <name> rl fl st`: current I from rl to fl through the junction; I > +ic_p2ap writes
/// AP, I < -ic_ap2p writes P; `st` is the state (0..1) as a voltage, for observation only.
std::string mtj_subckt(const std::string& name, const MtjParams& p);

/// `.subckt <name> a b p0 t0 p1 t1 ... x s0 s1 ...`: wire ends a/b; for port i the MTJ top
/// terminal p<i> and the wire contact t<i> under it (centre of its domain); x = wall displacement
/// in pitches; s<i> = state (0..1) of the domain under port i. Each port MTJ is also an STT write
/// port: current from p<i> into the wire above its I_c flips the domain under it.
std::string racetrack_subckt(const std::string& name, const RacetrackParams& p);

/// `.subckt <name> a b r st`: channel a-b, read terminal r, state st (0 = R_low).
std::string sot_subckt(const std::string& name, const SotParams& p);

}  // namespace rtmchar::devices
