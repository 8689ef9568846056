// The dynamics workflow as a library call: the regression fixture from before the refactor
// (tests/data/regression/README.md), and the physics of analyze_dynamics on random walks.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "dynamics/synthetic_trajectory.hpp"
#include "ionglass/analysis/dynamics/dynamics_workflow.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/report/dynamics_report.hpp"
#include "regression_compare.hpp"

namespace ionglass {
namespace {

const ExecutionContext quiet_two_threads{2, "", false};

// `ionglass dynamics ace_2500K_280atoms_101frames.dump.gz --frame-interval-ps 0.02 --species Na
// --charges Na=1 --temperature 2500 --cutoff Fe-O=2.7,Na-O=3.3,P-O=2 --threads 2` as settings.
DynamicsSettings fixture_settings() {
  DynamicsSettings s;
  s.trajectory_files = {test::regression_dir() + "/ace_2500K_280atoms_101frames.dump.gz"};
  s.frame_interval_ps = 0.02;
  s.species = {"Na"};
  s.charges_e = {{"Na", 1}};
  s.temperature_K = 2500;
  s.network_former = "P";
  s.descriptor_cutoffs_A = {{"Fe-O", 2.7}, {"Na-O", 3.3}, {"P-O", 2}};
  return s;
}

TEST(DynamicsWorkflow, ReproducesTheFixtureFromBeforeTheRefactor) {
  const DynamicsResults r = analyze_dynamics(fixture_settings(), quiet_two_threads);
  EXPECT_EQ(r.mobile_species, "Na");
  EXPECT_EQ(r.frames, 101u);
  ASSERT_TRUE(r.conductivity.has_value());

  const std::string dir = test::temporary_directory("workflow_fixture");
  write_dynamics_report(r, dir);
  const std::string fixtures = test::regression_dir();
  test::expect_json_equal(test::read_json_file(fixtures + "/dynamics_ace_2500K.json"),
                          test::read_json_file(dir + "/dynamics.json"));
  test::expect_json_equal(test::read_json_file(fixtures + "/dynamics_ace_2500K.json"), dynamics_json(r));

  std::vector<std::string> written;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    written.push_back(entry.path().filename().string());
  std::sort(written.begin(), written.end());
  EXPECT_EQ(written, test::read_lines(fixtures + "/dynamics_ace_2500K.files.txt"));
  std::size_t csv_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures + "/dynamics_csv")) {
    test::expect_csv_equal(entry.path().string(), dir + "/" + entry.path().filename().string());
    ++csv_files;
  }
  EXPECT_EQ(csv_files, 7u);
  std::filesystem::remove_all(dir);
}

// Random walks of Na (per-axis step σ per frame dt: D = σ²/(2 dt)) among immobile O, analysed in
// memory through TrajectoryUnwrapper.
UnwrappedTrajectory walk_trajectory(const DynamicsSettings& settings, std::size_t walkers = 120, unsigned seed = 8) {
  const auto walk = test::random_walks(walkers, 300, 0.3, test::cubic_cell(18), seed, 100);
  TrajectoryUnwrapper unwrapper(dynamics_unwrap_options(settings));
  for (std::size_t f = 0; f < walk.positions.size(); ++f) unwrapper.add(test::frame_system(walk, f, true, true));
  return unwrapper.finish();
}

DynamicsSettings walk_settings() {
  DynamicsSettings s;
  s.trajectory_files = {"in-memory walk"};
  s.frame_interval_ps = 0.1;
  s.charges_e = {{"na", 1}};  // any case
  s.temperature_K = 900;
  s.van_hove_times_ps = {1, 5};
  s.hops.persistence_ps = 0.5;
  return s;
}

