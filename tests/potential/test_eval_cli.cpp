// `ionglass eval --json` on the Teter glass with the reference potential.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "test_paths.hpp"

namespace {

std::string run(const std::string& command, int& status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  status = pclose(pipe);
  return out;
}

TEST(EvalCli, JsonMatchesLammpsReference) {
  int status = 0;
  const std::string out = run(ionglass::test::cli() + " eval --potential " + ionglass::test::source_dir() +
                                  "/potentials/teter_reference.yaml " + ionglass::test::glass("Teter", 1) + " --json",
                              status);
  ASSERT_EQ(status, 0) << out;
  const auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j.size(), 1u);
  std::ifstream ref_file(ionglass::test::reference_dir() + "/lammps/teter_300K_1.json");
  nlohmann::json ref;
  ref_file >> ref;
  const auto& r = j[0];
  EXPECT_EQ(r["natoms"].get<int>(), 3003);
  EXPECT_NEAR(r["energy_eV"].get<double>(), ref["energy_total_eV"].get<double>(), 1e-3);
  EXPECT_NEAR(r["energy_components_eV"]["short_range"].get<double>(), ref["energy_short_range_eV"].get<double>(), 1e-3);
  EXPECT_NEAR(r["energy_components_eV"]["coulomb_kspace"].get<double>(), ref["energy_coulomb_kspace_eV"].get<double>(), 1e-3);
  const auto p = ref["virial_pressure_bar_xx_yy_zz_xy_xz_yz"].get<std::vector<double>>();
  EXPECT_NEAR(r["pressure_bar"].get<double>(), (p[0] + p[1] + p[2]) / 3.0, 1e-2);
  EXPECT_NEAR(r["virial_eV"]["xy"].get<double>(), ref["virial_eV_xx_yy_zz_xy_xz_yz"][3].get<double>(), 1e-3);
  EXPECT_GT(r["max_force_eV_A"].get<double>(), 1.0);
}

TEST(EvalCli, BadPotentialFileExitsWithStatus2) {
  int status = 0;
  const std::string path = ionglass::test::binary_dir() + "/bad_eval_potential.yaml";
  {
    std::ofstream f(path);
    f << "charges: {Xx: 1.0}\n";
  }
  const std::string out = run(ionglass::test::cli() + " eval --potential " + path + " " + ionglass::test::glass("Teter", 1) + " 2>&1", status);
  EXPECT_EQ(WEXITSTATUS(status), 2) << out;
  EXPECT_NE(out.find("unknown element 'Xx'"), std::string::npos) << out;
}

}  // namespace
