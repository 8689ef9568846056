// Rings, voids and persistent homology on structures with known answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "ionglass/analysis/structure/persistent_homology.hpp"
#include "ionglass/analysis/structure/ring_statistics.hpp"
#include "ionglass/analysis/structure/void_analysis.hpp"
#include "ionglass/core/error.hpp"
#include "structure/structure_test_systems.hpp"

using namespace ionglass;

namespace {
constexpr int O = 8, P = 15, Si = 14;

std::map<int, std::size_t> rings_of(const System& s, int former, RingKind kind, int max_size) {
  PairCutoffs cut;
  cut.set({former, O}, 2.0);
  RingStatistics rings(RingOptions{{former}, O, max_size, {kind}});
  rings.compute(BondNetwork(s, cut));
  return rings.last_frame(kind);
}
}  // namespace

TEST(Rings, DiamondNetworkHasTwoSixRingsPerNode) {
  // β-cristobalite: formers on a diamond lattice, whose smallest rings are 6-rings, 12 through
  // every node, i.e. 2 distinct 6-rings per node (64 nodes in the 2×2×2 cell → 128); the lattice
  // is bipartite, so with at most 7 nodes there are no other rings.
  const System s = test::beta_cristobalite(Si, 7.16, 2);
  const std::map<int, std::size_t> expected{{6, 128}};
  EXPECT_EQ(rings_of(s, Si, RingKind::King, 12), expected);
  EXPECT_EQ(rings_of(s, Si, RingKind::Guttman, 12), expected);
  EXPECT_EQ(rings_of(s, Si, RingKind::Primitive, 7), expected);
}

TEST(Rings, SquareRingAndWrappingChain) {
  // four P on a square (side 3 Å) linked by O at the edge midpoints: one 4-ring
  System s;
  s.cell = Cell(Mat3::Identity() * 20.0);
  const int tp = s.type_for_element(P), to = s.type_for_element(O);
  const std::vector<Vec3> corners = {{5, 5, 5}, {8, 5, 5}, {8, 8, 5}, {5, 8, 5}};
  long long id = 1;
  for (int k = 0; k < 4; ++k) {
    s.add_atom(id++, tp, corners[k]);
    s.add_atom(id++, to, 0.5 * (corners[k] + corners[(k + 1) % 4]));
  }
  for (RingKind kind : {RingKind::King, RingKind::Guttman, RingKind::Primitive})
    EXPECT_EQ(rings_of(s, P, kind, 12), (std::map<int, std::size_t>{{4, 1}})) << ring_kind_name(kind);
  // an infinite P–O–P chain along x through a 9 Å cell (3 P per cell): a path that returns to
  // an image of its start is not a ring
  System chain;
  chain.cell = Cell(Mat3::Identity() * 9.0);
  const int cp = chain.type_for_element(P), co = chain.type_for_element(O);
  for (int k = 0; k < 3; ++k) {
    chain.add_atom(2 * k + 1, cp, {3.0 * k, 4, 4});
    chain.add_atom(2 * k + 2, co, {3.0 * k + 1.5, 4, 4});
  }
  for (RingKind kind : {RingKind::King, RingKind::Guttman, RingKind::Primitive})
    EXPECT_TRUE(rings_of(chain, P, kind, 12).empty()) << ring_kind_name(kind);
  EXPECT_THROW(parse_ring_kinds("king,franzblau"), InputError);
}

