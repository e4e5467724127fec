#pragma once
// Liberty data model: Library -> Cell -> Pin -> TimingArc / InternalPower -> Table -> TableTemplate
// (axes shared by every table made from the template). Modelled on OpenSTA's liberty/ layering:
// the model knows nothing about text; the writer (writer.h), the generic parser (parser.h) and the
// builder from a parse tree (builder.h) are separate.
//
// Every number in the model is SI (s, F, V, A, W, J, Ohm, m^2). The library's unit header decides
// the scale only when the library is written, and the builder converts a file's numbers to SI
// with the units that file declares.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/diag.h"

namespace rtmchar::liberty {

/// Physical quantity of a table or attribute; decides which unit of the header scales it.
/// Energy is written in voltage_unit x capacitive_load_unit (OpenSTA and the Liberty reference
/// manual both read internal_power that way), Power (leakage) in leakage_power_unit.
enum class Quantity { Time, Capacitance, Energy, Power, Voltage, Current, Resistance, Area, Dimensionless };

/// Lower-case name used in diagnostics and the compare report ("time", "energy", ...).
const char* quantity_name(Quantity q);
/// SI unit symbol ("s", "F", "J", ...; "" for Dimensionless).
const char* quantity_si_unit(Quantity q);

/// The unit header. Each member is the SI value of one unit, e.g. time = 1e-9 for "1ns".
/// Liberty allows only powers of ten here; capacitive_load_unit only pF or fF for OpenSTA.
struct Units {
  double time = 1e-9;         ///< time_unit
  double capacitance = 1e-12; ///< capacitive_load_unit
  double voltage = 1.0;       ///< voltage_unit
  double current = 1e-3;      ///< current_unit
  double leakage_power = 1e-9;///< leakage_power_unit
  double resistance = 1e3;    ///< pulling_resistance_unit
  /// SI value of one written unit of `q` (Energy = voltage x capacitance; Area = 1 um^2, the unit
  /// of Liberty's `area`; Dimensionless = 1).
  double scale(Quantity q) const;
};

/// Delay and slew measurement thresholds in percent of the supply (Liberty's eight
/// *_threshold_pct_* attributes). The slew index of a table is the time between the lower and
/// upper slew thresholds (multiplied by slew_derate_from_library); a full 0-100 % ramp of a
/// slew index s therefore lasts s / (slew_derate * (upper - lower) / 100).
struct Thresholds {
  double input_rise = 50, input_fall = 50, output_rise = 50, output_fall = 50;
  double slew_lower_rise = 20, slew_upper_rise = 80, slew_lower_fall = 20, slew_upper_fall = 80;
  double slew_derate = 1.0;  ///< slew_derate_from_library
};

struct OperatingConditions {
  std::string name;
  double process = 1.0;
  double voltage = 1.0;      ///< V
  double temperature = 25.0; ///< degC (Liberty convention, not SI kelvin)
};

/// What a table axis sweeps. Time-valued variables are scaled with time_unit, capacitance ones
/// with capacitive_load_unit. InputNetTransition is the input slew of delay and power tables
/// alike; the writer names it input_transition_time in a power_lut_template (Liberty's name
/// there, and the only one OpenSTA's power code accepts) and the reader maps that name back.
enum class AxisVariable {
  InputNetTransition,
  TotalOutputNetCapacitance,
  RelatedPinTransition,
  ConstrainedPinTransition,
  OutputPinTransition,
};
const char* axis_variable_name(AxisVariable v);
/// Inverse of axis_variable_name; nullopt for names this model does not support.
std::optional<AxisVariable> axis_variable_from_name(std::string_view name);
Quantity axis_quantity(AxisVariable v);

struct Axis {
  AxisVariable variable = AxisVariable::InputNetTransition;
  std::vector<double> values;  ///< SI, strictly increasing, finite
  bool operator==(const Axis&) const = default;
};

/// lu_table_template (Kind::Delay, also used for constraints) or power_lut_template (Kind::Power).
/// Zero axes = Liberty's built-in template "scalar" (one value; not written to the file).
struct TableTemplate {
  enum class Kind { Delay, Power };
  std::string name;
  Kind kind = Kind::Delay;
  std::vector<Axis> axes;  ///< 0, 1 or 2 axes: index_1, index_2

