* rtmchar built-in cell fa_tr: transverse-read (TR) full adder on one racetrack segment
* (Roxy et al., IEEE TNANO 2020; Ollivier et al., CORUSCANT, MICRO 2022; shared/notes/
* device-physics.md sec. 2). Circuit and equations: docs/racetrack-cells.md.
*   Operands A, B, CI are the three domains strictly between the two ports of the track
*   (subckt fa_tr_trk, generated from the racetrack device model by src/rtm). While the read is
*   enabled an NMOS switch pulls the read current from VDD through the segment (contact TH at
*   VDD, TL the sense node) and a series resistor rsink, so V(TL) = VDD - I_read * R_TR with
*   R_TR = r_pitch (L_seg + tr_mr * c), c = number of ones, and I_read ~ VDD / (R_TR + rsink):
*   the resistor, not the transistor, sets the current, so it stays below the depinning current
*   at every node (a saturated sink of fixed size gave 85 uA at 45 nm and 25 uA at 22 nm).
*   Three reference lines (fa_tr_ref: resistors at the midpoints between adjacent TR levels,
*   identical resistors and switches) give VR1..VR3. The switches conduct only while
*   RDEN = CLK & !CLKS: from the rising clock edge until the sampling switches have opened
*   (below), so no read current flows for the rest of the evaluation phase.
*   Sample and isolate: while CLKS is low, PMOS switches connect each comparator k to its own
*   copy STk of the sense node and SRk of reference line k (equal capacitors csample; every
*   reference line carries two dummy switches so all lines are loaded alike). CLKS (CLK delayed
*   by two long-channel inverters, the lines settle first, and sharpened) opens the switches; the
*   comparators fire on CLKD, two short inverters later. Each comparator then sees two isolated
*   nodes of equal capacitance, so its kickback is common-mode and no comparator disturbs
*   another (the shared sense node loaded by three comparators against reference lines loaded
*   by one each gave a kickback offset larger than the TR step, docs/racetrack-cells.md).
*   GEk = (V(STk) < V(SRk)) = (c >= k); matched inverters buffer the comparator outputs and NOR
*   SR latches hold the results for the cycle.
*   SUM = c odd = (GE1 & !GE2) | GE3, CARRY = GE2.
*   Pins A, B, CI are the logical racetrack operands (no electrical connection: their values are
*   the stored pattern).
.subckt fa_tr A B CI CLK S CO VDD VSS
* operand segment, sink resistor and read switch (port MTJ terminals PM0/PM1 unused by a transverse read); VTR
* measures the read current
XTRK WA WB PM0 VDD PM1 TLT XTR PS0 PS1 fa_tr_trk
VTR TLT TL 0
RSK0 TL NK0 {rsink}
MNRD NK0 RDEN VSS VSS nmos W={wnr*wmin_n} L={lr*lmin_n}
* reference lines
XREF VDD VR1 VR2 VR3 fa_tr_ref
RSK1 VR1 NK1 {rsink}
MNR1 NK1 RDEN VSS VSS nmos W={wnr*wmin_n} L={lr*lmin_n}
RSK2 VR2 NK2 {rsink}
MNR2 NK2 RDEN VSS VSS nmos W={wnr*wmin_n} L={lr*lmin_n}
RSK3 VR3 NK3 {rsink}
MNR3 NK3 RDEN VSS VSS nmos W={wnr*wmin_n} L={lr*lmin_n}
* line loads: every reference line carries two dummy sampling switches and capacitors besides
* its comparator's, so all four lines see the same three switches + capacitors (equal settling and
* equal charge injection when the switches open)
CSTL TL VSS {csense}
CSR1 VR1 VSS {csense}
CSR2 VR2 VSS {csense}
CSR3 VR3 VSS {csense}
MSD1a VR1 CLKS DD1a VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSD1a DD1a VSS {csample}
MSD1b VR1 CLKS DD1b VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSD1b DD1b VSS {csample}
MSD2a VR2 CLKS DD2a VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSD2a DD2a VSS {csample}
MSD2b VR2 CLKS DD2b VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSD2b DD2b VSS {csample}
MSD3a VR3 CLKS DD3a VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSD3a DD3a VSS {csample}
MSD3b VR3 CLKS DD3b VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSD3b DD3b VSS {csample}
* comparator clocks: CLK delayed by two long-channel inverters (the read lines settle first),
* sharpened by two minimum-length inverters to CLKS, which opens the sampling switches with a fast
* edge, then two more to CLKD, which fires the comparators once the switches are off
MPD1 CLKB CLK VDD VDD pmos W={wpi*wmin_p} L={ld*lmin_p}
MND1 CLKB CLK VSS VSS nmos W={wni*wmin_n} L={ld*lmin_n}
MPD2 CLKE CLKB VDD VDD pmos W={wpi*wmin_p} L={ld*lmin_p}
MND2 CLKE CLKB VSS VSS nmos W={wni*wmin_n} L={ld*lmin_n}
MPD3 CLKF CLKE VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MND3 CLKF CLKE VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPD4 CLKS CLKF VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MND4 CLKS CLKF VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPD5 CLKG CLKS VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MND5 CLKG CLKS VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPD6 CLKD CLKG VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MND6 CLKD CLKG VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
* read enable RDEN = CLK & CLKG = CLK & !CLKS: the read switches turn on with CLK and off one gate after
* CLKD, i.e. once the switches are open and the comparators fire (NAND2 + inverter)
MPG1 RDENB CLK VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MPG2 RDENB CLKG VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNG1 RDENB CLK NG1 VSS nmos W={wni*wmin_n} L={l*lmin_n}
MNG2 NG1 CLKG VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPG3 RDEN RDENB VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNG3 RDEN RDENB VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
* sampling switches and capacitors of comparator 1
MSS1 TL CLKS ST1 VDD pmos W={wsw*wmin_p} L={l*lmin_p}
MSR1 VR1 CLKS SR1 VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSS1 ST1 VSS {csample}
CSSR1 SR1 VSS {csample}
* comparator 1: OL1 falls first iff V(SR1) > V(ST1), i.e. c >= 1
MPP1A OL1 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPP1B OR1 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPX1A OL1 OR1 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MPX1B OR1 OL1 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MNX1A OL1 OR1 DL1 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNX1B OR1 OL1 DR1 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNI1A DL1 SR1 T1 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNI1B DR1 ST1 T1 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNT1 T1 CLKD VSS VSS nmos W={wne*wmin_n} L={l*lmin_n}
* output buffers: identical inverters on OL1/OR1, so both comparator outputs see the same load
* whatever state latch 1 holds (a latch gate loads its two inputs unequally, which biased the
* comparator towards the previous result by more than the TR half step)
MPB1L XL1 OL1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNB1L XL1 OL1 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPB1R XR1 OR1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNB1R XR1 OR1 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* latch 1 (NOR SR, set by XL1, reset by XR1; both low in precharge): G1 = c >= 1
MPLG11 LA1 XR1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLG12 G1 GN1 LA1 VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLG11 G1 XR1 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLG12 G1 GN1 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPLGN11 LB1 XL1 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLGN12 GN1 G1 LB1 VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLGN11 GN1 XL1 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLGN12 GN1 G1 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* sampling switches and capacitors of comparator 2
MSS2 TL CLKS ST2 VDD pmos W={wsw*wmin_p} L={l*lmin_p}
MSR2 VR2 CLKS SR2 VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSS2 ST2 VSS {csample}
CSSR2 SR2 VSS {csample}
* comparator 2: OL2 falls first iff V(SR2) > V(ST2), i.e. c >= 2
MPP2A OL2 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPP2B OR2 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPX2A OL2 OR2 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MPX2B OR2 OL2 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MNX2A OL2 OR2 DL2 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNX2B OR2 OL2 DR2 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNI2A DL2 SR2 T2 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNI2B DR2 ST2 T2 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNT2 T2 CLKD VSS VSS nmos W={wne*wmin_n} L={l*lmin_n}
* output buffers: identical inverters on OL2/OR2, so both comparator outputs see the same load
* whatever state latch 2 holds (a latch gate loads its two inputs unequally, which biased the
* comparator towards the previous result by more than the TR half step)
MPB2L XL2 OL2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNB2L XL2 OL2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPB2R XR2 OR2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNB2R XR2 OR2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* latch 2 (NOR SR, set by XL2, reset by XR2; both low in precharge): G2 = c >= 2
MPLG21 LA2 XR2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLG22 G2 GN2 LA2 VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLG21 G2 XR2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLG22 G2 GN2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPLGN21 LB2 XL2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLGN22 GN2 G2 LB2 VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLGN21 GN2 XL2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLGN22 GN2 G2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* sampling switches and capacitors of comparator 3
MSS3 TL CLKS ST3 VDD pmos W={wsw*wmin_p} L={l*lmin_p}
MSR3 VR3 CLKS SR3 VDD pmos W={wsw*wmin_p} L={l*lmin_p}
CSS3 ST3 VSS {csample}
CSSR3 SR3 VSS {csample}
* comparator 3: OL3 falls first iff V(SR3) > V(ST3), i.e. c >= 3
MPP3A OL3 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPP3B OR3 CLKD VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPX3A OL3 OR3 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MPX3B OR3 OL3 VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MNX3A OL3 OR3 DL3 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNX3B OR3 OL3 DR3 VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNI3A DL3 SR3 T3 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNI3B DR3 ST3 T3 VSS nmos W={wnin*wmin_n} L={l*lmin_n}
MNT3 T3 CLKD VSS VSS nmos W={wne*wmin_n} L={l*lmin_n}
* output buffers: identical inverters on OL3/OR3, so both comparator outputs see the same load
* whatever state latch 3 holds (a latch gate loads its two inputs unequally, which biased the
* comparator towards the previous result by more than the TR half step)
MPB3L XL3 OL3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNB3L XL3 OL3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPB3R XR3 OR3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNB3R XR3 OR3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* latch 3 (NOR SR, set by XL3, reset by XR3; both low in precharge): G3 = c >= 3
MPLG31 LA3 XR3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLG32 G3 GN3 LA3 VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLG31 G3 XR3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLG32 G3 GN3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPLGN31 LB3 XL3 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLGN32 GN3 G3 LB3 VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLGN31 GN3 XL3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLGN32 GN3 G3 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
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
