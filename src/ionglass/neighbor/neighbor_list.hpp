#pragma once
// Verlet neighbour lists for periodic triclinic cells, built with a cell (bin) list.
//
// Atoms are binned in fractional coordinates. Along each axis the bin width perpendicular to the
// opposite faces is at least half the list radius, and the search reaches as many bins as the
// radius needs, so cells narrower than the cutoff (cutoff > half width, or even > width) work:
// periodic images are enumerated explicitly and an atom may be its own neighbour in another image.
//
// A pair is stored as (j, image): the displacement from atom i to its neighbour is
//   r_ij = x_j − x_i + shift[image],   shift = shift_vectors(cell)
// with x the positions passed to build() (wrapped or not). Positions may move afterwards; the
// list stays valid while no atom has moved more than skin/2 (see needs_rebuild()). If the cell is
// deformed affinely (NPT), call shift_vectors() with the new cell.
#include <cstdint>
#include <vector>

#include "ionglass/core/cell.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass {

struct NeighborListOptions {
  double cutoff = 0;  ///< Å; the largest pair cutoff
  double skin = 0;    ///< Å; added to every cutoff
  bool half = false;  ///< true: each pair once; false (full): each pair from both atoms
  /// Optional per-type-pair cutoffs (Å, without skin), row-major ntypes×ntypes with 0-based types
  /// (entry [(ti−1)·ntypes + (tj−1)] for 1-based LAMMPS types). Empty: `cutoff` for all pairs.
  std::vector<double> type_cutoffs;
  int ntypes = 0;
};

class NeighborList {
 public:
  struct Entry {
    std::int32_t atom;   ///< index of the neighbour j
    std::int32_t image;  ///< index into shift_vectors()
  };

  /// Builds the list for `system` (uses cell, positions and types). Multithreaded (OpenMP).
  void build(const System& system, const NeighborListOptions& options);
  void build(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<int>& types,
             const NeighborListOptions& options);

  /// True when an atom has moved more than skin/2 since the build, the atom count changed, or the
  /// cell changed shape other than by the affine deformation that the shifts follow.
  bool needs_rebuild(const std::vector<Vec3>& positions) const;

  std::size_t atom_count() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::size_t pair_count() const { return entries_.size(); }
  std::size_t begin(std::size_t atom) const { return offsets_[atom]; }
  std::size_t end(std::size_t atom) const { return offsets_[atom + 1]; }
  std::size_t count(std::size_t atom) const { return offsets_[atom + 1] - offsets_[atom]; }
  const Entry& entry(std::size_t k) const { return entries_[k]; }
  const std::vector<Entry>& entries() const { return entries_; }
  const std::vector<std::size_t>& offsets() const { return offsets_; }
  /// Integer lattice translations used by the list.
  const std::vector<Image>& images() const { return images_; }
  /// Cartesian shift of each image for `cell` (the build cell, or the same cell deformed).
  std::vector<Vec3> shift_vectors(const Cell& cell) const;
  const NeighborListOptions& options() const { return options_; }

 private:
  NeighborListOptions options_;
  std::vector<std::size_t> offsets_;
  std::vector<Entry> entries_;
  std::vector<Image> images_;
  std::vector<Vec3> reference_positions_;

  friend NeighborList brute_force_neighbor_list(const System&, const NeighborListOptions&);
};

/// Brute-force O(N²·images) neighbour search with the same conventions (for tests and tiny systems).
NeighborList brute_force_neighbor_list(const System& system, const NeighborListOptions& options);

}  // namespace ionglass
