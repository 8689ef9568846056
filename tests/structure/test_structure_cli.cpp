// `ionglass structure` end to end on one bundled glass.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

using ionglass::test::CliRun;
using ionglass::test::run_cli;

TEST(StructureCli, JsonOfOneGlass) {
  const CliRun r = run_cli("structure " + ionglass::test::glass("ACE", 1) + " --cutoffs P-O=2.0,Fe-O=2.7,Na-O=3.3 --json");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  const auto& all = j["groups"]["all"];
  EXPECT_DOUBLE_EQ(all["coordination"]["P-O"]["mean"].get<double>(), 4.0);
  EXPECT_DOUBLE_EQ(all["coordination"]["P-O"]["distribution"]["4"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(all["coordination"]["Fe-O"]["cutoff_A"].get<double>(), 2.7);
  EXPECT_GT(all["density_g_cm3"]["mean"].get<double>(), 2.0);
  double q = 0;
  for (int n = 0; n <= 4; ++n) q += all["qn"]["P"][std::to_string(n)].get<double>();
  EXPECT_NEAR(q, 1.0, 1e-12);
  const auto& s = all["oxygen_speciation"];
  EXPECT_NEAR(s["free"].get<double>() + s["nonbridging"].get<double>() + s["bridging"].get<double>(), 1.0, 1e-12);
  EXPECT_EQ(all["files"].size(), 1u);
}

TEST(StructureCli, OutputDirectoryWithRingsAndVoids) {
  const auto dir = std::filesystem::temp_directory_path() / "ionglass_structure_cli_test";
  std::filesystem::remove_all(dir);
  const CliRun r = run_cli("structure --group A=" + ionglass::test::glass("ACE", 1) + " --group B=" + ionglass::test::glass("BMP", 1) +
                    " --rings king,guttman,primitive --voids --rmax 8 --out " + dir.string() + "");
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* f : {"structure.json", "rdf.csv", "sq_neutron.csv", "sq_xray.csv", "gr_total.csv", "coordination.csv",
                        "angles.csv", "qn.csv", "rings.csv", "voids.csv", "connectivity.csv", "rdf_g_Fe-O.svg", "sq_neutron_S_neutron.svg"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  std::ifstream in(dir / "rdf.csv");
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("r_A,", 0), 0u) << header;
  EXPECT_NE(header.find("A:g_Fe-O"), std::string::npos);
  const auto j = nlohmann::json::parse(std::ifstream(dir / "structure.json"));
  EXPECT_TRUE(j["cutoffs_A"]["P-O"]["automatic"].get<bool>());
  EXPECT_TRUE(j["groups"]["B"]["voids"].contains("free_volume_fraction"));
  std::filesystem::remove_all(dir);
}

TEST(StructureCli, BadInputExitsWithStatusTwo) {
  const std::string glass = ionglass::test::glass("ACE", 1);
  CliRun r = run_cli("structure " + glass + " --cutoffs Xx-O=2.0");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("unknown element 'Xx'"), std::string::npos) << r.output;
  r = run_cli("structure " + glass + " --rmax 30");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("half the smallest cell width"), std::string::npos) << r.output;
  r = run_cli("structure " + glass + " --frames 5:");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("no frames selected"), std::string::npos) << r.output;
}
