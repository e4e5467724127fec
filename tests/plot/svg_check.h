#pragma once
// A minimal SVG well-formedness check for the plot tests: tags balance, every element's
// coordinate attributes are numbers inside the root viewBox. Not a full XML parser: it relies on
// the renderer escaping '<' and '&' in text, which the check also verifies.
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace svgcheck {

struct Result {
  bool ok = true;
  std::string why;
  int elements = 0;
  double width = 0, height = 0;
};

inline bool parse_double(const std::string& s, double& v) {
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

inline Result check(const std::string& svg) {
  Result r;
  auto fail = [&](const std::string& why) {
    r.ok = false;
    r.why = why;
    return r;
  };
  std::vector<std::string> stack;
  const std::regex attr_re(R"re(([a-zA-Z_:-]+)="([^"]*)")re");
  size_t pos = svg.find("<svg");
  if (pos == std::string::npos) return fail("no <svg> root");
  while (pos < svg.size()) {
    const size_t lt = svg.find('<', pos);
    if (lt == std::string::npos) break;
    const std::string text = svg.substr(pos, lt - pos);
    if (text.find('>') != std::string::npos) return fail("stray '>' in text: " + text);
    for (size_t a = text.find('&'); a != std::string::npos; a = text.find('&', a + 1)) {
      if (text.compare(a, 5, "&amp;") && text.compare(a, 4, "&lt;") && text.compare(a, 4, "&gt;") &&
          text.compare(a, 6, "&quot;"))
        return fail("unescaped '&' in text: " + text);
    }
    const size_t gt = svg.find('>', lt);
    if (gt == std::string::npos) return fail("unterminated tag");
    std::string tag = svg.substr(lt + 1, gt - lt - 1);
    pos = gt + 1;
    if (tag.empty()) return fail("empty tag");
    if (tag[0] == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) return fail("unbalanced </" + tag.substr(1) + ">");
      stack.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    if (self_closing) tag.pop_back();
    const std::string name = tag.substr(0, tag.find_first_of(" \n"));
    std::map<std::string, std::string> attrs;
    for (std::sregex_iterator it(tag.begin(), tag.end(), attr_re), e; it != e; ++it) attrs[(*it)[1]] = (*it)[2];
    ++r.elements;
    if (name == "svg") {
      std::istringstream vb(attrs["viewBox"]);
      double x0 = -1, y0 = -1;
      vb >> x0 >> y0 >> r.width >> r.height;
      if (x0 != 0 || y0 != 0 || !(r.width > 0) || !(r.height > 0)) return fail("bad viewBox");
    }
    std::vector<std::pair<char, std::string>> coords;  // axis, text
    for (const char* k : {"x", "x1", "x2", "cx"}) if (attrs.count(k)) coords.push_back({'x', attrs[k]});
    for (const char* k : {"y", "y1", "y2", "cy"}) if (attrs.count(k)) coords.push_back({'y', attrs[k]});
    if (attrs.count("points")) {
      std::istringstream ps(attrs["points"]);
      std::string pair;
      while (ps >> pair) {
        const size_t c = pair.find(',');
        if (c == std::string::npos) return fail("bad point " + pair);
        coords.push_back({'x', pair.substr(0, c)});
        coords.push_back({'y', pair.substr(c + 1)});
      }
    }
    for (const auto& [axis, s] : coords) {
      double v = 0;
      if (!parse_double(s, v)) return fail("non-numeric coordinate '" + s + "' in <" + name + ">");
      const double hi = axis == 'x' ? r.width : r.height;
      if (v < 0 || v > hi) return fail("coordinate " + s + " outside the viewBox in <" + name + ">");
    }
    if (!self_closing) stack.push_back(name);
  }
  if (!stack.empty()) return fail("unclosed <" + stack.back() + ">");
  if (r.elements == 0) return fail("no elements");
  return r;
}

}  // namespace svgcheck
