// `ionglass mobility` end to end on synthetic lattice-hopping dumps (two replicas).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "dynamics/synthetic_trajectory.hpp"
#include "cli_runner.hpp"

namespace ionglass {
namespace {

const auto run = test::run_command;

// 27 Na on a 3×3×3 lattice (4 Å) hopping to neighbours at rate k (1/ps), 20 immobile O. The O do
// not recoil, so the centre of mass drifts with the hops: the runs keep the drift (--keep-drift).
test::SyntheticTrajectory lattice_with_oxygen(double k, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> jitter(0, 0.1);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::uniform_int_distribution<int> direction(0, 5);
  test::SyntheticTrajectory t;
  t.cell = test::cubic_cell(12);
  std::vector<Vec3> site;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int l = 0; l < 3; ++l) site.emplace_back(4 * i + 2, 4 * j + 2, 4 * l + 2);
  std::vector<Vec3> oxygen;
  for (int o = 0; o < 20; ++o) oxygen.emplace_back(12 * uniform(rng), 12 * uniform(rng), 12 * uniform(rng));
  for (std::size_t i = 0; i < site.size() + oxygen.size(); ++i) t.types.push_back(i < site.size() ? 1 : 2);
  const double dt = 0.05;
  for (int f = 0; f < 400; ++f) {
    std::vector<Vec3> frame;
    for (auto& s : site) {
      if (f > 0 && uniform(rng) < k * dt) s[direction(rng) / 2] += direction(rng) % 2 ? 4 : -4;
      frame.push_back(s + Vec3(jitter(rng), jitter(rng), jitter(rng)));
    }
    for (const auto& o : oxygen) frame.push_back(o);
    t.positions.push_back(frame);
  }
  return t;
}

TEST(MobilityCli, JsonCsvAndSoftnessTrajectory) {
  const std::string dir = test::temporary_directory("mobility_cli");
  test::write_dump(dir + "/a.dump", lattice_with_oxygen(0.5, 1), true);
  test::write_dump(dir + "/b.dump", lattice_with_oxygen(0.5, 2), true);
  std::string out;
  const std::string cmd =
      test::cli() + " -q mobility " + dir + "/a.dump " + dir + "/b.dump --types Na,O --frame-interval-ps 0.05 " +
      "--keep-drift --ion Na --symmetry-cutoff-A 5 --horizon-ps 1 --sample-interval-ps 0.5 --resamples 200 " +
      "--weight-resamples 20 --json --out " + dir + "/out";
  ASSERT_EQ(run(cmd, out), 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["sites"]["ions"].get<int>(), 54);
  EXPECT_EQ(j["sites"]["sites_per_replica"][0].get<int>(), 27);
  const auto& rate = j["sites"]["hop_rate_per_ion_per_ps"];
  EXPECT_LT(rate["low"].get<double>(), 0.5 * 1.1);
  EXPECT_GT(rate["high"].get<double>(), 0.5 * 0.9);
  // Hops here are random, not set by structure: the AUC's interval should hold 0.5.
  EXPECT_LT(j["learned"]["shuffled_label_auc"]["low"].get<double>(), 0.5);
  EXPECT_GT(j["learned"]["shuffled_label_auc"]["high"].get<double>(), 0.5);
  EXPECT_TRUE(j["learned"]["descriptors"][0].contains("standardised_weight"));
  for (const char* f : {"mobility.json", "sites.csv", "hop_rates.csv", "weights.csv", "weights.svg", "softness.csv",
                        "softness_replica1.extxyz", "softness_replica2.extxyz"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/out/" + f)) << f;
  std::ifstream xyz(dir + "/out/softness_replica1.extxyz");
  std::string count, comment;
  std::getline(xyz, count);
  std::getline(xyz, comment);
  EXPECT_NE(comment.find("softness:R:1"), std::string::npos) << comment;

  // Bad input: one line on standard error, exit status 2.
  EXPECT_EQ(
      run(test::cli() + " -q mobility " + dir + "/a.dump --types Na,O --frame-interval-ps 0.05 --ion Li 2>/dev/null",
          out),
      2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ionglass
