#pragma once
// The associative processor of ap.h on the racetrack CAM: the per-pass numbers come from SPICE.
// A compare pass is a MASKED search (only the pass's key columns drive a search line) of a word
// of prog.row_bits bits, simulated with the key columns of the program's widest compare (the one
// farthest along the match line); a write pass is the bit write of cam_write.h.
#include <optional>

#include "imc/ap.h"
#include "imc/cam.h"
#include "imc/cam_write.h"

namespace rtmchar::imc {

/// Measured numbers of the compare of `prog` plus the write numbers `w`.
struct ApCompare {
  int word_bits = 0;          ///< = prog.row_bits
  int active_columns = 0;     ///< key columns of the simulated compare
  SenseWindow window;         ///< match / one miss / all miss of the key columns
  ApPassCosts costs;          ///< compare_time = t_pre + strobe; compare_energy = the largest of the
                              ///< three searches; write numbers from `w`
};

/// Simulates the masked compare of `prog` (stored word: bit k = [(5k+3) mod 7 < 3]).
std::optional<ApCompare> ap_compare(sim::Engine& engine, const tech::Technology& t, const ApProgram& prog,
                                    const CamWrite& w, Diagnostics& diag);

}  // namespace rtmchar::imc
