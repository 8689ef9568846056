// `ionglass mobility` end to end on synthetic lattice-hopping dumps (two replicas): exit status,
// the output files and bad input. The numbers are tested on the library call
// (test_mobility_workflow.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "mobility/lattice_hopping.hpp"

namespace ionglass {
namespace {

const auto run = test::run_command;

TEST(MobilityCli, JsonAndOutputFiles) {
  const std::string dir = test::temporary_directory("mobility_cli");
  test::write_dump(dir + "/a.dump", test::lattice_with_oxygen(0.5, 1), true);
  test::write_dump(dir + "/b.dump", test::lattice_with_oxygen(0.5, 2), true);
  std::string out;
  const std::string cmd =
      test::cli() + " -q mobility " + dir + "/a.dump " + dir + "/b.dump --types Na,O --frame-interval-ps 0.05 " +
      "--keep-drift --ion Na --symmetry-cutoff-A 5 --horizon-ps 1 --sample-interval-ps 0.5 --resamples 200 " +
      "--weight-resamples 20 --json --out " + dir + "/out";
  ASSERT_EQ(run(cmd, out), 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["sites"]["ions"].get<int>(), 54);
  EXPECT_EQ(j, nlohmann::json::parse(std::ifstream(dir + "/out/mobility.json")));
  for (const char* f : {"mobility.json", "sites.csv", "hop_rates.csv", "weights.csv", "weights.svg", "softness.csv",
                        "softness_replica1.extxyz", "softness_replica2.extxyz"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/out/" + f)) << f;

  // Bad input: one line on standard error, exit status 2.
  EXPECT_EQ(
      run(test::cli() + " -q mobility " + dir + "/a.dump --types Na,O --frame-interval-ps 0.05 --ion Li 2>/dev/null",
          out),
      2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ionglass
