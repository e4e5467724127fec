#include "netlist/spice.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <set>

#include "util/fs.h"

namespace rtmchar::netlist {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_assignment(std::string_view token) { return token.find('=') != std::string_view::npos; }

// Removes an end-of-line comment: ';' anywhere, or '$' preceded by white space (ngspice), both
// outside quotes and braces.
std::string_view strip_comment(std::string_view line) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    else if (c == '{') ++depth;
    else if (c == '}') --depth;
    else if (depth == 0 && (c == ';' || (c == '$' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1]))))))
      return line.substr(0, i);
  }
  return line;
}

// Splits a logical line into tokens on white space, keeping quoted strings and {..}/(..)
// expressions whole, and joining "k = v" into "k=v".
std::vector<std::string> tokenize(std::string_view line) {
  std::vector<std::string> raw;
  std::string cur;
  int depth = 0;
  char quote = 0;
  for (char c : line) {
    if (quote != 0) {
      cur += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    if (c == '{' || c == '(') ++depth;
    if (c == '}' || c == ')') --depth;
    if (depth <= 0 && std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) raw.push_back(std::move(cur));
      cur.clear();
      depth = 0;
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) raw.push_back(std::move(cur));
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!tokens.empty() && (raw[i].front() == '=' || tokens.back().back() == '=')) {
      tokens.back() += raw[i];
    } else {
      tokens.push_back(raw[i]);
    }
  }
  return tokens;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

struct LogicalLine {
  std::string text;
  int line = 0;
};

// Joins continuation lines and drops comments and blank lines. A '+' line continues the last card
// (comment lines may sit in between, as SPICE allows); a `*.PININFO` comment becomes a pseudo card
// ".PININFO ..." that Calibre continues with "*+" lines.
bool logical_lines(std::string_view text, const std::string& file, Diagnostics& diag, std::vector<LogicalLine>& out) {
  bool ok = true;
  int line_no = 0;
  std::size_t pos = 0;
  constexpr std::size_t kNone = std::string_view::npos;
  std::size_t last_card = kNone;     // index in `out` of the last real card
  std::size_t open_pininfo = kNone;  // index of a *.PININFO line that "*+" may continue
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::size_t first = raw.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    raw.remove_prefix(first);
    if (raw.front() == '*') {
      if (raw.size() > 9 && lower(raw.substr(0, 9)) == "*.pininfo") {
        open_pininfo = out.size();
        out.push_back({std::string(raw.substr(1)), line_no});
      } else if (open_pininfo != kNone && raw.size() > 2 && raw[1] == '+') {
        out[open_pininfo].text += ' ';
        out[open_pininfo].text += raw.substr(2);
      } else {
        open_pininfo = kNone;
      }
      continue;
    }
    std::string_view body = strip_comment(raw);
    if (body.empty()) continue;
    if (body.front() == '+') {
      if (last_card == kNone) {
        diag.error("netlist.continuation", SourceLoc::at(file, line_no),
                   "continuation line '+' with no line before it to continue");
        ok = false;
        continue;
      }
      out[last_card].text += ' ';
      out[last_card].text += body.substr(1);
      continue;
    }
    if (body.find_first_not_of(" \t") == std::string_view::npos) continue;
    open_pininfo = kNone;
    last_card = out.size();
    out.push_back({std::string(body), line_no});
  }
  return ok;
}

std::size_t fixed_node_count(char type) {
  switch (type) {
    case 'r': case 'c': case 'l': case 'd': case 'v': case 'i': case 'f': case 'h': case 'b': return 2;
    case 'q': case 'j': return 3;
    case 'm': case 'e': case 'g': return 4;
    default: return 0;
  }
}

class SpiceParser {
 public:
  SpiceParser(const std::string& file, Diagnostics& diag) : file_(file), diag_(diag) { net_.file = file; }

  std::optional<SpiceNetlist> run(std::string_view text) {
    std::vector<LogicalLine> lines;
    bool ok = logical_lines(text, file_, diag_, lines);
    bool in_control = false;
    for (const LogicalLine& l : lines) {
      std::vector<std::string> tokens = tokenize(l.text);
      if (tokens.empty()) continue;
      std::string card = lower(tokens[0]);
      if (in_control) {
        in_control = card != ".endc";
        continue;
      }
      if (card == ".end") break;
      if (card == ".control") in_control = true;
      else if (card[0] == '.') ok = dot_card(card, tokens, l) && ok;
      else ok = element(tokens, l) && ok;
    }
    for (const SpiceSubckt& open : open_) {
      error("netlist.unclosed-subckt", open.line, fmt::format(".subckt {} is never closed by .ends", open.name));
      ok = false;
    }
    if (!ok) return std::nullopt;
    return std::move(net_);
  }

