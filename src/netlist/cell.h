#pragma once
// Cell definitions: what a cell is (pins, functions, state elements), which SPICE template
// implements it, and its sizing parameters as metadata (one table that validates `--param` input
// and prints help). Built-in definitions live in cells/*.toml (embedded); the format is in
// docs/cells.md.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netlist/arcs.h"
#include "netlist/function.h"
#include "util/diag.h"

namespace rtmchar::netlist {

enum class CellKind { Combinational, FlipFlop, Latch, Precharge };
enum class PinDirection { Input, Output, Inout };
enum class PinRole { Data, Clock, Supply, Ground, RacetrackOperand };

const char* to_string(CellKind k);
const char* to_string(PinDirection d);
const char* to_string(PinRole r);

struct Pin {
  std::string name;
  PinDirection direction = PinDirection::Input;
  PinRole role = PinRole::Data;
  std::optional<BoolFunction> function;  ///< outputs: over input pins and state variables
  /// A pin array: the integer parameter giving its size n; the pin stands for `name`0 ..
  /// `name`(n-1), which instantiate() creates. Empty for a single pin.
  std::string array;
  int line = 0;                          ///< line in the definition file
};

/// A state element in Liberty terms: an `ff` (edge-triggered: clocked_on, next_state) or a `latch`
/// (level-sensitive: enable, data_in) with its state variable and optional inverted variable.
struct StateElement {
  enum class Type { FlipFlop, Latch } type = Type::FlipFlop;
  std::string var;           ///< e.g. "IQ"
  std::string var_inverted;  ///< e.g. "IQN"; may be empty
  std::optional<BoolFunction> clock;  ///< ff: clocked_on; latch: enable
  std::optional<BoolFunction> data;   ///< ff: next_state; latch: data_in
  int line = 0;
};

/// A sizing (or other) parameter: the single source of its default, unit, range and help text.
struct ParamDef {
  std::string name;         ///< SPICE identifier used in the template, e.g. "wn"
  double default_value = 0; ///< SI value (dimensionless sizes in multiples of wmin_* / lmin_*)
  std::string unit;         ///< unit for parse_quantity ("1" for dimensionless)
  double min = 0;           ///< inclusive bounds, SI
  double max = 0;
  bool integer = false;     ///< value must be a whole number (e.g. a domain count)
  std::string description;
  int line = 0;
};

/// A group of identical transistors, for the area model: `count` devices of model `model`, width
/// = value of parameter `w` times the technology's wmin_n (NMOS) or wmin_p (PMOS), length =
/// parameter `l` times lmin_n or lmin_p.
struct TransistorGroup {
  std::string model;  ///< "nmos" or "pmos"
  std::string w;      ///< parameter name
  std::string l;      ///< parameter name
  int count = 0;
  /// If set, an integer parameter: the group has `count` devices per unit of it (e.g. per port);
  /// instantiate() multiplies.
  std::string per;
  int line = 0;
};

struct CellDef {
  std::string name;
  std::string description;
  CellKind kind = CellKind::Combinational;
  std::string file;  ///< definition file as named in diagnostics (e.g. "cells/inv.toml")
  std::vector<Pin> pins;
  std::vector<StateElement> states;
  std::string template_path;        ///< e.g. "netlists/cmos/inv.sp" (repository-relative or a path)
  std::string subckt;               ///< subcircuit name in the template
  std::vector<std::string> ports;   ///< subckt port order: a permutation of the pin names
  std::vector<ParamDef> params;
  std::vector<TransistorGroup> transistors;

