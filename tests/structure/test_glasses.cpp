// The 15 bundled NaFePO4 glasses with the reference cutoffs P–O 2.0, Fe–O 2.7, Na–O 3.3 Å.
#include <gtest/gtest.h>

#include <cmath>

#include "ionglass/analysis/structure/coordination.hpp"
#include "ionglass/analysis/structure/network_connectivity.hpp"
#include "ionglass/io/structure_io.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {
constexpr int O = 8, P = 15, Fe = 26, Na = 11;

struct GroupStatistics {
  std::vector<double> fe_cn, na_cn;
};

GroupStatistics analyse(const std::string& model) {
  GroupStatistics g;
  const PairCutoffs cut = parse_pair_cutoffs("P-O=2.0,Fe-O=2.7,Na-O=3.3");
  for (int i = 1; i <= 5; ++i) {
    const System s = read_structure(test::glass(model, i));
    CoordinationAnalysis cn({{P, O}, {Fe, O}, {Na, O}});
    cn.compute(BondNetwork(s, cut));
    const auto p = cn.result({P, O});
    EXPECT_DOUBLE_EQ(p.mean, 4.0) << model << " " << i;
    EXPECT_DOUBLE_EQ(p.distribution.at(4), 1.0) << model << " " << i << ": every P is 4-coordinated";
    EXPECT_NEAR(p.mean_bond_length_A, 1.53, 0.05);
    g.fe_cn.push_back(cn.result({Fe, O}).mean);
    g.na_cn.push_back(cn.result({Na, O}).mean);
  }
  return g;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / v.size();
}
double sd(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / (v.size() - 1));
}
}  // namespace

TEST(BundledGlasses, EveryPhosphorusIsFourCoordinatedAndAceHasHigherFeCoordinationThanBmp) {
  const GroupStatistics ace = analyse("ACE"), teter = analyse("Teter"), bmp = analyse("BMP");
  // Numbers this code produces (recorded in docs/structure-analysis.md):
  std::cout << "mean Fe–O CN: ACE " << mean(ace.fe_cn) << " ± " << sd(ace.fe_cn) << ", Teter " << mean(teter.fe_cn) << " ± "
            << sd(teter.fe_cn) << ", BMP " << mean(bmp.fe_cn) << " ± " << sd(bmp.fe_cn) << "\n";
  // "clearly higher": the group means differ by more than 3 combined standard errors
  const double se = std::sqrt((sd(ace.fe_cn) * sd(ace.fe_cn) + sd(bmp.fe_cn) * sd(bmp.fe_cn)) / 5.0);
  EXPECT_GT(mean(ace.fe_cn) - mean(bmp.fe_cn), 3.0 * se);
  // and every ACE replica lies above every BMP replica
  EXPECT_GT(*std::min_element(ace.fe_cn.begin(), ace.fe_cn.end()), *std::max_element(bmp.fe_cn.begin(), bmp.fe_cn.end()));
}
