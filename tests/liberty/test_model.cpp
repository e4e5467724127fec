// Data model validation: every rule a client would silently mishandle is an error with an ID.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "liberty/model.h"
#include "synthetic.h"

using namespace rtmchar;
using namespace rtmchar::liberty;

namespace {
Library synth() {
  Diagnostics diag;
  auto lib = testlib::synthetic_library(diag);
  INFO(diag.str());
  REQUIRE(lib);
  return *lib;
}

bool has_id(const Diagnostics& d, const std::string& id) {
  for (const Diagnostic& x : d.all())
    if (x.id == id && x.severity == Severity::Error) return true;
  return false;
}

/// Validates `lib` and requires exactly that it fails with `id`.
void require_invalid(const Library& lib, const std::string& id) {
  Diagnostics d;
  CHECK_FALSE(lib.validate(d));
  INFO(d.str());
  CHECK(has_id(d, id));
}

Cell& cell(Library& l, const std::string& name) {
  auto it = std::find_if(l.cells.begin(), l.cells.end(), [&](const Cell& c) { return c.name == name; });
  REQUIRE(it != l.cells.end());
  return *it;
}
}  // namespace

TEST_CASE("templates reject non-increasing, empty and non-finite indices") {
  Diagnostics d;
  CHECK(TableTemplate::make("ok", TableTemplate::Kind::Delay, {{AxisVariable::InputNetTransition, {1e-12, 2e-12}}}, d));
  CHECK_FALSE(d.has_errors());
  CHECK_FALSE(TableTemplate::make("t", TableTemplate::Kind::Delay, {{AxisVariable::InputNetTransition, {2e-12, 2e-12}}}, d));
  CHECK(has_id(d, "liberty.bad-index"));
  CHECK(d.all().back().message.find("not strictly increasing at value 2") != std::string::npos);
  Diagnostics d2;
  CHECK_FALSE(TableTemplate::make("t", TableTemplate::Kind::Delay, {{AxisVariable::InputNetTransition, {}}}, d2));
  CHECK_FALSE(TableTemplate::make("t", TableTemplate::Kind::Delay, {{AxisVariable::InputNetTransition, {1.0, NAN}}}, d2));
  CHECK_FALSE(TableTemplate::make("t", TableTemplate::Kind::Delay, {}, d2));  // only "scalar" may have no axes
  CHECK(TableTemplate::make("scalar", TableTemplate::Kind::Delay, {}, d2));
  CHECK(d2.error_count() == 3);
}

TEST_CASE("tables must match their template's shape and be finite") {
  Diagnostics d;
  auto t = TableTemplate::make("t2", TableTemplate::Kind::Delay,
                               {{AxisVariable::InputNetTransition, {1e-12, 2e-12}}, {AxisVariable::TotalOutputNetCapacitance, {1e-15, 2e-15, 4e-15}}}, d);
  REQUIRE(t);
  auto ok = Table::make(Quantity::Time, t, {1, 2, 3, 4, 5, 6}, d);
  REQUIRE(ok);
  CHECK(ok->at(1, 2) == 6);  // row-major: index_1 selects the row
  CHECK(ok->at(0, 1) == 2);
  CHECK_FALSE(Table::make(Quantity::Time, t, {1, 2, 3, 4, 5}, d));
  CHECK_FALSE(Table::make(Quantity::Time, t, {1, 2, 3, 4, 5, INFINITY}, d));
  CHECK_FALSE(Table::make(Quantity::Time, nullptr, {1}, d));
  CHECK(d.error_count() == 3);
  CHECK(has_id(d, "liberty.bad-table"));
}

