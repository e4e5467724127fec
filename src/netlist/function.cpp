#include "netlist/function.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace rtmchar::netlist {

std::string TruthTable::bits() const {
  std::string s;
  s.reserve(rows.size());
  for (bool b : rows) s += b ? '1' : '0';
  return s;
}

// Recursive-descent parser over the grammar (lowest precedence first):
//   or    := and  (('|' | '+') and)*
//   and   := xor  (('&' | '*' | <juxtaposition>) xor)*
//   xor   := unary ('^' unary)*
//   unary := '!' unary | primary '\''*
//   primary := identifier | '0' | '1' | '(' or ')'
// Identifiers are [A-Za-z_][A-Za-z0-9_]* with an optional bus index "[n]".
class FunctionParser {
 public:
  FunctionParser(std::string_view text, BoolFunction& f) : text_(text), f_(f) {}

  bool run() {
    f_.root_ = parse_or();
    if (f_.root_ < 0) return false;
    skip_space();
    if (pos_ < text_.size()) return fail(text_[pos_] == ')' ? "unmatched ')'" : "unexpected character");
    return true;
  }

  std::size_t error_pos() const { return err_pos_; }
  const std::string& error() const { return err_; }

 private:
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  char peek() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool fail(std::string msg) {
    if (err_.empty()) {
      err_ = std::move(msg);
      err_pos_ = pos_;
    }
    return false;
  }
  static bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool starts_primary(char c) { return ident_start(c) || c == '0' || c == '1' || c == '(' || c == '!'; }

  int add(BoolFunction::Op op, int a = -1, int b = -1) {
    f_.nodes_.push_back({op, a, b});
    return static_cast<int>(f_.nodes_.size()) - 1;
  }

  int parse_or() {
    int lhs = parse_and();
    while (lhs >= 0 && (peek() == '|' || peek() == '+')) {
      ++pos_;
      int rhs = parse_and();
      if (rhs < 0) return -1;
      lhs = add(BoolFunction::Op::Or, lhs, rhs);
    }
    return lhs;
  }

  int parse_and() {
    int lhs = parse_xor();
    while (lhs >= 0) {
      char c = peek();
      if (c == '&' || c == '*') {
        ++pos_;
      } else if (!starts_primary(c)) {
        break;  // juxtaposition needs an operand to follow
      }
      int rhs = parse_xor();
      if (rhs < 0) return -1;
      lhs = add(BoolFunction::Op::And, lhs, rhs);
    }
    return lhs;
  }

  int parse_xor() {
    int lhs = parse_unary();
    while (lhs >= 0 && peek() == '^') {
      ++pos_;
      int rhs = parse_unary();
      if (rhs < 0) return -1;
      lhs = add(BoolFunction::Op::Xor, lhs, rhs);
    }
    return lhs;
  }

  int parse_unary() {
    if (peek() == '!') {
      ++pos_;
      int operand = parse_unary();
      return operand < 0 ? -1 : add(BoolFunction::Op::Not, operand);
    }
    int n = parse_primary();
    while (n >= 0 && peek() == '\'') {
      ++pos_;
      n = add(BoolFunction::Op::Not, n);
    }
    return n;
  }

  int parse_primary() {
    char c = peek();
    if (c == '\0') return fail("unexpected end of expression, expected an operand"), -1;
    if (c == '(') {
      std::size_t open = pos_++;
      int inner = parse_or();
      if (inner < 0) return -1;
      if (peek() != ')') {
        pos_ = open;
        return fail("'(' is never closed"), -1;
      }
      ++pos_;
      return inner;
    }
    if (c == '0' || c == '1') {
      std::size_t start = pos_++;
      if (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        pos_ = start;
        return fail("a name must not start with a digit (constants are 0 and 1)"), -1;
      }
      return add(c == '0' ? BoolFunction::Op::Const0 : BoolFunction::Op::Const1);
    }
    if (ident_start(c)) return parse_identifier();
    return fail(fmt::format("unexpected '{}', expected a pin name, 0, 1, '!' or '('", c)), -1;
  }

  int parse_identifier() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '[') {
      std::size_t open = pos_++;
      std::size_t digits = pos_;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      if (pos_ == digits || pos_ >= text_.size() || text_[pos_] != ']') {
        pos_ = open;
        return fail("malformed bus index, expected [n]"), -1;
      }
      ++pos_;
    }
    std::string name(text_.substr(start, pos_ - start));
    auto it = std::find(f_.vars_.begin(), f_.vars_.end(), name);
    int index = static_cast<int>(it - f_.vars_.begin());
    if (it == f_.vars_.end()) f_.vars_.push_back(std::move(name));
    return add(BoolFunction::Op::Var, index);
  }

  std::string_view text_;
  BoolFunction& f_;
  std::size_t pos_ = 0;
  std::string err_;
  std::size_t err_pos_ = 0;
};

