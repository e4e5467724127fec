#include "util/diag.h"

#include <fmt/format.h>

namespace rtmchar {

SourceLoc SourceLoc::at(std::string file, int line, int column) {
  SourceLoc l;
  l.file = std::move(file);
  l.line = line;
  l.column = column;
  return l;
}

SourceLoc SourceLoc::cli(std::string flag) {
  SourceLoc l;
  l.flag = std::move(flag);
  return l;
}

std::string SourceLoc::str() const {
  if (!flag.empty()) return "flag " + flag;
  if (file.empty()) return "";
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string Diagnostic::str() const {
  const char* sev = severity == Severity::Error ? "error" : severity == Severity::Warning ? "warning" : "note";
  std::string where = loc.str();
  if (where.empty()) return fmt::format("{}[{}]: {}", sev, id, message);
  return fmt::format("{}: {}[{}]: {}", where, sev, id, message);
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::Error) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::error(std::string id, SourceLoc loc, std::string message) {
  add({Severity::Error, std::move(id), std::move(message), std::move(loc)});
}
void Diagnostics::warning(std::string id, SourceLoc loc, std::string message) {
  add({Severity::Warning, std::move(id), std::move(message), std::move(loc)});
}
void Diagnostics::note(std::string id, SourceLoc loc, std::string message) {
  add({Severity::Note, std::move(id), std::move(message), std::move(loc)});
}

void Diagnostics::merge(const Diagnostics& other) {
  for (const Diagnostic& d : other.items_) add(d);
}

std::string Diagnostics::str() const {
  std::string out;
  for (const Diagnostic& d : items_) {
    out += d.str();
    out += '\n';
  }
  return out;
}

void Diagnostics::clear() {
  items_.clear();
  errors_ = 0;
}

}  // namespace rtmchar
