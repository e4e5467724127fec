#pragma once
// Synthetic but physically plausible Liberty libraries built through the data model, for the
// writer/reader tests and the real-client harness. The tables come from first-order RC models of
// a ~32 nm process (documented in synthetic.cpp), not from simulation.
#include <optional>
#include <string>

#include "liberty/model.h"
#include "util/diag.h"

namespace rtmchar::testlib {

/// Library "rtmchar_synth" with cells INV, NAND2, FA (outputs S, CO), DFF (ff group, setup/hold)
/// and RTM_SHIFT (a shift-register stage with user-defined memory-operation groups and pin
/// attributes on its data pin: rtm_operand (boolean), rtm_access_latency (float)). 4x4 delay
/// and power grids (5 ps .. 320 ps x 0.5 fF .. 32 fF), 3x3 constraint grid. Units 1 ns, 1 pF,
/// 1 V, 1 mA, 1 nW, 1 kOhm. Returns nullopt (with diagnostics) only on a bug in this file.
std::optional<liberty::Library> synthetic_library(Diagnostics& diag);

/// Reference Verilog of every cell of synthetic_library(), as modules named ref_<CELL> with the
/// cell's ports, written independently of the Liberty function strings (gate primitives and
/// always blocks), for the Yosys equivalence proof. DFF and RTM_SHIFT are clocked.
std::string synthetic_reference_verilog();

}  // namespace rtmchar::testlib
