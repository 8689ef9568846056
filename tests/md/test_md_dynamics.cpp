// Integrator, minimiser, initial velocities and the Lennard-Jones test model.
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
MdSystem liquid(int cells, double temperature_K, std::uint64_t seed) {
  MdSystem md(test::lj_fcc(cells, 5.8), test::lj_factory());
  RandomStream random(seed);
  assign_maxwell_boltzmann_velocities(md, temperature_K, random);
  md.restart_potential(0);
  return md;
}

}  // namespace

TEST(LennardJones, ForcesAndVirialMatchFiniteDifferences) {
  MdSystem md(test::lj_fcc(3, 5.8), test::lj_factory());
  RandomStream random(3);
  for (auto& r : md.system.positions) r += 0.3 * Vec3(random.gaussian(), random.gaussian(), random.gaussian());
  md.restart_potential(0);
  const auto forces = md.forces();
  const double h = 1e-5;
  for (std::size_t i : {0u, 17u, 50u})
    for (int k = 0; k < 3; ++k) {
      md.system.positions[i][k] += h;
      md.compute_forces(0);
      const double up = md.potential_energy();
      md.system.positions[i][k] -= 2 * h;
      md.compute_forces(0);
      const double down = md.potential_energy();
      md.system.positions[i][k] += h;
      EXPECT_NEAR(forces[i][k], -(up - down) / (2 * h), 1e-6);
    }
  // Virial: W_xx = −dE/dε_xx under homogeneous strain.
  md.compute_forces(0);
  const double wxx = md.result().virial(0, 0);
  auto strained = [&](double e) {
    System s = md.system;
    for (auto& r : s.positions) r[0] *= 1 + e;
    Mat3 h3 = s.cell.matrix();
    h3.col(0) *= 1 + e;
    s.cell = Cell(h3);
    MdSystem copy(s, test::lj_factory());
    copy.restart_potential(0);
    return copy.potential_energy();
  };
  EXPECT_NEAR(wxx, -(strained(1e-6) - strained(-1e-6)) / 2e-6, 1e-5 * std::abs(wxx) + 1e-6);
}

TEST(MaxwellBoltzmann, ExactTemperatureZeroMomentumReproducible) {
  MdSystem a(test::lj_fcc(3, 5.8), test::lj_factory()), b(test::lj_fcc(3, 5.8), test::lj_factory());
  RandomStream ra(42), rb(42);
  assign_maxwell_boltzmann_velocities(a, 300, ra);
  assign_maxwell_boltzmann_velocities(b, 300, rb);
  EXPECT_NEAR(a.temperature(), 300, 1e-9);
  EXPECT_LT(a.total_momentum().norm(), 1e-10);
  EXPECT_EQ(a.system.velocities, b.system.velocities);
}

TEST(VelocityVerlet, NveConservesEnergyAndMomentum) {
  MdSystem md = liquid(4, 100, 7);  // 256 atoms
  VelocityVerlet integrator(0.002);
  RandomStream random(1);
  std::vector<double> t, e;
  const Vec3 p0 = md.total_momentum();
  for (int step = 1; step <= 1500; ++step) {
    integrator.step(md, step, 0, random);
    if (step % 10 == 0) {
      t.push_back(step * 0.002);
      e.push_back(integrator.conserved_energy(md));
    }
  }
  const double drift = slope(t, e) / md.system.size();  // eV/atom/ps
  EXPECT_LT(std::abs(drift), 2e-5) << "drift " << drift << " eV/atom/ps";
  EXPECT_LT(stddev(e) / md.system.size(), 2e-4);
  EXPECT_LT((md.total_momentum() - p0).norm(), 1e-9);
}

// The per-step displacement limit: one atom given a speed that carries it 3 Å in a step is named
// (id and element), a limit above that or 0 lets the same step pass, and positions are those of
// the unchecked step.
TEST(VelocityVerlet, DisplacementLimitNamesTheAtomThatMovedTooFar) {
  auto fast_atom = [] {
    System s = test::lj_fcc(3, 5.8);
    s.velocities.assign(s.size(), Vec3::Zero());
    s.velocities[17] = Vec3(0, 1500, 0);  // Å/ps: 3 Å in 2 fs
    MdSystem md(std::move(s), test::lj_factory());
    md.restart_potential(0);
    return md;
  };
  RandomStream random(1);
  MdSystem unchecked = fast_atom();
  VelocityVerlet plain(0.002);
  plain.step(unchecked, 1, 0, random);
  for (double limit : {0.0, 3.5}) {
    MdSystem md = fast_atom();
    VelocityVerlet integrator(0.002);
    integrator.set_max_displacement(limit);
    EXPECT_NO_THROW(integrator.step(md, 1, 0, random)) << limit;
    EXPECT_EQ(md.system.positions, unchecked.system.positions);
  }
  MdSystem md = fast_atom();
  VelocityVerlet integrator(0.002);
  integrator.set_max_displacement(1.0);
  try {
    integrator.step(md, 1, 0, random);
    ADD_FAILURE() << "a 3 Å step passed a 1 Å limit";
  } catch (const ExcessiveDisplacementError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("step 1: atom id " + std::to_string(md.system.ids[17]) + " (Ar) moved up to 3"), std::string::npos)
        << m;
  }
}

TEST(Fire, RelaxesPositionsAndCell) {
  MdSystem md(test::lj_fcc(3, 5.6), test::lj_factory());
  RandomStream random(8);
  for (auto& r : md.system.positions) r += 0.1 * Vec3(random.gaussian(), random.gaussian(), random.gaussian());
  md.restart_potential(0);
  const double e0 = md.potential_energy();
  FireOptions o;
  o.force_tolerance_eV_per_A = 1e-4;
  o.cell = CellRelaxation::Isotropic;
  o.pressure_bar = 0;
  o.pressure_tolerance_bar = 1;
  o.max_steps = 5000;
  const FireResult r = minimize_fire(md, o);
  EXPECT_TRUE(r.converged);
  EXPECT_LT(md.potential_energy(), e0);
  EXPECT_LT(md.result().max_force(), 1e-4);
  EXPECT_LT(std::abs(md.result().virial_pressure_bar(md.system.cell.volume()).trace() / 3), 1.0);
  // fcc LJ nearest-neighbour distance near 2^(1/6) σ (slightly less with longer-range neighbours)
  const double a = md.system.cell.lengths()[0] / 3;
  EXPECT_NEAR(a / std::sqrt(2.0), 3.4 * std::pow(2.0, 1.0 / 6.0), 0.15);
}

TEST(Fire, AnisotropicCellReachesTargetPressureOnEveryAxis) {
  MdSystem md(test::lj_fcc(3, 5.7), test::lj_factory());
  Mat3 h = md.system.cell.matrix();
  h(0, 0) *= 1.03;
  for (auto& r : md.system.positions) r[0] *= 1.03;
  md.system.cell = Cell(h);
  md.restart_potential(0);
  FireOptions o;
  o.force_tolerance_eV_per_A = 1e-4;
  o.cell = CellRelaxation::Anisotropic;
  o.pressure_bar = 1000;
  o.pressure_tolerance_bar = 5;
  const FireResult r = minimize_fire(md, o);
  EXPECT_TRUE(r.converged);
  const Mat3 p = md.result().virial_pressure_bar(md.system.cell.volume());
  for (int a = 0; a < 3; ++a) EXPECT_NEAR(p(a, a), 1000, 5);
}
