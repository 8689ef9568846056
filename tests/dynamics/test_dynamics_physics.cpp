// Physics of the dynamics analysis on synthetic trajectories with known answers.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstdio>

#include "dynamics/synthetic_trajectory.hpp"
#include "ionglass/analysis/dynamics/diffusion_coefficient.hpp"
#include "ionglass/analysis/dynamics/ion_hops.hpp"
#include "ionglass/analysis/dynamics/ionic_conductivity.hpp"
#include "ionglass/analysis/dynamics/log_spaced_lags.hpp"
#include "ionglass/analysis/dynamics/mean_squared_displacement.hpp"
#include "ionglass/analysis/dynamics/mobility_descriptors.hpp"
#include "ionglass/analysis/dynamics/non_gaussian_parameter.hpp"
#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"
#include "ionglass/analysis/dynamics/van_hove.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {
namespace {

using test::SyntheticTrajectory;

UnwrappedTrajectory in_memory(const SyntheticTrajectory& s, double dt, bool remove_drift, bool wrap = true, bool images = false) {
  UnwrapOptions options;
  options.frame_interval_ps = dt;
  options.remove_drift = remove_drift;
  TrajectoryUnwrapper unwrapper(options);
  for (std::size_t f = 0; f < s.positions.size(); ++f) unwrapper.add(test::frame_system(s, f, wrap, images));
  return unwrapper.finish();
}

UnwrappedTrajectory from_file(const std::string& path, double dt, bool remove_drift, std::vector<std::string> species = {}) {
  ReadOptions read;
  read.type_elements = {"Na", "O"};
  UnwrapOptions options;
  options.frame_interval_ps = dt;
  options.remove_drift = remove_drift;
  options.species = std::move(species);
  return read_unwrapped_trajectory({path}, read, options, false);
}

TEST(MeanSquaredDisplacement, FftEqualsDirectAverage) {
  const auto s = test::random_walks(7, 301, 0.4, test::cubic_cell(15), 11);
  const auto t = in_memory(s, 0.1, false);
  const std::vector<std::size_t> atoms{0, 2, 3, 6};
  const auto fast = msd_fft(t.positions().data(), t.frame_count(), 3 * t.atom_count(), atoms);
  const auto slow = msd_direct(t.positions().data(), t.frame_count(), 3 * t.atom_count(), atoms);
  ASSERT_EQ(fast.total.size(), 301u);
  double worst = 0;
  for (std::size_t m = 0; m < fast.total.size(); ++m) {
    worst = std::max(worst, std::abs(fast.total[m] - slow.total[m]));
    for (int a = 0; a < 3; ++a) worst = std::max(worst, std::abs(fast.axis[a][m] - slow.axis[a][m]));
  }
  EXPECT_LT(worst, 1e-10);
  EXPECT_GT(slow.total.back(), 1.0);  // the comparison is not trivially between zeros
}

TEST(MeanSquaredDisplacement, SameBitsOnEveryRunWithTheSameThreadCount) {
  // 40 blocks of 8 atoms on 3 threads: with a dynamic schedule or an unordered reduction the
  // partial sums would be added in an order that changes from run to run.
  const auto s = test::random_walks(320, 101, 0.4, test::cubic_cell(30), 5);
  const auto t = in_memory(s, 0.1, false);
  std::vector<std::size_t> atoms(320);
  for (std::size_t i = 0; i < atoms.size(); ++i) atoms[i] = i;
  const int threads_before = omp_get_max_threads();
  omp_set_num_threads(3);
  const auto first = msd_fft(t.positions().data(), t.frame_count(), 3 * t.atom_count(), atoms);
  for (int run = 0; run < 20; ++run) {
    const auto again = msd_fft(t.positions().data(), t.frame_count(), 3 * t.atom_count(), atoms);
    ASSERT_EQ(again.total, first.total) << "run " << run;
    for (int a = 0; a < 3; ++a) ASSERT_EQ(again.axis[a], first.axis[a]) << "run " << run << ", axis " << a;
  }
  omp_set_num_threads(threads_before);
}

TEST(DiffusionCoefficient, GaussianRandomWalkFromWrappedDumpWithoutImages) {
  // D = σ²/(2 dt) per axis: σ = 0.3 Å, dt = 0.1 ps → 0.45 Å²/ps.
  const double sigma = 0.3, dt = 0.1, expected = sigma * sigma / (2 * dt);
  const auto s = test::random_walks(600, 1000, sigma, test::cubic_cell(20), 2024);
  const std::string dir = test::temporary_directory("walk");
  test::write_dump(dir + "/walk.dump", s, false);
  const auto t = from_file(dir + "/walk.dump", dt, false);
  EXPECT_FALSE(t.unwrapped_from_image_flags());
  const auto atoms = t.atoms_of(11);
  const auto d = analyse_diffusion(t.positions().data(), t.frame_count(), 3 * t.atom_count(), atoms, dt, {});
  EXPECT_TRUE(d.window.diffusive);
  EXPECT_GE(static_cast<double>(d.window.first) * dt, 1.0 - 1e-9);  // never the first ballistic ps
  std::printf("random walk: D = %.5f +- %.5f A2/ps (expected %.5f), window %zu-%zu frames\n", d.D_A2_per_ps(),
              d.D_stderr_A2_per_ps(), expected, d.window.first, d.window.last);
  EXPECT_NEAR(d.D_A2_per_ps(), expected, 0.03 * expected);
  EXPECT_GT(d.D_stderr_A2_per_ps(), 0);
  EXPECT_LT(std::abs(d.D_A2_per_ps() - expected), 4 * d.D_stderr_A2_per_ps() + 0.005 * expected);
  for (int a = 0; a < 3; ++a) EXPECT_NEAR(d.axis_slope_A2_per_ps[a] / 2, expected, 0.06 * expected);
  // β ≈ 1 and α₂ ≈ 0 for Gaussian displacements.
  for (std::size_t m = d.window.first; m <= d.window.last; ++m) EXPECT_NEAR(d.beta[m], 1.0, 0.1);
  const auto a2 = non_gaussian_parameter(t, atoms, log_spaced_lags(t.frame_count(), 20));
  for (std::size_t k = 0; k < a2.alpha2.size(); ++k)
    if (a2.time_ps[k] <= 50) {
      EXPECT_NEAR(a2.alpha2[k], 0.0, 0.05) << "t = " << a2.time_ps[k];
    }
  // Self van Hove: normalised, and Gaussian with ⟨Δr²⟩ = 6Dt (peak position √(2·2Dt)).
  const auto gs = self_van_hove(t, atoms, {10, 100}, {});
  for (const auto& c : gs) {
    EXPECT_NEAR(c.shell_integral, 1.0, 1e-12);
    std::size_t peak = 0;
    for (std::size_t k = 0; k < c.values.size(); ++k)
      if (c.values[k] * c.r_A[k] * c.r_A[k] > c.values[peak] * c.r_A[peak] * c.r_A[peak]) peak = k;
    EXPECT_NEAR(c.r_A[peak], std::sqrt(4 * expected * c.time_ps), 0.1 * std::sqrt(4 * expected * c.time_ps));
  }
  // Distinct van Hove of independent walkers is flat (≈ 1) away from r = 0.
  const auto gd = distinct_van_hove(t, atoms, {100}, {});
  double mean = 0;
  std::size_t count = 0;
  for (std::size_t k = 0; k < gd[0].r_A.size(); ++k)
    if (gd[0].r_A[k] > 4) {
      mean += gd[0].values[k];
      ++count;
    }
  EXPECT_NEAR(mean / static_cast<double>(count), 1.0, 0.03);
  std::filesystem::remove_all(dir);
}

TEST(MeanSquaredDisplacement, BallisticMotionInTriclinicDumpWithImages) {
  // r_i(t) = r_i(0) + v_i t: MSD(t) = ⟨v²⟩ t² exactly; atoms cross the tilted boundaries often.
  SyntheticTrajectory s;
  s.cell = test::tilted_cell(12);
  const double dt = 0.05;
  std::vector<Vec3> v{{3, -1, 2}, {-2, 4, 1}, {0.5, 0.5, -5}, {1, 1, 1}};
  double v2 = 0;
  for (const auto& x : v) v2 += x.squaredNorm() / static_cast<double>(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) s.types.push_back(1);
  for (std::size_t f = 0; f < 200; ++f) {
    std::vector<Vec3> r;
    // Start points off the lattice planes (Cell::wrap of a point exactly on a face is not tested here).
    for (std::size_t i = 0; i < v.size(); ++i) r.push_back(Vec3(1.0137 + 1.13 * i, 2.071, 3.0173) + v[i] * (static_cast<double>(f) * dt));
    s.positions.push_back(r);
  }
  const std::string dir = test::temporary_directory("ballistic");
  test::write_dump(dir + "/ballistic.dump", s, true);
  const auto t = from_file(dir + "/ballistic.dump", dt, false);
  EXPECT_TRUE(t.unwrapped_from_image_flags());
  const auto msd = msd_fft(t.positions().data(), t.frame_count(), 3 * t.atom_count(), t.atoms_of(11));
  for (std::size_t m = 1; m < msd.total.size(); m += 7) {
    const double time = static_cast<double>(m) * dt;
    EXPECT_NEAR(msd.total[m], v2 * time * time, 1e-6 * v2 * time * time + 1e-8) << "lag " << m;
  }
  std::filesystem::remove_all(dir);
}

TEST(Unwrapping, ImageFlagsAndConsecutiveFramesAgree) {
  for (const bool tilted : {false, true}) {
    const Cell cell = tilted ? test::tilted_cell(14) : test::cubic_cell(14);
    const auto s = test::random_walks(30, 200, 0.6, cell, 5, 10);
    const std::string dir = test::temporary_directory(tilted ? "unwrap_tilted" : "unwrap");
    test::write_dump(dir + "/with.dump", s, true);
    test::write_dump(dir + "/without.dump", s, false);
    const auto a = from_file(dir + "/with.dump", 0.1, false);
    const auto b = from_file(dir + "/without.dump", 0.1, false);
    ASSERT_EQ(a.positions().size(), b.positions().size());
    double worst = 0;
    for (std::size_t k = 0; k < a.positions().size(); ++k) worst = std::max(worst, std::abs(a.positions()[k] - b.positions()[k]));
    // Both equal the true unwrapped path up to a lattice translation fixed at frame 0 (the
    // consecutive-frame unwrapping starts from the wrapped first frame): compare displacements.
    EXPECT_LT(worst, 1e-6) << (tilted ? "triclinic" : "orthogonal");
    const auto c = in_memory(s, 0.1, false, false);  // the true unwrapped positions
    double worst_true = 0;
    for (std::size_t f = 0; f < c.frame_count(); ++f)
      for (std::size_t i = 0; i < c.atom_count(); ++i)
        for (int x = 0; x < 3; ++x)
          worst_true = std::max(worst_true, std::abs((a.position(f, i)[x] - a.position(0, i)[x]) - (c.position(f, i)[x] - c.position(0, i)[x])));
    EXPECT_LT(worst_true, 1e-6);
    std::filesystem::remove_all(dir);
  }
}

TEST(Unwrapping, JumpOverHalfTheCellWithoutImagesIsAnError) {
  SyntheticTrajectory s;
  s.cell = test::cubic_cell(10);
  s.types = {1, 2};
  s.positions = {{Vec3(1, 1, 1), Vec3(5, 5, 5)}, {Vec3(1.2, 1, 1), Vec3(5, 5, 5)}, {Vec3(5.8, 5.9, 6.1), Vec3(5, 5, 5)}};
  const std::string dir = test::temporary_directory("jump");
  test::write_dump(dir + "/jump.dump", s, false);
  try {
    from_file(dir + "/jump.dump", 0.1, true);
    FAIL() << "no error for a jump of more than half the cell";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("frame 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("atom id 1"), std::string::npos) << e.what();
  }
  // Unwrapped coordinates (outside the cell) with a 6 Å jump along x: also an error.
  s.positions[1][0] = Vec3(1.3, 1, 1);
  s.positions[2][0] = Vec3(-5, 1, 1);
  test::write_dump(dir + "/jump_outside.dump", s, false, false);
  EXPECT_THROW(from_file(dir + "/jump_outside.dump", 0.1, true), InputError);
  // With image flags the same motion is unambiguous.
  test::write_dump(dir + "/jump_images.dump", s, true);
  EXPECT_NO_THROW(from_file(dir + "/jump_images.dump", 0.1, true));
  std::filesystem::remove_all(dir);
}

TEST(Unwrapping, CentreOfMassDriftIsRemoved) {
  auto s = test::random_walks(20, 100, 0.2, test::cubic_cell(12), 3, 20);
  auto drifting = s;
  for (std::size_t f = 0; f < s.positions.size(); ++f)
    for (auto& r : drifting.positions[f]) r += Vec3(0.3, -0.1, 0.2) * static_cast<double>(f);
  const auto a = in_memory(s, 0.1, true, false);
  const auto b = in_memory(drifting, 0.1, true, false);
  const auto kept = in_memory(drifting, 0.1, false, false);
  double worst = 0;
  for (std::size_t k = 0; k < a.positions().size(); ++k) worst = std::max(worst, std::abs(a.positions()[k] - b.positions()[k]));
  EXPECT_LT(worst, 1e-9);
  // Still measured (and reported) when kept: all atoms moved by 99·(0.3, −0.1, 0.2) Å.
  EXPECT_NEAR(kept.drift().back()[0], 29.7, 1.0);
  EXPECT_NEAR(kept.drift().back()[1], -9.9, 1.0);
  EXPECT_NEAR(kept.drift().back()[2], 19.8, 1.0);
  EXPECT_GT(std::abs(kept.position(99, 0)[0] - b.position(99, 0)[0]), 20);
}

TEST(Conductivity, UncorrelatedIonsGiveHavenRatioOne) {
  const double dt = 0.1, temperature = 1000;
  const auto s = test::random_walks(300, 2000, 0.3, test::cubic_cell(20), 77, 100);
  const auto t = in_memory(s, dt, false);
  DiffusionFitOptions fit;
  const auto atoms = t.atoms_of(11);
  std::map<std::string, DiffusionResult> d{{"Na", analyse_diffusion(t.positions().data(), t.frame_count(), 3 * t.atom_count(), atoms, dt, fit)}};
  const auto c = ionic_conductivity(t, {{"Na", 1.0}}, d, temperature, d["Na"].window, fit);
  // σ_NE = N q² D / (V k_B T) in S/cm.
  const double expected_ne = 300 * d["Na"].D_A2_per_ps() / (8000 * units::boltzmann_eV_per_K * temperature) * 16.02176634;
  EXPECT_NEAR(c.nernst_einstein_S_per_cm, expected_ne, 1e-9 * expected_ne);
  std::printf("uncorrelated ions: Haven ratio %.4f +- %.4f\n", c.haven_ratio, c.haven_ratio_stderr);
  EXPECT_GT(c.haven_ratio_stderr, 0);
  EXPECT_LT(c.haven_ratio_stderr, 1.0);  // a single collective series: the error is large but finite
  EXPECT_LT(std::abs(c.haven_ratio - 1), 3 * c.haven_ratio_stderr) << c.haven_ratio << " ± " << c.haven_ratio_stderr;
}

TEST(Conductivity, PerfectlyCorrelatedIonsGiveNTimesNernstEinstein) {
  // All N ions follow the same random walk: ⟨|ΔM|²⟩ = N² q² MSD₁, so σ = N σ_NE and H_R = 1/N.
  const std::size_t n = 10;
  const double q = 1, dt = 0.1, temperature = 800;
  auto s = test::random_walks(1, 1500, 0.3, test::cubic_cell(15), 9);
  SyntheticTrajectory together;
  together.cell = s.cell;
  for (std::size_t i = 0; i < n; ++i) together.types.push_back(1);
  for (const auto& frame : s.positions) {
    std::vector<Vec3> r;
    for (std::size_t i = 0; i < n; ++i) r.push_back(frame[0] + Vec3(1.3 * i, 0.7 * i, 0.2 * i));
    together.positions.push_back(r);
  }
  const auto t = in_memory(together, dt, false);
  DiffusionFitOptions fit;
  std::map<std::string, DiffusionResult> d{
      {"Na", analyse_diffusion(t.positions().data(), t.frame_count(), 3 * t.atom_count(), t.atoms_of(11), dt, fit)}};
  const auto c = ionic_conductivity(t, {{"Na", q}}, d, temperature, d["Na"].window, fit);
  const double kT = units::boltzmann_eV_per_K * temperature;
  const double expected = static_cast<double>(n * n) * q * q * d["Na"].D_A2_per_ps() / (t.mean_volume_A3() * kT) * 16.02176634;
  EXPECT_NEAR(c.collective_S_per_cm, expected, 1e-8 * expected);
  EXPECT_NEAR(c.collective_S_per_cm, static_cast<double>(n) * c.nernst_einstein_S_per_cm, 1e-8 * expected);
  EXPECT_NEAR(c.haven_ratio, 1.0 / static_cast<double>(n), 1e-8);
}

TEST(IonHops, HopsResidenceTimesAndPercolation) {
  // Two ions: ion 1 hops +2.5 Å along x every 20 frames around a 10 Å cell (it returns to its own
  // site's periodic image: the site network percolates along a); ion 2 only vibrates.
  SyntheticTrajectory s;
  s.cell = test::cubic_cell(10);
  s.types = {1, 1};
  std::mt19937_64 rng(1);
  std::normal_distribution<double> noise(0, 0.05);
  for (std::size_t f = 0; f < 200; ++f) {
    const double x = 1.0 + 2.5 * static_cast<double>(f / 20);
    s.positions.push_back({Vec3(x + noise(rng), 1 + noise(rng), 1 + noise(rng)), Vec3(6 + noise(rng), 6 + noise(rng), 6 + noise(rng))});
  }
  const auto t = in_memory(s, 0.1, false);
  HopOptions options;
  options.persistence_ps = 0.5;
  const auto h = analyse_hops(t, t.atoms_of(11), options);
  EXPECT_EQ(h.hops.size(), 9u);
  EXPECT_EQ(h.residence_times_ps.size(), 8u);  // the first and last residences are cut by the trajectory
  for (double r : h.residence_times_ps) EXPECT_NEAR(r, 2.0, 1e-9);
  EXPECT_NEAR(h.hop_rate_per_ion_per_ps, 9.0 / (2 * 19.9), 1e-9);
  EXPECT_EQ(h.sites, 5u);  // 4 sites along x plus the vibrating ion's site
  EXPECT_TRUE(h.percolates[0]);
  EXPECT_FALSE(h.percolates[1]);
  EXPECT_FALSE(h.percolates[2]);
  for (const auto& hop : h.hops) EXPECT_NEAR(hop.length_A, 2.5, 0.1);
}

TEST(MobilityDescriptors, SpearmanAndLocalEnvironment) {
  EXPECT_NEAR(spearman_correlation({1, 2, 3, 4, 5}, {2, 4, 8, 16, 32}), 1.0, 1e-12);
  EXPECT_NEAR(spearman_correlation({1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}), -1.0, 1e-12);
  EXPECT_NEAR(spearman_correlation({1, 1, 2, 2}, {1, 1, 2, 2}), 1.0, 1e-12);  // ties take their mean rank
  // Na 1 has two O within 3.3 Å: O 3 bridges P 5 and P 6 (bridging), O 4 has one P (non-bridging).
  SyntheticTrajectory s;
  s.cell = test::cubic_cell(16);
  s.types = {1, 1, 2, 2, 2, 2, 2};
  const std::vector<Vec3> r{{4, 4, 4}, {12, 12, 12}, {4, 4, 6.3}, {4, 6.4, 4}, {4, 5.5, 7.4}, {4, 2.5, 7.4}, {4, 8.0, 4.5}};
  s.positions = {r, r, r};
  s.positions[2][1] += Vec3(1.0, 0, 0);  // Na 2 moves, Na 1 does not
  UnwrapOptions options;
  options.frame_interval_ps = 1;
  options.remove_drift = false;
  TrajectoryUnwrapper unwrapper(options);
  for (std::size_t f = 0; f < 3; ++f) {
    System sys = test::frame_system(s, f, false, false);
    sys.atom_types.push_back({15, 30.973762, "P"});
    sys.types[4] = sys.types[5] = sys.types[6] = 3;
    unwrapper.add(sys);
  }
  const auto t = unwrapper.finish();
  MobilityOptions mo;
  mo.fraction = 0.5;
  mo.nearest_search_A = 15;
  const auto m = mobility_against_structure(t, "Na", mo);
  auto column = [&](const std::string& name) {
    for (std::size_t k = 0; k < m.descriptor_names.size(); ++k)
      if (m.descriptor_names[k] == name) return m.descriptors[k];
    ADD_FAILURE() << "no descriptor " << name;
    return std::vector<double>{};
  };
  EXPECT_EQ(column("O_neighbours")[0], 2);
  EXPECT_EQ(column("bridging_O_neighbours")[0], 1);
  EXPECT_EQ(column("non_bridging_O_neighbours")[0], 1);
  EXPECT_EQ(column("free_O_neighbours")[0], 0);
  EXPECT_EQ(column("O_neighbours")[1], 0);
  EXPECT_NEAR(column("nearest_Na_distance_A")[0], std::sqrt(3.0) * 8, 1e-9);
  EXPECT_EQ(m.group[1], 1);
  EXPECT_EQ(m.group[0], -1);
  EXPECT_NEAR(m.displacement_A[1], 1.0, 1e-12);
}

TEST(BadInput, ClearErrors) {
  const std::string dir = test::temporary_directory("bad");
  { std::ofstream(dir + "/empty.dump"); }
  EXPECT_THROW(from_file(dir + "/empty.dump", 0.1, true), InputError);
  auto s = test::random_walks(3, 1, 0.1, test::cubic_cell(10), 1);
  test::write_dump(dir + "/one.dump", s, true);
  try {
    from_file(dir + "/one.dump", 0.1, true);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("single frame"), std::string::npos) << e.what();
  }
  s = test::random_walks(3, 4, 0.1, test::cubic_cell(10), 1);
  test::write_dump(dir + "/ok.dump", s, true);
  try {
    from_file(dir + "/ok.dump", 0.1, true, {"Li"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Li"), std::string::npos) << e.what();
  }
  // Inconsistent atom counts between frames.
  TrajectoryUnwrapper unwrapper({{}, true, 0.1, 0});
  unwrapper.add(test::frame_system(s, 0, true, true));
  System fewer = test::frame_system(s, 1, true, true);
  fewer.positions.pop_back();
  fewer.ids.pop_back();
  fewer.types.pop_back();
  fewer.images.pop_back();
  EXPECT_THROW(unwrapper.add(fewer), InputError);
  // No time base.
  TrajectoryUnwrapper no_time({});
  no_time.add(test::frame_system(s, 0, true, true));
  no_time.add(test::frame_system(s, 1, true, true));
  EXPECT_THROW(no_time.finish(), InputError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ionglass
