#pragma once
// LAMMPS restricts cells to a along x and b in the xy plane (lower-triangular lattice matrix).
// A general triclinic cell is rotated into that form before a LAMMPS data or dump file is written;
// positions, velocities and vector properties (forces, 3-column real properties) rotate with it.
#include "ionglass/core/system.hpp"

namespace ionglass {

/// The system rotated into LAMMPS form (unchanged if it already is). Throws InputError when the
/// structure has no cell (LAMMPS files need a box) or the cell is left-handed.
System rotated_to_lammps_form(const System& system, const std::string& target = "");

}  // namespace ionglass
