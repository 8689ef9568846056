// `ionglass dynamics --json` and `ionglass arrhenius` end to end on synthetic dumps.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dynamics/synthetic_trajectory.hpp"
#include "cli_runner.hpp"

namespace ionglass {
namespace {

const auto run = test::run_command;

TEST(DynamicsCli, JsonAndOutputFiles) {
  const std::string dir = test::temporary_directory("cli");
  const double sigma = 0.3, dt = 0.1, expected = sigma * sigma / (2 * dt);
  const auto s = test::random_walks(150, 400, sigma, test::cubic_cell(18), 8, 150);
  test::write_dump(dir + "/walk.dump", s, true);
  std::string out;
  const std::string cmd =
      test::cli() + " -q dynamics " + dir + "/walk.dump --types Na,O --frame-interval-ps 0.1 " +
      "--charges Na=1 --temperature 900 --van-hove-times 1,5 --hop-persistence-ps 0.5 --json --out " + dir + "/out";
  ASSERT_EQ(run(cmd, out), 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["temperature_K"].get<double>(), 900);
  const auto& na = j["species"]["Na"];
  EXPECT_NEAR(na["D_A2_per_ps"].get<double>(), expected, 0.1 * expected);
  EXPECT_NEAR(na["D_cm2_per_s"].get<double>(), na["D_A2_per_ps"].get<double>() * 1e-4, 1e-15);
  EXPECT_GT(na["D_stderr_cm2_per_s"].get<double>(), 0);
  EXPECT_EQ(na["fit_window_ps"].size(), 2u);
  ASSERT_TRUE(na["D_gls"].is_object()) << na.dump();
  const double gls_D = na["D_gls"]["D_cm2_per_s"].get<double>(),
               gls_error = na["D_gls"]["D_stderr_cm2_per_s"].get<double>();
  EXPECT_GT(gls_error, 0);
  EXPECT_NEAR(gls_D, expected * 1e-4, 4 * gls_error);  // true D within 4 calibrated standard errors
  EXPECT_LT(na["D_gls"]["D_95_interval_cm2_per_s"][0].get<double>(), gls_D);
  EXPECT_GT(j["conductivity_gls_S_per_cm"]["collective"].get<double>(), 0);
  EXPECT_GT(j["conductivity_gls_S_per_cm"]["collective_stderr"].get<double>(), 0);
  EXPECT_GT(j["haven_ratio_gls_stderr"].get<double>(), 0);
  EXPECT_GT(na["conductivity_S_per_cm"]["nernst_einstein"].get<double>(), 0);
  EXPECT_TRUE(na["conductivity_S_per_cm"].contains("collective"));
  EXPECT_TRUE(na.contains("haven_ratio"));
  EXPECT_TRUE(j["conductivity_S_per_cm"].contains("collective"));
  EXPECT_NEAR(j["species"]["O"]["D_A2_per_ps"].get<double>(), 0, 0.01 * expected);  // the O atoms do not move
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
    const std::string path = dir + "/T" + std::to_string(k) + ".json";
    std::ofstream(path) << result.dump();
    files += " " + path;
  }
  ASSERT_EQ(
      run(test::cli() + " arrhenius" + files + " --species Na --extrapolate 300 --json --out " + dir + "/arr", out), 0)
      << out;
  const auto a = nlohmann::json::parse(out);
  EXPECT_NEAR(a["diffusion"]["activation_energy_eV"].get<double>(), 0.5, 1e-9);
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
