#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "ionglass/io/lammps_data.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"
#include "neighbor/neighbor_test_helpers.hpp"
#include "test_paths.hpp"

using namespace ionglass;

using namespace ionglass::test;

TEST(NeighborList, OrthogonalRandom) {
  compare_with_brute_force(random_system(Mat3::Identity() * 14, 300, 1), {4.0, 0.0});
}

TEST(NeighborList, StronglySkewedTriclinic) {
  Mat3 h;
  h << 12, 0, 0, 9, 11, 0, -7, 6, 10;
  compare_with_brute_force(random_system(h, 250, 2), {3.5, 0.3});
}

TEST(NeighborList, CutoffLargerThanTheCell) {
  Mat3 h;
  h << 4, 0, 0, 1.5, 3.5, 0, 0.5, -1, 5;
  compare_with_brute_force(random_system(h, 12, 3), {6.5, 0.0});  // many explicit images, self-images
}

TEST(NeighborList, PerTypeCutoffs) {
  System s = random_system(Mat3::Identity() * 12, 200, 4, 2);
  NeighborListOptions o{4.0, 0.5};
  o.ntypes = 2;
  o.type_cutoffs = {2.0, 3.0, 3.0, 4.0};
  compare_with_brute_force(s, o);
}

TEST(NeighborList, RebuildCriterion) {
  System s = random_system(Mat3::Identity() * 10, 50, 5);
  NeighborList list;
  list.build(s, {3.0, 1.0});
  auto moved = s.positions;
  moved[7].x() += 0.49;
  EXPECT_FALSE(list.needs_rebuild(moved));
  moved[7].x() += 0.02;
  EXPECT_TRUE(list.needs_rebuild(moved));
}
