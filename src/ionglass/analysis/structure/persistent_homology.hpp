#pragma once
// Persistent homology of atomic configurations: the alpha complex of the atom positions (GUDHI,
// CGAL) and its H1 (loops, rings) and H2 (cavities) persistence diagrams. Births and deaths are
// filtration values of the alpha complex, i.e. squared alpha radii in Å² (Hiraoka et al., PNAS 113
// (2016) 7035). Periodic boundaries are used when the cell is a cube with axis-aligned edges (the
// only periodic domain CGAL's periodic Delaunay triangulation supports); other cells are analysed
// without periodic images, which `note()` states.
#include <string>
#include <vector>

#include "ionglass/core/system.hpp"

namespace ionglass {

struct PersistencePair {
  int dimension = 0;
  double birth_A2 = 0;
  double death_A2 = 0;  ///< +inf for essential classes
};

struct PersistenceStatistics {
  double features_per_frame = 0;   ///< finite pairs per frame
  double mean_birth_A2 = 0, mean_death_A2 = 0, mean_persistence_A2 = 0;
  double essential_per_frame = 0;  ///< classes that never die (e.g. the torus cycles)
};

/// The H0–H2 persistence pairs of one frame (Z/2 coefficients). `periodic` receives whether the
/// periodic alpha complex was used.
std::vector<PersistencePair> alpha_persistence(const System& frame, bool* periodic = nullptr);

class PersistentHomology {
public:
  /// Adds one frame (diagram statistics accumulate; the diagram of the last frame is kept).
  void compute(const System& frame);
  std::size_t frame_count() const { return frames_; }
  bool periodic() const { return frames_ > 0 && non_periodic_frames_ == 0; }
  std::string note() const;
  PersistenceStatistics statistics(int dimension) const;
  /// H1 and H2 pairs of the last frame.
  const std::vector<PersistencePair>& diagram() const { return last_; }

private:
  std::size_t frames_ = 0, non_periodic_frames_ = 0;
  double count_[3] = {0, 0, 0}, birth_[3] = {0, 0, 0}, death_[3] = {0, 0, 0}, essential_[3] = {0, 0, 0};
  std::vector<PersistencePair> last_;
};

}  // namespace ionglass
