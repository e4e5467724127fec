#pragma once
// Boolean functions in Liberty syntax ("A^B^C", "(A&B)|(A&C)|(B&C)", "!A", "A'", "A B", "A+B"):
// parsing with column-accurate diagnostics, evaluation, truth tables, canonical printing and
// equivalence by exhaustive truth table.
//
// Operator precedence follows the Liberty reference manual (and OpenSTA's liberty expression
// grammar), highest first: inversion (prefix `!`, postfix `'`), XOR `^`, AND (`&`, `*` or
// juxtaposition `A B`), OR (`|`, `+`). Binary operators associate to the left.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/diag.h"

namespace rtmchar::netlist {

/// The largest number of distinct variables a truth table may have (2^16 rows).
inline constexpr std::size_t kMaxTruthTableInputs = 16;

/// A complete truth table over an ordered list of inputs. Row r assigns input i the value of bit
/// i of r (inputs[0] is the least significant bit).
struct TruthTable {
  std::vector<std::string> inputs;
  std::vector<bool> rows;  ///< size 2^inputs.size()

  bool operator==(const TruthTable&) const = default;
  /// The rows as a bit string, row 0 first (e.g. "0110" for A^B over {A,B}).
  std::string bits() const;
};

/// An immutable parsed Boolean expression.
class BoolFunction {
 public:
  /// Parses `text`. On a syntax error reports id "function.syntax" at `where` and returns nullopt;
  /// the message names the 1-based column within `text` (and, when `where` has a file and a
  /// column, the diagnostic's column is where.column + offset).
  static std::optional<BoolFunction> parse(std::string_view text, Diagnostics& diag, const SourceLoc& where);

  /// The distinct variable names in order of first appearance.
  const std::vector<std::string>& variables() const { return vars_; }
  bool uses(std::string_view name) const;

  /// Evaluates with variable i of `order` taking bit i of `assignment`. Every variable of the
  /// function must appear in `order` (checked by the caller; a missing variable is a bug and
  /// evaluates as false).
  bool eval(const std::vector<std::string>& order, std::uint64_t assignment) const;

  /// The truth table over `inputs` (which must cover variables() and have at most
  /// kMaxTruthTableInputs entries).
  TruthTable truth_table(const std::vector<std::string>& inputs) const;

  /// A copy whose variables are renamed by `rename` (e.g. to the spelling of a SPICE port that
  /// matched case-insensitively). Two variables must not be renamed to the same name.
  template <typename Rename>
  BoolFunction with_renamed_variables(Rename&& rename) const {
    BoolFunction f = *this;
    for (std::string& v : f.vars_) v = rename(v);
    return f;
  }

  /// Canonical Liberty text: `!` for inversion, `&`, `|`, `^`; a chain of one operator is printed
  /// flat, and an operand whose operator differs from its parent's is parenthesised, so the text
  /// means the same to every reader regardless of its precedence rules ("(A&B)|(A&C)|(B&C)").
  std::string str() const;

 private:
  enum class Op : std::uint8_t { Const0, Const1, Var, Not, And, Or, Xor };
  struct Node {
    Op op;
    int a = -1;  ///< first operand (Not, binary) or variable index (Var)
    int b = -1;  ///< second operand (binary)
  };
  friend class FunctionParser;

  bool eval_node(int n, const std::vector<int>& var_pos, std::uint64_t assignment) const;
  void print(int n, std::string& out) const;

  std::vector<Node> nodes_;
  int root_ = -1;
  std::vector<std::string> vars_;
};

/// True if `f` and `g` have equal truth tables over the union of their variables (a variable that
/// only one of them uses must then not matter). Both must have at most kMaxTruthTableInputs
/// distinct variables together; otherwise returns false.
bool equivalent(const BoolFunction& f, const BoolFunction& g);

}  // namespace rtmchar::netlist
