* rtmchar built-in cell inv: static CMOS inverter, 2 transistors.
* Y = !A. Sizes are parameters in multiples of the technology's minimum width and length; the deck
* defines wmin_n, lmin_n, wmin_p, lmin_p as global .params and rtmchar appends "params: wn=.. wp=.. l=.."
* to the .subckt card from cells/inv.toml and renames nmos/pmos to the technology's models (docs/cells.md).
.subckt inv A Y VDD VSS
MP1 Y A VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MN1 Y A VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
.ends inv
