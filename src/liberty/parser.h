#pragma once
// Generic Liberty parser: text -> syntax tree of groups and attributes, with the line number of
// every node and value. It knows no Liberty semantics (that is builder.h), so it reads any
// library, including other tools' reference libraries.
//
// Grammar (Liberty reference manual, "Syntax"):
//   statement := NAME ':' value ';'?                      simple attribute
//              | NAME '(' [value {',' value}] ')' ';'?    complex attribute (incl. define, define_group)
//              | NAME '(' [value {',' value}] ')' '{' statement* '}' ';'?   group
//   value     := quoted string | bare word (identifier, number, expression without blanks)
// Comments are /* ... */; a backslash before a line end continues the line. '//' comments are
// not Liberty (OpenSTA rejects them); the parser reads them with a warning.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/diag.h"

namespace rtmchar::liberty {

struct SyntaxValue {
  std::string text;     ///< without quotes
  bool quoted = false;
  int line = 0;
};

struct SyntaxNode {
  enum class Kind { Simple, Complex, Group };
  Kind kind = Kind::Simple;
  std::string name;                 ///< keyword, e.g. "cell", "index_1", "area"
  std::vector<SyntaxValue> args;    ///< Complex and Group: the parenthesised values; Simple: one value
  std::vector<SyntaxNode> children; ///< Group only
  int line = 0;                     ///< 1-based line of the keyword

  /// First child with this name (any kind), or nullptr.
  const SyntaxNode* find(std::string_view child_name) const;
  /// The single value of a simple attribute child, or nullptr if absent.
  const SyntaxValue* simple(std::string_view child_name) const;
};

/// Parses Liberty text. `file` is used only for diagnostic locations. On a syntax error reports
/// liberty.syntax with file:line:column and returns nullopt. The result is the top-level group
/// (normally `library`); text after it is an error.
std::optional<SyntaxNode> parse_liberty(std::string_view text, const std::string& file, Diagnostics& diag);

}  // namespace rtmchar::liberty
