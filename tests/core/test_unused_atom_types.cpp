// mark_unused_atom_types: type numbers that no atom uses get a placeholder that validate() accepts;
// types with an element are left alone.
#include <gtest/gtest.h>

#include "ionglass/core/error.hpp"
#include "ionglass/core/unused_atom_types.hpp"

using namespace ionglass;

TEST(UnusedAtomTypes, GapsInTheTableBecomePlaceholdersThatValidate) {
  System s;
  s.cell = Cell(Mat3::Identity() * 10.0);
  s.atom_types.resize(4);
  s.atom_types[0] = {11, 22.99, "Na"};
  s.atom_types[2] = {8, 15.999, ""};
  s.atom_types[3].mass_amu = 55.845;  // declared with a mass but no element
  s.add_atom(1, 1, Vec3(1, 1, 1));
  s.add_atom(2, 3, Vec3(3, 1, 1));
  EXPECT_THROW(s.validate("gaps"), InputError);  // a type without an element
  mark_unused_atom_types(s);
  EXPECT_NO_THROW(s.validate("gaps"));
  EXPECT_EQ(s.atom_types[0].atomic_number, 11);
  EXPECT_EQ(s.atom_types[0].label, "Na");
  EXPECT_EQ(s.atom_types[2].atomic_number, 8);
  EXPECT_EQ(s.atom_types[1].atomic_number, 1);
  EXPECT_EQ(s.atom_types[1].label, "unused");
  EXPECT_DOUBLE_EQ(s.atom_types[1].mass_amu, 1.0);
  EXPECT_DOUBLE_EQ(s.atom_types[3].mass_amu, 55.845);  // a declared mass is kept
  EXPECT_EQ(s.types, (std::vector<int>{1, 3}));
}
