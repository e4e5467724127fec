* rtmchar built-in cell nor2: static CMOS 2-input NOR, 4 transistors.
* Y = !(A|B). Two series PMOS pull-ups (A next to the output), two parallel NMOS pull-downs.
.subckt nor2 A B Y VDD VSS
MP1 Y A p1 VDD pmos W={wp*wmin_p} L={l*lmin_p}
MP2 p1 B VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MN1 Y A VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
MN2 Y B VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
.ends nor2
