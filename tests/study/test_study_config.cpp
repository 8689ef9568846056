// Study files are checked as a whole before any computation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ionglass/core/error.hpp"
#include "ionglass/study/study_config.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

namespace {
std::string write_study(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "ionglass_test_study_config";
  fs::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}
std::string model(const std::string& extra = "") {
  return "models:\n  - name: ACE\n    potential: " + test::data_dir() + "/potential/NaFePO4.yace\n    structures: [\"" +
         test::data_dir() + "/glass/ACE/300K_*.dat\"]\n" + extra;
}
void expect_error(const std::string& path, const std::string& fragment, int line = -1) {
  try {
    study::read_study(path);
    FAIL() << "no error for " << path;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(e.file(), path);
    if (line >= 0) {
      EXPECT_EQ(e.line(), line) << e.what();
    }
  }
}
}  // namespace

TEST(StudyConfig, ReadsTheShippedQuickStudy) {
  const auto spec = study::read_study(test::source_dir() + "/examples/nafepo4_quick.yaml");
  ASSERT_EQ(spec.models.size(), 3u);
  EXPECT_EQ(spec.models[0].structures.size(), 5u);
  EXPECT_EQ(spec.models[2].name, "BMP");
  EXPECT_EQ(spec.diffusion.cells, "structures");  // Na in the glasses, not in random packings
  EXPECT_EQ(spec.diffusion.temperatures_K.size(), 3u);
  EXPECT_DOUBLE_EQ(spec.structure.cutoffs_A.at("Fe-O"), 2.7);
  EXPECT_EQ(spec.diffusion.matrix_species, (std::vector<std::string>{"P", "Fe"}));
  const auto full = study::read_study(test::source_dir() + "/examples/nafepo4_full.yaml");
  EXPECT_EQ(full.models[0].replicas, 5);
}

TEST(StudyConfig, DiffusionCellsAreCheckedAsAWhole) {
  expect_error(write_study("cells.yaml", model() + "diffusion:\n  temperatures_K: [1000, 1200]\n  cells: glass\n"),
               "unknown diffusion cells 'glass' (packed, structures)", 7);
  expect_error(
      write_study("cells_eq.yaml", model() + "diffusion:\n  temperatures_K: [1000, 1200]\n  cells: structures\n"
                                             "  equilibration_ps: 0\n"),
      "needs equilibration_ps > 0");
  expect_error(
      write_study("cells_fu.yaml", model() + "diffusion:\n  temperatures_K: [1000, 1200]\n  cells: structures\n"
                                             "  formula_units: 40\n"),
      "describe packed cells");
  expect_error(
      write_study("mobility.yaml", model() + "diffusion:\n  temperatures_K: [1000, 1200]\n  mobility_fraction: 0.6\n"),
      "at most 0.5", 7);
  const auto spec = study::read_study(
      write_study("cells_ok.yaml", model() + "diffusion:\n  temperatures_K: [1000, 1200]\n  cells: structures\n"));
  EXPECT_EQ(spec.diffusion.cells, "structures");
}

TEST(StudyConfig, MissingStructureIsAnError) {
  expect_error(write_study("missing.yaml", "models:\n  - name: ACE\n    potential: " + test::data_dir() +
                                               "/potential/NaFePO4.yace\n    structures: [nothing_here_*.dat]\n"),
               "no structure file matches", 4);
}

TEST(StudyConfig, UnknownPotentialIsAnError) {
  expect_error(
      write_study("nopot.yaml", "models:\n  - name: X\n    potential: missing.yace\n    structures: [a.dat]\n"),
      "not found", 3);
  const std::string txt = write_study("pot.txt", "hello");
  expect_error(write_study("badext.yaml", "models:\n  - name: X\n    potential: pot.txt\n    structures: [a.dat]\n"),
               "unknown potential type");
}

TEST(StudyConfig, ContradictorySettingsAreErrors) {
  expect_error(write_study("onetemp.yaml", model() + "diffusion:\n  temperatures_K: [1000]\n"), "at least two");
  expect_error(write_study("frames.yaml", model() + "diffusion:\n  temperatures_K: [1000, 1200]\n  timestep_ps: 0.002\n"
                                                    "  frame_interval_ps: 0.003\n"),
               "whole multiple");
  expect_error(
      write_study("short.yaml", model() + "diffusion:\n  temperatures_K: [1000, 1200]\n  production_ps: 0.05\n"),
      "at least 10 frames");
  expect_error(
      write_study("both.yaml", model("    quench: " + test::source_dir() + "/examples/quench_ace_small.yaml\n")),
      "both structures and a quench");
  expect_error(write_study("twice.yaml", model() + model().substr(std::string("models:\n").size())), "appears twice");
  expect_error(write_study("key.yaml", model() + "diffusion:\n  temperature: 1000\n"), "unknown key 'temperature'", 6);
  expect_error(write_study("cut.yaml", model() + "structure:\n  cutoffs: {Xx-O: 2.0}\n"), "unknown element 'Xx'");
  expect_error(
      write_study("matrix.yaml", model() + "diffusion:\n  temperatures_K: [1000, 1200]\n  matrix_species: [P, Qq]\n"),
      "unknown element 'Qq'", 7);
  expect_error(write_study("empty.yaml", "title: nothing\n"), "non-empty list 'models'");
}
