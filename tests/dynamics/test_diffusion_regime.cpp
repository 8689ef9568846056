// Regimes of MSD curves (analysis/dynamics/diffusion_regime.hpp) on synthetic motion of known kind:
// Gaussian random walks (diffusive; the interval of the exponent β must cover 1 at its stated
// rate), ions in harmonic cages (sub-diffusive), straight flights (ballistic), and too short runs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/chi_square.hpp"
#include "ionglass/analysis/dynamics/diffusion_coefficient.hpp"
#include "ionglass/analysis/dynamics/diffusion_regime.hpp"
#include "ionglass/analysis/dynamics/diffusion_uncertainty.hpp"
#include "ionglass/analysis/dynamics/mean_squared_displacement.hpp"

namespace {

using namespace ionglass;

constexpr double frame_interval_ps = 0.1;

// Frame-major positions of `walkers` particles; `advance` moves one coordinate by one frame.
template <class Advance>
std::vector<double> trajectory(std::size_t walkers, std::size_t frames, Advance advance) {
  std::vector<double> data(walkers * frames * 3, 0.0);
  for (std::size_t f = 1; f < frames; ++f)
    for (std::size_t c = 0; c < 3 * walkers; ++c)
      data[f * 3 * walkers + c] = advance(data[(f - 1) * 3 * walkers + c], c);
  return data;
}

DiffusionRegimeResult classify(const std::vector<double>& data, std::size_t walkers, std::size_t frames) {
  std::vector<std::size_t> atoms(walkers);
  for (std::size_t i = 0; i < walkers; ++i) atoms[i] = i;
  const MsdCurves msd = msd_fft(data.data(), frames, 3 * walkers, atoms);
  return classify_diffusion_regime(msd.total, frame_interval_ps, static_cast<double>(walkers), frames);
}

TEST(DiffusionRegime, RandomWalksAreDiffusiveAndTheIntervalOfBetaCoversOneAtItsStatedRate) {
  // 200 trajectories of 50 walkers × 500 frames (the size of the main job's Na groups and runs).
  std::mt19937_64 rng(11);
  std::normal_distribution<double> step(0, 0.3);
  int diffusive = 0, inside_68 = 0, inside_95 = 0;
  const int trials = 200;
  for (int t = 0; t < trials; ++t) {
    const auto data = trajectory(50, 500, [&](double x, std::size_t) { return x + step(rng); });
    const DiffusionRegimeResult r = classify(data, 50, 500);
    diffusive += r.is_diffusive();
    inside_68 += std::abs(r.beta - 1) <= r.beta_stderr;
    inside_95 += std::abs(r.beta - 1) <= 1.959964 * r.beta_stderr;
  }
  std::printf("random walks: diffusive %d/%d, beta interval covers 1: 68 %% -> %.1f %%, 95 %% -> %.1f %%\n", diffusive,
              trials, 100.0 * inside_68 / trials, 100.0 * inside_95 / trials);
  EXPECT_GE(diffusive, 0.9 * trials);
  EXPECT_GE(inside_68, 0.60 * trials);
  EXPECT_LE(inside_68, 0.76 * trials);
  EXPECT_GE(inside_95, 0.91 * trials);
  EXPECT_LE(inside_95, 0.99 * trials);
}

TEST(DiffusionRegime, IonsInHarmonicCagesAreSubDiffusiveWithATimeEstimate) {
  // Ornstein–Uhlenbeck coordinates x' = a x + noise: the MSD saturates at 2·3·var (var = σ²/(1 − a²)).
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0, 0.1);
  const double a = 0.9;
  const auto data = trajectory(50, 2000, [&](double x, std::size_t) { return a * x + noise(rng); });
  const DiffusionRegimeResult r = classify(data, 50, 2000);
  EXPECT_EQ(r.regime, DiffusionRegime::sub_diffusive) << r.reason;
  EXPECT_LT(r.beta, 0.2) << r.reason;
  // The plateau (0.32 Å²) is far below the 3 Å hop length: the time estimate is long, or none at
  // all where the fitted exponent is not positive (a flat MSD never gets there).
  if (r.beta > 0)
    EXPECT_GT(r.time_to_diffusive_ps, 100 * r.window_end_ps) << r.reason;
  else
    EXPECT_TRUE(std::isnan(r.time_to_diffusive_ps)) << r.reason;
  EXPECT_NE(r.reason.find("below 1 - 0.1"), std::string::npos) << r.reason;
}

