// NVE energy conservation on a bundled glass (3003 atoms), 1 fs, 2 ps: |drift| < 2e-5 eV/atom/ps
// with Teter + PPPM 1e-5 and with ACE (label long: minutes to hours).
#include <gtest/gtest.h>

#include "md/nve_drift.hpp"

using namespace ionglass;

TEST(NveDriftLong, TeterPppm2ps) {
  const test::Drift d = test::nve_drift("Teter", test::source_dir() + "/potentials/teter.yaml", 2000);
  EXPECT_LT(std::abs(d.slope_eV_per_atom_ps), 2e-5);
}

TEST(NveDriftLong, Ace2ps) {
  const test::Drift d = test::nve_drift("ACE", test::data_dir() + "/potential/NaFePO4.yace", 2000);
  EXPECT_LT(std::abs(d.slope_eV_per_atom_ps), 2e-5);
}
