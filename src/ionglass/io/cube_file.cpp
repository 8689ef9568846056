#include "ionglass/io/cube_file.hpp"

#include <fmt/format.h>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

std::string cube_file_text(const System& atoms, const std::array<int, 3>& grid, const std::vector<double>& values,
                           const std::string& comment) {
  if (grid[0] < 1 || grid[1] < 1 || grid[2] < 1 || values.size() != std::size_t(grid[0]) * grid[1] * grid[2])
    throw InputError("cube file: grid and values do not match");
  std::string out;
  out.reserve(values.size() * 14 + atoms.size() * 64 + 512);
  out += comment.substr(0, comment.find('\n')) + "\n";
  out += "written by ionglass; lengths in Bohr\n";
  const Vec3 origin = atoms.cell.origin() / bohr_radius_A;
  out += fmt::format("{:5d} {:12.6f} {:12.6f} {:12.6f}\n", atoms.size(), origin[0], origin[1], origin[2]);
  for (int d = 0; d < 3; ++d) {
    const Vec3 voxel = atoms.cell.vector(d) / (grid[d] * bohr_radius_A);
    out += fmt::format("{:5d} {:12.6f} {:12.6f} {:12.6f}\n", grid[d], voxel[0], voxel[1], voxel[2]);
  }
  for (std::size_t a = 0; a < atoms.size(); ++a) {
    const Vec3 r = atoms.positions[a] / bohr_radius_A;
    const int z = atoms.atomic_number(a);
    out += fmt::format("{:5d} {:12.6f} {:12.6f} {:12.6f} {:12.6f}\n", z, double(z), r[0], r[1], r[2]);
  }
  std::size_t column = 0;
  for (std::size_t v = 0; v < values.size(); ++v) {
    out += fmt::format(" {:12.5e}", values[v]);
    // Each (i, j) row of k values starts a new line; at most 6 values per line.
    if (++column == 6 || (v + 1) % grid[2] == 0) {
      out += '\n';
      column = 0;
    }
  }
  return out;
}

void write_cube_file(const std::string& path, const System& atoms, const std::array<int, 3>& grid,
                     const std::vector<double>& values, const std::string& comment) {
  write_file_atomically(path, cube_file_text(atoms, grid, values, comment));
}

}  // namespace ionglass