TEST(DiffusionRegime, ACageReachedWithinTheWindowIsSubDiffusiveNotItsBallisticStart) {
  // The Na MSD of a bundled Teter glass at 1600 K (429 ions, 151 frames every 0.02 ps; provenance in
  // tests/data/README.md): ballistic up to ~0.1 ps, then caged with a local exponent of 0.4–0.7.
  // The window 0.06–0.6 ps starts in the ballistic crossover. A GLS fit, dominated by its shortest
  // lags, called it diffusive (β = 1.05 ± 0.004); the exponent of the window as a whole is far below 1.
  std::ifstream in(std::string(IONGLASS_TEST_DATA) + "/dynamics/teter_glass_1600K_na_msd.csv");
  ASSERT_TRUE(in) << "missing tests/data/dynamics/teter_glass_1600K_na_msd.csv";
  std::string line;
  std::getline(in, line);  // header
  std::vector<double> msd;
  while (std::getline(in, line)) msd.push_back(std::stod(line.substr(line.find(',') + 1)));
  ASSERT_EQ(msd.size(), 151u);
  const DiffusionRegimeResult r = classify_diffusion_regime(msd, 0.02, 429, 151);
  EXPECT_EQ(r.regime, DiffusionRegime::sub_diffusive) << r.reason;
  EXPECT_LT(r.beta, 0.8) << r.reason;
  EXPECT_GT(r.time_to_diffusive_ps, r.window_end_ps) << r.reason;
  std::printf("Teter glass 1600 K: %s\n", r.reason.c_str());
}

TEST(DiffusionRegime, StraightFlightsAreBallistic) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> speed(0, 0.2);
  std::vector<double> velocity(3 * 40);
  for (double& v : velocity) v = speed(rng);
  std::normal_distribution<double> jitter(0, 1e-3);
  const auto data = trajectory(40, 300, [&](double x, std::size_t c) { return x + velocity[c] + jitter(rng); });
  const DiffusionRegimeResult r = classify(data, 40, 300);
  EXPECT_EQ(r.regime, DiffusionRegime::ballistic) << r.reason;
  EXPECT_NEAR(r.beta, 2, 0.05);
  EXPECT_TRUE(std::isnan(r.time_to_diffusive_ps));
}

TEST(DiffusionRegime, TooShortRunsAreUndeterminedAndMotionlessOnesFrozen) {
  const auto short_run =
      trajectory(10, 8, [](double x, std::size_t c) { return x + 0.1 * static_cast<double>(c % 3); });
  const DiffusionRegimeResult a = classify(short_run, 10, 8);
  EXPECT_EQ(a.regime, DiffusionRegime::undetermined);
  EXPECT_NE(a.reason.find("too few"), std::string::npos) << a.reason;
  const auto still = trajectory(10, 400, [](double x, std::size_t) { return x; });
  const DiffusionRegimeResult b = classify(still, 10, 400);
  EXPECT_EQ(b.regime, DiffusionRegime::sub_diffusive);
  EXPECT_EQ(b.beta, 0);
  EXPECT_NE(b.reason.find("frozen"), std::string::npos) << b.reason;
  EXPECT_STREQ(regime_name(DiffusionRegime::sub_diffusive), "sub-diffusive");
}

TEST(DiffusionRegime, AnalyseDiffusionCarriesTheRegimeOfItsGroup) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> step(0, 0.3);
  const auto data = trajectory(30, 400, [&](double x, std::size_t) { return x + step(rng); });
  std::vector<std::size_t> atoms(30);
  for (std::size_t i = 0; i < 30; ++i) atoms[i] = i;
  const DiffusionResult d = analyse_diffusion(data.data(), 400, 90, atoms, frame_interval_ps, {});
  EXPECT_EQ(d.regime.regime, DiffusionRegime::diffusive) << d.regime.reason;
  EXPECT_NEAR(d.regime.window_end_ps, 0.2 * 399 * frame_interval_ps, frame_interval_ps);
}

TEST(GlsErrorScale, IsOneForAStraightLineAndTheBirgeRatioWhenTheWindowIsCurved) {
  EXPECT_EQ(gls_error_scale(10, 12), 1);                                // χ² = 10 for 10 dof: consistent
  EXPECT_NEAR(gls_error_scale(143, 46), std::sqrt(143 / 44.0), 1e-12);  // the quick study's ACE 3000 K
  EXPECT_EQ(gls_error_scale(5, 2), 1);                                  // no degrees of freedom
  // A curved MSD (t^1.5) fitted as a line: χ² far above its dof, so the scale exceeds 1.
  std::vector<double> msd(200);
  for (std::size_t m = 0; m < msd.size(); ++m) msd[m] = std::pow(static_cast<double>(m) * 0.1, 1.5);
  const GlsDiffusionFit fit = gls_diffusion_fit(msd, 0.1, 5, 40, 100, 200);
  EXPECT_GT(fit.error_scale(), 1);
}

TEST(ChiSquare, SurvivalFunctionMatchesKnownQuantiles) {
  EXPECT_NEAR(chi_square_survival(3.841459, 1), 0.05, 1e-6);
  EXPECT_NEAR(chi_square_survival(2, 2), std::exp(-1.0), 1e-12);
  EXPECT_NEAR(chi_square_survival(18.307038, 10), 0.05, 1e-6);
  EXPECT_NEAR(chi_square_survival(0.1025866, 2), 0.95, 1e-6);
  EXPECT_NEAR(chi_square_survival(124.342, 100), 0.05, 1e-4);
  EXPECT_EQ(chi_square_survival(0, 3), 1);
  EXPECT_TRUE(std::isnan(chi_square_survival(1, 0)));
  EXPECT_TRUE(std::isnan(chi_square_survival(std::nan(""), 2)));
}

}  // namespace
