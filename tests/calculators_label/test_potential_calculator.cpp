// The `potential` calculator: an ionglass potential as a reference calculator, equal to the direct
// evaluation to the bit, with its settings hash, its configuration section and a labelling run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ionglass/calculators/calculator_config.hpp"
#include "ionglass/calculators/labelling.hpp"
#include "ionglass/calculators/local_backend.hpp"
#include "ionglass/calculators/potential_calculator.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/potential_loader/potential_loader.hpp"
#include "scratch_folder.hpp"
#include "test_paths.hpp"

namespace fs = std::filesystem;
using namespace ionglass;
using namespace ionglass::calculators;

namespace {
const std::string ace_file = test::data_dir() + "/potential/NaFePO4.yace";
const std::string dft_file = test::data_dir() + "/dft/dft_dev.extxyz";

std::vector<System> first_frames(std::size_t n) {
  auto reader = open_trajectory(dft_file);
  std::vector<System> frames;
  System frame;
  while (frames.size() < n && reader->next(frame)) frames.push_back(frame);
  return frames;
}

fs::path scratch(const std::string& name) {
  return test::scratch_folder("potential_calculator_" + name);
}
}  // namespace

TEST(PotentialCalculator, EqualsTheDirectEvaluationToTheBit) {
  const System structure = first_frames(1).at(0);
  PotentialCalculator calculator({ace_file});
  const CalculationResult r = calculate(calculator, structure, {}, scratch("direct").string(), ExecutionContext{});
  ASSERT_TRUE(r.ok()) << r.message;
  auto potential = load_potential(ace_file);
  const PotentialResult direct = evaluate(*potential, structure, {true, true, false});
  EXPECT_EQ(r.energy_eV, direct.energy);
  ASSERT_EQ(r.forces_eV_per_A.size(), structure.size());
  for (std::size_t i = 0; i < structure.size(); ++i) EXPECT_EQ(r.forces_eV_per_A[i], direct.forces[i]);
  ASSERT_TRUE(r.pressure_tensor_bar.has_value());
  // Positive = compressive: P = W/V, the sign of LAMMPS's pressure.
  EXPECT_EQ(*r.pressure_tensor_bar, direct.virial_pressure_bar(structure.cell.volume()));
  EXPECT_EQ(r.provenance.at("calculator"), "potential");
}

TEST(PotentialCalculator, SettingsHashFollowsTheFileContent) {
  const fs::path dir = scratch("hash");
  fs::copy_file(ace_file, dir / "NaFePO4.yace");
  PotentialCalculator original({ace_file}), copy({(dir / "NaFePO4.yace").string()});
  EXPECT_EQ(original.settings_hash(), copy.settings_hash());
  EXPECT_EQ(original.settings_hash().size(), 16u);
  PotentialCalculator teter({test::source_dir() + "/potentials/teter.yaml"});
  EXPECT_NE(original.settings_hash(), teter.settings_hash());
}

TEST(PotentialCalculator, ConfigurationSection) {
  const fs::path dir = scratch("config");
  fs::copy_file(ace_file, dir / "NaFePO4.yace");
  {
    std::ofstream(dir / "good.yaml") << "calculator: potential\npotential:\n  file: NaFePO4.yace\n";
    std::ofstream(dir / "misspelt.yaml") << "calculator: potential\npotential:\n  fil: NaFePO4.yace\n";
    std::ofstream(dir / "missing.yaml") << "calculator: potential\npotential:\n  file: nothing.yace\n";
  }
  const CalculatorConfig config = read_calculator_config((dir / "good.yaml").string());
  const auto calculator = make_calculator(config);
  EXPECT_EQ(calculator->name(), "potential");
  try {
    make_calculator(read_calculator_config((dir / "misspelt.yaml").string()));
    FAIL() << "a misspelt key must be an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("misspelt.yaml:3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("fil"), std::string::npos) << e.what();
  }
  EXPECT_THROW(make_calculator(read_calculator_config((dir / "missing.yaml").string())), InputError);
}

TEST(PotentialCalculator, LabelsADatabaseThatEqualsTheDirectEvaluation) {
  const fs::path dir = scratch("label");
  const std::vector<System> frames = first_frames(3);
  {
    auto writer = create_trajectory_writer((dir / "inputs.extxyz").string());
    for (const auto& f : frames) writer->write(f);
    writer->close();
  }
  PotentialCalculator calculator({ace_file});
  LocalBackend backend(1);
  LabelSettings settings;
  settings.database_path = (dir / "labels.extxyz").string();
  ExecutionContext context;
  context.show_progress = false;
  const LabelSummary summary =
      label_structures({(dir / "inputs.extxyz").string()}, calculator, backend, settings, context);
  EXPECT_EQ(summary.structures, 3);
  EXPECT_EQ(summary.frames_stored, 3);
  EXPECT_EQ(summary.failures, 0);
  auto potential = load_potential(ace_file);
  auto reader = open_trajectory(settings.database_path);
  System labelled;
  std::size_t n = 0;
  while (reader->next(labelled)) {
    ASSERT_LT(n, frames.size());
    // The database keeps the input order here (one job at a time).
    EXPECT_EQ(std::get<double>(labelled.info.at("energy_eV")), evaluate(*potential, frames[n]).energy);
    EXPECT_EQ(std::get<std::string>(labelled.info.at("label_calculator")), "potential");
    ++n;
  }
  EXPECT_EQ(n, 3u);
  // A second run with the same settings labels nothing again.
  const LabelSummary again =
      label_structures({(dir / "inputs.extxyz").string()}, calculator, backend, settings, context);
  EXPECT_EQ(again.already_labelled, 3);
  EXPECT_EQ(again.frames_stored, 0);
}
