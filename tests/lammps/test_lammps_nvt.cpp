// 2 ps NVT at 1500 K: ionglass and the exported LAMMPS deck give the same mean potential energy
// within the statistical error (label long; test_lammps_nvt_short.cpp is the reduced version).
#include "nvt_comparison.hpp"

TEST(LammpsNvt, TwoPicosecondsAt1500KSameMeanPotentialEnergy) { ionglass::test::compare_nvt_mean_energy(2000, 10); }
