// VerletListCache: the one rebuild rule (neighbor/verlet_list_cache.hpp) and the list it keeps.
#include <gtest/gtest.h>

#include <random>

#include "ionglass/neighbor/verlet_list_cache.hpp"
#include "neighbor/neighbor_test_helpers.hpp"

namespace ionglass {
namespace {

System triclinic_system(unsigned seed) {
  Mat3 h;
  h << 11.0, 0, 0, 2.0, 10.5, 0, -1.0, 1.5, 12.0;
  return test::random_system(h, 120, seed, 2);
}

NeighborListOptions options() {
  NeighborListOptions o;
  o.cutoff = 4.0;
  o.skin = 0.6;
  return o;
}

TEST(VerletListCache, BuildsOnceThenOnlyWhenAnAtomMovesMoreThanHalfTheSkin) {
  System s = triclinic_system(1);
  VerletListCache cache;
  EXPECT_TRUE(cache.needs_rebuild(s));
  cache.rebuild(s, options());
  EXPECT_EQ(cache.builds(), 1);
  EXPECT_FALSE(cache.needs_rebuild(s));
  s.positions[17].x() += 0.29;  // < skin/2 = 0.3
  EXPECT_FALSE(cache.needs_rebuild(s));
  s.positions[17].x() += 0.02;  // now 0.31 > skin/2
  EXPECT_TRUE(cache.needs_rebuild(s));
  cache.rebuild(s, options());
  EXPECT_FALSE(cache.needs_rebuild(s));
  EXPECT_EQ(cache.builds(), 2);
  cache.invalidate();
  EXPECT_TRUE(cache.needs_rebuild(s));
}

TEST(VerletListCache, RebuildsWhenTheCellIsStrainedOrTheAtomCountChanges) {
  System s = triclinic_system(2);
  VerletListCache cache;
  cache.rebuild(s, options());
  // An affine strain of 10⁻⁹ moves no atom measurably but changes the cell: rebuild.
  const Mat3 strain = Mat3::Identity() + 1e-9 * Mat3::Ones();
  System strained = s;
  strained.cell = Cell(s.cell.matrix() * strain, s.cell.origin());
  for (auto& x : strained.positions) x = s.cell.origin() + strain.transpose() * (x - s.cell.origin());
  EXPECT_TRUE(cache.needs_rebuild(strained));
  System grown = s;
  grown.add_atom(1000, 1, Vec3(1, 1, 1));
  EXPECT_TRUE(cache.needs_rebuild(grown));
}

TEST(VerletListCache, ListEqualsBruteForceAndStaysCompleteWhileNoRebuildIsAsked) {
  System s = triclinic_system(3);
  VerletListCache cache;
  cache.rebuild(s, options());
  test::compare_with_brute_force(s, options());
  // Random moves below skin/2: no rebuild asked, and every pair within the bare cutoff is still
  // in the list (Verlet's guarantee that the rule relies on).
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-1, 1);
  for (auto& x : s.positions) {
    Vec3 step(u(rng), u(rng), u(rng));
    x += 0.29 * step.normalized();
  }
  ASSERT_FALSE(cache.needs_rebuild(s));
  NeighborListOptions bare = options();
  bare.skin = 0;
  const NeighborList exact = brute_force_neighbor_list(s, bare);
  const auto listed = test::pairs(cache.list(), s);
  for (const auto& pair : test::pairs(exact, s))
    EXPECT_TRUE(std::binary_search(listed.begin(), listed.end(), pair)) << "pair lost without a rebuild";
}

}  // namespace
}  // namespace ionglass
