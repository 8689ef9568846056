// The Arrhenius workflow as a library call: points from dynamics results in memory and from
// dynamics.json files, the fits of D and σT, and the report.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "dynamics/synthetic_trajectory.hpp"
#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/report/arrhenius_report.hpp"
#include "ionglass/report/dynamics_json_reader.hpp"
#include "ionglass/report/dynamics_report.hpp"

namespace ionglass {
namespace {

double arrhenius(double prefactor, double activation_eV, double T) {
  return prefactor * std::exp(-activation_eV / (units::boltzmann_eV_per_K * T));
}

ArrheniusPoint point(double T, bool with_conductivity, double collective_sign = 1) {
  ArrheniusPoint p;
  p.source = "T" + std::to_string(static_cast<int>(T));
  p.temperature_K = T;
  p.D_cm2_per_s = arrhenius(2e-3, 0.5, T);
  if (with_conductivity) {
    // σT = A exp(−E_a/kT): σ = that / T.
    p.nernst_einstein_S_per_cm = arrhenius(4e3, 0.45, T) / T;
    p.collective_S_per_cm = collective_sign * arrhenius(3e3, 0.4, T) / T;
  }
  return p;
}

TEST(ArrheniusWorkflow, RecoversActivationEnergiesAndKeepsTheGivenOrderOfSources) {
  const ArrheniusResults r = analyze_arrhenius({point(900, true), point(700, true), point(800, true)}, {"Na", {300}});
  EXPECT_EQ(r.sources, (std::vector<std::string>{"T900", "T700", "T800"}));
  EXPECT_EQ(r.temperatures_K(), (std::vector<double>{700, 800, 900}));
  EXPECT_NEAR(r.diffusion.activation_eV, 0.5, 1e-10);
  EXPECT_NEAR(r.diffusion.prefactor(), 2e-3, 1e-9 * 2e-3);
  ASSERT_TRUE(r.has_conductivity);
  ASSERT_TRUE(r.sigma_T_nernst_einstein && r.sigma_T_collective);
  EXPECT_NEAR(r.sigma_T_nernst_einstein->activation_eV, 0.45, 1e-10);
  EXPECT_NEAR(r.sigma_T_collective->activation_eV, 0.4, 1e-10);
  EXPECT_NEAR(r.sigma_T_collective_S_K_per_cm()[0], arrhenius(3e3, 0.4, 700), 1e-12 * arrhenius(3e3, 0.4, 700));

  const nlohmann::json j = arrhenius_json(r);
  EXPECT_NEAR(j["diffusion"]["extrapolated"][0]["value_cm2_per_s"].get<double>(), arrhenius(2e-3, 0.5, 300),
              1e-8 * arrhenius(2e-3, 0.5, 300));
  EXPECT_EQ(j["files"][0], "T900");
  EXPECT_NE(arrhenius_summary(r).find("E_a = 0.5000"), std::string::npos) << arrhenius_summary(r);

  const std::string dir = test::temporary_directory("arrhenius_report");
  write_arrhenius_report(r, dir);
  for (const char* f : {"arrhenius.json", "arrhenius.csv", "arrhenius_D.svg", "arrhenius_sigma_T.svg"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
  std::filesystem::remove_all(dir);
}

TEST(ArrheniusWorkflow, ConductivityFitsNeedEveryPointAndAPositiveCollectiveConductivity) {
  const ArrheniusResults partial = analyze_arrhenius({point(700, true), point(800, false)}, {"Na", {}});
  EXPECT_FALSE(partial.has_conductivity);
  EXPECT_FALSE(partial.sigma_T_nernst_einstein.has_value());
  EXPECT_FALSE(arrhenius_json(partial).contains("sigma_T_nernst_einstein"));

  const ArrheniusResults negative = analyze_arrhenius({point(700, true), point(800, true, -1)}, {"Na", {}});
  EXPECT_TRUE(negative.sigma_T_nernst_einstein.has_value());
  EXPECT_FALSE(negative.sigma_T_collective.has_value());
  EXPECT_TRUE(arrhenius_json(negative).contains("sigma_T_collective_note"));

  EXPECT_THROW(analyze_arrhenius({point(700, false)}, {"Na", {}}), InputError);
}

TEST(ArrheniusWorkflow, PointsFromResultsInMemoryEqualThoseReadBackFromDynamicsJson) {
  DynamicsSettings s;
  s.frame_interval_ps = 0.1;
  s.charges_e = {{"Na", 1}};
  s.temperature_K = 800;
  s.van_hove_times_ps = {1};
  const auto walk = test::random_walks(40, 150, 0.3, test::cubic_cell(14), 3, 20);
  TrajectoryUnwrapper unwrapper(dynamics_unwrap_options(s));
  for (std::size_t f = 0; f < walk.positions.size(); ++f) unwrapper.add(test::frame_system(walk, f, true, true));
  const DynamicsResults r = analyze_dynamics(unwrapper.finish(), s, ExecutionContext{1, "", false});

  const ArrheniusPoint in_memory = arrhenius_point(r, "Na", "memory");
  const std::string dir = test::temporary_directory("arrhenius_point");
  std::ofstream(dir + "/dynamics.json") << dynamics_json(r).dump(2);
  const ArrheniusPoint read = read_arrhenius_point(dir + "/dynamics.json", "Na");
  EXPECT_EQ(read.temperature_K, 800);
  EXPECT_DOUBLE_EQ(read.D_cm2_per_s, in_memory.D_cm2_per_s);
  EXPECT_DOUBLE_EQ(read.D_stderr_cm2_per_s, in_memory.D_stderr_cm2_per_s);
  ASSERT_TRUE(read.collective_S_per_cm && in_memory.collective_S_per_cm);
  EXPECT_DOUBLE_EQ(*read.collective_S_per_cm, *in_memory.collective_S_per_cm);
  EXPECT_DOUBLE_EQ(*read.nernst_einstein_S_per_cm, *in_memory.nernst_einstein_S_per_cm);
  EXPECT_THROW(arrhenius_point(r, "Li", "memory"), InputError);

  // Bad files: the message starts with the path.
  std::ofstream(dir + "/broken.json") << "{ not json";
  std::ofstream(dir + "/no_temperature.json") << R"({"species": {"Na": {"D_cm2_per_s": 1e-5}}})";
  for (const char* name : {"broken.json", "no_temperature.json", "missing.json"}) {
    try {
      read_arrhenius_point(dir + "/" + name, "Na");
      ADD_FAILURE() << name << " was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(read_arrhenius_point(dir + "/dynamics.json", "Li"), InputError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ionglass