  /// Builds a template and checks it: name non-empty, at most two axes, each axis non-empty,
  /// finite and strictly increasing. Errors go to `diag` (id liberty.bad-template /
  /// liberty.bad-index) at `loc`; returns nullptr on error.
  static std::shared_ptr<const TableTemplate> make(std::string name, Kind kind, std::vector<Axis> axes,
                                                   Diagnostics& diag, const SourceLoc& loc = {});
};
using TemplatePtr = std::shared_ptr<const TableTemplate>;

/// A lookup table of one quantity over its template's axes. values are row-major: index_1 selects
/// the row, index_2 the column (values[i1 * n2 + i2]), all SI.
struct Table {
  Quantity quantity = Quantity::Time;
  TemplatePtr tmpl;
  std::vector<double> values;

  const std::vector<Axis>& axes() const { return tmpl->axes; }
  /// Number of values the template's axes require (product of axis lengths; 1 when scalar).
  std::size_t expected_size() const;
  /// values[i1 * n2 + i2] (i2 ignored for one-axis tables).
  double at(std::size_t i1, std::size_t i2 = 0) const;

  /// Builds a table and checks that `tmpl` is set, the value count matches its axes and every
  /// value is finite (liberty.bad-table). Returns nullopt on error.
  static std::optional<Table> make(Quantity quantity, TemplatePtr tmpl, std::vector<double> values,
                                   Diagnostics& diag, const SourceLoc& loc = {});
};

enum class TimingSense { None, PositiveUnate, NegativeUnate, NonUnate };
enum class TimingType {
  Combinational,
  RisingEdge,
  FallingEdge,
  SetupRising,
  SetupFalling,
  HoldRising,
  HoldFalling,
};
const char* timing_sense_name(TimingSense s);  ///< "" for None
const char* timing_type_name(TimingType t);
std::optional<TimingType> timing_type_from_name(std::string_view name);
bool is_constraint(TimingType t);

/// One `timing ()` group on an output pin (delay arcs) or on a data pin (setup/hold arcs).
struct TimingArc {
  std::string related_pin;  ///< required; one or more pin names separated by blanks
  TimingSense sense = TimingSense::None;
  TimingType type = TimingType::Combinational;
  std::string when;         ///< optional state condition
  std::string sdf_cond;     ///< the same condition in SDF syntax (written with `when`)
  std::optional<Table> cell_rise, cell_fall, rise_transition, fall_transition;  ///< Time
  std::optional<Table> rise_constraint, fall_constraint;                        ///< Time

  /// The present tables with their Liberty group names, in writing order.
  std::vector<std::pair<const char*, const Table*>> tables() const;
};

/// One `internal_power ()` group: energy per transition, EXCLUDING the energy that charges the
/// external load (see docs/liberty.md), as Energy tables.
struct InternalPower {
  std::string related_pin;  ///< empty for input-pin power without a related pin
  std::string when;
  std::optional<Table> rise_power, fall_power;
  std::vector<std::pair<const char*, const Table*>> tables() const;
};

/// The quantity of a user-defined float attribute follows from the last '_'-separated word of
/// its name, so a reader can scale it back to SI without side information: latency, delay, time,
/// pulse -> Time; energy -> Energy; power -> Power; current -> Current; voltage ->
/// Voltage; capacitance -> Capacitance; resistance -> Resistance; area -> Area; anything else ->
/// Dimensionless (written as is). Examples: "shift_energy", "read_latency", "min_pulse".
Quantity user_attribute_quantity(std::string_view name);

/// A user-defined attribute (declared in the library with `define (name, group, type)`), on a
/// cell, a pin or in a user group. Float attributes carry a quantity and are stored in SI;
/// FloatList is written as a quoted, comma-separated string (declared `string`) so table-like
/// data survives every client; Boolean is written `true`/`false` (declared `boolean`), e.g. the
/// pin attribute `rtm_operand : true;` of the racetrack adders' operand pins.
struct UserAttribute {
  enum class Kind { Float, String, FloatList, Boolean };
  std::string name;
  Kind kind = Kind::Float;
  Quantity quantity = Quantity::Dimensionless;  ///< must equal user_attribute_quantity(name); Dimensionless
                                                ///< for String and Boolean
  std::vector<double> numbers;  ///< one value for Float, any number for FloatList (SI); empty otherwise
  std::string text;             ///< String kind
  bool flag = false;            ///< Boolean kind