  const Pin* pin(std::string_view name) const;
  const ParamDef* param(std::string_view name) const;
  /// Pins with the given role and direction, in definition order.
  std::vector<std::string> pins_where(PinRole role) const;
  /// Input (and inout) pins that carry logic: data, clock and racetrack-operand pins.
  std::vector<std::string> logic_inputs() const;
  std::vector<std::string> outputs() const;
  std::vector<std::string> supply_pins() const { return pins_where(PinRole::Supply); }
  std::vector<std::string> ground_pins() const { return pins_where(PinRole::Ground); }
  int transistor_count() const;
  /// Output functions (outputs with a function) over logic_inputs(); for a combinational cell
  /// these feed derive_arcs().
  std::vector<OutputFunction> output_functions() const;
  /// Combinational arcs of the cell (empty for a cell whose outputs depend on state variables).
  std::vector<CombArc> arcs() const;
  /// True if a pin is an array or a transistor group counts per parameter (instantiate() needed).
  bool has_arrays() const;
};

/// Loads a cell definition. `name_or_path` is either a built-in cell name ("fa_cmos" ->
/// embedded cells/fa_cmos.toml) or the path of a .toml file. Every problem is reported with an id
/// "cell.*" at file:line and the function returns nullopt: TOML syntax, unknown or missing keys,
/// bad enum values, duplicate pins, a function naming an unknown pin or an output, a parameter
/// whose default lies outside its range, ports that are not a permutation of the pins, a transistor
/// group naming an unknown parameter, a kind inconsistent with the state elements.
std::optional<CellDef> load_cell(std::string_view name_or_path, Diagnostics& diag);

/// Parses a definition from text; `file` names it in diagnostics.
std::optional<CellDef> parse_cell(std::string_view toml_text, const std::string& file, Diagnostics& diag);

/// Names of the built-in cells (the embedded cells/*.toml), sorted.
std::vector<std::string> builtin_cells();

/// Resolved parameter values: every parameter of the cell, by name, SI.
using ParamValues = std::map<std::string, double>;

/// The defaults of every parameter.
ParamValues default_params(const CellDef& cell);

/// Applies overrides "name=value" (value with optional unit, SPICE suffixes accepted) on top of the
/// defaults. Unknown names, unparsable values, values outside [min, max] and non-integers for
/// integer parameters are errors "cell.param" located at `flag` (e.g. "--param"). Returns nullopt
/// if any override was bad.
std::optional<ParamValues> apply_param_overrides(const CellDef& cell, const std::vector<std::string>& overrides,
                                                 Diagnostics& diag, const std::string& flag = "--param");

/// The cell at concrete parameter values: every pin array `P` of size n replaced by the pins
/// P0 .. P(n-1) (in that order, at its place in the pin list and the port list), transistor
/// groups with `per` multiplied by their parameter. `values` must hold every array parameter
/// (apply_param_overrides' result does). A cell without arrays is returned unchanged.
CellDef instantiate(const CellDef& cell, const ParamValues& values);

/// Help text of the cell's parameters, one per line: name, default, range, unit, description.
std::string param_help(const CellDef& cell);

/// Model names the transistors of a template are rendered with (the technology's
/// models.nmos / models.pmos; see docs/techfiles.md).
struct DeviceModels {
  std::string nmos = "nmos";
  std::string pmos = "pmos";
};

/// The template text ready to include in a deck: repeat blocks expanded (a line `*@for k P`
/// up to the line `*@end` is written once for each k = 0 .. value(P)-1, with every `{k}` in it
/// replaced by the number; P an integer parameter, blocks not nested), the resolved parameter values appended to the
/// .subckt card as `params: name=value ...` (so that each instance may still override them), and
/// the model name of every MOSFET line whose model is `nmos`/`pmos` replaced by `models`. Templates
/// size devices as `W={wn*wmin_n} L={l*lmin_n}` (PMOS: `wmin_p`, `lmin_p`); the deck defines
/// lmin_n, wmin_n, lmin_p, wmin_p as global `.param`s from the technology's device.* keys.
/// Reports "cell.template" (at the template's line where it applies) and returns nullopt if the
/// template cannot be read, a repeat block is malformed or names no integer parameter of
/// `values`, or there is no .subckt card for the cell.
std::optional<std::string> render_template(const CellDef& cell, const ParamValues& values, Diagnostics& diag,
                                           const DeviceModels& models = {});

/// The template's text (embedded resource first, else a file path).
std::optional<std::string> read_template(const CellDef& cell, Diagnostics& diag);

}  // namespace rtmchar::netlist
