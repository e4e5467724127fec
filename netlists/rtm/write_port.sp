* rtmchar built-in cell write_port: bidirectional STT write driver and access device of one
* racetrack port. Circuit and method: docs/racetrack-cells.md, "Memory operations".
*   BL = WE & D and SL = WE & !D (NAND + driver inverter each). A write of '1' drives current
*   BL -> access -> port MTJ -> wire -> SL (MTJ to wire = P->AP in the device model), a write of
*   '0' the opposite way (SL -> wire -> MTJ -> BL). The access device between BL and the port
*   MTJ terminal MTJ is a transmission gate (gate WE / !WE): an NMOS alone passes the high level
*   source-degenerated and cannot deliver the P->AP critical current at these supplies.
*   The port's track (generated from the device model) is connected to MTJ and SL by the bench.
.subckt write_port WE D BL SL MTJ VDD VSS
MPID DN D VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNID DN D VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
MPIW WEN WE VDD VDD pmos W={wpi*wmin_p} L={l*lmin_p}
MNIW WEN WE VSS VSS nmos W={wni*wmin_n} L={l*lmin_n}
* XB = !(WE & D)
MPX1 XB WE VDD VDD pmos W={wpg*wmin_p} L={l*lmin_p}
MPX2 XB D VDD VDD pmos W={wpg*wmin_p} L={l*lmin_p}
MNX1 XB WE NX VSS nmos W={wng*wmin_n} L={l*lmin_n}
MNX2 NX D VSS VSS nmos W={wng*wmin_n} L={l*lmin_n}
* YB = !(WE & !D)
MPY1 YB WE VDD VDD pmos W={wpg*wmin_p} L={l*lmin_p}
MPY2 YB DN VDD VDD pmos W={wpg*wmin_p} L={l*lmin_p}
MNY1 YB WE NY VSS nmos W={wng*wmin_n} L={l*lmin_n}
MNY2 NY DN VSS VSS nmos W={wng*wmin_n} L={l*lmin_n}
* drivers
MPB BL XB VDD VDD pmos W={wdp*wmin_p} L={l*lmin_p}
MNB BL XB VSS VSS nmos W={wdn*wmin_n} L={l*lmin_n}
MPS SL YB VDD VDD pmos W={wdp*wmin_p} L={l*lmin_p}
MNS SL YB VSS VSS nmos W={wdn*wmin_n} L={l*lmin_n}
* access transmission gate
MNA BL WE MTJ VSS nmos W={wacc*wmin_n} L={l*lmin_n}
MPA BL WEN MTJ VDD pmos W={wacc*wmin_p} L={l*lmin_p}
.ends