 private:
  void error(const char* id, int line, std::string msg) { diag_.error(id, SourceLoc::at(file_, line), std::move(msg)); }

  bool dot_card(const std::string& card, const std::vector<std::string>& tokens, const LogicalLine& l) {
    if (card == ".subckt") return open_subckt(tokens, l);
    if (card == ".ends") return close_subckt(l);
    if (card == ".include" || card == ".inc" || card == ".lib") {
      if (tokens.size() < 2) {
        error("netlist.include", l.line, fmt::format("{} names no file", tokens[0]));
        return false;
      }
      net_.includes.push_back({l.text, unquote(tokens[1]), l.line});
    }
    if (card == ".pininfo" && !open_.empty()) {
      for (std::size_t i = 1; i < tokens.size(); ++i) {
        std::size_t colon = tokens[i].rfind(':');
        if (colon == std::string::npos || colon + 2 != tokens[i].size()) continue;
        char type = static_cast<char>(std::toupper(static_cast<unsigned char>(tokens[i].back())));
        open_.back().pininfo.emplace_back(tokens[i].substr(0, colon), type);
      }
    }
    return true;  // other dot cards (.param, .model, .global, .option, ...) are left to ngspice
  }

  bool open_subckt(const std::vector<std::string>& tokens, const LogicalLine& l) {
    if (tokens.size() < 2 || is_assignment(tokens[1])) {
      error("netlist.subckt-name", l.line, ".subckt has no name");
      return false;
    }
    SpiceSubckt s;
    s.name = tokens[1];
    s.line = l.line;
    for (std::size_t i = 2; i < tokens.size(); ++i) {
      if (lower(tokens[i]) == "params:") continue;
      if (is_assignment(tokens[i])) s.params.push_back(tokens[i]);
      else if (s.params.empty()) s.ports.push_back(tokens[i]);
    }
    open_.push_back(std::move(s));
    return true;
  }

  bool close_subckt(const LogicalLine& l) {
    if (open_.empty()) {
      error("netlist.stray-ends", l.line, ".ends without a matching .subckt");
      return false;
    }
    SpiceSubckt s = std::move(open_.back());
    open_.pop_back();
    if (net_.find(s.name) != nullptr) {
      error("netlist.duplicate-subckt", s.line,
            fmt::format(".subckt {} is defined twice (first at line {})", s.name, net_.find(s.name)->line));
      return false;
    }
    net_.subckts.push_back(std::move(s));
    return true;
  }

  bool element(std::vector<std::string>& tokens, const LogicalLine& l) {
    SpiceElement e;
    e.name = tokens[0];
    e.tokens.assign(tokens.begin() + 1, tokens.end());
    e.line = l.line;
    std::size_t need = fixed_node_count(e.type());
    if (e.type() == 'x') need = 1;  // at least the subcircuit name
    std::size_t have = 0;
    for (const std::string& t : e.tokens) have += is_assignment(t) ? 0 : 1;
    if (have < need) {
      error("netlist.element", l.line,
            fmt::format("element {} needs at least {} node(s) but has {}", e.name, need, have));
      return false;
    }
    (open_.empty() ? net_.top_elements : open_.back().elements).push_back(std::move(e));
    return true;
  }

  const std::string& file_;
  Diagnostics& diag_;
  SpiceNetlist net_;
  std::vector<SpiceSubckt> open_;
};

}  // namespace

bool spice_name_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

char SpiceElement::type() const {
  return name.empty() ? '\0' : static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
}

