#include "ionglass/io/lammps_orientation.hpp"

#include <Eigen/LU>

#include "ionglass/core/error.hpp"

namespace ionglass {

System rotated_to_lammps_form(const System& system, const std::string& target) {
  if (!system.cell.has_volume())
    throw InputError(target, 0, "the structure has no cell, but LAMMPS files need a box");
  if (system.cell.is_lammps_form()) return system;
  if (system.cell.matrix().determinant() < 0)
    throw InputError(target, 0, "the cell is left-handed and cannot be written in LAMMPS form");
  Mat3 rotation;
  System out = system;
  out.cell = system.cell.rotated_to_lammps(&rotation);
  const Vec3 old_origin = system.cell.origin();
  const Vec3 new_origin = out.cell.origin();
  // Rotating about the cell origin keeps every atom at the same fractional coordinates.
  for (auto& r : out.positions) r = new_origin + rotation * (r - old_origin);
  for (auto& v : out.velocities) v = rotation * v;
  for (auto& [name, property] : out.properties) {
    if (property.kind != 'R' || property.columns != 3) continue;
    // Three real columns are taken to be a Cartesian vector (forces, dipoles, displacements).
    for (std::size_t i = 0; i + 2 < property.values.size(); i += 3) {
      const Vec3 v = rotation * Vec3(property.values[i], property.values[i + 1], property.values[i + 2]);
      for (int k = 0; k < 3; ++k) property.values[i + k] = v[k];
    }
  }
  return out;
}

}  // namespace ionglass
