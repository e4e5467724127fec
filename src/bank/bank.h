#pragma once
// A racetrack-memory bank: organization, cell numbers, and the estimator that composes the
// component models of model.h into per-operation latency and energy (longest path / sum over a
// Boost.Graph DAG of stages), leakage, area and bandwidth. Pure functions; docs/bank.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/lanes.h"
#include "bank/model.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::bank {

/// How the memory is organized. A subarray (= mat) is `rows` x `cols` tracks; each track holds
/// `domains` bits and has `ports` access ports (each with its own access transistor and
/// wordline), so a subarray has rows * ports wordlines and cols bitlines. `cluster` tracks of one
/// row are shifted together by one shift driver (RTSim's domain-block cluster). An access
/// activates one wordline in each of the `mats` mats of one bank; each mat senses cols / mux
/// bits, so cols / mux * mats = word_bits.
struct Organization {
  std::int64_t capacity_bits = 0;
  int word_bits = 0;
  int domains = 0;   ///< data domains per track
  int ports = 0;     ///< access ports per track
  int cluster = 0;   ///< tracks per shift cluster
  int rows = 0;      ///< track rows per subarray
  int cols = 0;      ///< track columns (bitlines) per subarray
  int mats = 0;      ///< mats (subarrays) per bank, all active on an access
  int banks = 0;     ///< independent banks
  int mux = 0;       ///< column-mux degree (bitlines per sense amplifier)
  int lanes = 0;     ///< compute lanes (fa_rtm cells) per subarray, each on its own column; 0 = none
};

/// Cell-level numbers of the racetrack cell.
struct CellNumbers {
  double read_voltage = 0;   ///< read bias [V]
  double r_p = 0;            ///< read-port MTJ low resistance [Ohm]
  double r_ap = 0;           ///< high resistance [Ohm]
  double write_current = 0;  ///< [A]
  double write_pulse = 0;    ///< [s]
  double write_energy = 0;   ///< per bit written [J]
  double shift_current = 0;  ///< per track [A]
  double shift_pulse = 0;    ///< one-domain step [s]
  double shift_energy = 0;   ///< one step of one track [J]
  double wire_r_per_domain = 0;  ///< track wire resistance of one domain pitch [Ohm]
  int reference_track = 0;    ///< domains + overhead of the track shift_energy refers to;
                              ///< a track of n domains costs shift_energy * n / reference_track
  double tr_mr = 0;           ///< transverse-read magnetoresistance per '1' domain (relative)
  double area_per_bit = 0;   ///< magnetic track area per domain [m^2]
  double aspect_ratio = 0;   ///< cell aspect ratio (height / width)
  double access_width = 0;   ///< access transistor width [m]
  double access_vdrop = 0;   ///< voltage drop across the access transistor [V]
  std::string source;        ///< where the numbers come from ("techfile", "device characterization")
};

/// Cell numbers from the techfile alone: racetrack.* keys; write energy Vdd I t (DESTINY's
/// default); shift energy I^2 R_wire t with R_wire = rho (domains + overhead) pitch / (w t)
/// (DESTINY's recomputation, docs/devices.md); area_per_bit = layout.racetrack_cell_area F^2;
/// tr_mr is the device model's default (devices::RacetrackParams; no techfile key yet).
CellNumbers cell_from_technology(const tech::Technology& t);

/// One stage of an operation's DAG.
struct Stage {
  std::string_view name;  ///< a string literal (stage names are fixed)
  double latency = 0;  ///< [s]
  double energy = 0;   ///< dynamic energy when the operation activates it [J]
};

/// Result of one operation.
struct OpResult {
  double latency = 0;  ///< longest path through the stage DAG [s]
  double energy = 0;   ///< sum over the activated stages [J]
  std::vector<std::string_view> critical_path;  ///< stage names (literals) along the longest path
};

/// Area of one part of the bank.
struct AreaPart {
  std::string_view name;  ///< a string literal
  double area = 0;  ///< [m^2], summed over the whole memory
};

