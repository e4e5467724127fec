* rtmchar built-in cell dff: positive-edge master-slave D flip-flop, transmission gates with
* TG-gated inverter feedback and local clock inverters, 24 transistors
* (the conventional static flip-flop of Weste & Harris, CMOS VLSI Design, 4th ed., Sec. 10.3).
*   clock:  CKB = !CLK, CKI = !CKB                     (2 inverters, 4T)
*   input:  DN = !D                                     (1 inverter, 2T; isolates D from the TG)
*   master: TG1 DN->M1 on CLK=0; M2 = !M1; M3 = !M2; TG2 M3->M1 on CLK=1   (2 TG + 2 inv, 8T)
*   slave:  TG3 M2->S1 on CLK=1; S2 = !S1; S3 = !S2; TG4 S3->S1 on CLK=0   (2 TG + 2 inv, 8T)
*   output: Q = !S2                                     (1 inverter, 2T)
* While CLK=0 the master follows D (M2 = D) and the slave holds; on the rising CLK edge the master
* closes its loop and the slave passes M2, so Q = D sampled at the rising edge.
.subckt dff D CLK Q VDD VSS
* local clock inverters
MPC1 CKB CLK VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MNC1 CKB CLK VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
MPC2 CKI CKB VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MNC2 CKI CKB VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
* input inverter
MPD DN D VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MND DN D VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
* master: TG1 (transparent while CLK=0), forward and feedback inverters, TG2 (closes loop at CLK=1)
MNT1 DN CKB M1 VSS nmos W={wn*wmin_n} L={l*lmin_n}
MPT1 DN CKI M1 VDD pmos W={wp*wmin_p} L={l*lmin_p}
MPM1 M2 M1 VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MNM1 M2 M1 VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
MPM2 M3 M2 VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MNM2 M3 M2 VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
MNT2 M3 CKI M1 VSS nmos W={wn*wmin_n} L={l*lmin_n}
MPT2 M3 CKB M1 VDD pmos W={wp*wmin_p} L={l*lmin_p}
* slave: TG3 (transparent while CLK=1), forward and feedback inverters, TG4 (closes loop at CLK=0)
MNT3 M2 CKI S1 VSS nmos W={wn*wmin_n} L={l*lmin_n}
MPT3 M2 CKB S1 VDD pmos W={wp*wmin_p} L={l*lmin_p}
MPS1 S2 S1 VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MNS1 S2 S1 VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
MPS2 S3 S2 VDD VDD pmos W={wp*wmin_p} L={l*lmin_p}
MNS2 S3 S2 VSS VSS nmos W={wn*wmin_n} L={l*lmin_n}
MNT4 S3 CKB S1 VSS nmos W={wn*wmin_n} L={l*lmin_n}
MPT4 S3 CKI S1 VDD pmos W={wp*wmin_p} L={l*lmin_p}
* output inverter
MPQ Q S2 VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNQ Q S2 VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
.ends dff
