// Arrhenius fits on synthetic D(T).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ionglass/analysis/dynamics/arrhenius_fit.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {
namespace {

TEST(Arrhenius, RecoversActivationEnergyExactlyWithoutNoise) {
  const double ea = 0.45, d0 = 3e-3;
  std::vector<double> T{600, 700, 800, 900, 1000}, D;
  for (double t : T) D.push_back(d0 * std::exp(-ea / (units::boltzmann_eV_per_K * t)));
  const auto fit = fit_arrhenius(T, D);
  EXPECT_NEAR(fit.activation_eV, ea, 1e-10);
  EXPECT_NEAR(fit.prefactor(), d0, 1e-10 * d0);
  EXPECT_NEAR(fit.predict(300), d0 * std::exp(-ea / (units::boltzmann_eV_per_K * 300)), 1e-8 * fit.predict(300));
}

TEST(Arrhenius, RecoversActivationEnergyWithinItsErrorFromNoisyData) {
  const double ea = 0.6, d0 = 1e-2;
  std::mt19937_64 rng(42);
  std::normal_distribution<double> noise(0, 0.08);  // 8 % scatter of D
  int within = 0;
  const int trials = 50;
  for (int trial = 0; trial < trials; ++trial) {
    std::vector<double> T{500, 600, 700, 800, 900, 1000, 1100}, D;
    for (double t : T) D.push_back(d0 * std::exp(-ea / (units::boltzmann_eV_per_K * t) + noise(rng)));
    const auto fit = fit_arrhenius(T, D);
    ASSERT_GT(fit.activation_stderr_eV, 0);
    if (std::abs(fit.activation_eV - ea) < 2 * fit.activation_stderr_eV) ++within;
    if (trial == 0) {
      EXPECT_LT(std::abs(fit.activation_eV - ea), 3 * fit.activation_stderr_eV);
    }
  }
  // About 95 % of fits land within two standard errors (t distribution with 5 dof: ~90 %).
  EXPECT_GE(within, 40);
}

TEST(Arrhenius, BadInput) {
  EXPECT_THROW(fit_arrhenius({800}, {1e-5}), InputError);
  EXPECT_THROW(fit_arrhenius({800, 800}, {1e-5, 2e-5}), InputError);
  EXPECT_THROW(fit_arrhenius({800, 900}, {1e-5, -1}), InputError);
  const auto two = fit_arrhenius({800, 900}, {1e-5, 2e-5});
  EXPECT_TRUE(std::isnan(two.activation_stderr_eV));  // undefined from two points
}

}  // namespace
}  // namespace ionglass
