// closest_pair against a brute-force minimum-image search over lattice translations.
#include <gtest/gtest.h>

#include <limits>

#include "ionglass/neighbor/closest_pair.hpp"
#include "neighbor/neighbor_test_helpers.hpp"

namespace ionglass {
namespace {

double brute_force_closest(const System& s) {
  double best = std::numeric_limits<double>::infinity();
  const Mat3& h = s.cell.matrix();
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = i; j < s.size(); ++j)
      for (int a = -2; a <= 2; ++a)
        for (int b = -2; b <= 2; ++b)
          for (int c = -2; c <= 2; ++c) {
            if (i == j && a == 0 && b == 0 && c == 0) continue;
            const Vec3 shift = a * h.row(0).transpose() + b * h.row(1).transpose() + c * h.row(2).transpose();
            best = std::min(best, (s.positions[j] + shift - s.positions[i]).norm());
          }
  return best;
}

TEST(ClosestPair, MatchesBruteForceInTriclinicCells) {
  Mat3 h;
  h << 9.0, 0, 0, 2.5, 8.0, 0, -1.5, 2.0, 8.5;
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const System s = test::random_system(h, 40, seed, 2);
    const double expected = brute_force_closest(s);
    const ClosestPair pair = closest_pair(s, 4.0);
    ASSERT_TRUE(pair.found);
    EXPECT_NEAR(pair.distance_A, expected, 1e-12);
    EXPECT_LT(pair.first, s.size());
    EXPECT_LT(pair.second, s.size());
  }
}

TEST(ClosestPair, NothingWithinTheRadiusOrTooFewAtoms) {
  Mat3 h = Mat3::Identity() * 10.0;
  System s = test::random_system(h, 1, 3);
  EXPECT_FALSE(closest_pair(s, 3.0).found);
  s.add_atom(2, 1, s.positions[0] + Vec3(5.0, 0, 0));
  const ClosestPair none = closest_pair(s, 3.0);
  EXPECT_FALSE(none.found);
  EXPECT_EQ(none.distance_A, 3.0);
  const ClosestPair some = closest_pair(s, 5.5);
  ASSERT_TRUE(some.found);
  EXPECT_NEAR(some.distance_A, 5.0, 1e-12);
}

}  // namespace
}  // namespace ionglass
