// NVE energy conservation with Teter + PPPM 1e-5 on a bundled glass, 1 fs: a short (0.05 ps)
// version of the 2 ps checks in test_md_nve_drift_long.cpp.
#include <gtest/gtest.h>

#include "md/nve_drift.hpp"

using namespace ionglass;

TEST(NveDrift, TeterPppmShort) {
  const test::Drift d = test::nve_drift("Teter", test::source_dir() + "/potentials/teter.yaml", 50);
  EXPECT_LT(std::abs(d.slope_eV_per_atom_ps), 1e-4);
  EXPECT_LT(d.spread_eV_per_atom, 5e-5);  // Verlet energy fluctuation at 1 fs, not drift
}

