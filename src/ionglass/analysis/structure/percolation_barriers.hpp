#pragma once
// Percolation barriers of a periodic energy landscape on a grid (as in softBV / BVlain): the
// lowest energy E_d, relative to the global minimum, at which the region {E ≤ E_d} contains one
// connected component that spans the periodic cell in d = 1, 2 or 3 independent directions.
// Voxels are added in order of increasing energy to a union–find (6-connectivity, periodic) that
// keeps each voxel's image offset relative to its root; a bond that closes a loop with a non-zero
// offset is a lattice translation of the component, and the rank of those translations is the
// percolation dimension (1: channel, 2: slab, 3: network).
#include <array>
#include <vector>

namespace ionglass {

struct PercolationBarriers {
  /// E_1D, E_2D, E_3D in eV relative to the landscape minimum.
  std::array<double, 3> barrier_eV{0, 0, 0};
  /// The first translation (in cells along a, b, c) found for each dimension.
  std::array<std::array<long long, 3>, 3> wrap_vector{};
};

/// `energy_eV` holds grid[0]·grid[1]·grid[2] values, index (i·nb + j)·nc + k. Throws InputError for
/// a size mismatch or an empty grid.
PercolationBarriers percolation_barriers(const std::vector<double>& energy_eV, const std::array<int, 3>& grid);

}  // namespace ionglass
