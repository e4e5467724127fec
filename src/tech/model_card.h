#pragma once
// The MOSFET models of a technology as SPICE text, to be placed in every netlist that uses
// transistors. Netlists instantiate transistors as
//   M<name> d g s b <tech.nmos_model()> W=... L=...   (default model name "nmos")
//   M<name> d g s b <tech.pmos_model()> W=... L=...   (default model name "pmos")
#include <string>

#include "tech/technology.h"

namespace rtmchar::tech {

/// `.model <nmos> nmos level=54 ...` and `.model <pmos> pmos level=54 ...` built from the
/// techfile's [bsim4.nmos] / [bsim4.pmos] tables, every number printed in its shortest exact form
/// (reads back to the same double), parameters sorted by name, one per continuation line.
/// If the techfile names a user model file (models.file), returns `.include "<absolute path>"`
/// instead; that file must define models named models.nmos and models.pmos.
std::string model_card(const Technology& tech);

}  // namespace rtmchar::tech
