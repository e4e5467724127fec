#pragma once
// A reader for users' SPICE netlists (hand-written or extracted: Calibre/PEX, Magic, KLayout) that
// is good enough to find a named .subckt, its port list, its elements and nodes, and to recognise
// its supply and ground pins. It does not evaluate anything: the netlist is later included into a
// simulation deck verbatim, so ngspice stays the authority on what the devices mean.
//
// SPICE rules applied: names are case-insensitive (kept as written, compared lower-case); a line
// starting with '+' continues the previous line; '*' starts a comment line; ';' and ' $ ' start an
// end-of-line comment; '.include'/'.inc'/'.lib' lines are recorded (not followed); every line is
// content (there is no title line: a netlist file is an include file, not a deck). The one comment
// that is read is Calibre's `*.PININFO`, which types the pins of the enclosing subckt.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/diag.h"

namespace rtmchar::netlist {

/// One element (device or instance) line, continuation lines joined.
struct SpiceElement {
  std::string name;                 ///< as written, e.g. "MN1", "Rpar12", "XI3"
  std::vector<std::string> tokens;  ///< everything after the name, "k=v" assignments kept as one token
  int line = 0;                     ///< first physical line

  /// The element's type letter, lower-case ('m', 'r', 'c', 'x', ...).
  char type() const;
  /// The nodes the element connects: r c l d v i: 2; e g: 4; q: 3; m: 4; x: all tokens before the
  /// subcircuit name (the last token that is not an assignment). Others: none.
  std::vector<std::string> nodes() const;
};

struct SpiceSubckt {
  std::string name;                 ///< as written
  std::vector<std::string> ports;   ///< as written, in order
  std::vector<std::string> params;  ///< "name=value" defaults from the .subckt line
  std::vector<SpiceElement> elements;
  int line = 0;  ///< line of the .subckt card
  /// Pin types from a Calibre-style `*.PININFO A:I Y:O VDD:P VSS:G` comment inside the subckt,
  /// by port name as written: 'I' input, 'O' output, 'B' bidirectional, 'P' power, 'G' ground
  /// (upper-case). Empty when the netlist has none.
  std::vector<std::pair<std::string, char>> pininfo;

  /// Every distinct node name used inside that is neither a port nor the global ground "0"
  /// (lower-case), sorted.
  std::vector<std::string> internal_nodes() const;
};

/// A `.include` or `.lib` line, kept so the deck can reproduce it.
struct SpiceInclude {
  std::string card;  ///< the full card as written, e.g. ".lib 'models.lib' tt"
  std::string path;  ///< the file named (quotes removed)
  int line = 0;
};

struct SpiceNetlist {
  std::string file;  ///< name used in diagnostics
  std::vector<SpiceSubckt> subckts;
  std::vector<SpiceInclude> includes;
  std::vector<SpiceElement> top_elements;  ///< elements outside any .subckt

  /// The subckt with this name (case-insensitive), or nullptr.
  const SpiceSubckt* find(std::string_view name) const;
};

/// Parses netlist `text`; `file` names it in diagnostics. Errors (id "netlist.*", file:line):
/// .subckt without a name, .ends without .subckt, a .subckt never closed, a duplicate subckt, a
/// continuation line with nothing to continue, an element with too few nodes. Returns nullopt if
/// any error was reported.
std::optional<SpiceNetlist> parse_spice(std::string_view text, const std::string& file, Diagnostics& diag);

/// Reads and parses a netlist file (error "netlist.read" if it cannot be read).
std::optional<SpiceNetlist> load_spice(const std::filesystem::path& path, Diagnostics& diag);

/// Finds subckt `name` in `netlist`, or reports "netlist.no-subckt" (listing the subckts that
/// exist) at `where` and returns nullptr.
const SpiceSubckt* require_subckt(const SpiceNetlist& netlist, std::string_view name, Diagnostics& diag,
                                  const SourceLoc& where);

/// A subckt's ports split by role.
struct PortRoles {
  std::vector<std::string> supplies;  ///< power pins (e.g. VDD)
  std::vector<std::string> grounds;   ///< ground pins (e.g. VSS)
  std::vector<std::string> signals;   ///< all other ports, in port order
};

/// Power-pin names recognised without being told (case-insensitive): VDD VCC VPWR VPB VDD! VCC!.
bool is_common_supply_name(std::string_view name);
/// Ground-pin names recognised without being told (case-insensitive): VSS GND VGND VNB 0 VSS! GND!.
bool is_common_ground_name(std::string_view name);

/// Classifies the ports of `subckt`. Explicit pin names (from --vdd-pin/--gnd-pin style options,
/// located at `supply_flag` / `ground_flag`) replace recognition for that role; without them a
/// port is a supply (ground) if its *.PININFO type is P (G) or its name is a common one;
/// an explicit name that is not a port is an error "netlist.unknown-pin" naming the flag. Having
/// no supply or no ground pin is an error "netlist.no-supply" / "netlist.no-ground" at the subckt's
/// line. Returns nullopt on error.
std::optional<PortRoles> classify_ports(const SpiceSubckt& subckt, const std::string& file,
                                        const std::vector<std::string>& explicit_supplies,
                                        const std::vector<std::string>& explicit_grounds, Diagnostics& diag,
                                        const std::string& supply_flag = "--vdd-pin",
                                        const std::string& ground_flag = "--gnd-pin");

/// Case-insensitive equality of SPICE names.
bool spice_name_equal(std::string_view a, std::string_view b);

}  // namespace rtmchar::netlist