std::optional<BoolFunction> BoolFunction::parse(std::string_view text, Diagnostics& diag, const SourceLoc& where) {
  BoolFunction f;
  FunctionParser p(text, f);
  if (p.run()) return f;
  int column = static_cast<int>(p.error_pos()) + 1;
  SourceLoc loc = where;
  if (!loc.file.empty() && loc.column > 0) loc.column += column - 1;
  diag.error("function.syntax", loc, fmt::format("in function '{}' at column {}: {}", text, column, p.error()));
  return std::nullopt;
}

bool BoolFunction::uses(std::string_view name) const {
  return std::find(vars_.begin(), vars_.end(), name) != vars_.end();
}

bool BoolFunction::eval_node(int n, const std::vector<int>& var_pos, std::uint64_t assignment) const {
  const Node& node = nodes_[static_cast<std::size_t>(n)];
  switch (node.op) {
    case Op::Const0: return false;
    case Op::Const1: return true;
    case Op::Var: {
      int pos = var_pos[static_cast<std::size_t>(node.a)];
      return pos >= 0 && ((assignment >> pos) & 1U) != 0;
    }
    case Op::Not: return !eval_node(node.a, var_pos, assignment);
    case Op::And: return eval_node(node.a, var_pos, assignment) && eval_node(node.b, var_pos, assignment);
    case Op::Or: return eval_node(node.a, var_pos, assignment) || eval_node(node.b, var_pos, assignment);
    case Op::Xor: return eval_node(node.a, var_pos, assignment) != eval_node(node.b, var_pos, assignment);
  }
  return false;
}

bool BoolFunction::eval(const std::vector<std::string>& order, std::uint64_t assignment) const {
  std::vector<int> var_pos(vars_.size(), -1);
  for (std::size_t v = 0; v < vars_.size(); ++v) {
    auto it = std::find(order.begin(), order.end(), vars_[v]);
    if (it != order.end()) var_pos[v] = static_cast<int>(it - order.begin());
  }
  return eval_node(root_, var_pos, assignment);
}

TruthTable BoolFunction::truth_table(const std::vector<std::string>& inputs) const {
  TruthTable t;
  t.inputs = inputs;
  if (inputs.size() > kMaxTruthTableInputs) return t;
  std::vector<int> var_pos(vars_.size(), -1);
  for (std::size_t v = 0; v < vars_.size(); ++v) {
    auto it = std::find(inputs.begin(), inputs.end(), vars_[v]);
    if (it != inputs.end()) var_pos[v] = static_cast<int>(it - inputs.begin());
  }
  const std::uint64_t n = std::uint64_t{1} << inputs.size();
  t.rows.reserve(n);
  for (std::uint64_t r = 0; r < n; ++r) t.rows.push_back(eval_node(root_, var_pos, r));
  return t;
}

void BoolFunction::print(int n, std::string& out) const {
  const Node& node = nodes_[static_cast<std::size_t>(n)];
  auto operand = [&](int child) {
    const Node& c = nodes_[static_cast<std::size_t>(child)];
    bool binary = c.op == Op::And || c.op == Op::Or || c.op == Op::Xor;
    bool paren = binary && (node.op == Op::Not || c.op != node.op);
    if (paren) out += '(';
    print(child, out);
    if (paren) out += ')';
  };
  switch (node.op) {
    case Op::Const0: out += '0'; return;
    case Op::Const1: out += '1'; return;
    case Op::Var: out += vars_[static_cast<std::size_t>(node.a)]; return;
    case Op::Not: out += '!'; operand(node.a); return;
    case Op::And:
    case Op::Or:
    case Op::Xor:
      operand(node.a);
      out += node.op == Op::And ? '&' : node.op == Op::Or ? '|' : '^';
      operand(node.b);
      return;
  }
}

std::string BoolFunction::str() const {
  std::string out;
  print(root_, out);
  return out;
}

bool equivalent(const BoolFunction& f, const BoolFunction& g) {
  std::vector<std::string> inputs = f.variables();
  for (const std::string& v : g.variables()) {
    if (std::find(inputs.begin(), inputs.end(), v) == inputs.end()) inputs.push_back(v);
  }
  if (inputs.size() > kMaxTruthTableInputs) return false;
  return f.truth_table(inputs).rows == g.truth_table(inputs).rows;
}

}  // namespace rtmchar::netlist
