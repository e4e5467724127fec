#include "tech/model_card.h"

#include <fmt/format.h>

namespace rtmchar::tech {
namespace {

void append_model(std::string& out, const Technology& tech, std::string_view type, const std::string& name) {
  fmt::format_to(std::back_inserter(out), ".model {} {} level=54\n", name, type);
  std::string prefix = fmt::format("bsim4.{}.", type);
  for (const Value* v : tech.bsim4(type)) {
    std::string_view param = std::string_view(v->key).substr(prefix.size());
    fmt::format_to(std::back_inserter(out), "+ {}={}\n", param, v->kind == Kind::String ? v->text : format_value(*v));
  }
}

}  // namespace

std::string model_card(const Technology& tech) {
  if (auto file = tech.model_file()) {
    return fmt::format("* MOSFET models of technology {}: user model file\n.include \"{}\"\n", tech.name(), *file);
  }
  std::string out = fmt::format("* MOSFET models of technology {} (BSIM4, from its techfile)\n", tech.name());
  append_model(out, tech, "nmos", tech.nmos_model());
  append_model(out, tech, "pmos", tech.pmos_model());
  return out;
}

}  // namespace rtmchar::tech
