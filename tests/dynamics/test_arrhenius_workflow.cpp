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

ArrheniusPoint point(double T, bool with_conductivity, double collective_sign = 1, const std::string& state = "glass") {
  ArrheniusPoint p;
  p.matrix_state = state;
  p.regime = "diffusive";
  p.collective_regime = "diffusive";
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
  ASSERT_TRUE(r.diffusion.fit);
  EXPECT_NEAR(r.diffusion.fit->activation_eV, 0.5, 1e-10);
  EXPECT_NEAR(r.diffusion.fit->prefactor(), 2e-3, 1e-9 * 2e-3);
  ASSERT_TRUE(r.has_conductivity);
  ASSERT_TRUE(r.sigma_T_nernst_einstein && r.sigma_T_collective);
  ASSERT_TRUE(r.sigma_T_nernst_einstein->fit && r.sigma_T_collective->fit);
  EXPECT_NEAR(r.sigma_T_nernst_einstein->fit->activation_eV, 0.45, 1e-10);
  EXPECT_NEAR(r.sigma_T_collective->fit->activation_eV, 0.4, 1e-10);
  EXPECT_NEAR(r.sigma_T_collective_S_K_per_cm()[0], arrhenius(3e3, 0.4, 700), 1e-12 * arrhenius(3e3, 0.4, 700));

  const nlohmann::json j = arrhenius_json(r);
  EXPECT_NEAR(j["diffusion"]["extrapolated"][0]["value_cm2_per_s"].get<double>(), arrhenius(2e-3, 0.5, 300),
              1e-8 * arrhenius(2e-3, 0.5, 300));
  EXPECT_EQ(j["diffusion"]["extrapolated"][0]["status"], "extrapolated");  // a glass, colder: allowed
  EXPECT_EQ(j["matrix_state"], "glass");
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
  ASSERT_TRUE(negative.sigma_T_nernst_einstein && negative.sigma_T_collective);
  EXPECT_TRUE(negative.sigma_T_nernst_einstein->fit.has_value());
  EXPECT_FALSE(negative.sigma_T_collective->fit.has_value());
  EXPECT_EQ(arrhenius_json(negative)["sigma_T_collective"]["fitted"], false);
  EXPECT_NE(negative.sigma_T_collective->excluded.at(0).find("not positive"), std::string::npos);

  EXPECT_THROW(analyze_arrhenius({point(700, false)}, {"Na", {}}), InputError);
}

TEST(ArrheniusWorkflow, PointsWhoseMsdIsNotDiffusiveAreLeftOutAndSaySo) {
  ArrheniusPoint caged = point(600, false);
  caged.regime = "sub-diffusive";
  caged.regime_reason = "beta = 0.4";
  const ArrheniusResults r = analyze_arrhenius({point(900, false), caged, point(800, false)}, {"Na", {}});
  ASSERT_TRUE(r.diffusion.fit);
  EXPECT_EQ(r.diffusion.fit->points, 2u);
  EXPECT_EQ(r.diffusion.used, (std::vector<std::size_t>{1, 2}));
  ASSERT_EQ(r.diffusion.excluded.size(), 1u);
  EXPECT_NE(r.diffusion.excluded[0].find("600 K): sub-diffusive (beta = 0.4)"), std::string::npos)
      << r.diffusion.excluded[0];
  // With one diffusive temperature left there is no fit, and the note says why.
  ArrheniusPoint ballistic = point(900, false);
  ballistic.regime = "ballistic";
  const ArrheniusResults none = analyze_arrhenius({ballistic, caged, point(800, false)}, {"Na", {300}});
  EXPECT_FALSE(none.diffusion.fit);
  EXPECT_NE(none.diffusion.note.find("two temperatures are needed"), std::string::npos) << none.diffusion.note;
  EXPECT_EQ(arrhenius_json(none)["diffusion"]["fitted"], false);
  EXPECT_NE(arrhenius_summary(none).find("left out"), std::string::npos);
}

