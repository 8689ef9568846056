// Calibration of the GLS (kinisi-style) diffusion uncertainty on synthetic Gaussian random walks
// with known D: the 68 % and 95 % intervals must contain the true D at their stated rates.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "ionglass/analysis/dynamics/diffusion_coefficient.hpp"
#include "ionglass/analysis/dynamics/diffusion_uncertainty.hpp"
#include "ionglass/analysis/dynamics/mean_squared_displacement.hpp"
#include "ionglass/core/error.hpp"

namespace {

using namespace ionglass;

/// Frame-major positions of `walkers` Gaussian random walks (per-axis step σ, Å per frame).
std::vector<double> random_walk_data(std::size_t walkers, std::size_t frames, double sigma, std::mt19937_64& rng) {
  std::normal_distribution<double> step(0, sigma);
  std::vector<double> data(walkers * frames * 3, 0.0);
  for (std::size_t f = 1; f < frames; ++f)
    for (std::size_t c = 0; c < 3 * walkers; ++c)
      data[f * 3 * walkers + c] = data[(f - 1) * 3 * walkers + c] + step(rng);
  return data;
}

struct Coverage {
  int inside_68 = 0, inside_95 = 0, inside_block_68 = 0, trials = 0;
  double gls_width = 0, block_width = 0;
  std::vector<double> gls_estimates, ols_estimates;  ///< D of every trajectory (Å²/ps)
  double true_D = 0;
  double optimal_stderr = 0;  ///< the floor for any estimator: increments' ML error D √(2/(3 W (T − 1)))
};

double spread(const std::vector<double>& x) {
  double mean = 0, squares = 0;
  for (double v : x) mean += v / static_cast<double>(x.size());
  for (double v : x) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(x.size() - 1));
}

/// `trials` trajectories; the GLS and block-of-origins errors of D over lags [first, last].
Coverage measure_coverage(int trials, std::size_t walkers, std::size_t frames, std::size_t first, std::size_t last,
                          unsigned seed) {
  const double sigma = 0.3, dt = 0.1;              // Å per frame per axis, ps per frame
  const double true_D = sigma * sigma / (2 * dt);  // Å²/ps (per-axis variance σ² per frame = 2 D dt)
  std::mt19937_64 rng(seed);
  std::vector<std::size_t> atoms(walkers);
  for (std::size_t i = 0; i < walkers; ++i) atoms[i] = i;
  DiffusionFitOptions options;
  const FitWindow window{first, last, true, "fixed"};
  Coverage c;
  for (int t = 0; t < trials; ++t) {
    const auto data = random_walk_data(walkers, frames, sigma, rng);
    const DiffusionResult blocks = analyse_diffusion(data.data(), frames, 3 * walkers, atoms, dt, options, &window);
    const GlsDiffusionFit fit =
        gls_diffusion_fit(blocks.msd.total, dt, first, last, static_cast<double>(walkers), frames);
    c.inside_68 += fit.D_68_low <= true_D && true_D <= fit.D_68_high;
    c.inside_95 += fit.D_95_low <= true_D && true_D <= fit.D_95_high;
    c.inside_block_68 += std::abs(blocks.D_A2_per_ps() - true_D) <= blocks.D_stderr_A2_per_ps();
    c.gls_width += fit.D_stderr / trials;
    c.block_width += blocks.D_stderr_A2_per_ps() / trials;
    c.gls_estimates.push_back(fit.D);
    c.ols_estimates.push_back(blocks.D_A2_per_ps());
    ++c.trials;
  }
  c.true_D = true_D;
  // Each of the 3 W (T − 1) Gaussian increments has variance 2 D dt: the ML estimate of D from
  // them has relative variance 2 / (3 W (T − 1)).
  c.optimal_stderr = true_D * std::sqrt(2.0 / (3.0 * static_cast<double>(walkers) * static_cast<double>(frames - 1)));
  return c;
}

void report(const char* what, const Coverage& c) {
  std::printf(
      "%s: 68%% coverage %.3f, 95%% coverage %.3f, block-method 68%% coverage %.3f, mean stderr GLS/block %.3f\n", what,
      double(c.inside_68) / c.trials, double(c.inside_95) / c.trials, double(c.inside_block_68) / c.trials,
      c.gls_width / c.block_width);
  std::printf(
      "%s: mean GLS stderr / spread of GLS D over trajectories %.3f; spread GLS/OLS %.3f; spread GLS / increment "
      "ML floor %.2f\n",
      what, c.gls_width / spread(c.gls_estimates), spread(c.gls_estimates) / spread(c.ols_estimates),
      spread(c.gls_estimates) / c.optimal_stderr);
}

