#include "netlist/user_cell.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rtmchar::netlist {
namespace {

const std::string* find_port(const std::vector<std::string>& ports, std::string_view name) {
  for (const std::string& p : ports) {
    if (spice_name_equal(p, name)) return &p;
  }
  return nullptr;
}

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  std::size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::optional<CellDef> make_user_cell(const SpiceNetlist& netlist, const std::string& netlist_path,
                                      const UserCellSpec& spec, Diagnostics& diag) {
  const SpiceSubckt* sub = require_subckt(netlist, spec.subckt, diag, SourceLoc::cli("--subckt"));
  if (sub == nullptr) return std::nullopt;
  auto roles = classify_ports(*sub, netlist.file, spec.supply_pins, spec.ground_pins, diag);
  if (!roles) return std::nullopt;

  CellDef cell;
  cell.name = sub->name;
  cell.description = fmt::format("user subcircuit {} from {}", sub->name, netlist_path);
  cell.kind = CellKind::Combinational;
  cell.file = netlist.file;
  cell.template_path = std::filesystem::absolute(netlist_path).string();
  cell.subckt = sub->name;
  cell.ports = sub->ports;
  for (const std::string& port : sub->ports) {
    Pin p;
    p.name = port;
    p.line = sub->line;
    p.direction = PinDirection::Input;
    if (find_port(roles->supplies, port) != nullptr) p.role = PinRole::Supply, p.direction = PinDirection::Inout;
    if (find_port(roles->grounds, port) != nullptr) p.role = PinRole::Ground, p.direction = PinDirection::Inout;
    cell.pins.push_back(std::move(p));
  }

  // First pass: outputs, so that the inputs are known before the functions are checked.
  bool ok = true;
  const SourceLoc flag = SourceLoc::cli("--function");
  std::vector<std::pair<Pin*, std::string>> pending;
  for (const std::string& spec_text : spec.functions) {
    std::size_t eq = spec_text.find('=');
    std::string out = eq == std::string::npos ? std::string() : trim(std::string_view(spec_text).substr(0, eq));
    if (out.empty()) {
      diag.error("cell.function", flag, fmt::format("'{}' is not OUTPUT=function", spec_text));
      ok = false;
      continue;
    }
    const std::string* port = find_port(sub->ports, out);
    auto it = std::find_if(cell.pins.begin(), cell.pins.end(),
                           [&](const Pin& p) { return port != nullptr && p.name == *port; });
    Pin* pin = it == cell.pins.end() ? nullptr : &*it;
    if (pin == nullptr || pin->role == PinRole::Supply || pin->role == PinRole::Ground) {
      diag.error("cell.function", flag, fmt::format("output '{}' is not a signal port of .subckt {} (ports: {})", out,
                                                    sub->name, fmt::join(roles->signals, ", ")));
      ok = false;
      continue;
    }
    if (pin->direction == PinDirection::Output) {
      diag.error("cell.function", flag, fmt::format("output '{}' has two functions", out));
      ok = false;
      continue;
    }
    pin->direction = PinDirection::Output;
    pending.emplace_back(pin, spec_text.substr(eq + 1));
  }
  if (!ok) return std::nullopt;
  if (pending.empty()) {
    diag.error("cell.function", flag, "give at least one output function, e.g. --function 'Y=!(A&B)'");
    return std::nullopt;
  }

  const std::vector<std::string> inputs = cell.logic_inputs();
  for (auto& [pin, text] : pending) {
    auto f = BoolFunction::parse(text, diag, flag);
    if (!f) {
      ok = false;
      continue;
    }
    for (const std::string& v : f->variables()) {
      if (find_port(inputs, v) == nullptr) {
        diag.error("cell.function", flag, fmt::format("function of '{}' uses '{}', which is not an input port of {} (inputs: {})",
                                                      pin->name, v, sub->name, fmt::join(inputs, ", ")));
        ok = false;
      }
    }
    if (ok) pin->function = f->with_renamed_variables([&](const std::string& v) { return *find_port(inputs, v); });
  }
  if (!ok) return std::nullopt;
  if (inputs.size() > kMaxTruthTableInputs) {
    diag.error("cell.too-many-inputs", SourceLoc::at(netlist.file, sub->line),
               fmt::format(".subckt {} has more than {} inputs", sub->name, kMaxTruthTableInputs));
    return std::nullopt;
  }
  return cell;
}

}  // namespace rtmchar::netlist
