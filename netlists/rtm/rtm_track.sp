* rtmchar built-in cell rtm_track: one racetrack storage track with `ports` access ports (port 0
* read/write, the others read; RTSim/DESTINY) and the shift drivers at its ends. Circuit and
* method: docs/racetrack-cells.md, "Memory operations". The *@for blocks repeat per port
* (docs/cells.md, "Pin arrays and repeat blocks").
*   Port k: transmission-gate access device (gate WLk, local inverter for !WLk) between bit line
*   BLk and the port MTJ's top terminal; the MTJ's free layer is the domain under the port.
*   Ends: the two drivers of the shift_driver cell (SH_L drives TA to VDD, SH_R TB; idle ends
*   are tied to the source line SL): TA = SH_L | SL, TB = SH_R | SL.
*   The nanowire rtm_track_wire (data domains, overhead, port positions) is generated from the
*   device model (src/rtm) and appended to the deck; X is its wall displacement, Sk the state
*   under port k (observation nodes).
.subckt rtm_track
*@for k ports
+ WL{k}
*@end
*@for k ports
+ BL{k}
*@end
+ SL SH_L SH_R TA TB VDD VSS
*@for k ports
* port {k}
MPW{k} WLN{k} WL{k} VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNW{k} WLN{k} WL{k} VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MNA{k} BL{k} WL{k} P{k} VSS nmos W={wacc*wmin_n} L={l*lmin_n}
MPA{k} BL{k} WLN{k} P{k} VDD pmos W={wacc*wmin_p} L={l*lmin_p}
*@end
* end A
MPIA SLN SH_L VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNIA SLN SH_L VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPOA TA SLN VDD VDD pmos W={wdp*wmin_p} L={l*lmin_p}
MNOA TA SLN SL VSS nmos W={wdn*wmin_n} L={l*lmin_n}
MPSA TA SH_L SL VDD pmos W={wdn*wmin_p} L={l*lmin_p}
* end B
MPIB SRN SH_R VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNIB SRN SH_R VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPOB TB SRN VDD VDD pmos W={wdp*wmin_p} L={l*lmin_p}
MNOB TB SRN SL VSS nmos W={wdn*wmin_n} L={l*lmin_n}
MPSB TB SH_R SL VDD pmos W={wdn*wmin_p} L={l*lmin_p}
* nanowire: ends, (MTJ top, wire contact) per port, wall displacement, state per port
XW TA TB
*@for k ports
+ P{k} T{k}
*@end
+ X
*@for k ports
+ S{k}
*@end
+ rtm_track_wire
.ends
