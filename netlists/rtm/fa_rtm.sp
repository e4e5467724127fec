* rtmchar built-in cell fa_rtm: racetrack logic-in-memory full adder with two pre-charge sense
* amplifiers (PCSA; Zhao et al. hybrid MTJ/CMOS logic, Trinh et al. 2013 racetrack adder;
* shared/notes/device-physics.md sec. 3). Circuit and equations: docs/racetrack-cells.md.
*   Operand A is stored in racetrack tracks shifted together: data tracks hold A, data-bar tracks
*   hold !A; each PCSA has its own complementary pair (SUM: TRK_DS/TRK_BS, COUT: TRK_DC/TRK_BC),
*   read through one MTJ port each ('1' = AP = high resistance). The track subcircuits
*   fa_rtm_trk_d / fa_rtm_trk_b are generated from the device model (src/rtm, devices::
*   racetrack_subckt) and appended to the deck; pin A is the logical racetrack operand and has no
*   electrical connection here (its value is the stored pattern).
*   B, CI: CMOS inputs, local inverters give BN, CIN.
*   PCSA (per output, 7T): precharge PMOS (CLK low -> both outputs at VDD), cross-coupled
*   inverter pair, one evaluation NMOS (CLK high). The branch with the lower resistance pulls
*   its output low first and the pair latches: output node ..L low <=> R(left) < R(right).
*   SUM trees: left  = XNOR(B,CI) -> data-bar MTJ | XOR(B,CI) -> data MTJ
*              right = XNOR(B,CI) -> data MTJ     | XOR(B,CI) -> data-bar MTJ
*     so the left branch is the low-resistance one iff A^B^CI = 1.
*   COUT trees: left  = B&CI -> tail (no MTJ)       | XOR(B,CI) -> data-bar MTJ
*               right = !B&!CI -> tail (no MTJ)     | XOR(B,CI) -> data MTJ
*     B=CI: one branch is open and the other has no MTJ (forced result); B!=CI: CO = A.
*   Output stages: an inverter on each PCSA output (equal loads whatever the held result), then
*   a NOR SR latch; during precharge both PCSA outputs are high, both inverter outputs low, and
*   the latches hold S and CO for the rest of the cycle.
.subckt fa_rtm A B CI CLK S CO VDD VSS
* input inverters
MPIB BN B VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNIB BN B VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPIC CIN CI VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNIC CIN CI VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
* SUM PCSA: precharge, cross-coupled pair, evaluation
MPS1 QLS CLK VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPS2 QRS CLK VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPS3 QLS QRS VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MPS4 QRS QLS VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MNS1 QLS QRS NLS VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNS2 QRS QLS NRS VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNSE TAILS CLK VSS VSS nmos W={wne*wmin_n} L={l*lmin_n}
* SUM left tree: XNOR(B,CI) -> data-bar MTJ (MBS), XOR(B,CI) -> data MTJ (MDS)
MNS10 LS1 B NLS VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS11 MBS CI LS1 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS12 LS2 BN NLS VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS13 MBS CIN LS2 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS14 LS3 B NLS VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS15 MDS CIN LS3 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS16 LS4 BN NLS VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS17 MDS CI LS4 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
* SUM right tree: XNOR(B,CI) -> data MTJ, XOR(B,CI) -> data-bar MTJ
MNS20 RS1 B NRS VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS21 MDS CI RS1 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS22 RS2 BN NRS VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS23 MDS CIN RS2 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS24 RS3 B NRS VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS25 MBS CIN RS3 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS26 RS4 BN NRS VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNS27 MBS CI RS4 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
* SUM operand tracks (wire ends a, b to the evaluation tail; port MTJ top, wire contact, x, state)
XTDS TAILS TAILS MDS CDS XDS SDS fa_rtm_trk_d
XTBS TAILS TAILS MBS CBS XBS SBS fa_rtm_trk_b
* COUT PCSA
MPC1 QLC CLK VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPC2 QRC CLK VDD VDD pmos W={wpre*wmin_p} L={l*lmin_p}
MPC3 QLC QRC VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MPC4 QRC QLC VDD VDD pmos W={wpl*wmin_p} L={l*lmin_p}
MNC1 QLC QRC NLC VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNC2 QRC QLC NRC VSS nmos W={wnl*wmin_n} L={l*lmin_n}
MNCE TAILC CLK VSS VSS nmos W={wne*wmin_n} L={l*lmin_n}
* COUT left tree: B&CI -> tail, XOR(B,CI) -> data-bar MTJ (MBC)
MNC10 LC1 B NLC VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC11 TAILC CI LC1 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC12 LC2 B NLC VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC13 MBC CIN LC2 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC14 LC3 BN NLC VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC15 MBC CI LC3 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
* COUT right tree: !B&!CI -> tail, XOR(B,CI) -> data MTJ (MDC)
MNC20 RC1 BN NRC VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC21 TAILC CIN RC1 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC22 RC2 B NRC VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC23 MDC CIN RC2 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC24 RC3 BN NRC VSS nmos W={wnt*wmin_n} L={l*lmin_n}
MNC25 MDC CI RC3 VSS nmos W={wnt*wmin_n} L={l*lmin_n}
* COUT operand tracks
XTDC TAILC TAILC MDC CDC XDC SDC fa_rtm_trk_d
XTBC TAILC TAILC MBC CBC XBC SBC fa_rtm_trk_b
* Output stages. Each PCSA output drives one inverter (XL = !QL, XR = !QR), never the latch
* directly: during precharge both inverters are in the same state, so the two PCSA nodes see the
* same load whatever the held result. (Driving the latch gates directly made the load depend on
* the previous result - the conducting NAND input has the larger gate capacitance - and at 22 nm
* that history effect outweighed the MTJ difference: the PCSA repeated its previous decision;
* docs/racetrack-cells.md, "Output stage".)
* SUM: NOR SR latch S = !(XRS | SN), SN = !(XLS | S): XLS high (left won) sets S.
MPXS1 XLS QLS VDD VDD pmos W={wpx*wmin_p} L={l*lmin_p}
MNXS1 XLS QLS VSS VSS nmos W={wnx*wmin_n} L={l*lmin_n}
MPXS2 XRS QRS VDD VDD pmos W={wpx*wmin_p} L={l*lmin_p}
MNXS2 XRS QRS VSS VSS nmos W={wnx*wmin_n} L={l*lmin_n}
MPLS1 LSA XRS VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLS2 S SN LSA VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLS1 S XRS VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLS2 S SN VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPLS3 LSB XLS VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLS4 SN S LSB VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLS3 SN XLS VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLS4 SN S VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
* COUT: NOR SR latch CO = !(XRC | CON), CON = !(XLC | CO)
MPXC1 XLC QLC VDD VDD pmos W={wpx*wmin_p} L={l*lmin_p}
MNXC1 XLC QLC VSS VSS nmos W={wnx*wmin_n} L={l*lmin_n}
MPXC2 XRC QRC VDD VDD pmos W={wpx*wmin_p} L={l*lmin_p}
MNXC2 XRC QRC VSS VSS nmos W={wnx*wmin_n} L={l*lmin_n}
MPLC1 LCA XRC VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLC2 CO CON LCA VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLC1 CO XRC VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLC2 CO CON VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MPLC3 LCB XLC VDD VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MPLC4 CON CO LCB VDD pmos W={wpo*wmin_p} L={l*lmin_p}
MNLC3 CON XLC VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
MNLC4 CON CO VSS VSS nmos W={wno*wmin_n} L={l*lmin_n}
.ends fa_rtm
