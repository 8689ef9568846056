// `ionglass dynamics --json` and `ionglass arrhenius` end to end on synthetic dumps: exit status,
// output files and bad input. The numbers are tested on the library calls
// (test_dynamics_workflow.cpp, test_arrhenius_workflow.cpp).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "dynamics/synthetic_trajectory.hpp"

namespace ionglass {
namespace {

const auto run = test::run_command;

TEST(DynamicsCli, JsonAndOutputFiles) {
  const std::string dir = test::temporary_directory("cli");
  const auto s = test::random_walks(150, 400, 0.3, test::cubic_cell(18), 8, 150);
  test::write_dump(dir + "/walk.dump", s, true);
  std::string out;
  const std::string cmd =
      test::cli() + " -q dynamics " + dir + "/walk.dump --types Na,O --frame-interval-ps 0.1 " +
      "--charges Na=1 --temperature 900 --van-hove-times 1,5 --hop-persistence-ps 0.5 --json --out " + dir + "/out";
  ASSERT_EQ(run(cmd, out), 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["temperature_K"].get<double>(), 900);
  EXPECT_EQ(j, nlohmann::json::parse(std::ifstream(dir + "/out/dynamics.json")));  // --json prints what --out writes
  for (const char* f : {"dynamics.json", "msd.csv", "msd.svg", "beta.svg", "van_hove_self.csv", "van_hove_distinct.csv",
                        "alpha2.csv", "mobility.csv", "hops.csv", "residence_times.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/out/" + f)) << f;
  std::ifstream header_stream(dir + "/out/msd.csv");
  std::string header;
  std::getline(header_stream, header);
  EXPECT_NE(header.find("MSD_Na_x_A2"), std::string::npos) << header;

  // Arrhenius over three copies at different temperatures with D(T) set by hand.
  nlohmann::json result = nlohmann::json::parse(std::ifstream(dir + "/out/dynamics.json"));
  std::string files;
  for (int k = 0; k < 3; ++k) {
    const double T = 700 + 100 * k;
    result["temperature_K"] = T;
    result["species"]["Na"]["D_cm2_per_s"] = 1e-3 * std::exp(-0.5 / (8.617343e-5 * T));
    result["species"]["Na"]["D_gls"]["D_cm2_per_s"] = result["species"]["Na"]["D_cm2_per_s"];  // the fitted estimate
    const std::string path = dir + "/T" + std::to_string(k) + ".json";
    std::ofstream(path) << result.dump();
    files += " " + path;
  }
  ASSERT_EQ(
      run(test::cli() + " arrhenius" + files + " --species Na --extrapolate 300 --json --out " + dir + "/arr", out), 0)
      << out;
  const auto a = nlohmann::json::parse(out);
  EXPECT_NEAR(a["diffusion"]["activation_energy_eV"].get<double>(), 0.5, 1e-9);
  EXPECT_EQ(a["diffusion"]["weighted"], true);
  EXPECT_TRUE(std::filesystem::exists(dir + "/arr/arrhenius_D.svg"));

  // Bad input: unknown species, one frame → exit status 2.
  EXPECT_EQ(run(test::cli() + " -q dynamics " + dir +
                    "/walk.dump --types Na,O --frame-interval-ps 0.1 --species Li 2>/dev/null",
                out),
            2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ionglass
