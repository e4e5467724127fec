#pragma once
// From characterization results to the Liberty data model and to JSON/CSV.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "charz/characterize.h"
#include "liberty/model.h"
#include "netlist/cell.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::charz {

/// A characterized cell together with its definition (for pin functions and roles).
struct CharacterizedCell {
  const netlist::CellDef* def = nullptr;
  CellResult result;
};

/// Library name for a technology and operating point: "rtmchar_<tech>", with "_<vdd>V" and/or
/// "_<temp>C" appended when they differ from the techfile's nominal values, so several corners
/// can sit side by side ("rtmchar_32nm_0p8V_125C").
std::string library_name(const tech::Technology& tech, double vdd, double temperature);

/// Builds the Liberty library. Each cell gets its own templates ("<cell>_delay", "<cell>_energy")
/// because automatic grids follow each cell's drive. Timing: one unconditioned group per arc
/// polarity (a non_unate arc is split into a positive_unate and a negative_unate group) holding the
/// worst case over the polarity's characterized states, plus one group per state (`when`,
/// `sdf_cond`) when there are several; internal_power has one group per characterized side-input
/// state, with its `when` when the arc has several states (docs/characterization.md, "Arcs and
/// stimuli").
/// Returns nullopt (with diagnostics) if the model does not validate.
std::optional<liberty::Library> make_library(const std::vector<CharacterizedCell>& cells,
                                             const tech::Technology& tech, const Options& opts,
                                             Diagnostics& diag);

/// The documented JSON form of one characterized cell (docs/characterization.md, "JSON schema").
nlohmann::json to_json(const CellResult& r);

/// CSV of every table of one cell: cell,arc,when,input_edge,output_edge,quantity,slew,load,value,simulated.
std::string to_csv(const CellResult& r);

}  // namespace rtmchar::charz
