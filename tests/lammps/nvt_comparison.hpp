#pragma once
// NVT at 1500 K of the bundled Teter glass with ionglass and with the exported LAMMPS deck
// (Nose-Hoover, 1 fs, potentials/teter.yaml with PPPM): the mean potential energy over the second
// half of the run must agree within the statistical error (block averages).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "ionglass/lammps/deck_writer.hpp"
#include "ionglass/lammps/runner.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "lammps_test_support.hpp"

namespace ionglass::test {

struct MeanWithError {
  double mean = 0, error = 0;
};

/// Mean of the second half of the potential-energy column and its standard error from `blocks`
/// block averages.
inline MeanWithError second_half_mean(const std::string& csv, int blocks = 5) {
  const auto c = read_csv_columns(csv);
  std::vector<double> pe;
  for (const auto& v : c.at("potential_energy_eV")) pe.push_back(std::stod(v));
  std::vector<double> half(pe.begin() + pe.size() / 2, pe.end());
  const std::size_t per = half.size() / blocks;
  std::vector<double> means;
  for (int b = 0; b < blocks; ++b)
    means.push_back(std::accumulate(half.begin() + b * per, half.begin() + (b + 1) * per, 0.0) / per);
  MeanWithError m;
  m.mean = std::accumulate(means.begin(), means.end(), 0.0) / blocks;
  double var = 0;
  for (double x : means) var += (x - m.mean) * (x - m.mean);
  m.error = std::sqrt(var / (blocks - 1) / blocks);
  return m;
}

inline void compare_nvt_mean_energy(long long steps, long long thermo_every) {
  IONGLASS_REQUIRE_LAMMPS();
  ScratchDir dir("nvt" + std::to_string(steps));
  const std::string proto = write_text(
      dir / "protocol.yaml",
      "structure:\n  file: " + glass("Teter", 1) + "\n  types: [Fe, Na, O, P]\npotential:\n  file: " + source_dir() +
          "/potentials/teter.yaml\nseed: 9\ninitial_temperature_K: 1500\nstages:\n"
          "  - {name: hot, ensemble: nvt, thermostat: nose_hoover, damping_ps: 0.1, temperature_K: 1500, steps: " +
          std::to_string(steps) + ", timestep_ps: 0.001}\noutputs:\n  thermo_every: " + std::to_string(thermo_every) +
          "\n  console: false\n");
  const Protocol protocol = read_protocol(proto);
  RunOptions run;
  run.output_dir = dir / "ionglass";
  run.progress = false;
  run_protocol(protocol, run);
  LammpsExportOptions o;
  o.output_dir = dir / "lammps";
  export_lammps_deck(protocol, o);
  LammpsRunOptions lr;
  lr.directory = o.output_dir;
  lr.progress = false;
  run_lammps_deck(lr);
  const MeanWithError a = second_half_mean(dir / "ionglass/thermo.csv");
  const MeanWithError b = second_half_mean(dir / "lammps/thermo.csv");
  const double sigma = std::sqrt(a.error * a.error + b.error * b.error);
  std::cout << "mean potential energy (second half): ionglass " << a.mean << " +- " << a.error << " eV, LAMMPS " << b.mean
            << " +- " << b.error << " eV\n";
  EXPECT_LT(std::fabs(a.mean - b.mean), 3 * sigma + 1e-6 * std::fabs(a.mean));
  // After 10 thermostat times the LAMMPS run is at the target temperature (a short run is still
  // sharing the initial kinetic energy with the potential energy).
  if (steps >= 1000) {
    const auto c = read_csv_columns(dir / "lammps/thermo.csv");
    EXPECT_NEAR(std::stod(c.at("temperature_K").back()), 1500, 300);
  }
}

}  // namespace ionglass::test
