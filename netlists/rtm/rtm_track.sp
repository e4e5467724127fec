* rtmchar built-in cell rtm_track: one racetrack storage track with two access ports (port 0
* read/write, port 1 read; RTSim/DESTINY) and the shift drivers at its ends. Circuit and method:
* docs/racetrack-cells.md, "Memory operations".
*   Port k: transmission-gate access device (gate WLk, local inverter for !WLk) between bit line
*   BLk and the port MTJ's top terminal; the MTJ's free layer is the domain under the port.
*   Ends: the two drivers of the shift_driver cell (SH_L drives TA to VDD, SH_R TB; idle ends
*   are tied to the source line SL): TA = SH_L | SL, TB = SH_R | SL.
*   The nanowire rtm_track_wire (data domains, overhead, port positions) is generated from the
*   device model (src/rtm) and appended to the deck; X is its wall displacement, S0/S1 the
*   states under the ports (observation nodes).
.subckt rtm_track WL0 BL0 WL1 BL1 SL SH_L SH_R TA TB VDD VSS
* port 0
MPW0 WLN0 WL0 VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNW0 WLN0 WL0 VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MNA0 BL0 WL0 P0 VSS nmos W={wacc*wmin_n} L={l*lmin_n}
MPA0 BL0 WLN0 P0 VDD pmos W={wacc*wmin_p} L={l*lmin_p}
* port 1
MPW1 WLN1 WL1 VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNW1 WLN1 WL1 VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MNA1 BL1 WL1 P1 VSS nmos W={wacc*wmin_n} L={l*lmin_n}
MPA1 BL1 WLN1 P1 VDD pmos W={wacc*wmin_p} L={l*lmin_p}
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
* nanowire
XW TA TB P0 T0 P1 T1 X S0 S1 rtm_track_wire
.ends
