// Training data of the fit: extended XYZ with energies and forces, reference energies, the test
// split, pacemaker's weights, and every kind of bad data.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "fit_test_support.hpp"
#include "ionglass/ace/fit_data.hpp"
#include "ionglass/ace/repulsion_settings.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;
using namespace ionglass::test;

namespace {
const std::string kData = "dft_dev_first6.extxyz";  // the first 6 structures of dft_dev
const std::vector<std::string> kElements{"Fe", "Na", "O", "P"};

std::string input_for(const std::string& data_lines) {
  return shipped_input_with("  filename: train_data.pckl.gzip", data_lines);
}
std::string without_test_file(std::string text) {
  const std::string line = "  test_filename: test_data.pckl.gzip\n";
  return text.replace(text.find(line), line.size(), "");
}
/// A temporary copy of the data with one replacement.
std::string data_with(const std::string& from, const std::string& to, const std::string& name) {
  std::string text = read_text(fit_data_dir() + "/" + kData);
  text.replace(text.find(from), from.size(), to);
  const auto path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << text;
  return path;
}
void expect_error(const ace::FitInput& in, const std::string& file, int line, const std::string& problem,
                  const std::vector<std::string>& elements = kElements) {
  try {
    ace::read_fit_dataset(in, elements);
    FAIL() << "no error for: " << problem;
  } catch (const InputError& e) {
    EXPECT_NE(e.file().find(file), std::string::npos) << e.what();
    if (line >= 0) {
      EXPECT_EQ(e.line(), line) << e.what();
    }
    EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
  }
}
}  // namespace

TEST(FitData, ReadsEnergiesForcesAndSubtractsReferenceEnergies) {
  const auto in = parse_input(without_test_file(input_for("  filename: " + kData)));
  const auto raw = ace::read_fit_structures(in.data.filename, "dft_energy", "dft_forces");
  ASSERT_EQ(raw.size(), 6u);
  EXPECT_EQ(raw[0].line, 1);
  EXPECT_EQ(raw[1].line, static_cast<int>(raw[0].system.size()) + 3);
  EXPECT_DOUBLE_EQ(raw[0].energy_eV, -389.46055578);  // the first frame's dft_energy
  EXPECT_DOUBLE_EQ(raw[0].forces_eV_A[0].x(), 0.952211);
  EXPECT_EQ(raw[0].system.properties.count("dft_forces"), 0u);  // moved into forces_eV_A

  const auto set = ace::read_fit_dataset(in, kElements);
  ASSERT_EQ(set.train.size(), 6u);
  EXPECT_TRUE(set.test.empty());
  EXPECT_EQ(set.elements, kElements);
  for (std::size_t s = 0; s < 6; ++s) {
    double reference = 0;
    for (const auto& [symbol, count] : raw[s].system.counts())
      reference += in.data.reference_energy_eV.at(symbol) * count;
    EXPECT_NEAR(set.train[s].energy_eV, raw[s].energy_eV - reference, 1e-9);
  }
  // Uniform weights: every structure the same, normalised; per-atom force weights 1/(S·N).
  double energy_sum = 0, force_sum = 0;
  for (const auto& s : set.train) {
    EXPECT_NEAR(s.energy_weight, 1.0 / 6, 1e-15);
    for (double w : s.force_weights) {
      EXPECT_NEAR(w, 1.0 / (6.0 * s.system.size()), 1e-15);
      force_sum += w;
    }
    energy_sum += s.energy_weight;
  }
  EXPECT_NEAR(energy_sum, 1, 1e-12);
  EXPECT_NEAR(force_sum, 1, 1e-12);
}

TEST(FitData, AutomaticReferenceEnergiesAreTheLeastSquaresSolution) {
  const auto in = parse_input(
      without_test_file(input_for("  filename: " + kData).replace(input_for("").find("  reference_energy:"), 0, "")));
  auto text = without_test_file(input_for("  filename: " + kData));
  const auto at = text.find("  reference_energy:");
  const auto end = text.find("  test_", at) == std::string::npos ? text.find("fit:") : text.find("  test_", at);
  text.replace(at, end - at, "  reference_energy: auto\n");
  const auto automatic = parse_input(text);
  const auto set = ace::read_fit_dataset(automatic, kElements);
  // Normal equations: the residuals (the corrected energies) are orthogonal to every count column.
  for (const auto& e : set.elements) {
    double dot = 0;
    for (const auto& s : set.train) {
      const auto counts = s.system.counts();
      dot += (counts.count(e) ? counts.at(e) : 0) * s.energy_eV;
    }
    EXPECT_NEAR(dot, 0, 1e-6) << e;
  }
  EXPECT_EQ(set.reference_energy_eV.size(), 4u);
  (void)in;
}