  /// A Boolean attribute `name : true|false;`.
  static UserAttribute boolean(std::string name, bool value);
};

enum class Direction { Input, Output, Inout, Internal };
const char* direction_name(Direction d);

struct Pin {
  std::string name;
  Direction direction = Direction::Input;
  std::optional<double> capacitance, rise_capacitance, fall_capacitance;  ///< F
  std::optional<double> max_capacitance;                                   ///< F
  std::string function;        ///< Boolean function (required on outputs)
  bool clock = false;
  std::string nextstate_type;  ///< e.g. "data"; empty = not written
  std::vector<TimingArc> timing;
  std::vector<InternalPower> power;
  /// User-defined pin attributes (`define (name, pin, type)`), written after `function`.
  std::vector<UserAttribute> user_attributes{};
};

/// `ff (IQ, IQN) { next_state; clocked_on; clear; preset }`.
struct FlipFlop {
  std::string iq = "IQ", iqn = "IQN";
  std::string next_state, clocked_on, clear, preset;
};
/// `latch (IQ, IQN) { data_in; enable; clear; preset }`.
struct Latch {
  std::string iq = "IQ", iqn = "IQN";
  std::string data_in, enable, clear, preset;
};

struct LeakagePower {
  std::string when;  ///< empty = unconditional
  double value = 0;  ///< W
};

/// A user-defined group (declared with `define_group (type, parent_type)`), e.g. the
/// memory-operation groups of racetrack cells: `rtm_operation (shift) { latency : ...; }`.
struct UserGroup {
  std::string type;  ///< group keyword, must not be a standard Liberty group name
  std::string name;  ///< the group's argument
  std::vector<UserAttribute> attributes;
  std::vector<UserGroup> groups;
};

struct Cell {
  std::string name;
  double area = 0;  ///< m^2 (written in um^2, Liberty's customary area unit)
  std::optional<double> leakage;  ///< cell_leakage_power, W
  std::vector<LeakagePower> leakage_power;
  std::vector<Pin> pins;
  std::optional<FlipFlop> ff;
  std::optional<Latch> latch;
  std::vector<UserAttribute> user_attributes;
  std::vector<UserGroup> user_groups;

  const Pin* find_pin(std::string_view pin_name) const;
};

struct Library {
  std::string name;
  std::string technology = "cmos";
  Units units;
  Thresholds thresholds;
  double nom_process = 1.0, nom_voltage = 1.0, nom_temperature = 25.0;
  std::vector<OperatingConditions> operating_conditions;
  std::string default_operating_conditions;
  std::vector<TemplatePtr> templates;
  std::vector<Cell> cells;
  /// Free text for the header comment (e.g. the slew convention of the measurement); optional.
  std::string comment;
  /// Where the library was read from, for diagnostics (empty when built in memory).
  std::string source_file;

  const Cell* find_cell(std::string_view cell_name) const;
  TemplatePtr find_template(std::string_view template_name) const;

  /// Checks everything that crosses objects and what a client would silently mishandle (see
  /// docs/liberty.md): unique names; thresholds in (0,100) with lower < upper; default operating
  /// conditions defined; every table's template belongs to this library and matches its shape,
  /// with finite values and the quantity its group requires; every output pin has a function;
  /// every timing group has related_pin naming pins of the cell; constraint arcs hold only
  /// constraint tables and delay arcs only delay tables; capacitances finite and >= 0; user
  /// group types not colliding with Liberty groups. Returns true if no error was added.
  bool validate(Diagnostics& diag) const;
};

}  // namespace rtmchar::liberty