TEST(DynamicsWorkflow, RandomWalkDiffusionAndNernstEinsteinConductivity) {
  const DynamicsSettings settings = walk_settings();
  const UnwrappedTrajectory t = walk_trajectory(settings);
  const DynamicsResults r = analyze_dynamics(t, settings, quiet_two_threads);
  const double expected_D = 0.3 * 0.3 / (2 * 0.1);
  const SpeciesDynamics& na = r.species.at("Na");
  EXPECT_EQ(na.atoms, 120u);
  EXPECT_NEAR(na.diffusion.D_A2_per_ps(), expected_D, 0.1 * expected_D);
  EXPECT_DOUBLE_EQ(na.D_cm2_per_s(), na.diffusion.D_A2_per_ps() * 1e-4);
  EXPECT_NEAR(r.species.at("O").diffusion.D_A2_per_ps(), 0, 0.01 * expected_D);
  EXPECT_EQ(r.mobile_species, "Na");  // the only charged species
  ASSERT_TRUE(r.conductivity.has_value());
  ASSERT_EQ(na.charge_e, 1.0);
  // σ_NE = N q² D / (V k_B T), e²Å²/ps/(Å³ eV) → S/cm.
  const double ne = 120 * na.diffusion.D_A2_per_ps() / (r.volume_A3 * units::boltzmann_eV_per_K * 900) *
                    conductivity_metal_to_S_per_cm;
  EXPECT_NEAR(r.conductivity->nernst_einstein_S_per_cm, ne, 1e-10 * ne);
  // Independent walkers: no cross correlations, Haven ratio 1 within its error.
  EXPECT_NEAR(r.conductivity->haven_ratio, 1, 4 * r.conductivity->haven_ratio_stderr);
  // The conductivity of Na alone equals the total (Na is the only charged species).
  EXPECT_NEAR(na.conductivity->nernst_einstein_S_per_cm, ne, 1e-10 * ne);
  // GLS: the true D within 4 calibrated standard errors; GLS conductivity errors set.
  ASSERT_TRUE(na.diffusion.gls.has_value()) << na.diffusion.gls_note;
  EXPECT_GT(na.diffusion.gls->D_stderr, 0);
  EXPECT_NEAR(na.diffusion.gls->D, expected_D, 4 * na.diffusion.gls->D_stderr);
  EXPECT_LT(na.diffusion.gls->D_95_low, na.diffusion.gls->D);
  ASSERT_TRUE(r.conductivity->collective_gls_S_per_cm && r.conductivity->haven_ratio_gls_stderr);
  EXPECT_GT(*r.conductivity->collective_gls_S_per_cm, 0);
  EXPECT_GT(*r.conductivity->haven_ratio_gls_stderr, 0);
  EXPECT_EQ(r.van_hove_times_ps, (std::vector<double>{1, 5}));
  EXPECT_EQ(na.self_van_hove.size(), 2u);
  EXPECT_EQ(na.distinct_van_hove.size(), 2u);
  ASSERT_TRUE(na.alpha2_peak().has_value());
  EXPECT_LT(std::abs(na.alpha2.alpha2[*na.alpha2_peak()]), 0.5);  // Gaussian displacements: α₂ ≈ 0
  EXPECT_NEAR(na.beta_mean_in_window(), 1, 0.15);                 // diffusive window: β ≈ 1

  const std::string summary = dynamics_summary(r, "somewhere");
  EXPECT_NE(summary.find("Na  D = "), std::string::npos) << summary;
  EXPECT_NE(summary.find("results in somewhere"), std::string::npos) << summary;
}

TEST(DynamicsWorkflow, TheMatrixStateSaysGlassWhenTheMatrixIsFrozenAndLiquidWhenItFlows) {
  // Walking Na among O vibrating in cages: Na diffusive, the O matrix frozen, so the run is a glass.
  // (With the drift removed, O also carries the tiny compensating motion of the Na centre of mass.)
  const DynamicsSettings s = walk_settings();
  const auto caged = test::random_walks(120, 300, 0.3, test::cubic_cell(18), 8, 100, 0.3);
  TrajectoryUnwrapper caged_unwrapper(dynamics_unwrap_options(s));
  for (std::size_t f = 0; f < caged.positions.size(); ++f)
    caged_unwrapper.add(test::frame_system(caged, f, true, true));
  const DynamicsResults glass = analyze_dynamics(caged_unwrapper.finish(), s, quiet_two_threads);
  EXPECT_EQ(glass.species.at("Na").diffusion.regime.regime, DiffusionRegime::diffusive)
      << glass.species.at("Na").diffusion.regime.reason;
  EXPECT_EQ(glass.matrix.state, "glass") << glass.matrix.reason;
  EXPECT_EQ(glass.matrix.species, (std::vector<std::string>{"O"}));
  const nlohmann::json j = dynamics_json(glass);
  EXPECT_EQ(j["matrix"]["state"], "glass");
  EXPECT_EQ(j["species"]["Na"]["regime"]["regime"], "diffusive");
  EXPECT_EQ(j["species"]["O"]["regime"]["regime"], "sub-diffusive");
  EXPECT_TRUE(j["species"]["Na"]["conductivity_S_per_cm"]["collective_regime"].contains("beta"));
  // Every atom walking (Na counted as the matrix too when named): a liquid.
  const auto walk = test::random_walks(150, 300, 0.3, test::cubic_cell(18), 4, 0);
  DynamicsSettings all = walk_settings();
  all.matrix_species = {"na"};
  TrajectoryUnwrapper unwrapper(dynamics_unwrap_options(all));
  for (std::size_t f = 0; f < walk.positions.size(); ++f) unwrapper.add(test::frame_system(walk, f, true, true));
  const DynamicsResults liquid = analyze_dynamics(unwrapper.finish(), all, quiet_two_threads);
  EXPECT_EQ(liquid.matrix.state, "liquid") << liquid.matrix.reason;
  // No matrix species at all: unknown.
  DynamicsSettings only_na = walk_settings();
  only_na.species = {"Na"};
  const DynamicsResults unknown = analyze_dynamics(walk_trajectory(only_na), only_na, quiet_two_threads);
  EXPECT_EQ(unknown.matrix.state, "unknown");
  EXPECT_EQ(unknown.matrix.reason, "no matrix species analysed");
}

