#pragma once
// Combinational timing arcs derived from Boolean functions.
//
// For an output Y = f(x, s) and an input x with side inputs s, Y is sensitive to x in side state s
// exactly when the Boolean difference df/dx(s) = f(0, s) XOR f(1, s) is 1. In such a state a rising
// x gives a rising Y if f(1, s) = 1 (positive polarity) and a falling Y otherwise (negative
// polarity). The arc's Liberty timing_sense is positive_unate if every sensitizing state has
// positive polarity, negative_unate if every one is negative, non_unate otherwise.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "netlist/function.h"

namespace rtmchar::netlist {

enum class TimingSense { PositiveUnate, NegativeUnate, NonUnate };
enum class Edge { Rise, Fall };

/// Liberty keyword: "positive_unate", "negative_unate", "non_unate".
const char* to_string(TimingSense s);
const char* to_string(Edge e);

/// One side-input state that makes the output sensitive to the arc's input.
struct SensitizingState {
  /// Every other input of the cell (in cell pin order) with its logic value in this state.
  std::vector<std::pair<std::string, bool>> side;
  bool positive = true;  ///< output edge equals input edge (f(1,s) = 1)

  /// The output edge produced by `input_edge` in this state.
  Edge output_edge(Edge input_edge) const;
  /// Liberty `when` condition for the state, e.g. "B&!CI"; "" when there are no side inputs.
  std::string when() const;
  /// Number of side inputs at logic 1.
  int ones() const;
};

/// A combinational arc input -> output with all its sensitizing states.
struct CombArc {
  std::string input;
  std::string output;
  TimingSense sense = TimingSense::PositiveUnate;
  /// All sensitizing states, in increasing order of the side-input assignment where the FIRST
  /// side input (in pin order) is the most significant bit; so the order reads like a truth table.
  std::vector<SensitizingState> states;
  /// Index into `states` of the default state of each polarity, or nullopt when the arc has no
  /// state of that polarity. The default is the state with the fewest side inputs at 1, ties
  /// broken by the order above (the first such state). Both exist exactly for non_unate arcs.
  std::optional<std::size_t> default_positive;
  std::optional<std::size_t> default_negative;

  /// The default state for the arc's sense: the positive one for positive_unate, the negative
  /// one otherwise (a non_unate arc needs both; see default_positive / default_negative).
  const SensitizingState& default_state() const;
};

/// An output pin and its function over the cell's inputs.
struct OutputFunction {
  std::string name;
  BoolFunction function;
};

/// Derives every arc input -> output for which some side-input state sensitizes the output, in
/// output order then input order. `inputs` must cover every variable of every function and have at
/// most kMaxTruthTableInputs entries (validated by the cell loader). Input/output pairs with no
/// sensitizing state (the output does not depend on that input) produce no arc.
std::vector<CombArc> derive_arcs(const std::vector<std::string>& inputs, const std::vector<OutputFunction>& outputs);

}  // namespace rtmchar::netlist
