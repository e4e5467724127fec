// Generic Liberty parser: syntax tree with line numbers; errors carry file:line.
#include <catch2/catch.hpp>

#include "liberty/parser.h"

using namespace rtmchar;
using namespace rtmchar::liberty;

namespace {
const Diagnostic* first_error(const Diagnostics& d) {
  for (const Diagnostic& x : d.all())
    if (x.severity == Severity::Error) return &x;
  return nullptr;
}
}  // namespace

TEST_CASE("parser builds a tree with line numbers on every node") {
  const char* text =
      "/* header\n"
      "   comment */\n"
      "library (demo) {\n"                                  // 3
      "  delay_model : table_lookup ;\n"                    // 4
      "  capacitive_load_unit (1, pf);\n"                   // 5
      "  define (my_energy, cell, float);\n"                // 6
      "  define_group (my_op, cell);\n"                     // 7
      "  cell (INV) {\n"                                    // 8
      "    pin (Y) { function : \"!A\"; when : A & !B\n"    // 9
      "    }\n"
      "    values (\"1, 2\", \\\n"                          // 11
      "            \"3, 4\");\n"                            // 12
      "    my_op (shift) { my_energy : 1.5e-3; }\n"         // 13
      "  }\n"
      "}\n";
  Diagnostics diag;
  auto tree = parse_liberty(text, "demo.lib", diag);
  INFO(diag.str());
  REQUIRE(tree);
  CHECK(tree->name == "library");
  CHECK(tree->line == 3);
  REQUIRE(tree->args.size() == 1);
  CHECK(tree->args[0].text == "demo");
  const SyntaxValue* dm = tree->simple("delay_model");
  REQUIRE(dm);
  CHECK(dm->text == "table_lookup");
  CHECK(dm->line == 4);
  const SyntaxNode* cap = tree->find("capacitive_load_unit");
  REQUIRE(cap);
  CHECK(cap->kind == SyntaxNode::Kind::Complex);
  REQUIRE(cap->args.size() == 2);
  CHECK(cap->args[1].text == "pf");
  const SyntaxNode* def = tree->find("define_group");
  REQUIRE(def);
  CHECK(def->line == 7);
  const SyntaxNode* cell = tree->find("cell");
  REQUIRE(cell);
  CHECK(cell->line == 8);
  const SyntaxNode* pin = cell->find("pin");
  REQUIRE(pin);
  CHECK(pin->line == 9);
  REQUIRE(pin->simple("function"));
  CHECK(pin->simple("function")->text == "!A");
  CHECK(pin->simple("function")->line == 9);
  REQUIRE(pin->simple("when"));
  CHECK(pin->simple("when")->text == "A & !B");  // unquoted multi-word value ends at the line end
  const SyntaxNode* values = cell->find("values");
  REQUIRE(values);
  CHECK(values->line == 11);
  REQUIRE(values->args.size() == 2);
  CHECK(values->args[0].text == "1, 2");
  CHECK(values->args[1].line == 12);  // after a line continuation
  const SyntaxNode* op = cell->find("my_op");
  REQUIRE(op);
  CHECK(op->kind == SyntaxNode::Kind::Group);
  CHECK(op->simple("my_energy")->text == "1.5e-3");
}

TEST_CASE("parser errors name the file and the line") {
  struct Case {
    const char* text;
    int line;
    const char* needle;
  };
  const Case cases[] = {
      {"library (x) {\n  area 1.0;\n}\n", 2, "expected ':' or '('"},
      {"library (x) {\n  time_unit : \"1ns;\n}\n", 2, "unterminated string"},
      {"library (x) {\n  cell (a) {\n    area : 1;\n", 2, "not closed"},
      {"library (x) {\n  /* open comment\n\n", 2, "unterminated /* comment"},
      {"library (x) {\n  a : 1;\n}\nlibrary (y) { }\n", 4, "after the end of group"},
      {"library (x) {\n  index_1 (\"1\" \"2\");\n}\n", 2, "expected ',' or ')'"},
      {"library (x) {\n  a : 1 b : 2;\n}\n", 2, "expected ';'"},
      {"", 1, "empty file"},
  };
  for (const Case& c : cases) {
    Diagnostics diag;
    auto tree = parse_liberty(c.text, "bad.lib", diag);
    INFO(c.text << "\n" << diag.str());
    CHECK_FALSE(tree);
    const Diagnostic* e = first_error(diag);
    REQUIRE(e);
    CHECK(e->id == "liberty.syntax");
    CHECK(e->loc.file == "bad.lib");
    CHECK(e->loc.line == c.line);
    CHECK(e->message.find(c.needle) != std::string::npos);
  }
}

TEST_CASE("'//' comments are read with a warning, because OpenSTA rejects them") {
  Diagnostics diag;
  auto tree = parse_liberty("library (x) {\n  // note\n  a : 1;\n}\n", "c.lib", diag);
  REQUIRE(tree);
  CHECK_FALSE(diag.has_errors());
  REQUIRE(diag.all().size() == 1);
  CHECK(diag.all()[0].id == "liberty.line-comment");
  CHECK(diag.all()[0].loc.line == 2);
  CHECK(tree->simple("a")->text == "1");
}
