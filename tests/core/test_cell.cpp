#include <gtest/gtest.h>

#include <random>

#include "ionglass/core/cell.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;

TEST(Cell, LammpsRoundTrip) {
  LammpsBox box{-1.0, 9.0, 0.5, 8.5, -2.0, 10.0, 1.5, -0.7, 2.2, true};
  const Cell cell = Cell::from_lammps(box);
  EXPECT_NEAR(cell.volume(), 10.0 * 8.0 * 12.0, 1e-9);
  const LammpsBox back = cell.to_lammps();
  EXPECT_DOUBLE_EQ(back.xlo, box.xlo);
  EXPECT_DOUBLE_EQ(back.xhi, box.xhi);
  EXPECT_DOUBLE_EQ(back.yhi, box.yhi);
  EXPECT_DOUBLE_EQ(back.zhi, box.zhi);
  EXPECT_DOUBLE_EQ(back.xy, box.xy);
  EXPECT_DOUBLE_EQ(back.xz, box.xz);
  EXPECT_DOUBLE_EQ(back.yz, box.yz);
}

TEST(Cell, LengthsAnglesAndWidths) {
  Mat3 h;
  h << 4, 0, 0, 0, 5, 0, 0, 0, 6;
  Cell c(h);
  EXPECT_NEAR(c.angles_deg()[0], 90, 1e-12);
  EXPECT_NEAR(c.perpendicular_widths()[2], 6, 1e-12);
  Mat3 hex;
  hex << 3, 0, 0, -1.5, 3 * std::sqrt(3.0) / 2, 0, 0, 0, 5;
  Cell h2(hex);
  EXPECT_NEAR(h2.angles_deg()[2], 120, 1e-9);
  EXPECT_NEAR(h2.lengths()[1], 3, 1e-12);
  EXPECT_NEAR(h2.perpendicular_widths()[0], 3 * std::sqrt(3.0) / 2, 1e-12);
}

TEST(Cell, FractionalWrapAndMinimumImage) {
  Mat3 h;
  h << 10, 0, 0, 4, 9, 0, -3, 2, 8;
  Cell c(h, Vec3(1, 2, 3));
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> u(-30, 30);
  for (int trial = 0; trial < 200; ++trial) {
    Vec3 r(u(rng), u(rng), u(rng));
    EXPECT_LT((c.to_cartesian(c.to_fractional(r)) - r).norm(), 1e-10);
    Image img{0, 0, 0};
    Vec3 w = c.wrap(r, &img);
    Vec3 s = c.to_fractional(w);
    for (int k = 0; k < 3; ++k) {
      EXPECT_GE(s[k], 0.0);
      EXPECT_LT(s[k], 1.0);
    }
    EXPECT_LT((w + c.translation(img) - r).norm(), 1e-9);
    // The minimum image is no longer than any other image of the same displacement (for
    // displacements well inside the cell).
    Vec3 d(u(rng) / 2, u(rng) / 2, u(rng) / 2);
    Vec3 m = c.minimum_image(d);
    for (int a = -3; a <= 3; ++a)
      for (int b = -3; b <= 3; ++b)
        for (int k = -3; k <= 3; ++k) EXPECT_LE(m.norm(), (d + c.translation({a, b, k})).norm() + 1e-12);
  }
}

TEST(Cell, RotationToLammpsPreservesShape) {
  Mat3 h;
  h << 5, 1, 0.5, 0.3, 6, 1, -0.4, 0.8, 7;
  Cell c(h);
  Mat3 r;
  Cell l = c.rotated_to_lammps(&r);
  EXPECT_TRUE(l.is_lammps_form());
  EXPECT_NEAR(l.volume(), c.volume(), 1e-9);
  EXPECT_LT((l.lengths() - c.lengths()).norm(), 1e-10);
  EXPECT_LT((l.angles_deg() - c.angles_deg()).norm(), 1e-8);
  EXPECT_LT((r.transpose() * r - Mat3::Identity()).norm(), 1e-12);
}

TEST(Cell, ZeroVolumeIsAnError) {
  Mat3 h = Mat3::Zero();
  h(0, 0) = 1;
  EXPECT_THROW(Cell c(h), InputError);
}
