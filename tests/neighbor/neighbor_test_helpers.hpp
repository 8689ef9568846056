#pragma once
// Brute-force comparison helpers for the neighbour-list tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass::test {
using namespace ionglass;


inline System random_system(const Mat3& h, int n, unsigned seed, int ntypes = 1) {
  System s;
  s.cell = Cell(h, Vec3(0.3, -0.2, 0.1));
  for (int t = 0; t < ntypes; ++t) s.type_for_element(8 + t);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.2, 1.2);  // some atoms outside the cell
  for (int i = 0; i < n; ++i) s.add_atom(i + 1, 1 + i % ntypes, s.cell.to_cartesian(Vec3(u(rng), u(rng), u(rng))));
  return s;
}

// Sorted (i, j, rounded displacement) triples: equal lists give equal sets.
inline std::vector<std::tuple<int, int, long, long, long>> pairs(const NeighborList& list, const System& s) {
  std::vector<std::tuple<int, int, long, long, long>> out;
  const auto shifts = list.shift_vectors(s.cell);
  for (std::size_t i = 0; i < list.atom_count(); ++i)
    for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
      const auto& e = list.entry(k);
      const Vec3 d = s.positions[e.atom] - s.positions[i] + shifts[e.image];
      out.emplace_back(static_cast<int>(i), e.atom, std::lround(d.x() * 1e6), std::lround(d.y() * 1e6),
                       std::lround(d.z() * 1e6));
    }
  std::sort(out.begin(), out.end());
  return out;
}

inline void compare_with_brute_force(const System& s, NeighborListOptions o, bool full_only = false) {
  for (bool half : {false, true}) {
    if (half && full_only) continue;
    o.half = half;
    NeighborList fast;
    fast.build(s, o);
    const NeighborList slow = brute_force_neighbor_list(s, o);
    ASSERT_EQ(fast.pair_count(), slow.pair_count()) << "half=" << half;
    EXPECT_EQ(pairs(fast, s), pairs(slow, s)) << "half=" << half;
  }
}


}  // namespace ionglass::test
