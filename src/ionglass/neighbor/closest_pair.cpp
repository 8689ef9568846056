#include "ionglass/neighbor/closest_pair.hpp"

#include <cmath>

#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass {

ClosestPair closest_pair(const System& system, double search_radius_A) {
  ClosestPair pair;
  pair.distance_A = search_radius_A;
  if (system.size() < 2) return pair;
  NeighborListOptions options;
  options.cutoff = search_radius_A;
  options.half = true;
  NeighborList list;
  list.build(system, options);
  const auto shifts = list.shift_vectors(system.cell);
  double best2 = search_radius_A * search_radius_A;
  for (std::size_t i = 0; i < system.size(); ++i)
    for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
      const auto& e = list.entry(k);
      const double d2 = (system.positions[e.atom] - system.positions[i] + shifts[e.image]).squaredNorm();
      if (d2 < best2) {
        best2 = d2;
        pair.found = true;
        pair.first = i;
        pair.second = static_cast<std::size_t>(e.atom);
      }
    }
  if (pair.found) pair.distance_A = std::sqrt(best2);
  return pair;
}

}  // namespace ionglass
