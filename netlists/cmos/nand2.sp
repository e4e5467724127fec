* rtmchar built-in cell nand2: static CMOS 2-input NAND, 4 transistors.
* Y = !(A&B). Two parallel PMOS pull-ups, two series NMOS pull-downs (A next to the output).
.subckt nand2 A B Y VDD VSS
MP1 Y A VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MP2 Y B VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MN1 Y A n1 VSS nmos W={wn*wmin_n} L={l*lmin_n}
MN2 n1 B VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
.ends nand2
