// Local structure: coordination, bond angles, Qⁿ, O speciation, polyhedron sharing, cutoffs.
#include <gtest/gtest.h>

#include <cmath>

#include "ionglass/analysis/structure/bond_angles.hpp"
#include "ionglass/analysis/structure/coordination.hpp"
#include "ionglass/analysis/structure/network_connectivity.hpp"
#include "ionglass/analysis/structure/pair_cutoffs.hpp"
#include "ionglass/analysis/structure/pair_distribution.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"
#include "structure/structure_test_systems.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {
constexpr int Si = 14, O = 8, P = 15, Fe = 26, Na = 11;
}

TEST(NetworkConnectivity, FullyPolymerisedTetrahedralNetworkIsAllQ4) {
  for (int former : {Si, P}) {
    const System s = test::beta_cristobalite(former, 7.16, 2);
    PairCutoffs cut;
    cut.set({former, O}, 2.0);
    const BondNetwork net(s, cut);
    NetworkConnectivity c({former}, {former}, O);
    c.compute(net);
    const auto q = c.qn_fractions(former);
    EXPECT_DOUBLE_EQ(q[4], 1.0);
    for (int n = 0; n < 4; ++n) EXPECT_EQ(q[n], 0.0);
    const auto sp = c.anion_speciation();
    EXPECT_DOUBLE_EQ(sp[2], 1.0);  // every O bridging
    // every former pair shares exactly one corner: one shared pair per O (16 O per unit cell)
    const auto& sh = c.sharing().at({former, former});
    EXPECT_EQ(sh.corner, 16u * 8u);
    EXPECT_EQ(sh.edge, 0u);
    EXPECT_EQ(sh.face, 0u);
  }
}

TEST(Coordination, TetrahedralNetworkCoordinationAndAngles) {
  const System s = test::beta_cristobalite(Si, 7.16, 2);
  PairCutoffs cut;
  cut.set({Si, O}, 2.0);
  const BondNetwork net(s, cut);
  CoordinationAnalysis cn({{Si, O}, {O, Si}});
  cn.compute(net);
  const auto si = cn.result({Si, O});
  EXPECT_DOUBLE_EQ(si.mean, 4.0);
  EXPECT_DOUBLE_EQ(si.distribution.at(4), 1.0);
  EXPECT_NEAR(si.mean_bond_length_A, 7.16 * std::sqrt(3.0) / 8.0, 1e-9);
  EXPECT_DOUBLE_EQ(cn.result({O, Si}).mean, 2.0);
  BondAngleDistribution angles(parse_bond_angle_triplets("O-Si-O,Si-O-Si"), 0.5);
  angles.compute(net);
  const BondAngleTriplet osio{O, Si, O}, siosi{Si, O, Si};
  EXPECT_NEAR(angles.mean_deg(osio), std::acos(-1.0 / 3.0) * 180.0 / M_PI, 1e-9);  // 109.47°
  EXPECT_NEAR(angles.mean_deg(siosi), 180.0, 1e-6);
  EXPECT_EQ(angles.angle_count(osio), 64u * 6u);
  // unit area
  double area = 0;
  for (double p : angles.distribution(osio)) area += p * 0.5;
  EXPECT_NEAR(area, 1.0, 1e-12);
}

TEST(Coordination, TriclinicCellGivesTheSameLocalStructure) {
  const System glass = read_structure(test::glass("ACE", 3));
  const System tilted = test::tilted_equivalent(glass);
  const PairCutoffs cut = parse_pair_cutoffs("P-O=2.0,Fe-O=2.7,Na-O=3.3");
  CoordinationAnalysis a({{P, O}, {Fe, O}, {Na, O}}), b({{P, O}, {Fe, O}, {Na, O}});
  a.compute(BondNetwork(glass, cut));
  b.compute(BondNetwork(tilted, cut));
  NetworkConnectivity ca({P}, {Fe, Na, P}), cb({P}, {Fe, Na, P});
  ca.compute(BondNetwork(glass, cut));
  cb.compute(BondNetwork(tilted, cut));
  for (const auto& p : a.pairs()) {
    EXPECT_EQ(a.result(p).distribution, b.result(p).distribution) << p.name();
    EXPECT_NEAR(a.result(p).mean_bond_length_A, b.result(p).mean_bond_length_A, 1e-12);
  }
  EXPECT_EQ(ca.qn_fractions(P), cb.qn_fractions(P));
  EXPECT_EQ(ca.anion_speciation_counts(), cb.anion_speciation_counts());
  for (const auto& [pair, s] : ca.sharing()) {
    EXPECT_EQ(s.corner, cb.sharing().at(pair).corner) << pair.name();
    EXPECT_EQ(s.edge, cb.sharing().at(pair).edge) << pair.name();
    EXPECT_EQ(s.face, cb.sharing().at(pair).face) << pair.name();
  }
}

TEST(PairCutoffs, ParsingAndAutomaticCutoffs) {
  const PairCutoffs c = parse_pair_cutoffs("P-O=2.0, Fe-O=2.7");
  EXPECT_DOUBLE_EQ(c.get({O, P}), 2.0);
  EXPECT_DOUBLE_EQ(c.get({Fe, O}), 2.7);
  EXPECT_EQ(c.get({Na, O}), 0.0);
  EXPECT_THROW(parse_pair_cutoffs("Xx-O=2.0"), InputError);
  EXPECT_THROW(parse_pair_cutoffs("P-O=abc"), InputError);
  EXPECT_THROW(parse_pair_cutoffs("P-O=-1"), InputError);
  EXPECT_THROW(parse_pair_cutoffs("PO=2"), InputError);
  try {
    parse_pair_cutoffs("Qq-O=2.0");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown element 'Qq'"), std::string::npos);
  }
  EXPECT_THROW(parse_bond_angle_triplets("O-Xx-O"), InputError);
  EXPECT_THROW(parse_bond_angle_triplets("O-P"), InputError);
  // automatic: the P–O first minimum of a glass lies between the first peak (~1.53 Å) and 2.3 Å
  const System glass = read_structure(test::glass("ACE", 1));
  PairDistribution rdf({10.0, 0.01});
  rdf.compute(glass);
  PairCutoffs automatic;
  add_automatic_cutoffs(automatic, rdf, {{P, O}, {Fe, O}});
  EXPECT_TRUE(automatic.is_automatic({P, O}));
  EXPECT_GT(automatic.get({P, O}), 1.7);
  EXPECT_LT(automatic.get({P, O}), 2.4);
  EXPECT_GT(automatic.get({Fe, O}), 2.3);
  EXPECT_LT(automatic.get({Fe, O}), 3.2);
  // a flat g has no peak: clear error
  std::vector<double> r(100), flat(100, 1.0);
  for (int k = 0; k < 100; ++k) r[k] = 0.05 * k;
  EXPECT_THROW(first_minimum_after_first_peak(r, flat), InputError);
}

TEST(Coordination, EmptySelectionIsAnError) {
  const System s = test::simple_cubic(3.0, 3);
  PairCutoffs cut;
  cut.set({29, O}, 2.0);
  CoordinationAnalysis cn({{Fe, O}});
  cn.compute(BondNetwork(s, cut));
  EXPECT_THROW(cn.result({Fe, O}), InputError);  // no Fe atoms
  System empty;
  empty.cell = s.cell;
  EXPECT_THROW(BondNetwork(empty, cut), InputError);
}
