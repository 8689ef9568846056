// Arrhenius fits on synthetic D(T).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
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

TEST(Arrhenius, WeightedFitOfTwoPointsHasThePropagatedError) {
  // E_a = −(ln y₂ − ln y₁)/(x₂ − x₁): var E_a = (s₁² + s₂²)/(x₂ − x₁)² with s_k = e_k/y_k.
  const std::vector<double> T{700, 900}, y{2e-6, 1e-5}, e{0.2e-6, 2e-6};
  const ArrheniusFit fit = fit_arrhenius(T, y, e);
  const double x1 = 1 / (units::boltzmann_eV_per_K * 700), x2 = 1 / (units::boltzmann_eV_per_K * 900);
  EXPECT_NEAR(fit.activation_eV, -(std::log(1e-5) - std::log(2e-6)) / (x2 - x1), 1e-12);
  EXPECT_NEAR(fit.activation_stderr_eV, std::sqrt(0.1 * 0.1 + 0.2 * 0.2) / std::abs(x2 - x1), 1e-12);
  EXPECT_TRUE(fit.weighted);
  EXPECT_EQ(fit.degrees_of_freedom, 0);
  EXPECT_TRUE(fit.consistent());
  EXPECT_EQ(fit.error_scale, 1);
  EXPECT_EQ(fit.temperature_min_K, 700);
  EXPECT_EQ(fit.temperature_max_K, 900);
  double ln_error = 0;
  fit.predict(700, &ln_error);
  EXPECT_NEAR(ln_error, 0.1, 1e-9);  // at a fitted point the law passes through it with its error
}

TEST(Arrhenius, WeightedFitCoversTheTrueActivationEnergyAtItsStatedRate) {
  // 2000 data sets of 4 temperatures with calibrated relative errors of 5–20 %: the 68 % and 95 %
  // intervals E_a ± σ and ± 1.96σ must hold the true E_a at those rates, and χ² must follow its
  // distribution (p < 0.05 in about 5 % of the sets).
  const double ea = 0.55, d0 = 4e-3;
  std::mt19937_64 rng(2024);
  const std::vector<double> T{800, 900, 1000, 1200}, relative{0.2, 0.12, 0.08, 0.05};
  int inside_68 = 0, inside_95 = 0, low_p = 0;
  const int trials = 2000;
  for (int trial = 0; trial < trials; ++trial) {
    std::vector<double> y, e;
    for (std::size_t k = 0; k < T.size(); ++k) {
      std::normal_distribution<double> noise(0, relative[k]);
      const double truth = d0 * std::exp(-ea / (units::boltzmann_eV_per_K * T[k]));
      y.push_back(truth * std::exp(noise(rng)));
      e.push_back(relative[k] * y.back());
    }
    const ArrheniusFit fit = fit_arrhenius(T, y, e);
    inside_68 += std::abs(fit.activation_eV - ea) <= fit.activation_stderr_eV;
    inside_95 += std::abs(fit.activation_eV - ea) <= 1.959964 * fit.activation_stderr_eV;
    low_p += fit.chi2_p_value < 0.05;
  }
  std::printf("weighted Arrhenius: 68 %% -> %.1f %%, 95 %% -> %.1f %%, p < 0.05 in %.1f %%\n",
              100.0 * inside_68 / trials, 100.0 * inside_95 / trials, 100.0 * low_p / trials);
  EXPECT_NEAR(inside_68 / double(trials), 0.6827, 0.04);
  EXPECT_NEAR(inside_95 / double(trials), 0.95, 0.02);
  EXPECT_NEAR(low_p / double(trials), 0.05, 0.02);
}

TEST(Arrhenius, PointsThatScatterBeyondTheirErrorsAreInconsistentAndTheErrorsAreScaled) {
  const std::vector<double> T{700, 800, 900, 1000}, y{1e-6, 5e-6, 4e-6, 2e-5}, e{1e-8, 5e-8, 4e-8, 2e-7};
  const ArrheniusFit fit = fit_arrhenius(T, y, e);
  EXPECT_FALSE(fit.consistent());
  EXPECT_LT(fit.chi2_p_value, 0.01);
  EXPECT_NEAR(fit.error_scale, std::sqrt(fit.chi2 / 2), 1e-12);
  EXPECT_THROW(fit_arrhenius(T, y, {1e-8, 0, 4e-8, 2e-7}), InputError);
  EXPECT_THROW(fit_arrhenius(T, y, {1e-8, 5e-8}), InputError);
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
