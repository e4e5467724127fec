#pragma once
// Writers of a bank result for architecture simulators and for analysis: DESTINY racetrack (DWM)
// cell and configuration files, an NVSim/DESTINY MRAM cell file, an RTSim configuration, and the
// JSON / CSV forms of bank results. Each returns the file text (callers write it with
// write_file_atomic). Formats: ../shared/notes/real-clients.md and docs/bank.md. Numbers are
// printed with format_sig (C locale, 6 significant digits) so outputs are deterministic.
#include <string>
#include <vector>

#include "bank/bank.h"
#include "tech/technology.h"

namespace rtmchar::exporting {

/// DESTINY cell file for the racetrack cell of `org` (one `-Key (unit): value` per line, in the
/// order DESTINY requires: -MemCellType first, -CellArea before -CellAspectRatio, -AccessType
/// before -AccessCMOSWidth). Comment lines (starting with '#', which DESTINY ignores) state the
/// source of the numbers and which of them DESTINY recomputes instead of using. `f` = feature size.
std::string destiny_dwm_cell(const bank::CellNumbers& cell, const bank::Organization& org, double f);

/// DESTINY configuration for one bank of `org` at `process_node_nm`, reading `cell_file`.
/// Organization keys force DESTINY to the same bank (mats as AxB) and mux; StackedDieCount 1.
std::string destiny_config(const bank::Organization& org, const tech::Technology& t, const std::string& cell_file,
                           const std::string& optimization_target);

/// Numbers of a 1T-1MTJ STT-MRAM cell for the NVSim/DESTINY MRAM cell file.
struct MramCell {
  double r_p = 0, r_ap = 0;        ///< [Ohm]
  double read_voltage = 0;         ///< [V]
  double write_current = 0;        ///< [A]
  double write_pulse = 0;          ///< [s]
  double cell_area_f2 = 0;         ///< [F^2]
  double access_width_f = 0;       ///< [F]
  double access_vdrop = 0;         ///< [V]
};

/// From the techfile: R_P = mtj.ra / (width length), R_AP = R_P (1 + tmr0), read at
/// racetrack.read_voltage, write at twice the larger critical current for tau0/(I/Ic - 1) =
/// tau0 (docs/bank.md), access transistor racetrack.access_width, cell area = the access
/// transistor's footprint (bank::transistor_area) or the MTJ footprint, whichever is larger.
MramCell mram_from_technology(const tech::Technology& t);

/// NVSim/DESTINY cell file (-MemCellType: MRAM) for `c`.
std::string nvsim_mram_cell(const MramCell& c);

/// RTSim (NVMain) configuration: geometry (DOMAINS, nPorts, WordSize = cluster, DBCS, MATHeight),
/// timings in ns with an `ns` suffix at CLK `clk_mhz`, energies in nJ with RTSim's meanings
/// (Erd per read access, Ewr per write access, Esh one single-position shift of one cluster,
/// Eopenrd row activation, Ewrpb per written bit), Eleak in mW. Comment lines start with ';'.
std::string rtsim_config(const bank::BankResult& r, const bank::CellNumbers& cell, double clk_mhz);

/// JSON of one bank result (SI units, keys documented in docs/bank.md), with the cell numbers
/// and their source.
std::string bank_json(const bank::BankResult& r, const bank::CellNumbers& cell, const std::string& tech_name);

/// CSV header + one line per result (organization fields, then metrics in SI units; the lane
/// columns add/multiply latency and energy and add throughput are empty for a bank without lanes).
std::string bank_csv(const std::vector<const bank::BankResult*>& rows);

}  // namespace rtmchar::exporting