TEST(FitData, TestSplitBySizeAndSeed) {
  const auto in =
      parse_input(shipped_input_with("  test_filename: test_data.pckl.gzip", "  test_size: 0.34").replace(0, 0, ""));
  auto text = shipped_input_with("  test_filename: test_data.pckl.gzip", "  test_size: 0.34");
  text.replace(text.find("train_data.pckl.gzip"), 20, kData);
  const auto set = ace::read_fit_dataset(parse_input(text), kElements);
  EXPECT_EQ(set.train.size(), 4u);
  EXPECT_EQ(set.test.size(), 2u);
  const auto again = ace::read_fit_dataset(parse_input(text), kElements);
  EXPECT_EQ(again.test[0].line, set.test[0].line);  // the seed fixes the split
  double test_weights = 0;
  for (const auto& s : set.test) test_weights += s.energy_weight;
  EXPECT_NEAR(test_weights, 1, 1e-12);
  (void)in;
}

TEST(FitData, EnergyBasedWeights) {
  auto text = without_test_file(input_for("  filename: " + kData));
  text.replace(text.find("  optimizer: BFGS"), 17,
               "  optimizer: BFGS\n  weighting:\n    type: EnergyBasedWeightingPolicy\n    DElow: 0.01\n    DE: 0.1\n"
               "    DF: 1.0\n    wlow: 0.75\n    energy: cohesive");
  const auto set = ace::read_fit_dataset(parse_input(text), kElements);
  ASSERT_EQ(set.train.size(), 6u);
  double emin = 1e300;
  for (const auto& s : set.train) emin = std::min(emin, s.energy_eV / s.system.size());
  double sum = 0, low = 0, force_sum = 0;
  for (const auto& s : set.train) {
    sum += s.energy_weight;
    if (s.energy_eV / s.system.size() - emin < 0.01) low += s.energy_weight;
    for (std::size_t i = 0; i < s.system.size(); ++i) {
      force_sum += s.force_weights[i];
      // w_F ∝ w_E / (|F|² + DF)
      EXPECT_NEAR(s.force_weights[i] * (s.forces_eV_A[i].squaredNorm() + 1.0) / s.energy_weight,
                  set.train[0].force_weights[0] * (set.train[0].forces_eV_A[0].squaredNorm() + 1.0) /
                      set.train[0].energy_weight,
                  1e-9);
    }
  }
  EXPECT_NEAR(sum, 1, 1e-12);
  EXPECT_NEAR(force_sum, 1, 1e-12);
  if (low < 1) {
    EXPECT_NEAR(low, 0.75, 1e-12);
  }  // the low tier gets wlow of the energy weight
}

TEST(FitData, PickleIsRefusedWithTheConverter) {
  const auto in = parse_input(shipped_input_with("cutoff: 6.5", "cutoff: 6.5"));
  expect_error(in, "train_data.pckl.gzip", -1, "scripts/pacemaker_pickle_to_extxyz.py");
}

TEST(FitData, MissingForces) {
  auto in = parse_input(without_test_file(input_for("  filename: " + kData + "\n  forces_key: forces")));
  expect_error(in, kData, 1, "no forces column 'forces'");
}

TEST(FitData, NaNLabels) {
  const auto path = data_with("dft_energy=-389.46055578", "dft_energy=nan", "ionglass_fit_nan_energy.extxyz");
  expect_error(parse_input(without_test_file(input_for("  filename: " + path))), path, 1, "energy");
  const auto forces = data_with("0.95221100", "nan", "ionglass_fit_nan_force.extxyz");
  expect_error(parse_input(without_test_file(input_for("  filename: " + forces))), forces, -1, "");
}

TEST(FitData, ElementAbsentFromTheBasis) {
  const auto in = parse_input(without_test_file(input_for("  filename: " + kData)));
  expect_error(in, kData, 1, "element Fe, which the basis", {"Na", "O", "P"});
}

TEST(FitData, EmptyTestSplit) {
  auto text = shipped_input_with("  test_filename: test_data.pckl.gzip", "  test_size: 0.1");
  text.replace(text.find("train_data.pckl.gzip"), 20, kData);
  try {
    ace::read_fit_dataset(parse_input(text), kElements);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "input.yaml");
    EXPECT_GT(e.line(), 0);
    EXPECT_NE(std::string(e.what()).find("empty test split"), std::string::npos) << e.what();
  }
}

TEST(FitData, RepulsionAutoFromShortestDistances) {
  const auto set = ace::read_fit_dataset(parse_input(without_test_file(input_for("  filename: " + kData))), kElements);
  ASSERT_TRUE(set.shortest_distance_A.count("O P"));
  const double op = set.shortest_distance_A.at("O P");
  EXPECT_GT(op, 1.0);
  EXPECT_LT(op, 1.6);  // P–O bonds of phosphate (≈ 1.5 Å), compressed in some DFT structures
  auto shortest = set.shortest_distance_A;
  shortest.erase("Fe Fe");
  const auto r_in = ace::automatic_inner_cutoffs(kElements, shortest);
  EXPECT_EQ(r_in.size(), 10u);
  EXPECT_DOUBLE_EQ(r_in.at("O P"), op);
  EXPECT_DOUBLE_EQ(r_in.at("Fe Fe"), 2 * elements::by_symbol("Fe").covalent_radius_A);
}
