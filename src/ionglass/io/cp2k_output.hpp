#pragma once
// The main output file of a CP2K ENERGY_FORCE run (`cp2k -i x.inp -o x.out`), converted to metal
// units. Read: the version ("CP2K| version string:"), SCF convergence ("*** SCF run converged"
// or "SCF run NOT converged"), the energy ("ENERGY| Total FORCE_EVAL ( QS ) energy [a.u.]:",
// Hartree → eV; with smearing CP2K reports here the free energy E − TS that its forces are the
// gradient of), the forces ("ATOMIC FORCES in [a.u.]" block printed by &FORCE_EVAL &PRINT
// &FORCES, Hartree/Bohr → eV/Å) and the stress ("STRESS| Analytical stress tensor [GPa]" or
// "STRESS| Numerical ...", GPa → bar; CP2K's sign: positive = compressive, so it is the
// pressure tensor). The last block of each kind in the file wins.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/core/vector.hpp"

namespace ionglass {

struct Cp2kOutput {
  std::string version;                                       ///< e.g. "CP2K version 2023.1"
  bool scf_converged = false;                                ///< last SCF converged
  bool scf_not_converged_message = false;                    ///< a "SCF run NOT converged" line was seen
  bool program_ended = false;                                ///< the closing "PROGRAM ENDED/STOPPED" line was seen
  std::optional<double> energy_eV;                           ///< total FORCE_EVAL energy
  std::vector<Vec3> forces_eV_per_A;                         ///< one per atom, in input order
  std::vector<std::string> force_elements;                   ///< element column of the forces block
  std::optional<std::array<double, 9>> pressure_tensor_bar;  ///< row-major, positive = compressive
};

/// Reads `path`. Throws InputError (file:line) for a missing file, a malformed or cut-off forces
/// or stress block, or a file that ends before the energy line.
Cp2kOutput read_cp2k_output(const std::string& path);

}  // namespace ionglass
