* rtmchar built-in cell fa_cmos: 28-transistor mirror full adder
* (Weste & Harris, CMOS VLSI Design, 4th ed., Sec. 11.2.1; Rabaey, Chandrakasan, Nikolic, Digital
* Integrated Circuits, 2nd ed., Sec. 11.3).
*   carry gate (10T): COB = !( A&B | CI&(A|B) )      -- the internal inverted carry
*   sum gate   (14T): SB  = !( A&B&CI | COB&(A|B|CI) )
*   output inverters (4T): CO = !COB, S = !SB
* Both gates are self-dual, so the pull-up network is the mirror image of the pull-down network
* (same series/parallel structure, PMOS instead of NMOS). CI drives the transistors next to the
* output nodes, as in the textbook, because the carry-in is the late-arriving signal of a ripple adder.
.subckt fa_cmos A B CI S CO VDD VSS
* carry gate, pull-down
MN1 x1 A VSS VSS nmos W={wnc*wmin_n} L={l*lmin_n}
MN2 x1 B VSS VSS nmos W={wnc*wmin_n} L={l*lmin_n}
MN3 COB CI x1 VSS nmos W={wnc*wmin_n} L={l*lmin_n}
MN4 x2 A VSS VSS nmos W={wnc*wmin_n} L={l*lmin_n}
MN5 COB B x2 VSS nmos W={wnc*wmin_n} L={l*lmin_n}
* carry gate, pull-up (mirror)
MP1 y1 A VDD VDD pmos W={wpc*wmin_p} L={l*lmin_p}
MP2 y1 B VDD VDD pmos W={wpc*wmin_p} L={l*lmin_p}
MP3 COB CI y1 VDD pmos W={wpc*wmin_p} L={l*lmin_p}
MP4 y2 A VDD VDD pmos W={wpc*wmin_p} L={l*lmin_p}
MP5 COB B y2 VDD pmos W={wpc*wmin_p} L={l*lmin_p}
* sum gate, pull-down
MN6 z1 A VSS VSS nmos W={wns*wmin_n} L={l*lmin_n}
MN7 z1 B VSS VSS nmos W={wns*wmin_n} L={l*lmin_n}
MN8 z1 CI VSS VSS nmos W={wns*wmin_n} L={l*lmin_n}
MN9 SB COB z1 VSS nmos W={wns*wmin_n} L={l*lmin_n}
MN10 z2 A VSS VSS nmos W={wns*wmin_n} L={l*lmin_n}
MN11 z3 B z2 VSS nmos W={wns*wmin_n} L={l*lmin_n}
MN12 SB CI z3 VSS nmos W={wns*wmin_n} L={l*lmin_n}
* sum gate, pull-up (mirror)
MP6 w1 A VDD VDD pmos W={wps*wmin_p} L={l*lmin_p}
MP7 w1 B VDD VDD pmos W={wps*wmin_p} L={l*lmin_p}
MP8 w1 CI VDD VDD pmos W={wps*wmin_p} L={l*lmin_p}
MP9 SB COB w1 VDD pmos W={wps*wmin_p} L={l*lmin_p}
MP10 w2 A VDD VDD pmos W={wps*wmin_p} L={l*lmin_p}
MP11 w3 B w2 VDD pmos W={wps*wmin_p} L={l*lmin_p}
MP12 SB CI w3 VDD pmos W={wps*wmin_p} L={l*lmin_p}
* output inverters
MN13 CO COB VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MP13 CO COB VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MN14 S SB VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MP14 S SB VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
.ends fa_cmos
