// The `ionglass ace` subcommands end to end (convert, activeset, gamma, projections, select).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "ionglass/io/structure_io.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {
int run(const std::string& arguments, const std::string& stdout_file = "") {
  std::string command = test::cli() + " -q " + arguments;
  command += stdout_file.empty() ? " > /dev/null 2>&1" : " > " + stdout_file + " 2>/dev/null";
  return WEXITSTATUS(std::system(command.c_str()));
}
std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST(AceCli, ConvertActiveSetGammaSelect) {
  const std::string dir = ::testing::TempDir() + "/ace_cli";
  std::filesystem::create_directories(dir);
  const std::string yaml = test::data_dir() + "/potential/NaFePO4.yaml";
  // 40 training structures
  {
    auto reader = open_extended_xyz(test::data_dir() + "/dft/dft_dev.extxyz");
    auto writer = create_trajectory_writer(dir + "/train.extxyz");
    System f;
    for (int k = 0; k < 40 && reader->next(f); ++k) writer->write(f);
    writer->close();
  }
  ASSERT_EQ(run("ace convert " + yaml + " " + dir + "/pot.yace"), 0);
  EXPECT_NE(slurp(dir + "/pot.yace").find("functions:"), std::string::npos);

  ASSERT_EQ(run("ace activeset " + yaml + " " + dir + "/train.extxyz --out " + dir + "/pot.asi --json " + dir + "/as.json"), 0);
  const auto report = nlohmann::json::parse(slurp(dir + "/as.json"));
  for (const char* el : {"Fe", "Na", "O", "P"}) {
    EXPECT_EQ(report["elements"][el]["functions"].get<int>(), 248);
    EXPECT_LE(report["elements"][el]["max_training_gamma"].get<double>(), 1.01 + 1e-9);
  }

  // gamma of the training data (≤ tolerance) and of a compressed structure (> 1), with --out
  System compressed = read_structure(dir + "/train.extxyz");
  for (auto& x : compressed.positions) x *= 0.8;
  compressed.cell = Cell(compressed.cell.matrix() * 0.8);
  write_structure(dir + "/compressed.extxyz", compressed);
  ASSERT_EQ(run("ace gamma --potential " + yaml + " --activeset " + dir + "/pot.asi " + dir + "/train.extxyz " + dir +
                    "/compressed.extxyz --json --out " + dir + "/gamma.extxyz",
                dir + "/gamma.json"),
            0);
  const auto gamma = nlohmann::json::parse(slurp(dir + "/gamma.json"));
  ASSERT_EQ(gamma.size(), 41u);
  for (std::size_t k = 0; k < 40; ++k) EXPECT_LE(gamma[k]["max_gamma"].get<double>(), 1.01 + 1e-9);
  EXPECT_GT(gamma[40]["max_gamma"].get<double>(), 1.0);
  const auto frames = read_frames(dir + "/gamma.extxyz");
  ASSERT_EQ(frames.size(), 41u);
  ASSERT_TRUE(frames[40].properties.count("gamma"));
  double max_column = 0;
  for (double v : frames[40].properties.at("gamma").values) max_column = std::max(max_column, v);
  EXPECT_NEAR(max_column, gamma[40]["max_gamma"].get<double>(), 1e-9 * max_column);

  // selection: the compressed structure ranks first
  ASSERT_EQ(run("ace select --potential " + yaml + " --activeset " + dir + "/pot.asi " + dir + "/train.extxyz " + dir +
                "/compressed.extxyz --max 2 --out " + dir + "/selected.extxyz --json " + dir + "/selected.json"),
            0);
  const auto selected = nlohmann::json::parse(slurp(dir + "/selected.json"));
  ASSERT_GE(selected.size(), 1u);
  EXPECT_EQ(selected[0]["structure_index"].get<int>(), 40);
  EXPECT_EQ(read_frames(dir + "/selected.extxyz").size(), selected.size());

  // projections CSV: header and one row per atom
  ASSERT_EQ(run("ace projections --potential " + yaml + " " + dir + "/compressed.extxyz --out " + dir + "/p.csv"), 0);
  const std::string csv = slurp(dir + "/p.csv");
  EXPECT_EQ(csv.rfind("structure_index,atom_index,element,b0,b1,", 0), 0u);
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), compressed.size() + 1);
}

TEST(AceCli, BadInputExitsWithStatus2) {
  const std::string yaml = test::data_dir() + "/potential/NaFePO4.yaml";
  const std::string bad = ::testing::TempDir() + "/bad.asi";
  std::ofstream(bad) << "garbage";
  EXPECT_EQ(run("ace gamma --potential " + yaml + " --activeset " + bad + " " + test::glass("ACE", 1) + " --types Fe,Na,O,P"), 2);
  EXPECT_EQ(run("ace convert " + test::data_dir() + "/potential/pacemaker_input.yaml " + ::testing::TempDir() + "/x.yace"), 2);
  EXPECT_EQ(run("ace activeset " + yaml + " " + test::reference_dir() + "/ace/ace_reference_dev.extxyz --out " +
                ::testing::TempDir() + "/few.asi --tolerance 0.9"),
            2);
}
