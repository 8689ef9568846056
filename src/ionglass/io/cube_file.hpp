#pragma once
// Gaussian cube volumetric files. The format stores lengths in Bohr: the origin, the voxel
// vectors (lattice vector / grid points) and the atom positions are converted from Å with the
// Bohr radius 0.529177210903 Å (CODATA 2018). Values are written as given (here: eV).
#include <array>
#include <string>
#include <vector>

#include "ionglass/core/system.hpp"

namespace ionglass {

/// Bohr radius in Å (CODATA 2018), the length unit of cube files.
inline constexpr double bohr_radius_A = 0.529177210903;

/// Cube-file text: grid point (i, j, k) at origin + (i/na, j/nb, k/nc)·H, values indexed
/// (i·nb + j)·nc + k (k fastest, as the format orders them). Throws InputError on a size mismatch.
std::string cube_file_text(const System& atoms, const std::array<int, 3>& grid, const std::vector<double>& values,
                           const std::string& comment);

/// Writes cube_file_text atomically to `path`.
void write_cube_file(const std::string& path, const System& atoms, const std::array<int, 3>& grid,
                     const std::vector<double>& values, const std::string& comment);

}  // namespace ionglass
