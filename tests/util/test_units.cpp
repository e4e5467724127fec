#include <catch2/catch.hpp>

#include "util/units.h"

using namespace rtmchar::units;
using Catch::Detail::Approx;

TEST_CASE("SPICE numbers with scale suffixes") {
  CHECK(*parse_spice_number("1.5") == 1.5);
  CHECK(*parse_spice_number("10p") == Approx(10e-12));
  CHECK(*parse_spice_number("10pF") == Approx(10e-12));
  CHECK(*parse_spice_number("2meg") == Approx(2e6));
  CHECK(*parse_spice_number("2MEG") == Approx(2e6));
  CHECK(*parse_spice_number("5m") == Approx(5e-3));
  CHECK(*parse_spice_number("5M") == Approx(5e-3));  // SPICE: M is milli
  CHECK(*parse_spice_number("1e-9") == Approx(1e-9));
  CHECK(*parse_spice_number("-3.3k") == Approx(-3300));
  CHECK(*parse_spice_number("+4") == 4);
  CHECK_FALSE(parse_spice_number("abc"));
  CHECK_FALSE(parse_spice_number(""));
  CHECK_FALSE(parse_spice_number("1.2.3"));
  CHECK_FALSE(parse_spice_number("5u3"));
}

TEST_CASE("quantities with units convert to SI") {
  auto q = [](std::string_view t, std::string_view u) {
    return parse_quantity(t, u, UnitPolicy::Required);
  };
  CHECK(*q("0.9 V", "V") == Approx(0.9));
  CHECK(*q("145uA", "A") == Approx(145e-6));
  CHECK(*q("145 µA", "A") == Approx(145e-6));
  CHECK(*q("32 nm", "m") == Approx(32e-9));
  CHECK(*q("5 m", "m") == Approx(5.0));
  CHECK(*q("1.5mm", "m") == Approx(1.5e-3));
  CHECK(*q("2 ns", "s") == Approx(2e-9));
  CHECK(*q("1.2 fF", "F") == Approx(1.2e-15));
  CHECK(*q("6 kOhm", "Ohm") == Approx(6000));
  CHECK(*q("6 kohm", "Ohm") == Approx(6000));
  CHECK(*q("1 megOhm", "Ohm") == Approx(1e6));
  CHECK(*q("5.4 Ohm*um^2", "Ohm*m^2") == Approx(5.4e-12));
  CHECK(*q("0.2 fF/um", "F/m") == Approx(0.2e-15 / 1e-6));
  CHECK(*q("4.8e-7 Ohm*m", "Ohm*m") == Approx(4.8e-7));
  CHECK(*q("1e10 A/m^2", "A/m^2") == Approx(1e10));
  CHECK(*q("0.19 pJ", "J") == Approx(0.19e-12));
  CHECK(*q("7.5e-11 m^3/A/s", "m^3/A/s") == Approx(7.5e-11));
  CHECK(*q("139 %", "1") == Approx(1.39));
  CHECK(*q("25 degC", "degC") == Approx(25));
  // Same dimension, different spelling of the expected unit.
  CHECK(*q("1 V/A", "Ohm") == Approx(1.0));
  CHECK(*q("1 A*s/V", "F") == Approx(1.0));
}

TEST_CASE("quantity errors say why") {
  std::string why;
  CHECK_FALSE(parse_quantity("145 uV", "A", UnitPolicy::Required, &why));
  CHECK(why.find("uV") != std::string::npos);
  CHECK_FALSE(parse_quantity("0.9", "V", UnitPolicy::Required, &why));
  CHECK(why.find("no unit") != std::string::npos);
  CHECK_FALSE(parse_quantity("145u", "A", UnitPolicy::Required, &why));
  CHECK_FALSE(parse_quantity("1 furlong", "m", UnitPolicy::Required, &why));
  CHECK(why.find("furlong") != std::string::npos);
  CHECK_FALSE(parse_quantity("fast", "s", UnitPolicy::Required, &why));
}

TEST_CASE("optional units accept SPICE-style numbers") {
  CHECK(*parse_quantity("2f", "F", UnitPolicy::Optional) == Approx(2e-15));
  CHECK(*parse_quantity("20p", "s", UnitPolicy::Optional) == Approx(20e-12));
  CHECK(*parse_quantity("1.1", "V", UnitPolicy::Optional) == Approx(1.1));
  CHECK(*parse_quantity("2fF", "F", UnitPolicy::Optional) == Approx(2e-15));
}

TEST_CASE("number formatting is exact and locale-free") {
  CHECK(format_number(0.9) == "0.9");
  CHECK(format_number(1e-15) == "1e-15");
  CHECK(format_sig(1.23456789e-12, 4) == "1.235e-12");
  CHECK(format_eng(1.45e-4, "A") == "145 uA");
  CHECK(format_eng(6000, "Ohm") == "6 kOhm");
  CHECK(format_eng(-2.5e-15, "J") == "-2.5 fJ");
}
