* rtmchar built-in cell shift_driver: the driver pair at the two ends of a racetrack (or of a group
* of tracks shifted together) that pushes the shift current along the wires. Circuit and method:
* docs/racetrack-cells.md, "Memory operations".
*   Each end: input inverter, output inverter from VDD to the source line SL, and a PMOS that
*   passes SL to the end (with the output NMOS a transmission gate, so a high SL during a '0'
*   write reaches the wire undegraded). SH_L = 1 drives end TA to VDD, SH_R = 1 drives TB; idle
*   ends sit on SL (0 V during reads and shifts): TA = SH_L | SL and TB = SH_R | SL at the logic
*   level. SH_L with SH_R = 0 drives current TA -> TB through the wires, which moves the data
*   towards TA (device model, docs/devices.md). The wires are generated from the device model and
*   connected between TA and TB by the bench. The drivers run on VDD: the core devices of the
*   techfiles do not stand higher voltages (docs/racetrack-cells.md).
.subckt shift_driver SH_L SH_R TA TB SL VDD VSS
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
.ends
