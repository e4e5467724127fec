#include "liberty/parser.h"

#include <fmt/format.h>

namespace rtmchar::liberty {

const SyntaxNode* SyntaxNode::find(std::string_view child_name) const {
  for (const SyntaxNode& c : children)
    if (c.name == child_name) return &c;
  return nullptr;
}

const SyntaxValue* SyntaxNode::simple(std::string_view child_name) const {
  for (const SyntaxNode& c : children)
    if (c.name == child_name && c.kind == Kind::Simple && !c.args.empty()) return &c.args[0];
  return nullptr;
}

namespace {

struct Token {
  enum class Kind { Word, String, Punct, End };
  Kind kind = Kind::End;
  std::string text;
  int line = 0, column = 0;
  bool newline_before = false;  ///< a line break separates it from the previous token
};

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& file, Diagnostics& diag) : s_(text), file_(file), diag_(diag) {}

  /// Next token; Kind::End at end of input or after an error (failed() tells which).
  Token next() {
    bool nl = skip_space();
    Token t;
    t.line = line_;
    t.column = col();
    t.newline_before = nl;
    if (failed_ || pos_ >= s_.size()) return t;
    char c = s_[pos_];
    if (c == '"') return string_token(t);
    if (is_punct(c)) {
      t.kind = Token::Kind::Punct;
      t.text = std::string(1, c);
      ++pos_;
      return t;
    }
    t.kind = Token::Kind::Word;
    int bracket = 0;
    while (pos_ < s_.size()) {
      char d = s_[pos_];
      if (d == '[') ++bracket;
      if (d == ']') --bracket;
      if (is_space(d) || d == '"' || (is_punct(d) && !(d == ':' && bracket > 0)) || starts_comment() || continuation())
        break;
      t.text += d;
      ++pos_;
    }
    return t;
  }

  bool failed() const { return failed_; }
  void error(int line, int column, std::string msg) {
    if (failed_) return;
    diag_.error("liberty.syntax", SourceLoc::at(file_, line, column), std::move(msg));
    failed_ = true;
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
  static bool is_punct(char c) { return c == '(' || c == ')' || c == '{' || c == '}' || c == ':' || c == ';' || c == ','; }
  bool starts_comment() const { return pos_ + 1 < s_.size() && s_[pos_] == '/' && (s_[pos_ + 1] == '*' || s_[pos_ + 1] == '/'); }
  int col() const { return static_cast<int>(pos_ - line_start_) + 1; }
  void newline() {
    ++line_;
    line_start_ = pos_ + 1;
  }

  /// A backslash followed by optional blanks and a line end: a line continuation.
  bool continuation() const {
    if (pos_ >= s_.size() || s_[pos_] != '\\') return false;
    std::size_t p = pos_ + 1;
    while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t' || s_[p] == '\r')) ++p;
    return p >= s_.size() || s_[p] == '\n';
  }

  /// Skips blanks, comments and continuations; returns whether a (non-continued) line end was seen.
  bool skip_space() {
    bool nl = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        newline();
        nl = true;
        ++pos_;
      } else if (is_space(c)) {
        ++pos_;
      } else if (continuation()) {
        while (s_[pos_] != '\n' && pos_ < s_.size()) ++pos_;
        if (pos_ < s_.size()) {
          newline();
          ++pos_;
        }
      } else if (starts_comment() && s_[pos_ + 1] == '*') {
        int l = line_, cl = col();
        pos_ += 2;
        while (pos_ + 1 < s_.size() && !(s_[pos_] == '*' && s_[pos_ + 1] == '/')) {
          if (s_[pos_] == '\n') newline();
          ++pos_;
        }
        if (pos_ + 1 >= s_.size()) {
          error(l, cl, "unterminated /* comment");
          pos_ = s_.size();
          return nl;
        }
        pos_ += 2;
      } else if (starts_comment()) {
        diag_.warning("liberty.line-comment", SourceLoc::at(file_, line_, col()),
                      "'//' comment is not Liberty (OpenSTA rejects it)");
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
    return nl;
  }

  Token string_token(Token t) {
    t.kind = Token::Kind::String;
    ++pos_;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      if (s_[pos_] == '\\' && continuation()) {  // continued string: drop backslash and line end
        while (s_[pos_] != '\n') ++pos_;
        newline();
        ++pos_;
        continue;
      }
      if (s_[pos_] == '\n') break;
      t.text += s_[pos_++];
    }
    if (pos_ >= s_.size() || s_[pos_] != '"') {
      error(t.line, t.column, "unterminated string");
      t.kind = Token::Kind::End;
      return t;
    }
    ++pos_;
    return t;
  }

