#include "netlist/arcs.h"

namespace rtmchar::netlist {

const char* to_string(TimingSense s) {
  switch (s) {
    case TimingSense::PositiveUnate: return "positive_unate";
    case TimingSense::NegativeUnate: return "negative_unate";
    case TimingSense::NonUnate: return "non_unate";
  }
  return "non_unate";
}

const char* to_string(Edge e) { return e == Edge::Rise ? "rise" : "fall"; }

Edge SensitizingState::output_edge(Edge input_edge) const {
  if (positive) return input_edge;
  return input_edge == Edge::Rise ? Edge::Fall : Edge::Rise;
}

std::string SensitizingState::when() const {
  std::string s;
  for (const auto& [name, value] : side) {
    if (!s.empty()) s += '&';
    if (!value) s += '!';
    s += name;
  }
  return s;
}

int SensitizingState::ones() const {
  int n = 0;
  for (const auto& entry : side) n += entry.second ? 1 : 0;
  return n;
}

const SensitizingState& CombArc::default_state() const {
  if (sense == TimingSense::PositiveUnate) return states[*default_positive];
  return states[*default_negative];
}

namespace {

// The arc input -> output, or nullopt when no side state sensitizes the output.
std::optional<CombArc> derive_arc(const std::vector<std::string>& inputs, std::size_t in,
                                  const OutputFunction& out) {
  CombArc arc;
  arc.input = inputs[in];
  arc.output = out.name;
  std::vector<std::size_t> side;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i != in) side.push_back(i);
  }
  const std::uint64_t n_states = std::uint64_t{1} << side.size();
  bool any_pos = false;
  bool any_neg = false;
  for (std::uint64_t k = 0; k < n_states; ++k) {
    std::uint64_t assignment = 0;
    SensitizingState st;
    for (std::size_t j = 0; j < side.size(); ++j) {
      bool value = ((k >> (side.size() - 1 - j)) & 1U) != 0;  // first side input = MSB
      if (value) assignment |= std::uint64_t{1} << side[j];
      st.side.emplace_back(inputs[side[j]], value);
    }
    bool f0 = out.function.eval(inputs, assignment);
    bool f1 = out.function.eval(inputs, assignment | (std::uint64_t{1} << in));
    if (f0 == f1) continue;  // Boolean difference is 0: not sensitized
    st.positive = f1;
    auto& best = st.positive ? arc.default_positive : arc.default_negative;
    if (!best || st.ones() < arc.states[*best].ones()) best = arc.states.size();
    (st.positive ? any_pos : any_neg) = true;
    arc.states.push_back(std::move(st));
  }
  if (arc.states.empty()) return std::nullopt;
  arc.sense = any_pos && any_neg ? TimingSense::NonUnate
              : any_pos          ? TimingSense::PositiveUnate
                                 : TimingSense::NegativeUnate;
  return arc;
}

}  // namespace

std::vector<CombArc> derive_arcs(const std::vector<std::string>& inputs, const std::vector<OutputFunction>& outputs) {
  std::vector<CombArc> arcs;
  if (inputs.size() > kMaxTruthTableInputs) return arcs;
  for (const OutputFunction& out : outputs) {
    for (std::size_t in = 0; in < inputs.size(); ++in) {
      if (auto arc = derive_arc(inputs, in, out)) arcs.push_back(std::move(*arc));
    }
  }
  return arcs;
}

}  // namespace rtmchar::netlist
