#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "ionglass/io/lammps_data.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {

System random_system(const Mat3& h, int n, unsigned seed, int ntypes = 1) {
  System s;
  s.cell = Cell(h, Vec3(0.3, -0.2, 0.1));
  for (int t = 0; t < ntypes; ++t) s.type_for_element(8 + t);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.2, 1.2);  // some atoms outside the cell
  for (int i = 0; i < n; ++i) s.add_atom(i + 1, 1 + i % ntypes, s.cell.to_cartesian(Vec3(u(rng), u(rng), u(rng))));
  return s;
}

// Sorted (i, j, rounded displacement) triples: equal lists give equal sets.
std::vector<std::tuple<int, int, long, long, long>> pairs(const NeighborList& list, const System& s) {
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

void compare_with_brute_force(const System& s, NeighborListOptions o, bool full_only = false) {
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

}  // namespace

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