  std::string_view s_;
  const std::string& file_;
  Diagnostics& diag_;
  std::size_t pos_ = 0, line_start_ = 0;
  int line_ = 1;
  bool failed_ = false;
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, Diagnostics& diag) : lex_(text, file, diag) { advance(); }

  std::optional<SyntaxNode> run() {
    if (tok_.kind == Token::Kind::End) {
      lex_.error(tok_.line, tok_.column, "empty file: no library group");
      return std::nullopt;
    }
    auto top = statement(0);
    if (!top) return std::nullopt;
    if (top->kind != SyntaxNode::Kind::Group) {
      lex_.error(top->line, 1, fmt::format("expected a group at top level, found attribute '{}'", top->name));
      return std::nullopt;
    }
    if (tok_.kind != Token::Kind::End) {
      lex_.error(tok_.line, tok_.column, fmt::format("unexpected '{}' after the end of group '{}'", tok_.text, top->name));
      return std::nullopt;
    }
    if (lex_.failed()) return std::nullopt;
    return top;
  }

 private:
  void advance() { tok_ = lex_.next(); }
  bool is(const char* punct) const { return tok_.kind == Token::Kind::Punct && tok_.text == punct; }
  std::string describe() const {
    if (tok_.kind == Token::Kind::End) return "end of file";
    if (tok_.kind == Token::Kind::String) return fmt::format("string \"{}\"", tok_.text);
    return fmt::format("'{}'", tok_.text);
  }
  bool fail(std::string msg) {
    lex_.error(tok_.line, tok_.column, std::move(msg));
    return false;
  }

  std::optional<SyntaxNode> statement(int depth) {
    if (depth > 64) {
      fail("groups nested deeper than 64 levels");
      return std::nullopt;
    }
    if (tok_.kind != Token::Kind::Word) {
      fail(fmt::format("expected an attribute or group name, found {}", describe()));
      return std::nullopt;
    }
    SyntaxNode n;
    n.name = tok_.text;
    n.line = tok_.line;
    advance();
    if (is(":")) {
      advance();
      if (!simple_value(n)) return std::nullopt;
      if (is(";")) advance();
      return n;
    }
    if (!is("(")) {
      fail(fmt::format("expected ':' or '(' after '{}', found {}", n.name, describe()));
      return std::nullopt;
    }
    advance();
    if (!arguments(n)) return std::nullopt;
    if (is("{")) {
      n.kind = SyntaxNode::Kind::Group;
      advance();
      while (!is("}")) {
        if (tok_.kind == Token::Kind::End) {
          if (!lex_.failed()) lex_.error(n.line, 1, fmt::format("group '{}' is not closed with '}}'", n.name));
          return std::nullopt;
        }
        auto child = statement(depth + 1);
        if (!child) return std::nullopt;
        n.children.push_back(std::move(*child));
      }
      advance();
    } else {
      n.kind = SyntaxNode::Kind::Complex;
    }
    if (is(";")) advance();
    return n;
  }

  /// value after ':' — one string, or bare words up to ';' or the end of the line (so that
  /// unquoted expressions such as `when : A & !B;` are read whole).
  bool simple_value(SyntaxNode& n) {
    n.kind = SyntaxNode::Kind::Simple;
    if (tok_.kind == Token::Kind::String) {
      n.args.push_back({tok_.text, true, tok_.line});
      advance();
      return true;
    }
    if (tok_.kind != Token::Kind::Word) return fail(fmt::format("expected a value for '{}', found {}", n.name, describe()));
    SyntaxValue v{tok_.text, false, tok_.line};
    advance();
    while (tok_.kind == Token::Kind::Word && !tok_.newline_before) {
      v.text += ' ' + tok_.text;
      advance();
    }
    n.args.push_back(std::move(v));
    if (!is(";") && !tok_.newline_before && !is("}"))
      return fail(fmt::format("expected ';' after the value of '{}', found {}", n.name, describe()));
    return true;
  }

  bool arguments(SyntaxNode& n) {
    if (is(")")) {
      advance();
      return true;
    }
    while (true) {
      if (tok_.kind != Token::Kind::Word && tok_.kind != Token::Kind::String)
        return fail(fmt::format("expected a value in '{} (...)', found {}", n.name, describe()));
      SyntaxValue v{tok_.text, tok_.kind == Token::Kind::String, tok_.line};
      advance();
      while (tok_.kind == Token::Kind::Word && !v.quoted) {  // unquoted multi-word argument
        v.text += ' ' + tok_.text;
        advance();
      }
      n.args.push_back(std::move(v));
      if (is(")")) {
        advance();
        return true;
      }
      if (!is(",")) return fail(fmt::format("expected ',' or ')' in '{} (...)', found {}", n.name, describe()));
      advance();
    }
  }

  Lexer lex_;
  Token tok_;
};

}  // namespace

std::optional<SyntaxNode> parse_liberty(std::string_view text, const std::string& file, Diagnostics& diag) {
  return Parser(text, file, diag).run();
}

}  // namespace rtmchar::liberty