TEST(ArrheniusWorkflow, PointsWithCalibratedErrorsAreFittedWeightedWithTheGlsEstimates) {
  std::vector<ArrheniusPoint> points{point(700, false), point(800, false), point(900, false)};
  for (ArrheniusPoint& p : points) {
    p.D_gls_cm2_per_s = p.D_cm2_per_s * 1.01;
    p.D_gls_stderr_cm2_per_s = 0.1 * p.D_cm2_per_s;
  }
  const ArrheniusResults r = analyze_arrhenius(points, {"Na", {}});
  ASSERT_TRUE(r.diffusion.fit);
  EXPECT_TRUE(r.diffusion.fit->weighted);
  EXPECT_NEAR(r.diffusion.fit->prefactor(), 2e-3 * 1.01, 1e-9);
  EXPECT_GT(r.diffusion.fit->activation_stderr_eV, 0);
  points[1].D_gls_stderr_cm2_per_s.reset();
  EXPECT_FALSE(analyze_arrhenius(points, {"Na", {}}).diffusion.fit->weighted);
}

TEST(ArrheniusWorkflow, ExtrapolationStaysInsideTheValidityRangeOfTheMatrixState) {
  const std::vector<double> targets{300, 750, 1500};
  // Glass: colder is allowed, hotter is refused (it may melt), inside is interpolation.
  const ArrheniusResults glass = analyze_arrhenius({point(700, false), point(800, false)}, {"Na", targets});
  ASSERT_EQ(glass.diffusion.predictions.size(), 3u);
  EXPECT_EQ(glass.diffusion.predictions[0].status, "extrapolated");
  EXPECT_EQ(glass.diffusion.predictions[1].status, "inside the fitted range");
  EXPECT_TRUE(glass.diffusion.predictions[2].refused);
  EXPECT_NE(glass.diffusion.predictions[2].reason.find("melt"), std::string::npos);
  // Liquid: the glass transition lies below the points, so colder is refused.
  const ArrheniusResults liquid =
      analyze_arrhenius({point(2500, false, 1, "liquid"), point(3000, false, 1, "liquid")}, {"Na", targets});
  EXPECT_TRUE(liquid.diffusion.predictions[0].refused);
  EXPECT_NE(liquid.diffusion.predictions[0].reason.find("freezes into a glass"), std::string::npos);
  EXPECT_EQ(liquid.matrix_state, "liquid");
  const nlohmann::json j = arrhenius_json(liquid);
  EXPECT_FALSE(j["diffusion"]["extrapolated"][0].contains("value_cm2_per_s"));
  EXPECT_EQ(j["diffusion"]["extrapolated"][0]["status"], "refused");
  // Unknown state: only inside the fitted range.
  const ArrheniusResults unknown =
      analyze_arrhenius({point(700, false, 1, "unknown"), point(800, false, 1, "unknown")}, {"Na", targets});
  EXPECT_TRUE(unknown.diffusion.predictions[0].refused);
  EXPECT_FALSE(unknown.diffusion.predictions[1].refused);
  // Glass and liquid points together span a regime change: no fit.
  const ArrheniusResults mixed =
      analyze_arrhenius({point(700, false), point(800, false), point(2500, false, 1, "liquid")}, {"Na", targets});
  EXPECT_FALSE(mixed.diffusion.fit);
  EXPECT_EQ(mixed.matrix_state, "mixed");
  EXPECT_NE(mixed.diffusion.note.find("regime change"), std::string::npos);
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
  EXPECT_EQ(read.regime, in_memory.regime);
  EXPECT_EQ(read.regime, "diffusive");
  EXPECT_EQ(read.regime_reason, in_memory.regime_reason);
  EXPECT_EQ(read.matrix_state, in_memory.matrix_state);
  EXPECT_EQ(read.collective_regime, in_memory.collective_regime);
  ASSERT_TRUE(read.D_gls_cm2_per_s && in_memory.D_gls_cm2_per_s);
  EXPECT_DOUBLE_EQ(*read.D_gls_stderr_cm2_per_s, *in_memory.D_gls_stderr_cm2_per_s);
  EXPECT_EQ(read.collective_gls_stderr_S_per_cm.has_value(), in_memory.collective_gls_stderr_S_per_cm.has_value());
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
