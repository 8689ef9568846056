#pragma once
// Void (free-volume) analysis on a grid. Every atom occupies a sphere of its covalent radius
// (Cordero et al. 2008, or given radii) plus a probe radius; the remaining grid points are free.
// Free points form cavities by 6-connectivity with periodic boundaries (union–find that tracks
// each point's unwrapped offset, so a cavity that joins its own periodic image is detected as
// percolating along that axis).
#include <array>
#include <map>
#include <vector>

#include "ionglass/core/system.hpp"

namespace ionglass {

struct VoidOptions {
  double grid_spacing_A = 0.2;      ///< largest grid spacing along each lattice vector
  double probe_radius_A = 0.0;      ///< added to every atomic radius
  std::map<int, double> radii_A;    ///< atomic number → radius; others: covalent radius
};

struct VoidFrame {
  std::array<int, 3> grid{0, 0, 0};   ///< grid points along a, b, c
  double voxel_volume_A3 = 0;
  double free_volume_fraction = 0;
  std::vector<double> cavity_volumes_A3;    ///< one entry per cavity, descending
  std::vector<std::array<bool, 3>> cavity_percolates;  ///< per cavity, along a, b, c
  std::array<bool, 3> percolates{false, false, false};  ///< any cavity spans the cell along a, b, c
};

/// Voids of one frame. Throws InputError for a non-periodic cell or a bad spacing.
VoidFrame analyse_voids(const System& frame, const VoidOptions& options = {});

struct VoidSummary {
  double free_volume_fraction = 0;
  double cavities_per_frame = 0;
  double mean_cavity_volume_A3 = 0;
  double largest_cavity_volume_A3 = 0;
  std::array<double, 3> percolating_fraction{0, 0, 0};  ///< fraction of frames with a percolating cavity
  double grid_spacing_A = 0;
};

/// Accumulates void statistics over frames (cavity volumes in a logarithmic histogram, so memory
/// does not grow with the number of frames).
class VoidAnalysis {
public:
  explicit VoidAnalysis(VoidOptions options = {});
  void compute(const System& frame);
  VoidSummary summary() const;
  /// Geometric bin centres (Å³) of the cavity-volume histogram (10⁻³ … 10⁶ Å³, 5 bins per decade).
  std::vector<double> histogram_volumes_A3() const;
  std::vector<double> histogram_counts_per_frame() const;

private:
  VoidOptions options_;
  std::size_t frames_ = 0, cavities_ = 0;
  double free_sum_ = 0, volume_sum_ = 0, largest_ = 0, spacing_ = 0;
  std::array<std::size_t, 3> percolating_{0, 0, 0};
  std::vector<std::size_t> histogram_;
};

}  // namespace ionglass
