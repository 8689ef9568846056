// Statistics of the thermostats and barostat on a Lennard-Jones fluid (canonical kinetic
// temperature distribution, mean pressure). Long runs of a cheap model: label slow.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "ionglass/core/units.hpp"
#include "ionglass/md/fire_minimizer.hpp"
#include "ionglass/md/maxwell_boltzmann.hpp"
#include "ionglass/md/velocity_verlet.hpp"
#include "md/lj_fluid.hpp"
#include "md/series_statistics.hpp"

using namespace ionglass;

namespace {

using test::mean;
using test::slope;
using test::stddev;
// Standard error of the mean from 10 block averages.
double block_standard_error(const std::vector<double>& v, int blocks = 10) {
  std::vector<double> means;
  const std::size_t size = v.size() / blocks;
  for (int b = 0; b < blocks; ++b)
    means.push_back(std::accumulate(v.begin() + b * size, v.begin() + (b + 1) * size, 0.0) / size);
  return stddev(means) / std::sqrt(static_cast<double>(blocks));
}

MdSystem liquid(int cells, double temperature_K, std::uint64_t seed) {
  MdSystem md(test::lj_fcc(cells, 5.8), test::lj_factory());
  RandomStream random(seed);
  assign_maxwell_boltzmann_velocities(md, temperature_K, random);
  md.restart_potential(0);
  return md;
}

}  // namespace

class ThermostatTest : public ::testing::TestWithParam<ThermostatKind> {};

TEST_P(ThermostatTest, SamplesCanonicalKineticTemperature) {
  const double target = 120;
  MdSystem md = liquid(3, target, 11);  // 108 atoms
  VelocityVerlet integrator(0.004);
  integrator.set_thermostat(make_thermostat(GetParam(), 0.2));
  RandomStream random(2024);
  std::vector<double> temperatures, conserved, time;
  for (int step = 1; step <= 25000; ++step) {
    integrator.step(md, step, target, random);
    if (step > 2000 && step % 5 == 0) {
      temperatures.push_back(md.temperature());
      conserved.push_back(integrator.conserved_energy(md));
      time.push_back(step * 0.004);
    }
  }
  const double canonical_sigma = target * std::sqrt(2.0 / md.degrees_of_freedom());
  EXPECT_NEAR(mean(temperatures), target, 0.01 * target);
  EXPECT_NEAR(stddev(temperatures), canonical_sigma, 0.2 * canonical_sigma);
  EXPECT_LT(md.total_momentum().norm(), 1e-8);
  // The conserved energy (K + U − heat exchanged) drifts only by integration error.
  EXPECT_LT(std::abs(slope(time, conserved)) / md.system.size(), 2e-4);
}

INSTANTIATE_TEST_SUITE_P(AllThermostats, ThermostatTest,
                         ::testing::Values(ThermostatKind::Bussi, ThermostatKind::Langevin,
                                           ThermostatKind::NoseHooverChain),
                         [](const auto& info) { return thermostat_kind_name(info.param); });

class BarostatTest : public ::testing::TestWithParam<BarostatCoupling> {};

TEST_P(BarostatTest, MeanPressureMatchesTarget) {
  const double target_T = 120, target_P = 300;
  MdSystem md = liquid(3, target_T, 5);
  VelocityVerlet integrator(0.004);
  integrator.set_thermostat(make_thermostat(ThermostatKind::Bussi, 0.2));
  integrator.set_barostat(std::make_unique<StochasticCellRescaling>(GetParam(), target_P, 0.5, 2e-4));
  RandomStream random(99);
  std::vector<double> pressure, volume;
  for (int step = 1; step <= 20000; ++step) {
    integrator.step(md, step, target_T, random);
    if (step > 3000 && step % 5 == 0) {
      pressure.push_back(md.pressure_bar());
      volume.push_back(md.system.cell.volume());
    }
  }
  const double se = block_standard_error(pressure);
  RecordProperty("pressure_mean_bar", std::to_string(mean(pressure)));
  RecordProperty("pressure_standard_error_bar", std::to_string(se));
  std::cout << "mean pressure " << mean(pressure) << " bar, standard error " << se << " bar\n";
  EXPECT_LT(std::abs(mean(pressure) - target_P), 2 * se);
  EXPECT_GT(stddev(volume), 0);
  EXPECT_LT(md.total_momentum().norm(), 1e-8);
}

INSTANTIATE_TEST_SUITE_P(Couplings, BarostatTest,
                         ::testing::Values(BarostatCoupling::Isotropic, BarostatCoupling::Anisotropic),
                         [](const auto& info) {
                           return info.param == BarostatCoupling::Isotropic ? "isotropic" : "anisotropic";
                         });