std::vector<std::string> SpiceElement::nodes() const {
  std::vector<std::string> positional;
  for (const std::string& t : tokens) {
    if (!is_assignment(t)) positional.push_back(t);
  }
  std::size_t n = fixed_node_count(type());
  if (type() == 'x') n = positional.empty() ? 0 : positional.size() - 1;
  n = std::min(n, positional.size());
  return {positional.begin(), positional.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::vector<std::string> SpiceSubckt::internal_nodes() const {
  std::set<std::string> ports_lc;
  for (const std::string& p : ports) ports_lc.insert(lower(p));
  std::set<std::string> nodes;
  for (const SpiceElement& e : elements) {
    for (const std::string& n : e.nodes()) {
      std::string lc = lower(n);
      if (ports_lc.count(lc) == 0 && lc != "0") nodes.insert(lc);
    }
  }
  return {nodes.begin(), nodes.end()};
}

const SpiceSubckt* SpiceNetlist::find(std::string_view name) const {
  for (const SpiceSubckt& s : subckts) {
    if (spice_name_equal(s.name, name)) return &s;
  }
  return nullptr;
}

std::optional<SpiceNetlist> parse_spice(std::string_view text, const std::string& file, Diagnostics& diag) {
  return SpiceParser(file, diag).run(text);
}

std::optional<SpiceNetlist> load_spice(const std::filesystem::path& path, Diagnostics& diag) {
  std::string why;
  auto text = read_file(path, why);
  if (!text) {
    diag.error("netlist.read", SourceLoc::at(path.string()), fmt::format("cannot read netlist: {}", why));
    return std::nullopt;
  }
  return parse_spice(*text, path.string(), diag);
}

const SpiceSubckt* require_subckt(const SpiceNetlist& netlist, std::string_view name, Diagnostics& diag,
                                  const SourceLoc& where) {
  if (const SpiceSubckt* s = netlist.find(name)) return s;
  std::string known;
  for (const SpiceSubckt& s : netlist.subckts) known += (known.empty() ? "" : ", ") + s.name;
  diag.error("netlist.no-subckt", where,
             fmt::format("no .subckt '{}' in {} (it defines: {})", name, netlist.file, known.empty() ? "none" : known));
  return nullptr;
}

bool is_common_supply_name(std::string_view name) {
  for (std::string_view n : {"vdd", "vcc", "vpwr", "vpb", "vdd!", "vcc!"}) {
    if (spice_name_equal(name, n)) return true;
  }
  return false;
}

bool is_common_ground_name(std::string_view name) {
  for (std::string_view n : {"vss", "gnd", "vgnd", "vnb", "0", "vss!", "gnd!"}) {
    if (spice_name_equal(name, n)) return true;
  }
  return false;
}

std::optional<PortRoles> classify_ports(const SpiceSubckt& subckt, const std::string& file,
                                        const std::vector<std::string>& explicit_supplies,
                                        const std::vector<std::string>& explicit_grounds, Diagnostics& diag,
                                        const std::string& supply_flag, const std::string& ground_flag) {
  bool ok = true;
  auto check_explicit = [&](const std::vector<std::string>& names, const std::string& flag) {
    for (const std::string& n : names) {
      bool found = std::any_of(subckt.ports.begin(), subckt.ports.end(),
                               [&](const std::string& p) { return spice_name_equal(p, n); });
      if (!found) {
        diag.error("netlist.unknown-pin", SourceLoc::cli(flag),
                   fmt::format("'{}' is not a port of .subckt {}", n, subckt.name));
        ok = false;
      }
    }
  };
  check_explicit(explicit_supplies, supply_flag);
  check_explicit(explicit_grounds, ground_flag);
  if (!ok) return std::nullopt;
  auto listed = [](const std::vector<std::string>& names, const std::string& p) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return spice_name_equal(p, n); });
  };
  auto pininfo_is = [&](const std::string& p, char type) {
    return std::any_of(subckt.pininfo.begin(), subckt.pininfo.end(),
                       [&](const auto& e) { return e.second == type && spice_name_equal(e.first, p); });
  };
  PortRoles roles;
  for (const std::string& p : subckt.ports) {
    bool supply = explicit_supplies.empty() ? pininfo_is(p, 'P') || is_common_supply_name(p) : listed(explicit_supplies, p);
    bool ground = explicit_grounds.empty() ? pininfo_is(p, 'G') || is_common_ground_name(p) : listed(explicit_grounds, p);
    if (supply && !listed(explicit_grounds, p)) roles.supplies.push_back(p);
    else if (ground) roles.grounds.push_back(p);
    else roles.signals.push_back(p);
  }
  SourceLoc at = SourceLoc::at(file, subckt.line);
  if (roles.supplies.empty()) {
    diag.error("netlist.no-supply", at,
               fmt::format(".subckt {} has no port named like a supply (VDD, VCC, VPWR); name it with {}",
                           subckt.name, supply_flag));
    ok = false;
  }
  if (roles.grounds.empty()) {
    diag.error("netlist.no-ground", at,
               fmt::format(".subckt {} has no port named like a ground (VSS, GND, VGND); name it with {}",
                           subckt.name, ground_flag));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return roles;
}

}  // namespace rtmchar::netlist