/// Compute lanes of a bank (docs/bank.md "Compute lanes"): one lane = one lane cell on one
/// column, running bit-serial operations on words stored along the tracks.
struct LaneResult {
  std::string cell_file;  ///< the lane cell's JSON
  int per_subarray = 0;
  long total = 0;         ///< in the whole memory
  long concurrent = 0;    ///< lanes that can run at once: per mat min(lanes, cols / mux) (sense amps)
  LaneCycle cycle;
  int add_cycles = 0, multiply_cycles = 0;
  OpResult add;           ///< n-bit add of one lane, operands brought under the ports first
  OpResult multiply;      ///< n x n -> 2n-bit shift-and-add, worst case (every multiplier bit 1)
  double area = 0;        ///< all lanes: cells + operand tracks + shift drivers [m^2]
  double leakage = 0;     ///< all lanes [W]
  double add_throughput = 0;  ///< concurrent / add latency [adds/s]
};

struct BankResult {
  Organization org;
  OpResult read, write;                  ///< average access: includes average_shifts steps first
  OpResult read_aligned, write_aligned;  ///< the domain is already under its port (no shift)
  OpResult shift;                        ///< one single-domain step of the clusters of one access
  OpResult transverse_read;
  double row_open_energy = 0;            ///< row decoders + wordlines of one access [J]
  double average_shifts = 0;  ///< mean one-domain steps before an access (uniform random data)
  double leakage = 0;         ///< whole memory [W]
  double area = 0;            ///< whole memory [m^2]
  double cell_area = 0;       ///< tracks only [m^2]
  double efficiency = 0;      ///< cell_area / area
  double read_bandwidth = 0;  ///< all banks, bits/s
  double write_bandwidth = 0;
  double subarray_width = 0;  ///< [m]
  double subarray_height = 0;
  double shift_voltage = 0;   ///< I_shift R_track the shift driver must supply [V]
  std::vector<AreaPart> area_parts;
  std::optional<LaneResult> lanes;  ///< set when org.lanes > 0
};

/// Bank-side numbers a lane operation uses, for one mat (evaluate() derives them from the
/// component models).
struct LaneInputs {
  LaneBankSide bit;                                  ///< per bit: shift step, bit read, bit write
  double addr = 0, addr_energy = 0;                  ///< H-tree address/command in
  double row_open = 0, row_open_energy = 0;          ///< row decoder + wordline of one mat
  double shift_select = 0, shift_select_energy = 0;  ///< shift decoder of one mat
  double average_shifts = 0;  ///< bank track: mean steps to bring bit 0 under its port
};

/// Lane add of n-bit words as a DAG: htree-address, then row-decoder | shift-decoder ->
/// align-operand (average_shifts bank steps) | lane-align (average_shifts(domains, 1) lane
/// steps), then lane-cycles: n periods; energy n (E_eval + bit read + bit write) + (n - 1)
/// (lane step of shifted_tracks tracks + bank step). Latency = longest path, energy = sum.
OpResult lane_add(const LaneCell& c, const LaneInputs& in, const LaneCycle& y, int n);

/// Shift-and-add multiply, worst case (every multiplier bit 1): after the alignment, for each
/// multiplier bit j a multiplier-bit stage (open its row, one bank step for j > 0, bit read),
/// a partial-add (reopen the product's row, n periods, one bank step and the carry-out write) and,
/// but after the last, a rewind of the lane tracks and the product by n - 1 steps that overlaps
/// the next multiplier-bit read.
OpResult lane_multiply(const LaneCell& c, const LaneInputs& in, const LaneCycle& y, int n);

/// Checks an organization: positive fields, capacity = banks mats rows cols domains, word
/// = mats cols / mux, cols divisible by mux and cluster, ports dividing domains; with lanes, at
/// most cols lanes and a port distance domains / ports >= 2 word_bits (a lane walks the 2n-bit
/// product under one port). Each problem is an error with id bank.bad-org at the flag naming
/// the field (--capacity, --word, --lanes, --force rows=...).
bool validate(const Organization& o, Diagnostics& diag);

/// Estimates every operation, area and leakage of a valid organization (call validate() first).
/// `lane` is the lane cell; required (non-null) when o.lanes > 0, else std::invalid_argument.
BankResult evaluate(const Organization& o, const Process& p, const CellNumbers& cell, const LaneCell* lane = nullptr);

/// True if `lanes` lanes fit the organization (lanes <= cols, domains / ports >= 2 word_bits).
bool lanes_fit(const Organization& o);

/// Mean number of one-domain steps to bring a uniformly random domain under its port when the
/// track's offset is uniformly random, with ports spaced d = domains / ports apart (static port
/// assignment): (d^2 - 1) / (3 d).
double average_shifts(int domains, int ports);

}  // namespace rtmchar::bank