TEST(DynamicsWorkflow, MobileSpeciesComesFromSettingsAndTheElementsPresent) {
  DynamicsSettings s = walk_settings();
  s.charges_e.clear();
  s.van_hove_times_ps = {1};
  const UnwrappedTrajectory t = walk_trajectory(s, 20);
  // No charges, no preference: the first species alphabetically; no conductivity.
  DynamicsResults r = analyze_dynamics(t, s, quiet_two_threads);
  EXPECT_EQ(r.mobile_species, "Na");
  EXPECT_FALSE(r.conductivity.has_value());
  s.mobile_preference = {"Li", "O"};  // Li absent: O
  EXPECT_EQ(analyze_dynamics(t, s, quiet_two_threads).mobile_species, "O");
  s.mobile = "o";
  EXPECT_EQ(analyze_dynamics(t, s, quiet_two_threads).mobile_species, "O");
  s.mobile = "Li";
  EXPECT_THROW(analyze_dynamics(t, s, quiet_two_threads), InputError);
}

TEST(DynamicsWorkflow, ChargesWithoutTemperatureSkipTheConductivity) {
  DynamicsSettings s = walk_settings();
  s.temperature_K = 0;  // the synthetic frames carry no temperature
  const DynamicsResults r = analyze_dynamics(walk_trajectory(s, 20), s, quiet_two_threads);
  EXPECT_FALSE(r.conductivity.has_value());
  EXPECT_TRUE(r.conductivity_needs_temperature);
  const nlohmann::json j = dynamics_json(r);
  EXPECT_TRUE(j.contains("conductivity_note"));
  EXPECT_TRUE(j["temperature_K"].is_null());
  EXPECT_FALSE(j["species"]["Na"].contains("conductivity_S_per_cm"));
}

TEST(DynamicsWorkflow, BadSettingsAreInputErrors) {
  DynamicsSettings s = walk_settings();
  const UnwrappedTrajectory t = walk_trajectory(s, 20);
  s.van_hove_times_ps = {1000};  // beyond the 30 ps trajectory
  const DynamicsResults skipped = analyze_dynamics(t, s, quiet_two_threads);
  EXPECT_EQ(skipped.van_hove_times_ps, (std::vector<double>{0.1 * 149}));  // half the trajectory
  s.van_hove_times_required = true;
  EXPECT_THROW(analyze_dynamics(t, s, quiet_two_threads), InputError);

  DynamicsSettings bad = walk_settings();
  bad.charges_e = {{"Li", 1}};
  EXPECT_THROW(analyze_dynamics(t, bad, quiet_two_threads), InputError);  // not in the trajectory
  bad = walk_settings();
  bad.temperature_K = -1;
  EXPECT_THROW(bad.validate(), InputError);
  bad = walk_settings();
  bad.descriptor_cutoffs_A = {{"NaO", 3}};
  EXPECT_THROW(bad.validate(), InputError);
  bad = walk_settings();
  bad.charges_e = {{"Xx", 1}};
  EXPECT_THROW(bad.validate(), InputError);
}

}  // namespace
}  // namespace ionglass
