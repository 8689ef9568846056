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
