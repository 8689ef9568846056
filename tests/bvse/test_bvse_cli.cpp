// `ionglass bvse` end to end on one bundled glass at a coarse grid.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using ionglass::test::CliRun;
using ionglass::test::run_cli;

TEST(BvseCli, CoarseGridOfOneGlass) {
  const auto out = std::filesystem::temp_directory_path() / "ionglass_bvse_cli";
  std::filesystem::remove_all(out);
  const CliRun r = run_cli("bvse " + ionglass::test::glass("ACE", 1) +
                           " --ion Na --oxidation-states Na=1,Fe=2,P=5,O=-2 --grid-A 1.0 --json --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  const auto& b = j["percolation_barriers"];
  EXPECT_GT(b["E_1D_eV"].get<double>(), 0.0);
  EXPECT_LE(b["E_1D_eV"].get<double>(), b["E_2D_eV"].get<double>());
  EXPECT_LE(b["E_2D_eV"].get<double>(), b["E_3D_eV"].get<double>());
  EXPECT_LT(j["minimum_energy_eV"].get<double>(), 0.0);
  EXPECT_TRUE(std::filesystem::exists(out / "bvse_landscape.cube"));
  EXPECT_TRUE(std::filesystem::exists(out / "bvse_percolation.csv"));
  EXPECT_TRUE(std::filesystem::exists(out / "bvse.json"));
  std::filesystem::remove_all(out);
}

TEST(BvseCli, MissingOxidationStateExitsTwo) {
  const CliRun r = run_cli("bvse " + ionglass::test::glass("ACE", 1) + " --ion Na --oxidation-states Na=1,O=-2");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("no oxidation state"), std::string::npos) << r.output;
}