TEST_CASE("the synthetic library is valid and each broken variant names its problem") {
  Library good = synth();
  Diagnostics d;
  CHECK(good.validate(d));
  CHECK(d.all().empty());

  {
    Library l = good;
    cell(l, "INV").pins[1].function.clear();
    require_invalid(l, "liberty.no-function");
  }
  {
    Library l = good;
    cell(l, "INV").pins[1].timing[0].related_pin.clear();
    require_invalid(l, "liberty.no-related-pin");
  }
  {
    Library l = good;
    cell(l, "NAND2").pins[2].timing[1].related_pin = "C";
    require_invalid(l, "liberty.unknown-pin");
  }
  {
    Library l = good;
    l.default_operating_conditions = "fast";
    require_invalid(l, "liberty.no-operating-conditions");
  }
  {
    Library l = good;
    l.thresholds.slew_lower_rise = 90;
    require_invalid(l, "liberty.bad-threshold");
  }
  {
    Library l = good;
    auto& arc = cell(l, "INV").pins[1].timing[0];
    arc.rise_constraint = arc.cell_rise;
    require_invalid(l, "liberty.bad-arc");
  }
  {
    Library l = good;
    auto& arc = cell(l, "INV").pins[1].timing[0];
    arc.cell_rise->values.pop_back();
    require_invalid(l, "liberty.bad-table");
  }
  {
    Library l = good;
    cell(l, "INV").pins[1].power[0].rise_power->quantity = Quantity::Time;
    require_invalid(l, "liberty.bad-table");
  }
  {
    Library l = good;  // a template that is not the library's own
    Diagnostics dd;
    auto& arc = cell(l, "INV").pins[1].timing[0];
    arc.cell_rise->tmpl = TableTemplate::make("delay_4x4", TableTemplate::Kind::Delay, arc.cell_rise->tmpl->axes, dd);
    require_invalid(l, "liberty.unknown-template");
  }
  {
    Library l = good;
    cell(l, "RTM_SHIFT").user_groups[0].type = "pin";
    require_invalid(l, "liberty.bad-user-group");
  }
  {
    Library l = good;
    cell(l, "RTM_SHIFT").user_groups[0].attributes[0].quantity = Quantity::Energy;  // op_latency is a time
    require_invalid(l, "liberty.bad-user-attribute");
  }
  {
    Library l = good;  // a pin attribute of the wrong quantity
    cell(l, "RTM_SHIFT").pins[0].user_attributes[1].quantity = Quantity::Energy;  // rtm_access_latency
    require_invalid(l, "liberty.bad-user-attribute");
  }
  {
    Library l = good;  // a boolean holding a number
    cell(l, "RTM_SHIFT").pins[0].user_attributes[0].numbers = {1.0};
    require_invalid(l, "liberty.bad-user-attribute");
  }
  {
    Library l = good;  // a user pin attribute may not shadow a Liberty pin attribute
    cell(l, "RTM_SHIFT").pins[0].user_attributes.push_back(UserAttribute::boolean("three_state", true));
    require_invalid(l, "liberty.bad-user-attribute");
  }
  {
    Library l = good;
    cell(l, "RTM_SHIFT").pins[0].user_attributes.push_back(UserAttribute::boolean("rtm_operand", false));
    require_invalid(l, "liberty.duplicate");
  }
  {
    Library l = good;
    cell(l, "DFF").ff->clocked_on.clear();
    require_invalid(l, "liberty.bad-ff");
  }
  {
    Library l = good;
    l.cells.push_back(l.cells[0]);
    require_invalid(l, "liberty.duplicate");
  }
  {
    Library l = good;
    cell(l, "INV").pins[0].capacitance = -1e-15;
    require_invalid(l, "liberty.bad-capacitance");
  }
}

TEST_CASE("user attribute quantity follows the last word of its name") {
  CHECK(user_attribute_quantity("op_latency") == Quantity::Time);
  CHECK(user_attribute_quantity("min_pulse") == Quantity::Time);
  CHECK(user_attribute_quantity("rtm_shift_energy") == Quantity::Energy);
  CHECK(user_attribute_quantity("shift_current") == Quantity::Current);
  CHECK(user_attribute_quantity("rtm_domains") == Quantity::Dimensionless);
  CHECK(user_attribute_quantity("access_width") == Quantity::Dimensionless);
  CHECK(user_attribute_quantity("energy") == Quantity::Energy);
}

TEST_CASE("energy is scaled by voltage_unit x capacitive_load_unit") {
  Units u;
  u.voltage = 1.0;
  u.capacitance = 1e-12;
  CHECK(u.scale(Quantity::Energy) == Approx(1e-12));  // pJ
  u.capacitance = 1e-15;
  CHECK(u.scale(Quantity::Energy) == Approx(1e-15));  // fJ
}
