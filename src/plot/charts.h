#pragma once
// The charts rtmchar draws for `--plot`: characterized tables as families of curves and the bank
// search's Pareto front and sweeps. Built on the dependency-free renderer in plot/svg.h; this
// part (library rtmchar_plot_charts) is the only one that knows charz and bank results.
// File names and conventions: docs/plots.md.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bank/bank.h"
#include "charz/characterize.h"
#include "charz/sequential.h"
#include "plot/svg.h"
#include "util/diag.h"

namespace rtmchar::plot {

struct NamedSvg {
  std::string file_name;  ///< file name without directory
  std::string svg;
};

/// One SVG per arc, edge and quantity (delay, transition, energy) of a combinational result:
/// value vs output load, one curve per input slew; named
/// `<stem>_<input>_<output>_<edge>[_<k>]_<quantity>.svg` where `_<k>` (1-based) numbers the
/// side-input states of an arc that has several for the same edge. The load axis is logarithmic
/// when every load is positive; points a sparse run filled from the fit (EdgeTables::simulated
/// false) have hollow markers. nullopt (with a diagnostic) if a table cannot be drawn.
std::optional<std::vector<NamedSvg>> cell_plots(const charz::CellResult& r, const std::string& stem,
                                                Diagnostics& diag);

/// The clock-to-output tables of a clocked cell (dff, fa_rtm): one SVG per output, output edge and
/// quantity (delay, transition, energy), value vs output load, one curve per clock slew; named
/// `<stem>_<clock>_<output>_<output edge>_<quantity>.svg`. nullopt (with a diagnostic) if a
/// table cannot be drawn.
std::optional<std::vector<NamedSvg>> clock_arc_plots(const std::string& title, const std::string& clock,
                                                     const std::vector<double>& slews, const std::vector<double>& loads,
                                                     const std::vector<charz::ClockArcTables>& arcs,
                                                     const std::string& stem, Diagnostics& diag);

/// Pareto front of a bank search: read latency vs area (mm^2), each point's marker shade its
/// read energy; the latency axis and the energy shade are logarithmic when their values span
/// more than a decade.
std::optional<std::string> pareto_plot(const std::vector<const bank::BankResult*>& front, Diagnostics& diag);

/// A one-parameter sweep (the best organization per value of `key`, an Organization field such
/// as "ports"): four stacked panels vs the value: area; read and write latency; read energy;
/// average shifts per access.
std::optional<std::string> sweep_plot(const std::string& key, const std::vector<bank::BankResult>& best,
                                       Diagnostics& diag);

/// Renders cell_plots(r, stem) and writes each file atomically into `dir`, appending the paths to
/// `written`. False (with a diagnostic) if a plot cannot be drawn or written; files already
/// written stay (each one is complete).
bool write_cell_plots(const std::filesystem::path& dir, const std::string& stem, const charz::CellResult& r,
                      std::vector<std::string>& written, Diagnostics& diag);

/// Renders clock_arc_plots(...) and writes each file atomically into `dir` (as write_cell_plots).
bool write_clock_arc_plots(const std::filesystem::path& dir, const std::string& title, const std::string& clock,
                           const std::vector<double>& slews, const std::vector<double>& loads,
                           const std::vector<charz::ClockArcTables>& arcs, const std::string& stem,
                           std::vector<std::string>& written, Diagnostics& diag);

/// Writes pareto.svg (from the front) and, when `sweep_key` is not empty and the sweep found
/// organizations, sweep.svg into `dir`, atomically, after rendering both; appends the paths to
/// `written`. False (with a diagnostic) on failure.
bool write_bank_plots(const std::filesystem::path& dir, const std::vector<const bank::BankResult*>& front,
                      const std::string& sweep_key, const std::vector<bank::BankResult>& sweep_best,
                      std::vector<std::string>& written, Diagnostics& diag);

}  // namespace rtmchar::plot
