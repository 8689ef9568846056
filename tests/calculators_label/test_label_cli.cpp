// `ionglass label`: configuration errors exit 2 with file:line; --help names the units.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

namespace {
fs::path folder() {
  const fs::path dir = fs::temp_directory_path() / "ionglass_label_cli";
  fs::create_directories(dir);
  return dir;
}
std::string write(const std::string& name, const std::string& text) {
  const std::string path = (folder() / name).string();
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST(LabelCli, BadConfigurationExitsTwoWithFileAndLine) {
  const std::string input =
      write("in.xyz", "1\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3\nNa 0 0 0\n");
  const std::string db = (folder() / "db.extxyz").string();
  struct Case {
    std::string config, fragment;
  };
  for (const Case& c : {Case{"calculator: command\ncommand: {}\nrunner:\n  cores: 2\n", "unknown.yaml:4"},
                        Case{"calculator: quantum_magic\n", "unknown calculator 'quantum_magic'"},
                        Case{"calculator: command\ncommand: {}\nrunner:\n  backend: cloud\n", "unknown backend"},
                        Case{"calculator: command\nbanana: 1\n", "banana"}}) {
    const std::string config = write("unknown.yaml", c.config);
    const auto result = test::run_cli("label " + input + " --calculator " + config + " --out " + db);
    EXPECT_EQ(result.status, 2) << c.config << result.output;
    EXPECT_NE(result.output.find(c.fragment), std::string::npos) << result.output;
  }
  const auto missing =
      test::run_cli("label " + input + " --calculator " + (folder() / "none.yaml").string() + " --out " + db);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("none.yaml"), std::string::npos) << missing.output;
}

TEST(LabelCli, HelpNamesUnitsAndAnExample) {
  const auto result = test::run_cli("label --help");
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.output.find("eV/Å"), std::string::npos);
  EXPECT_NE(result.output.find("ionglass label "), std::string::npos);
}

TEST(LabelCli, LabelsWithThePotentialCalculatorAndWritesJson) {
  const fs::path dir = folder() / "potential";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Two small neutral Na2O frames in a large box: the Teter potential of the repository.
  const std::string input = (dir / "in.extxyz").string();
  std::ofstream(input) << "3\nLattice=\"22 0 0 0 22 0 0 0 22\" Properties=species:S:1:pos:R:3\nO 0 0 0\nNa 2.3 0.1 0\n"
                       << "Na -2.2 0 0.3\n"
                       << "3\nLattice=\"22 0 0 0 22 0 0 0 22\" Properties=species:S:1:pos:R:3\nO 0 0 0\nNa 2.4 0 0.2\n"
                       << "Na 0.1 2.3 0\n";
  const std::string config = (dir / "calculator.yaml").string();
  std::ofstream(config) << "calculator: potential\npotential:\n  file: " << test::source_dir()
                        << "/potentials/teter.yaml\n";
  const std::string db = (dir / "db.extxyz").string();
  const auto run = test::run_cli("label " + input + " --calculator " + config + " --out " + db + " --json");
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("\"frames_stored\": 2"), std::string::npos) << run.output;
  const auto again = test::run_cli("label " + input + " --calculator " + config + " --out " + db + " --json");
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("\"already_labelled\": 2"), std::string::npos) << again.output;
  // A run whose every structure fails leaves an empty database that a later run reads.
  std::ofstream(dir / "charged.extxyz")
      << "1\nLattice=\"22 0 0 0 22 0 0 0 22\" Properties=species:S:1:pos:R:3\nO 0 0 0\n";
  const std::string empty_db = (dir / "empty.extxyz").string();
  for (int run = 0; run < 2; ++run) {
    const auto failed = test::run_cli("label " + (dir / "charged.extxyz").string() + " --calculator " + config +
                                      " --out " + empty_db + " --json");
    EXPECT_EQ(failed.status, 0) << failed.output;  // a failed label is a record, not an error of the run
    EXPECT_NE(failed.output.find("\"input_error\": 1"), std::string::npos) << failed.output;
  }
}
