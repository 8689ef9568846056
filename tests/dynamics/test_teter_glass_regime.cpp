// The regime check on real MD: the bundled Teter glass (3003 atoms) heated to 1000 K and run for
// 10 ps. Na in this glass is still sub-diffusive after 20 ps at 1000 K (a 40 ps LAMMPS run: MSD
// exponent ≈ 0.4), so `ionglass dynamics` must call Na sub-diffusive, report no D for it, and call
// the P/Fe network a glass. Labelled slow: about 2 minutes of MD on one core.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "dynamics/synthetic_trajectory.hpp"

namespace ionglass {
namespace {

TEST(TeterGlassRegime, NaAt1000KIsSubDiffusiveAndTheNetworkIsAGlass) {
  const std::string dir = test::temporary_directory("teter_glass_1000K");
  const std::string source = test::source_dir();
  // Heat and hold (2 ps), then 10 ps of production from the held state with frames every 50 fs.
  const auto run = [&](const std::string& name, const std::string& structure, int seed, const std::string& stages,
                       const std::string& outputs) {
    std::ofstream(dir + "/" + name + ".yaml") << "structure: {file: " << structure << "}\npotential: " << source
                                              << "/potentials/teter.yaml\nseed: " << seed << "\nstages:\n"
                                              << stages << "outputs: " << outputs << "\n";
    const test::CliRun result =
        test::run_cli("run " + dir + "/" + name + ".yaml --out " + dir + "/" + name + " --threads 1");
    EXPECT_EQ(result.status, 0) << result.output;
    return result.status == 0;
  };
  const std::string nvt = "ensemble: nvt, thermostat: bussi, timestep_ps: 0.001, damping_ps: 0.1";
  ASSERT_TRUE(run("heat", source + "/data/NaFePO4/glass/Teter/300K_1.dat", 1000,
                  "  - {name: heat, " + nvt + ", start_temperature_K: 300, end_temperature_K: 1000, duration_ps: 1}\n" +
                      "  - {name: hold, " + nvt + ", temperature_K: 1000, duration_ps: 1}\n",
                  "{thermo_every: 1000, final_structure: held.data}"));
  ASSERT_TRUE(run("md", dir + "/heat/held.data", 1001,
                  "  - {name: production, " + nvt + ", temperature_K: 1000, duration_ps: 10}\n",
                  "{thermo_every: 1000, trajectory_every: 50, trajectory_file: trajectory.dump}"));
  const test::CliRun dyn = test::run_cli("dynamics " + dir +
                                         "/md/trajectory.dump --timestep-ps 0.001 --species Na,P,Fe --charges Na=1 "
                                         "--matrix P,Fe --temperature 1000 --json --threads 1");
  ASSERT_EQ(dyn.status, 0) << dyn.output;
  const nlohmann::json j = nlohmann::json::parse(dyn.output);
  EXPECT_GE(j["duration_ps"].get<double>(), 9.9);
  const nlohmann::json& na = j["species"]["Na"]["regime"];
  EXPECT_EQ(na["regime"], "sub-diffusive") << na.dump(2);
  EXPECT_LT(na["beta"].get<double>(), 0.8) << na.dump(2);
  EXPECT_GT(na["time_to_diffusive_ps"].get<double>(), 10) << na.dump(2);
  EXPECT_EQ(j["matrix"]["state"], "glass") << j["matrix"].dump(2);
  // The text summary shows no D for Na.
  const test::CliRun text = test::run_cli("dynamics " + dir +
                                          "/md/trajectory.dump --timestep-ps 0.001 --species Na,P,Fe --charges Na=1 "
                                          "--matrix P,Fe --temperature 1000 --threads 1");
  ASSERT_EQ(text.status, 0) << text.output;
  EXPECT_NE(text.output.find("Na  sub-diffusive: no D"), std::string::npos) << text.output;
  std::printf("Teter glass at 1000 K: Na %s\n", na.dump().c_str());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ionglass