// kinisi's published behaviour (McCluskey, Coles, Morgan, J. Chem. Theory Comput. 2024, lattice
// random walks): the error a single trajectory reports matches the spread of D across repeated
// trajectories, and the correlated fit is more efficient than ordinary least squares on the same
// MSD. Both, measured on the same trajectories.
void expect_kinisi_behaviour(const Coverage& c) {
  const double accuracy = c.gls_width / spread(c.gls_estimates);
  EXPECT_GT(accuracy, 0.8);
  EXPECT_LT(accuracy, 1.25);
  EXPECT_LT(spread(c.gls_estimates), spread(c.ols_estimates));
  // No estimator beats the increments' maximum-likelihood error.
  EXPECT_GT(spread(c.gls_estimates), 0.9 * c.optimal_stderr);
}

TEST(DiffusionUncertainty, TracerIntervalsAreCalibrated) {
  // 200 trajectories of 50 ions × 500 frames; window lags 5 … 60 (inside one of the five blocks, so the block error
  // applies).
  const Coverage c = measure_coverage(200, 50, 500, 5, 60, 20261201u);
  report("tracer", c);
  EXPECT_GE(c.inside_68, 120);  // 60–76 % of 200
  EXPECT_LE(c.inside_68, 152);
  EXPECT_GE(c.inside_95, 182);  // 91–99 %
  EXPECT_LE(c.inside_95, 198);
  // Same coverage with a narrower interval than five blocks of origins (statistical efficiency).
  EXPECT_LT(c.gls_width, 0.7 * c.block_width);
  expect_kinisi_behaviour(c);
}

TEST(DiffusionUncertainty, CollectiveIntervalsAreCalibrated) {
  // One collective series per trajectory (the charge displacement of unit charges is itself a
  // Gaussian walk): walkers = 1.
  const Coverage c = measure_coverage(200, 1, 1000, 5, 200, 777u);
  report("collective", c);
  EXPECT_GE(c.inside_68, 120);
  EXPECT_LE(c.inside_68, 152);
  EXPECT_GE(c.inside_95, 182);
  EXPECT_LE(c.inside_95, 198);
  expect_kinisi_behaviour(c);
}

TEST(DiffusionUncertainty, ErrorShrinksWithMoreWalkers) {
  std::mt19937_64 rng(5);
  const auto few = random_walk_data(10, 400, 0.3, rng), many = random_walk_data(160, 400, 0.3, rng);
  std::vector<std::size_t> a10(10), a160(160);
  for (std::size_t i = 0; i < 160; ++i) (i < 10 ? a10[i] = i : 0), a160[i] = i;
  const auto m10 = msd_fft(few.data(), 400, 30, a10), m160 = msd_fft(many.data(), 400, 480, a160);
  const auto f10 = gls_diffusion_fit(m10.total, 0.1, 4, 80, 10, 400),
             f160 = gls_diffusion_fit(m160.total, 0.1, 4, 80, 160, 400);
  // σ_D ∝ D / √walkers: 16× the walkers → about 4× smaller error.
  EXPECT_NEAR(f10.D_stderr / f160.D_stderr * (f160.D / f10.D), 4.0, 0.8);
}

TEST(DiffusionUncertainty, BadInputIsRejected) {
  const std::vector<double> msd{0, 1, 2, 3, 4, 5};
  EXPECT_THROW(gls_diffusion_fit(msd, 0.1, 0, 4, 1, 6), InputError);  // lag 0 has no variance
  EXPECT_THROW(gls_diffusion_fit(msd, 0.1, 1, 9, 1, 6), InputError);  // past the data
  EXPECT_THROW(gls_diffusion_fit(msd, 0.1, 1, 4, 0, 6), InputError);  // no walkers
  const std::vector<double> flat{0, -1, -1, -1, -1, -1};
  EXPECT_THROW(gls_diffusion_fit(flat, 0.1, 1, 4, 1, 6), InputError);  // no positive model MSD
}

}  // namespace
