// The bundled glass against the brute-force search (O(N²), so labelled slow).
#include <gtest/gtest.h>

#include "ionglass/io/lammps_data.hpp"
#include "neighbor/neighbor_test_helpers.hpp"
#include "test_paths.hpp"

using namespace ionglass;
using namespace ionglass::test;

TEST(NeighborList, BundledGlassAgainstBruteForceAndCounts) {
  const System s = read_lammps_data(test::glass("Teter", 1));
  NeighborListOptions o{6.5, 0.0};
  compare_with_brute_force(s, o, /*full_only=*/true);
  NeighborList list;
  list.build(s, o);
  const double mean = static_cast<double>(list.pair_count()) / s.size();
  EXPECT_GT(mean, 70);
  EXPECT_LT(mean, 100);
}

