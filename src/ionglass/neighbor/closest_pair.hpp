#pragma once
// The closest pair of atoms within a search radius (periodic, triclinic), for safety checks,
// validation and error messages.
#include <cstddef>

#include "ionglass/core/system.hpp"

namespace ionglass {

struct ClosestPair {
  bool found = false;     ///< false: no two atoms are within the search radius
  std::size_t first = 0;  ///< atom indices (0-based) of the pair
  std::size_t second = 0;
  double distance_A = 0;  ///< their minimum-image distance (Å); the search radius when none was found
};

/// Closest pair of distinct atoms (or an atom and a periodic image of another) closer than
/// `search_radius_A` (Å, > 0). Cost: one streamed PairSearch at that radius (no list stored).
ClosestPair closest_pair(const System& system, double search_radius_A);

}  // namespace ionglass
