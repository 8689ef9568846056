#include <gtest/gtest.h>

#include "ionglass/core/error.hpp"
#include "ionglass/core/system.hpp"

using namespace ionglass;

TEST(System, DensityAndCounts) {
  System s;
  Mat3 h = Mat3::Identity() * 10;
  s.cell = Cell(h);
  const int fe = s.type_for_element(26), o = s.type_for_element(8);
  s.add_atom(1, fe, Vec3(1, 1, 1));
  s.add_atom(2, o, Vec3(2, 1, 1));
  s.validate();
  EXPECT_EQ(s.counts().at("Fe"), 1u);
  EXPECT_NEAR(s.density_g_cm3(), (55.845 + 15.999) / 1000.0 * 1.66053906660, 1e-3);
}

TEST(System, ValidateRejectsDuplicatesAndNaN) {
  System s;
  s.cell = Cell(Mat3::Identity() * 5);
  const int t = s.type_for_element(8);
  s.add_atom(1, t, Vec3(0, 0, 0));
  s.add_atom(1, t, Vec3(1, 0, 0));
  EXPECT_THROW(s.validate("x.data"), InputError);
  s.ids[1] = 2;
  s.positions[1].x() = std::nan("");
  EXPECT_THROW(s.validate("x.data"), InputError);
}

TEST(System, WrapKeepsUnwrappedPositions) {
  System s;
  Mat3 h;
  h << 5, 0, 0, 1, 5, 0, 0.5, 0.5, 5;
  s.cell = Cell(h);
  const int t = s.type_for_element(11);
  s.add_atom(1, t, Vec3(12.3, -7.1, 3.3));
  const Vec3 before = s.unwrapped_positions()[0];
  s.wrap_positions();
  EXPECT_LT((s.unwrapped_positions()[0] - before).norm(), 1e-10);
}
