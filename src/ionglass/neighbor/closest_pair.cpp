#include "ionglass/neighbor/closest_pair.hpp"

#include <cmath>

#include "ionglass/neighbor/pair_search.hpp"

namespace ionglass {

ClosestPair closest_pair(const System& system, double search_radius_A) {
  ClosestPair pair;
  pair.distance_A = search_radius_A;
  if (system.size() < 2) return pair;
  const PairSearch search(system.cell, system.positions, search_radius_A);
  // Distances from the positions as given (not the wrapped ones of the search), so the reported
  // distance is |x_j − x_i + shift| exactly as callers compute it.
  double best2 = search_radius_A * search_radius_A;
  search.for_each_pair(true, [&](std::size_t i, std::size_t j, const Image& image, const Vec3&, double) {
    const Vec3 shift = system.cell.has_volume() ? system.cell.translation(image) : Vec3::Zero();
    const double d2 = (system.positions[j] - system.positions[i] + shift).squaredNorm();
    if (d2 < best2) {
      best2 = d2;
      pair.found = true;
      pair.first = i;
      pair.second = j;
    }
  });
  if (pair.found) pair.distance_A = std::sqrt(best2);
  return pair;
}

}  // namespace ionglass
