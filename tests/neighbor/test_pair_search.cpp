// PairSearch (the one spatial query) against brute force, and its thread-count determinism.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/pair_search.hpp"
#include "neighbor/neighbor_test_helpers.hpp"

namespace ionglass {
namespace {

using PairKey = std::tuple<std::size_t, std::size_t, int, int, int>;

// Every (i, j, image) within `radius` by brute force over images, with its squared distance.
std::map<PairKey, double> brute_force_pairs(const System& s, double radius, bool half) {
  std::map<PairKey, double> out;
  const int reach = 3;
  const bool cell = s.cell.has_volume();
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = 0; j < s.size(); ++j)
      for (int a = -reach; a <= reach; ++a)
        for (int b = -reach; b <= reach; ++b)
          for (int c = -reach; c <= reach; ++c) {
            const Image n{a, b, c};
            if (!cell && (a || b || c)) continue;
            if (cell && ((!s.cell.periodic()[0] && a) || (!s.cell.periodic()[1] && b) || (!s.cell.periodic()[2] && c)))
              continue;
            if (i == j && a == 0 && b == 0 && c == 0) continue;
            if (half && (j < i || (j == i && !pair_search_detail::positive_image(a, b, c)))) continue;
            const Vec3 shift = cell ? s.cell.translation(n) : Vec3::Zero();
            const double r2 = (s.positions[j] - s.positions[i] + shift).squaredNorm();
            if (r2 < radius * radius) out[{i, j, a, b, c}] = r2;
          }
  return out;
}

void expect_matches_brute_force(const System& s, double radius) {
  const PairSearch search(s.cell, s.positions, radius);
  for (bool half : {false, true}) {
    const auto expected = brute_force_pairs(s, radius, half);
    std::map<PairKey, double> found;
    search.for_each_pair(half, [&](std::size_t i, std::size_t j, const Image& n, const Vec3& d, double r2) {
      EXPECT_NEAR(d.squaredNorm(), r2, 1e-12);
      const Vec3 shift = s.cell.has_volume() ? s.cell.translation(n) : Vec3::Zero();
      EXPECT_LT((s.positions[j] - s.positions[i] + shift - d).norm(), 1e-9);  // r_ij as documented
      EXPECT_TRUE(found.emplace(PairKey{i, j, n[0], n[1], n[2]}, r2).second) << "pair reported twice";
    });
    ASSERT_EQ(found.size(), expected.size()) << "half=" << half;
    for (const auto& [key, r2] : expected) {
      ASSERT_TRUE(found.count(key)) << "missing pair " << std::get<0>(key) << "-" << std::get<1>(key);
      EXPECT_NEAR(found[key], r2, 1e-9);
    }
  }
}

TEST(PairSearch, MatchesBruteForceInATriclinicCell) {
  Mat3 h;
  h << 9.0, 0, 0, 2.5, 8.0, 0, -1.5, 2.0, 8.5;
  for (unsigned seed = 1; seed <= 3; ++seed) expect_matches_brute_force(test::random_system(h, 60, seed), 3.7);
}

TEST(PairSearch, RadiusLargerThanTheCellFindsSelfImages) {
  Mat3 h;
  h << 4.0, 0, 0, 1.0, 4.5, 0, 0.5, -0.7, 5.0;
  const System s = test::random_system(h, 8, 7);
  expect_matches_brute_force(s, 6.0);  // > every width: an atom is its own neighbour
}

TEST(PairSearch, OpenBoundariesAndPartlyPeriodicCells) {
  Mat3 h;
  h << 12.0, 0, 0, 0, 11.0, 0, 2.0, 1.0, 13.0;
  System slab = test::random_system(h, 70, 3);
  slab.cell = Cell(h, slab.cell.origin(), {true, true, false});
  expect_matches_brute_force(slab, 3.5);
  System cluster = test::random_system(h, 50, 4);
  cluster.cell = Cell();
  expect_matches_brute_force(cluster, 3.5);
}

TEST(PairSearch, ThreadedVisitorsSeeContiguousAtomChunksInOrder) {
  Mat3 h;
  h << 10.0, 0, 0, 1.0, 10.0, 0, 0.0, 1.5, 10.0;
  const System s = test::random_system(h, 300, 11);
  const PairSearch search(s.cell, s.positions, 4.0);
  struct Sum {
    double value = 0;
    std::size_t first_atom = SIZE_MAX, last_atom = 0;
    void operator()(std::size_t i, std::size_t, const Image&, const Vec3&, double r2) {
      value += r2;
      first_atom = std::min(first_atom, i);
      last_atom = std::max(last_atom, i);
    }
  };
  auto reduce = [&](int threads) {
    std::vector<Sum> per_thread(static_cast<std::size_t>(threads));
    search.for_each_pair_threaded(false, per_thread);
    double total = 0;
    for (std::size_t t = 0; t + 1 < per_thread.size(); ++t)
      if (per_thread[t].first_atom != SIZE_MAX && per_thread[t + 1].first_atom != SIZE_MAX) {
        EXPECT_LT(per_thread[t].last_atom, per_thread[t + 1].first_atom);  // chunks in thread order
      }
    for (const auto& p : per_thread) total += p.value;
    return total;
  };
  double serial = 0;
  search.for_each_pair(false, [&](std::size_t, std::size_t, const Image&, const Vec3&, double r2) { serial += r2; });
  EXPECT_EQ(reduce(1), serial);  // bit-identical
  const double two = reduce(2);
  EXPECT_EQ(reduce(2), two);  // repeatable
  EXPECT_NEAR(two, serial, 1e-9 * serial);
}

TEST(PairSearch, RejectsABadRadius) {
  const System s = test::random_system(Mat3::Identity() * 10, 5, 1);
  EXPECT_THROW(PairSearch(s.cell, s.positions, 0.0), InputError);
  EXPECT_THROW(PairSearch(s.cell, s.positions, std::nan("")), InputError);
}

}  // namespace
}  // namespace ionglass