TEST(Voids, SimpleCubicPackingOfSpheres) {
  // spheres of radius R on a simple cubic lattice (a = 4 Å, 3×3×3 cells)
  const System s = test::simple_cubic(4.0, 3);
  VoidOptions o;
  o.grid_spacing_A = 0.1;
  o.radii_A[29] = 1.5;  // not touching: one connected free region that percolates
  const VoidFrame open = analyse_voids(s, o);
  EXPECT_NEAR(open.free_volume_fraction, 1.0 - 4.0 / 3.0 * std::numbers::pi * 1.5 * 1.5 * 1.5 / 64.0, 0.005);
  ASSERT_EQ(open.cavity_volumes_A3.size(), 1u);
  EXPECT_TRUE(open.percolates[0] && open.percolates[1] && open.percolates[2]);
  o.radii_A[29] = 2.9;  // overlapping beyond the face centres: one closed cavity per cube
  // (plus grid-resolution specks at the tips of each cavity, a few voxels each)
  auto large = [](const VoidFrame& v) {
    return std::count_if(v.cavity_volumes_A3.begin(), v.cavity_volumes_A3.end(), [](double x) { return x > 0.5; });
  };
  const VoidFrame closed = analyse_voids(s, o);
  EXPECT_EQ(large(closed), 27);
  EXPECT_FALSE(closed.percolates[0] || closed.percolates[1] || closed.percolates[2]);
  EXPECT_NEAR(closed.cavity_volumes_A3.front(), closed.cavity_volumes_A3[26], 0.02 * closed.cavity_volumes_A3.front());
  double large_sum = 0;
  for (int k = 0; k < 27; ++k) large_sum += closed.cavity_volumes_A3[k];
  EXPECT_NEAR(large_sum, closed.free_volume_fraction * s.cell.volume(), 0.02 * large_sum);
  // the same with the probe radius: 1.5 + 1.4 = 2.9
  o.radii_A[29] = 1.5;
  o.probe_radius_A = 1.4;
  const VoidFrame probe = analyse_voids(s, o);
  EXPECT_EQ(probe.cavity_volumes_A3.size(), closed.cavity_volumes_A3.size());
  EXPECT_DOUBLE_EQ(probe.free_volume_fraction, closed.free_volume_fraction);
  // triclinic equivalent cell: the same free-volume fraction and cavities
  o.probe_radius_A = 0;
  o.radii_A[29] = 2.9;
  const VoidFrame tilted = analyse_voids(test::tilted_equivalent(s), o);
  EXPECT_EQ(large(tilted), 27);
  EXPECT_FALSE(tilted.percolates[0] || tilted.percolates[1] || tilted.percolates[2]);
  EXPECT_NEAR(tilted.free_volume_fraction, closed.free_volume_fraction, 0.01);
  o.grid_spacing_A = -1;
  EXPECT_THROW(analyse_voids(s, o), InputError);
}

TEST(Homology, SimpleCubicLatticeLoopsAndCavities) {
  // Simple cubic lattice, a = 2 Å, periodic: loops (H1) are born when the edges appear,
  // α² = (a/2)² = 1 Å², and die when the square faces fill, α² = a²/2 = 2 Å²; cavities (H2) are
  // born at 2 Å² and die when the cubes fill, α² = 3a²/4 = 3 Å².
  const System s = test::simple_cubic(2.0, 4);
  bool periodic = false;
  const auto pairs = alpha_persistence(s, &periodic);
  EXPECT_TRUE(periodic);
  int h1 = 0, h2 = 0;
  for (const auto& p : pairs) {
    if (!std::isfinite(p.death_A2) || p.death_A2 - p.birth_A2 < 1e-9) continue;
    if (p.dimension == 1) {
      ++h1;
      EXPECT_NEAR(p.birth_A2, 1.0, 1e-9);
      EXPECT_NEAR(p.death_A2, 2.0, 1e-9);
    } else if (p.dimension == 2) {
      ++h2;
      EXPECT_NEAR(p.birth_A2, 2.0, 1e-9);
      EXPECT_NEAR(p.death_A2, 3.0, 1e-9);
    }
  }
  EXPECT_GT(h1, 0);
  EXPECT_EQ(h2, 64 - 1);  // one cavity per cube; one of them is an essential class of the torus
  PersistentHomology ph;
  ph.compute(s);
  EXPECT_TRUE(ph.periodic());
  EXPECT_EQ(ph.statistics(2).features_per_frame, 63.0);
  // a tilted cell is analysed without periodic images, and says so
  PersistentHomology tilted;
  tilted.compute(test::tilted_equivalent(s));
  EXPECT_FALSE(tilted.periodic());
  EXPECT_NE(tilted.note().find("non-periodic"), std::string::npos);
}
