#pragma once
// Liberty view of the in-memory computing cells (docs/imc.md, "Liberty view"). The measured
// numbers are user-defined groups and attributes (docs/liberty.md: the quantity of a float
// attribute follows the last word of its name); table-like data (transfer curves, output vs
// weighted sum) are FloatList attributes. The Boolean functions:
//  - CAM_WORD_W<w>: MATCH = AND_k !(S<k> ^ D<k>) over search pins S<k> and stored-bit pins D<k>
//    (the stored bits are state held in the domain-wall MTJs; as pins they let a netlist tie the
//    word's content, which is what the function of a CAM word depends on). Exact.
//  - IMAC_NEURON: OUT = !IN, a Boolean STAND-IN for the falling sigmoid (the output is high
//    below the midpoint and low above it).
//  - IMAC_COLUMN_N<n>: OUT = !X, a Boolean STAND-IN: X drives every row together and every
//    weight is +1, so the weighted sum is +n or -n and the neuron output low or high.
// No timing arcs: the latencies are attributes, not delay tables (the cells are analog or
// pre-charged and have no slew/load dependence that was characterized).
#include <string>
#include <vector>

#include "imc/cam.h"
#include "imc/cam_write.h"
#include "imc/column.h"
#include "imc/fc_layer.h"
#include "imc/neuron.h"
#include "liberty/model.h"
#include "tech/technology.h"

namespace rtmchar::imc {

/// Cell CAM_WORD_W<w> from the sense window of a w-bit word, its search vs the number of
/// mismatching bits (group imc_curve (mismatches)) and the per-bit write (group
/// imc_cam_write (bit)).
liberty::Cell cam_word_cell(const CamParams& p, const SenseWindow& s, const std::vector<MissPoint>& misses,
                            const CamWrite& write);

/// Cell IMAC_NEURON. Area: two SOT cells (layout.sot_cell_area F^2) plus an inverter of two
/// contacted gate pitches times the cell height (ASSUMPTION, no layout of the neuron).
liberty::Cell imac_neuron_cell(const tech::Technology& t, const NeuronResult& r);

/// Cell IMAC_COLUMN_N<n> from a column sweep; `fc` (optional) adds the FC-layer estimate group.
/// Area: 2 n SOT cells plus the neuron (the behavioural amplifier has no area).
liberty::Cell imac_column_cell(const tech::Technology& t, const ColumnParams& p, const ColumnSweep& s,
                               const FcEstimate* fc);

/// A library named rtmchar_imc_<tech> holding `cells`, with the technology's nominal supply,
/// temperature and one operating condition "typical". Validated; nullopt + diagnostics on failure.
std::optional<liberty::Library> imc_library(const tech::Technology& t, std::vector<liberty::Cell> cells,
                                            Diagnostics& diag);

}  // namespace rtmchar::imc
