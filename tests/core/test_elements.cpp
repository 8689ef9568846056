#include <gtest/gtest.h>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;

TEST(Elements, TableCoversHydrogenToCalifornium) {
  for (int z = 1; z <= 98; ++z) {
    const Element& e = elements::by_number(z);
    EXPECT_EQ(e.atomic_number, z);
    EXPECT_GT(e.mass_amu, 0.9);
    EXPECT_EQ(elements::by_symbol(e.symbol).atomic_number, z);
    // f(0) = Σa + c ≈ Z (electron count), within the fit quality of the tables.
    EXPECT_NEAR(e.xray_form_factor(0.0), z, 0.05 * z + 0.1) << e.symbol;
  }
  EXPECT_STREQ(elements::by_number(98).symbol, "Cf");
  EXPECT_THROW(elements::by_number(99), InputError);
}

TEST(Elements, StudyElementsHaveTheSpecifiedScatteringLengths) {
  // Sears 1992, as the analysis definitions list them.
  EXPECT_NEAR(elements::by_symbol("Na").neutron_b_fm, 3.63, 1e-3);
  EXPECT_NEAR(elements::by_symbol("Fe").neutron_b_fm, 9.45, 1e-3);
  EXPECT_NEAR(elements::by_symbol("P").neutron_b_fm, 5.13, 1e-3);
  EXPECT_NEAR(elements::by_symbol("O").neutron_b_fm, 5.803, 1e-3);
}

TEST(Elements, MassInference) {
  EXPECT_EQ(elements::from_mass(55.84499998563419).value(), 26);
  EXPECT_EQ(elements::from_mass(15.9994).value(), 8);
  EXPECT_EQ(elements::from_mass(22.99).value(), 11);
  EXPECT_EQ(elements::from_mass(30.9738).value(), 15);
  EXPECT_FALSE(elements::from_mass(50.0).has_value());   // nothing within 0.05
  EXPECT_FALSE(elements::from_mass(247.0).has_value());  // Cm and Bk: ambiguous
}

TEST(Elements, UnknownSymbol) {
  EXPECT_THROW(elements::by_symbol("Xx"), InputError);
  EXPECT_EQ(elements::find_symbol("FE").value(), 26);
}
