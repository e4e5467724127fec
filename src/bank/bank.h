#pragma once
// A racetrack-memory bank: organization, cell numbers, and the estimator that composes the
// component models of model.h into per-operation latency and energy (longest path / sum over a
// Boost.Graph DAG of stages), leakage, area and bandwidth. Pure functions; docs/bank.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
};

/// Checks an organization: positive fields, capacity = banks mats rows cols domains, word
/// = mats cols / mux, cols divisible by mux and cluster, ports dividing domains. Each problem is
/// an error with id bank.bad-org at the flag naming the field (--capacity, --word, --force
/// rows=...).
bool validate(const Organization& o, Diagnostics& diag);

/// Estimates every operation, area and leakage of a valid organization (call validate() first).
BankResult evaluate(const Organization& o, const Process& p, const CellNumbers& cell);

/// Mean number of one-domain steps to bring a uniformly random domain under its port when the
/// track's offset is uniformly random, with ports spaced d = domains / ports apart (static port
/// assignment): (d^2 - 1) / (3 d).
double average_shifts(int domains, int ports);

}  // namespace rtmchar::bank
