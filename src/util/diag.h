#pragma once
// Diagnostics: every error a user can cause (bad techfile, cell file, netlist, CLI flag, Liberty
// file) is reported here with a stable ID and the location in the user's input. Library code
// reports and returns; only main() turns diagnostics into an exit code.
#include <string>
#include <vector>

namespace rtmchar {

/// Where in the user's input a problem is: a file and line (column optional), or a CLI flag.
struct SourceLoc {
  std::string file;  ///< input file (repository-relative for built-in data), empty if none
  int line = 0;      ///< 1-based; 0 = unknown / whole file
  int column = 0;    ///< 1-based; 0 = unknown
  std::string flag;  ///< CLI flag at fault, e.g. "--set", empty if none

  static SourceLoc at(std::string file, int line = 0, int column = 0);
  static SourceLoc cli(std::string flag);
  std::string str() const;  ///< "file:line:col", "flag --x", or "" when unknown
};

enum class Severity { Note, Warning, Error };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string id;       ///< stable identifier, e.g. "tech.unknown-key"
  std::string message;  ///< one line, names the offending key/value
  SourceLoc loc;
  std::string str() const;  ///< "file:line: error[id]: message"
};

/// A sink that collects diagnostics. Passed explicitly; there is no global instance.
class Diagnostics {
 public:
  void error(std::string id, SourceLoc loc, std::string message);
  void warning(std::string id, SourceLoc loc, std::string message);
  void note(std::string id, SourceLoc loc, std::string message);
  void add(Diagnostic d);
  /// Appends every diagnostic of `other`.
  void merge(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  /// All diagnostics, one per line, in the order they were reported.
  std::string str() const;
  void clear();

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
};

}  // namespace rtmchar
