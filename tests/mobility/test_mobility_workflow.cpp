// The ion-mobility workflow as a library call on synthetic lattice hopping (two replicas): site
// count, hop rate, the learned-mobility controls, and the report files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ionglass/analysis/dynamics/mobility_workflow.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/report/mobility_report.hpp"
#include "mobility/lattice_hopping.hpp"

namespace ionglass {
namespace {

IonMobilitySettings lattice_settings(const std::string& dir) {
  IonMobilitySettings s;
  s.trajectory_files = {dir + "/a.dump", dir + "/b.dump"};
  s.read.type_elements = {"Na", "O"};
  s.frame_interval_ps = 0.05;
  s.remove_drift = false;  // the O do not recoil: the centre of mass drifts with the hops
  s.learned.species = "na";
  s.learned.symmetry_cutoff_A = 5;
  s.learned.horizon_ps = 1;
  s.learned.sample_interval_ps = 0.5;
  s.learned.bootstrap.resamples = 200;
  s.learned.weight_resamples = 20;
  return s;
}

TEST(MobilityWorkflow, LatticeHoppingSitesRatesAndSoftness) {
  const std::string dir = test::temporary_directory("mobility_workflow");
  const double rate = 0.5;  // hops per ion per ps
  test::write_dump(dir + "/a.dump", test::lattice_with_oxygen(rate, 1), true);
  test::write_dump(dir + "/b.dump", test::lattice_with_oxygen(rate, 2), true);
  const IonMobilityResults r = analyze_ion_mobility(lattice_settings(dir), ExecutionContext{2, "", false});
  EXPECT_EQ(r.settings.learned.species, "Na");
  EXPECT_EQ(r.settings.sites.species, "Na");
  ASSERT_EQ(r.replicas.size(), 2u);
  EXPECT_EQ(r.sites.ions, 54u);
  EXPECT_EQ(r.sites.replicas[0].site_centres_A.size(), 27u);  // one site per lattice point
  EXPECT_LT(r.sites.hop_rate_per_ion_per_ps.low, rate * 1.1);
  EXPECT_GT(r.sites.hop_rate_per_ion_per_ps.high, rate * 0.9);
  // Hops here are random, not set by structure: the shuffled-label AUC's interval holds 0.5.
  EXPECT_LT(r.learned.shuffled_auc.low, 0.5);
  EXPECT_GT(r.learned.shuffled_auc.high, 0.5);

  const nlohmann::json j = mobility_json(r);
  EXPECT_EQ(j["species"], "Na");
  EXPECT_EQ(j["sites"]["sites_per_replica"][1].get<int>(), 27);
  EXPECT_EQ(j["learned"]["horizon_ps"].get<double>(), 1);
  EXPECT_TRUE(j["learned"]["descriptors"][0].contains("standardised_weight"));
  EXPECT_NE(mobility_summary(r, "out").find("2 replicas, 54 Na ions"), std::string::npos) << mobility_summary(r, "");

  write_mobility_report(r, dir + "/out");
  for (const char* f : {"mobility.json", "sites.csv", "hop_rates.csv", "weights.csv", "weights.svg", "softness.csv",
                        "softness_replica1.extxyz", "softness_replica2.extxyz"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/out/" + f)) << f;
  std::ifstream xyz(dir + "/out/softness_replica1.extxyz");
  std::string count, comment;
  std::getline(xyz, count);
  std::getline(xyz, comment);
  EXPECT_NE(comment.find("softness:R:1"), std::string::npos) << comment;
  std::filesystem::remove_all(dir);
}

TEST(MobilityWorkflow, BadSettingsAreInputErrors) {
  IonMobilitySettings s = lattice_settings("/nonexistent");
  s.learned.species.clear();
  EXPECT_THROW(s.validate(), InputError);
  s = lattice_settings("/nonexistent");
  s.frame_interval_ps = -1;
  EXPECT_THROW(s.validate(), InputError);
  s = lattice_settings("/nonexistent");
  s.learned.species = "Xx";
  EXPECT_THROW(analyze_ion_mobility(s, ExecutionContext{1, "", false}), InputError);
}

}  // namespace
}  // namespace ionglass
