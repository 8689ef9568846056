// Reduced version of test_lammps_nvt.cpp: 0.06 ps NVT at 1500 K.
#include "nvt_comparison.hpp"

TEST(LammpsNvt, ShortRunAt1500KSameMeanPotentialEnergy) { ionglass::test::compare_nvt_mean_energy(60, 1); }
