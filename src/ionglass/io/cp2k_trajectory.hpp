#pragma once
// The XYZ trajectory files CP2K writes during molecular dynamics (&MOTION &PRINT &TRAJECTORY and
// &FORCES, FORMAT XYZ): PROJECT-pos-1.xyz (Å) and PROJECT-frc-1.xyz (Hartree/Bohr). Each frame
// is an atom count, a comment "i = STEP, time = TIME_FS, E = ENERGY_HARTREE", then one
// "Element x y z" row per atom.
#include <string>
#include <vector>

#include "ionglass/core/vector.hpp"

namespace ionglass {

struct Cp2kTrajectoryFrame {
  long long step = 0;
  double time_fs = 0;
  double potential_energy_eV = 0;  ///< the "E =" of the comment line (Hartree → eV)
  std::vector<std::string> elements;
  std::vector<Vec3> values;  ///< positions (Å) or forces (eV/Å), times `value_factor`
};

/// Every frame of `path`, each row's three numbers multiplied by `value_factor` (1 for positions
/// in Å, hartree_to_eV / bohr_to_A for forces). InputError (file:line) for a malformed or
/// cut-off frame, a non-finite number, or a frame whose atom count differs from the first's.
std::vector<Cp2kTrajectoryFrame> read_cp2k_xyz_trajectory(const std::string& path, double value_factor);

}  // namespace ionglass
