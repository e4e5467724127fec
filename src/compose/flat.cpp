#include "compose/flat.h"

#include <cctype>
#include <fmt/format.h>
#include <set>

#include "util/units.h"

namespace rtmchar::compose {
namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string num(double v) { return units::format_number(v); }

}  // namespace

std::optional<FlatDeck> flat_deck(const Circuit& circuit, const std::map<std::string, charz::CellContext>& contexts,
                                  const std::vector<bool>& before, const std::vector<bool>& after,
                                  const Conditions& c, const charz::SlewConvention& slew, double t_switch,
                                  const std::string& analysis_line, Diagnostics& diag, bool instance_supplies) {
  const Graph& g = circuit.graph();
  if (contexts.empty() || before.size() != circuit.inputs().size() || after.size() != before.size()) {
    diag.error("compose.flat", {}, "flat deck: no cell contexts or vector sizes do not match the inputs");
    return std::nullopt;
  }
  const charz::CellContext& first = contexts.begin()->second;
  const double vdd = first.vdd;
  FlatDeck f;
  f.t_switch = t_switch;
  f.ramp = slew.full_ramp(c.input_slew);
  f.supply_current = "i(vsup)";
  std::string d = "* composed circuit, flat\n" + first.header;
  std::set<std::string> used;
  for (Vertex v : boost::make_iterator_range(boost::vertices(g)))
    if (g[v].kind == VertexKind::Instance) used.insert(g[v].cell->name);
  for (const std::string& cell : used) {
    auto it = contexts.find(cell);
    if (it == contexts.end()) {
      diag.error("compose.flat", {}, "flat deck: no cell context for " + cell);
      return std::nullopt;
    }
    d += it->second.subckt;
    if (d.back() != '\n') d += '\n';
  }
  d += fmt::format("vsup s_vdd 0 dc {}\n", num(vdd));
  auto net_node = [&](const NetId& n) -> std::string {
    const VertexInfo& vi = g[n.driver];
    switch (vi.kind) {
      case VertexKind::PrimaryInput: return "in_" + lower(vi.name);
      case VertexKind::Constant: return vi.constant_value ? "s_vdd" : "0";
      default: return "n_" + lower(vi.name) + "_" + lower(n.pin);
    }
  };
  for (size_t k = 0; k < circuit.inputs().size(); ++k) {
    const Vertex v = circuit.inputs()[k];
    const std::string node = net_node({v, ""});
    f.nodes[g[v].name] = node;
    const double v0 = before[k] ? vdd : 0.0, v1 = after[k] ? vdd : 0.0;
    d += fmt::format("vi_{} {} 0 dc {} pwl(0 {} {} {} {} {})\n", lower(g[v].name), node, num(v0), num(v0),
                     num(t_switch), num(v0), num(t_switch + f.ramp), num(v1));
  }
  for (Vertex po : circuit.outputs()) {
    for (auto e : boost::make_iterator_range(boost::in_edges(po, g))) {
      const std::string node = net_node({boost::source(e, g), g[e].from_pin});
      f.nodes[g[po].name] = node;
      d += fmt::format("cl_{} {} 0 {}\n", lower(g[po].name), node, num(c.output_load));
    }
  }
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    const VertexInfo& vi = g[v];
    if (vi.kind != VertexKind::Instance) continue;
    const netlist::CellDef& def = *contexts.at(vi.cell->name).cell;
    std::string line = "x" + lower(vi.name);
    for (const std::string& port : def.ports) {
      const netlist::Pin* p = def.pin(port);
      if (p->role == netlist::PinRole::Supply) {
        if (instance_supplies) {
          const std::string node = "s_vdd_" + lower(vi.name);
          if (!f.instance_currents.count(vi.name)) {
            d += fmt::format("vsup_{} {} 0 dc {}\n", lower(vi.name), node, num(vdd));
            f.instance_currents[vi.name] = "i(vsup_" + lower(vi.name) + ")";
          }
          line += " " + node;
        } else {
          line += " s_vdd";
        }
      } else if (p->role == netlist::PinRole::Ground) {
        line += " 0";
      } else if (p->direction == netlist::PinDirection::Output) {
        line += " " + net_node({v, port});
        if (c.wire_cap > 0) d += fmt::format("cw_{}_{} {} 0 {}\n", lower(vi.name), lower(port), net_node({v, port}),
                                             num(c.wire_cap));
      } else {
        std::optional<NetId> drv;
        for (auto e : boost::make_iterator_range(boost::in_edges(v, g)))
          if (g[e].to_pin == port) drv = NetId{boost::source(e, g), g[e].from_pin};
        if (!drv) {
          diag.error("compose.flat", {}, fmt::format("flat deck: {}/{} is not driven", vi.name, port));
          return std::nullopt;
        }
        line += " " + net_node(*drv);
      }
    }
    d += line + " " + def.subckt + "\n";
  }
  d += analysis_line + "\n.end\n";
  f.deck = std::move(d);
  return f;
}

}  // namespace rtmchar::compose
