#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/io_test_helpers.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/io/cp2k_output.hpp"

namespace {

const std::string data_dir = std::string(IONGLASS_TEST_DATA) + "/calculators/cp2k/";

}  // namespace

TEST(Cp2kOutput, ReadsEnergyForcesStressInMetalUnits) {
  const auto output = ionglass::read_cp2k_output(data_dir + "h2o_energy_force.out");
  EXPECT_EQ(output.version, "CP2K version 2023.1");
  EXPECT_TRUE(output.scf_converged);
  EXPECT_FALSE(output.scf_not_converged_message);
  EXPECT_TRUE(output.program_ended);
  ASSERT_TRUE(output.energy_eV.has_value());
  // -17.213017287236106 Ha in the file.
  EXPECT_NEAR(*output.energy_eV, -17.213017287236106 * 27.211386245988, 1e-9);
  ASSERT_EQ(output.forces_eV_per_A.size(), 3u);
  EXPECT_EQ(output.force_elements[0], "O");
  EXPECT_EQ(output.force_elements[2], "H");
  const double factor = 27.211386245988 / 0.529177210903;  // Ha/Bohr → eV/Å ≈ 51.42
  EXPECT_NEAR(output.forces_eV_per_A[0].z(), 0.04872538 * factor, 1e-9);
  EXPECT_NEAR(output.forces_eV_per_A[1].y(), 0.02287573 * factor, 1e-9);
  // Invariant: a molecule in a box has forces summing to ~0 (grid egg-box error only).
  ionglass::Vec3 sum = ionglass::Vec3::Zero();
  for (const auto& force : output.forces_eV_per_A) sum += force;
  EXPECT_LT(sum.norm(), 0.2);
  ASSERT_TRUE(output.pressure_tensor_bar.has_value());
  const auto& p = *output.pressure_tensor_bar;
  EXPECT_NEAR(p[0], 7.06617659921e-01 * 1e4, 1e-6);
  EXPECT_NEAR(p[5], 1.58072181870e-01 * 1e4, 1e-6);
  EXPECT_DOUBLE_EQ(p[5], p[7]);  // symmetric
}

TEST(Cp2kOutput, MaxScfTwoIsNotConverged) {
  const auto output = ionglass::read_cp2k_output(data_dir + "h2o_max_scf_2.out");
  EXPECT_FALSE(output.scf_converged);
  EXPECT_TRUE(output.scf_not_converged_message);
}

TEST(Cp2kOutput, FileCutInHalfIsAnInputErrorWithFileAndLine) {
  const std::string text = ionglass::test::read_text_file(data_dir + "h2o_energy_force.out");
  const std::string path = (std::filesystem::temp_directory_path() / "ionglass_cp2k_half.out").string();
  {
    std::ofstream out(path);
    out << text.substr(0, text.size() / 2);
  }
  try {
    ionglass::read_cp2k_output(path);
    FAIL() << "a file cut in half was accepted";
  } catch (const ionglass::InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_GT(e.line(), 0);
    EXPECT_NE(std::string(e.what()).find("ENERGY| Total FORCE_EVAL"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}

TEST(Cp2kOutput, FileCutInsideTheForcesBlockIsAnInputError) {
  const std::string text = ionglass::test::read_text_file(data_dir + "h2o_energy_force.out");
  const auto cut = text.find("SUM OF ATOMIC FORCES");
  ASSERT_NE(cut, std::string::npos);
  const std::string path = (std::filesystem::temp_directory_path() / "ionglass_cp2k_forces_cut.out").string();
  {
    std::ofstream out(path);
    out << text.substr(0, cut);
  }
  try {
    ionglass::read_cp2k_output(path);
    FAIL() << "a cut forces block was accepted";
  } catch (const ionglass::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("forces"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}

TEST(Cp2kOutput, MissingFileIsAnInputError) {
  EXPECT_THROW(ionglass::read_cp2k_output(data_dir + "no_such_file.out"), ionglass::InputError);
}
