// B-basis → C-tilde conversion reproduces the shipped NaFePO4.yace.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/yace_reader.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "ionglass/io/lammps_data.hpp"
#include "test_paths.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {
const std::string yaml_path() { return test::data_dir() + "/potential/NaFePO4.yaml"; }
const std::string yace_path() { return test::data_dir() + "/potential/NaFePO4.yace"; }
}  // namespace

TEST(BToCTilde, SameCoefficientsAsShippedYace) {
  const AceCTildeBasis converted = convert_to_ctilde(read_b_basis(yaml_path()));
  const AceCTildeBasis shipped = read_yace(yace_path());
  ASSERT_EQ(converted.elements, shipped.elements);
  EXPECT_EQ(converted.E0, shipped.E0);
  EXPECT_EQ(converted.delta_spline_bins, shipped.delta_spline_bins);
  ASSERT_EQ(converted.bonds.size(), shipped.bonds.size());
  for (std::size_t b = 0; b < shipped.bonds.size(); ++b) EXPECT_TRUE(converted.bonds[b] == shipped.bonds[b]) << "bond " << b;
  for (std::size_t mu = 0; mu < shipped.embeddings.size(); ++mu) {
    EXPECT_EQ(converted.embeddings[mu].fs_parameters, shipped.embeddings[mu].fs_parameters);
    EXPECT_EQ(converted.embeddings[mu].ndensity, shipped.embeddings[mu].ndensity);
    EXPECT_EQ(converted.embeddings[mu].npoti, shipped.embeddings[mu].npoti);
  }
  double worst = 0;
  std::size_t coefficients = 0;
  for (std::size_t mu = 0; mu < shipped.functions.size(); ++mu) {
    ASSERT_EQ(converted.functions[mu].size(), shipped.functions[mu].size());
    for (std::size_t k = 0; k < shipped.functions[mu].size(); ++k) {
      const auto& a = converted.functions[mu][k];
      const auto& b = shipped.functions[mu][k];
      ASSERT_EQ(a.rank, b.rank);
      ASSERT_EQ(a.mus, b.mus) << "function " << k << " of element " << mu;
      ASSERT_EQ(a.ns, b.ns);
      ASSERT_EQ(a.ls, b.ls);
      ASSERT_EQ(a.ms_combs, b.ms_combs);
      ASSERT_EQ(a.ctildes.size(), b.ctildes.size());
      for (std::size_t c = 0; c < a.ctildes.size(); ++c) {
        worst = std::max(worst, std::abs(a.ctildes[c] - b.ctildes[c]));
        ++coefficients;
      }
    }
  }
  EXPECT_LE(worst, 1e-12);
  std::cout << coefficients << " coefficients, largest difference " << worst << "\n";
}

TEST(BToCTilde, WrittenYaceReadsBackIdentically) {
  const AceCTildeBasis converted = convert_to_ctilde(read_b_basis(yaml_path()));
  const std::string path = ::testing::TempDir() + "/converted.yace";
  write_yace(path, converted);
  const AceCTildeBasis back = read_yace(path);
  ASSERT_EQ(back.functions.size(), converted.functions.size());
  for (std::size_t mu = 0; mu < back.functions.size(); ++mu)
    for (std::size_t k = 0; k < back.functions[mu].size(); ++k)
      EXPECT_EQ(back.functions[mu][k].ctildes, converted.functions[mu][k].ctildes);
  for (std::size_t b = 0; b < back.bonds.size(); ++b) EXPECT_TRUE(back.bonds[b] == converted.bonds[b]);
}

TEST(BToCTilde, SameEnergiesAndForcesAsShippedYace) {
  AcePotential from_yaml(convert_to_ctilde(read_b_basis(yaml_path())), "converted");
  AcePotential from_yace(read_yace(yace_path()), "shipped");
  std::vector<System> frames;
  auto reader = open_extended_xyz(test::reference_dir() + "/ace/ace_reference_dev.extxyz");
  for (System f; frames.size() < 5 && reader->next(f);) frames.push_back(f);
  for (const auto& f : frames) {
    const PotentialResult a = evaluate(from_yaml, f);
    const PotentialResult b = evaluate(from_yace, f);
    EXPECT_NEAR(a.energy / f.size(), b.energy / f.size(), 1e-9);
    for (std::size_t i = 0; i < f.size(); ++i) EXPECT_NEAR((a.forces[i] - b.forces[i]).norm(), 0.0, 1e-9);
  }
}
