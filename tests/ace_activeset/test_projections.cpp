// B-basis projections against the reference implementation (pacemaker compute_projections).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/projections.hpp"
#include "ionglass/ace/radial_functions.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "test_paths.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

struct ReferenceRow {
  int structure = 0, atom = 0;
  std::string element;
  std::vector<double> values;
};

std::vector<ReferenceRow> read_reference() {
  std::ifstream in(test::reference_dir() + "/ace/b_projections_dev_first3.csv");
  std::string line;
  std::getline(in, line);
  std::vector<ReferenceRow> rows;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    ReferenceRow row;
    std::getline(ss, cell, ',');
    row.structure = std::stoi(cell);
    std::getline(ss, cell, ',');
    row.atom = std::stoi(cell);
    std::getline(ss, row.element, ',');
    while (std::getline(ss, cell, ',')) row.values.push_back(std::stod(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

TEST(AceProjections, MatchReferenceCsv) {
  const auto potential = read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml");
  const BProjector projector(potential);
  std::vector<System> frames;
  auto reader = open_extended_xyz(test::reference_dir() + "/ace/ace_reference_dev.extxyz");
  for (System frame; frames.size() < 3 && reader->next(frame);) frames.push_back(frame);
  ASSERT_EQ(frames.size(), 3u);
  const auto reference = read_reference();
  ASSERT_FALSE(reference.empty());
  std::vector<AtomProjections> computed;
  for (const auto& f : frames) computed.push_back(projector.compute(f));
  double worst = 0;
  std::size_t compared = 0;
  for (const auto& row : reference) {
    const auto& p = computed.at(row.structure);
    ASSERT_LT(static_cast<std::size_t>(row.atom), p.size());
    EXPECT_EQ(potential.elements[p.species[row.atom]], row.element);
    const auto values = p.row(row.atom);
    ASSERT_EQ(values.size(), row.values.size());
    for (std::size_t k = 0; k < values.size(); ++k) {
      const double scale = std::max(std::abs(row.values[k]), 1e-3);
      const double rel = std::abs(values[k] - row.values[k]) / scale;
      worst = std::max(worst, rel);
      EXPECT_LT(rel, 1e-9) << "structure " << row.structure << " atom " << row.atom << " b" << k << ": " << values[k]
                           << " vs " << row.values[k];
      ++compared;
      if (rel > 1e-9 && compared > 50) return;
    }
  }
  std::cout << "compared " << compared << " projections, worst relative error " << worst << "\n";
}

TEST(AceProjections, SphericalHarmonicsNormalisation) {
  // Y_lm with Y00 = 1 (the shared SphericalHarmonics of the evaluator): the addition theorem gives
  // Σ_m |Y_lm|² = 2l + 1 at every point (m < 0 from |Y_l,−m| = |Y_lm|).
  const SphericalHarmonics harmonics(4);
  Complex Y[15];
  const double x = 0.3, y = -0.5, z = std::sqrt(1 - 0.34);
  harmonics.evaluate(4, x, y, z, Y, nullptr);
  for (int l = 0; l <= 4; ++l) {
    double sum = 0;
    for (int m = -l; m <= l; ++m) {
      const Complex v = Y[half_index(l, std::abs(m))];
      sum += v.re * v.re + v.im * v.im;
    }
    EXPECT_NEAR(sum, 2 * l + 1, 1e-12);
  }
  EXPECT_NEAR(Y[half_index(1, 0)].re, std::sqrt(3.0) * z, 1e-14);
}

TEST(AceProjections, SplineFollowsAnalyticRadialBasis) {
  // The projector's table of a bond (tabulated to the bond's rcut) against the analytic g_k of
  // the same bond in the evaluator's form.
  const auto potential = read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml");
  const BProjector projector(potential);
  const AceBond bond = ace_bond(potential.bonds[0][2]);
  const RadialSplineTable& table = projector.spline_table(0, 2);
  const int n = table.function_count();
  std::vector<double> g(n), dg(n), ga(bond.nradbasemax), dga(bond.nradbasemax);
  for (double r : {0.9, 1.7345, 3.21, 5.999, 6.4999}) {
    ASSERT_TRUE(table.evaluate(r, g.data(), dg.data()));
    radial_basis(bond, r, ga.data(), dga.data());
    for (int k = 0; k < bond.nradbasemax; ++k) {
      EXPECT_NEAR(g[k], ga[k], 1e-9);
      EXPECT_NEAR(dg[k], dga[k], 1e-6);
    }
  }
  EXPECT_FALSE(table.evaluate(0.5 * table.first_node(), g.data(), dg.data()));
}
