* rtmchar built-in cell xor2: 12-transistor static CMOS XOR (complementary, fully restoring).
* Two input inverters (4T) make AN = !A and BN = !B; the complex gate (8T) computes
*   Y = !( A&B | AN&BN ) = A^B
* pull-down: series (A, B) in parallel with series (AN, BN);
* pull-up (the dual): series (A, BN) in parallel with series (AN, B), PMOS conducting on a low gate.
.subckt xor2 A B Y VDD VSS
* input inverters
MPIA AN A VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNIA AN A VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPIB BN B VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNIB BN B VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
* pull-down network
MN1 Y A n1 VSS nmos W={wn*wmin_n} L={l*lmin_n}
MN2 n1 B VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
MN3 Y AN n2 VSS nmos W={wn*wmin_n} L={l*lmin_n}
MN4 n2 BN VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
* pull-up network
MP1 Y A p1 VDD pmos W={wp*wmin_p} L={l*lmin_p}
MP2 p1 BN VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MP3 Y AN p2 VDD pmos W={wp*wmin_p} L={l*lmin_p}
MP4 p2 B VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
.ends xor2
