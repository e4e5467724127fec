* rtmchar built-in cell fa_tr: transverse-read (TR) full adder on one racetrack segment
* (Roxy et al., IEEE TNANO 2020; Ollivier et al., CORUSCANT, MICRO 2022; shared/notes/
* device-physics.md sec. 2). Circuit and equations: docs/racetrack-cells.md.
*   Operands A, B, CI are the three domains strictly between the two ports of the track
*   (subckt fa_tr_trk, generated from the racetrack device model by src/rtm). While CLK is high
*   an NMOS sink pulls the read current from VDD through the segment (contact TH at VDD, TL the
*   sense node), so V(TL) = VDD - I_read * R_TR with R_TR = r_pitch (L_seg + tr_mr * c),
*   c = number of ones. Three reference lines (fa_tr_ref: resistors at the midpoints between
*   adjacent TR levels, identical sinks) give VR1..VR3.
*   Three StrongARM comparators clocked by CLKD (CLK delayed by four inverters, so the read
*   current has settled) decide GEk = (V(TL) < V(VRk)) = (c >= k); NAND SR latches hold them for
*   the cycle. SUM = c odd = (GE1 & !GE2) | GE3, CARRY = GE2.
*   Pins A, B, CI are the logical racetrack operands (no electrical connection: their values are
*   the stored pattern).
.subckt fa_tr A B CI CLK S CO VDD VSS
* operand segment and read sink (port MTJ terminals PM0/PM1 unused by a transverse read)
XTRK WA WB PM0 VDD PM1 TL XTR ST0 ST1 fa_tr_trk
MNRD TL CLK VSS VSS nmos W={wnr*wmin_n} L={lr*lmin_n}
* reference lines
XREF VDD VR1 VR2 VR3 fa_tr_ref
MNR1 VR1 CLK VSS VSS nmos W={wnr*wmin_n} L={lr*lmin_n}
MNR2 VR2 CLK VSS VSS nmos W={wnr*wmin_n} L={lr*lmin_n}
MNR3 VR3 CLK VSS VSS nmos W={wnr*wmin_n} L={lr*lmin_n}
* sense capacitors: equal on the sense node and the reference lines; they absorb the comparators'
* kickback during the short (sharpened) clock edge
CSTL TL VSS {csense}
CSR1 VR1 VSS {csense}
CSR2 VR2 VSS {csense}
CSR3 VR3 VSS {csense}
* comparator clock: CLK delayed by two long-channel inverters (the read lines settle first) and
* sharpened by two minimum-length inverters (a fast edge limits the kickback time)
MPD1 CLKB CLK VDD VDD pmos W={wpi*wmin_p} L={ld*lmin_p}
MND1 CLKB CLK VSS VSS nmos W={wni*wmin_n} L={ld*lmin_n}
MPD2 CLKE CLKB VDD VDD pmos W={wpi*wmin_p} L={ld*lmin_p}
MND2 CLKE CLKB VSS VSS nmos W={wni*wmin_n} L={ld*lmin_n}
MPD3 CLKF CLKE VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MND3 CLKF CLKE VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPD4 CLKD CLKF VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MND4 CLKD CLKF VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
* comparator 1: OL1 falls first iff V(VR1) > V(TL), i.e. c >= 1
MPP1A OL1 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPP1B OR1 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPX1A OL1 OR1 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MPX1B OR1 OL1 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MNX1A OL1 OR1 DL1 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNX1B OR1 OL1 DR1 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNI1A DL1 VR1 T1 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNI1B DR1 TL T1 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNT1 T1 CLKD VSS VSS nmos W={wne*wmin_n} L={l*lmin_n}
* latch 1: G1 = !(OL1 & GN1) = c >= 1, GN1 = !(OR1 & G1)
MPLG11 G1 OL1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLG12 G1 GN1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLG11 G1 OL1 LA1 VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLG12 LA1 GN1 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPLGN11 GN1 OR1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLGN12 GN1 G1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLGN11 GN1 OR1 LB1 VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLGN12 LB1 G1 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* comparator 2: OL2 falls first iff V(VR2) > V(TL), i.e. c >= 2
MPP2A OL2 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPP2B OR2 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPX2A OL2 OR2 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MPX2B OR2 OL2 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MNX2A OL2 OR2 DL2 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNX2B OR2 OL2 DR2 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNI2A DL2 VR2 T2 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNI2B DR2 TL T2 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNT2 T2 CLKD VSS VSS nmos W={wne*wmin_n} L={l*lmin_n}
* latch 2: G2 = !(OL2 & GN2) = c >= 2, GN2 = !(OR2 & G2)
MPLG21 G2 OL2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLG22 G2 GN2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLG21 G2 OL2 LA2 VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLG22 LA2 GN2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPLGN21 GN2 OR2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLGN22 GN2 G2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLGN21 GN2 OR2 LB2 VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLGN22 LB2 G2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* comparator 3: OL3 falls first iff V(VR3) > V(TL), i.e. c >= 3
MPP3A OL3 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPP3B OR3 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPX3A OL3 OR3 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MPX3B OR3 OL3 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MNX3A OL3 OR3 DL3 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNX3B OR3 OL3 DR3 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNI3A DL3 VR3 T3 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNI3B DR3 TL T3 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNT3 T3 CLKD VSS VSS nmos W={wne*wmin_n} L={l*lmin_n}
* latch 3: G3 = !(OL3 & GN3) = c >= 3, GN3 = !(OR3 & G3)
MPLG31 G3 OL3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLG32 G3 GN3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLG31 G3 OL3 LA3 VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLG32 LA3 GN3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPLGN31 GN3 OR3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLGN32 GN3 G3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLGN31 GN3 OR3 LB3 VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLGN32 LB3 G3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* SUM = NAND(NAND(G1, GN2), GN3) = (G1 & !G2) | G3
MPS1 X1 G1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPS2 X1 GN2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNS1 X1 G1 XS1 VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNS2 XS1 GN2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPS3 S X1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPS4 S GN3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNS3 S X1 XS2 VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNS4 XS2 GN3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* CARRY = G2 = !GN2 (inverter on the complementary latch output)
MPC1 CO GN2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNC1 CO GN2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
.ends fa_tr
