// Pair structure: g(r) normalisation, running coordination, S(Q) Bragg peaks, triclinic cells,
// bad input, and the cross-check against LAMMPS `compute rdf`.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include "ionglass/analysis/structure/pair_distribution.hpp"
#include "ionglass/analysis/structure/scattering.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"
#include "structure/structure_test_systems.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {
double value_at(const std::vector<double>& x, const std::vector<double>& y, double at) {
  std::size_t best = 0;
  for (std::size_t k = 0; k < x.size(); ++k)
    if (std::abs(x[k] - at) < std::abs(x[best] - at)) best = k;
  return y[best];
}
}  // namespace

TEST(PairDistribution, IdealGasIsOneWithinNoise) {
  PairDistribution rdf({8.0, 0.2});
  for (unsigned seed = 1; seed <= 4; ++seed) rdf.compute(test::ideal_gas(2000, 20.0, seed));
  const auto g = rdf.g({18, 18});
  const auto r = rdf.r();
  double mean = 0;
  int used = 0;
  for (std::size_t k = 0; k < g.size(); ++k) {
    if (r[k] < 2.0) continue;  // few pairs at small r: large relative noise
    // Poisson noise of the bin count: relative σ = 1/sqrt(expected count)
    // unordered pairs expected in the bin over 4 frames: 4 · N(N−1)/2 · 4πr²dr / V
    const double expected = 4 * 0.5 * 2000.0 * 1999.0 * 4.0 * std::numbers::pi * r[k] * r[k] * 0.2 / 8000.0;
    EXPECT_NEAR(g[k], 1.0, 5.0 / std::sqrt(expected)) << "r = " << r[k];
    mean += g[k];
    ++used;
  }
  EXPECT_NEAR(mean / used, 1.0, 0.005);
}

TEST(PairDistribution, LikePairsNormalisedWithNTimesNMinusOne) {
  // Two atoms at distance 3 Å in a 20 Å box: one unordered pair = 2 ordered pairs, normalised by
  // N(N−1) = 2, so the bin holding r = 3 has g = V / V_k (with N² it would be half of that).
  System s;
  s.cell = Cell(Mat3::Identity() * 20.0);
  const int t = s.type_for_element(18);
  s.add_atom(1, t, {5, 5, 5});
  s.add_atom(2, t, {8, 5, 5});
  PairDistribution rdf({6.0, 0.5});
  rdf.compute(s);
  const auto g = rdf.g({18, 18});
  const double shell = 4.0 / 3.0 * std::numbers::pi * (3.5 * 3.5 * 3.5 - 3.0 * 3.0 * 3.0);
  EXPECT_NEAR(g[6], 8000.0 / shell, 1e-9);
  for (std::size_t k = 0; k < g.size(); ++k)
    if (k != 6) {
      EXPECT_EQ(g[k], 0.0);
    }
  // running coordination: each atom has exactly one neighbour beyond 3 Å
  EXPECT_NEAR(rdf.running_coordination({18, 18}).back(), 1.0, 1e-12);
  EXPECT_NEAR(rdf.running_coordination({18, 18})[5], 0.0, 1e-12);
}

TEST(PairDistribution, CrystalCoordinationShells) {
  // FCC (a = 3.6): 12 at a/√2, 6 at a, 24 at a√(3/2); simple cubic (a = 3): 6, 12, 8.
  PairDistribution f({8.0, 0.01});
  f.compute(test::fcc(3.6, 5));
  const auto nf = f.running_coordination({29, 29});
  const auto edges = [&](const PairDistribution& p, double r) { return static_cast<std::size_t>(r / p.options().bin_width_A) - 1; };
  EXPECT_NEAR(nf[edges(f, 3.0)], 12.0, 1e-9);
  EXPECT_NEAR(nf[edges(f, 4.0)], 18.0, 1e-9);
  EXPECT_NEAR(nf[edges(f, 4.8)], 42.0, 1e-9);
  PairDistribution c({7.0, 0.01});
  c.compute(test::simple_cubic(3.0, 5));
  const auto nc = c.running_coordination({29, 29});
  EXPECT_NEAR(nc[edges(c, 3.5)], 6.0, 1e-9);
  EXPECT_NEAR(nc[edges(c, 4.5)], 18.0, 1e-9);
  EXPECT_NEAR(nc[edges(c, 5.5)], 26.0, 1e-9);
}

TEST(StructureFactor, BraggPeaksOfCubicCrystals) {
  // Simple cubic a = 3 Å: (100) at 2π/a = 2.094, (110) at 2.962 Å⁻¹; FCC a = 3.6 Å: (111) at
  // 2π√3/a = 3.023, (200) at 3.491 Å⁻¹. Lorch-windowed S(Q) of slightly disordered crystals.
  auto jitter = [](System s) {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> n(0.0, 0.05);
    for (auto& x : s.positions) x += Vec3(n(rng), n(rng), n(rng));
    return s;
  };
  struct Case {
    System system;
    std::vector<double> peaks;
  };
  std::vector<Case> cases;
  cases.push_back({jitter(test::simple_cubic(3.0, 10)), {2 * std::numbers::pi / 3.0, 2 * std::numbers::pi * std::sqrt(2.0) / 3.0}});
  cases.push_back({jitter(test::fcc(3.6, 8)), {2 * std::numbers::pi * std::sqrt(3.0) / 3.6, 2 * std::numbers::pi * 2.0 / 3.6}});
  for (const auto& c : cases) {
    PairDistribution rdf({0.5 * c.system.cell.perpendicular_widths().minCoeff() - 0.01, 0.01});
    rdf.compute(c.system);
    const StructureFactors sf = structure_factors(rdf, {1.0, 6.0, 0.005});
    const auto& s = sf.partial_lorch.begin()->second;
    for (double bragg : c.peaks) {
      // the largest S(Q) within ±0.25 Å⁻¹ of the Bragg position lies within 0.03 Å⁻¹ of it
      std::size_t best = 0;
      double best_s = -1e9;
      for (std::size_t k = 0; k < sf.q.size(); ++k)
        if (std::abs(sf.q[k] - bragg) < 0.25 && s[k] > best_s) best_s = s[k], best = k;
      EXPECT_NEAR(sf.q[best], bragg, 0.03);
      EXPECT_GT(best_s, 1.8);  // a real peak, well above S ~ 1 of a disordered system
    }
    // between the well separated simple-cubic peaks S(Q) is small
    if (&c != &cases.front()) continue;
    const double mid = 0.5 * (c.peaks[0] + c.peaks[1]);
    EXPECT_LT(value_at(sf.q, s, mid), 0.5 * value_at(sf.q, s, c.peaks[0]));
  }
}

TEST(StructureFactor, TotalsAreWeightedSumsAndGoToOne) {
  const System glass = read_structure(test::glass("ACE", 1));
  PairDistribution rdf({12.0, 0.02});
  rdf.compute(glass);
  const StructureFactors sf = structure_factors(rdf, {0.3, 30.0, 0.05});
  // at large Q every partial → 1, and the weights sum to 1
  EXPECT_NEAR(sf.neutron_lorch.back(), 1.0, 0.02);
  EXPECT_NEAR(sf.xray_lorch.back(), 1.0, 0.02);
  const RealSpaceFunctions rs = neutron_real_space(rdf);
  // G(r) → −1 at r → 0 (no pairs), T = 4πrρ₀(G+1) → 0
  EXPECT_NEAR(rs.G[10], -1.0, 1e-12);
  EXPECT_NEAR(rs.T[10], 0.0, 1e-12);
  EXPECT_NEAR(rs.D[100], 4 * std::numbers::pi * rs.r[100] * rdf.number_density() * rs.G[100], 1e-12);
}

TEST(PairDistribution, TriclinicEqualsOrthogonal) {
  const System glass = read_structure(test::glass("BMP", 2));
  const System tilted = test::tilted_equivalent(glass);
  ASSERT_GT(std::abs(tilted.cell.matrix()(2, 0)), 1.0);
  PairDistribution a({10.0, 0.05}), b({10.0, 0.05});
  a.compute(glass);
  b.compute(tilted);
  for (const auto& p : a.pairs()) {
    const auto ga = a.g(p), gb = b.g(p);
    for (std::size_t k = 0; k < ga.size(); ++k) EXPECT_NEAR(ga[k], gb[k], 1e-9 * (1 + ga[k])) << p.name() << " bin " << k;
  }
}

TEST(PairDistribution, BadInput) {
  const System glass = read_structure(test::glass("ACE", 1));
  PairDistribution too_far({20.0, 0.05});  // half width ≈ 17.15 Å
  EXPECT_THROW(too_far.compute(glass), InputError);
  try {
    too_far.compute(glass);
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("half the smallest cell width"), std::string::npos);
  }
  System empty;
  empty.cell = glass.cell;
  PairDistribution rdf({5.0, 0.05});
  EXPECT_THROW(rdf.compute(empty), InputError);
  EXPECT_THROW(PairDistribution({-1.0, 0.1}), InputError);
  EXPECT_THROW(PairDistribution({5.0, 0.0}), InputError);
  EXPECT_THROW(rdf.g({26, 8}), InputError);  // no frames yet
}

// Cross-check against LAMMPS `compute rdf` (tests/data/structure/README.md says how the
// reference was made): same frame, 500 bins on [0, 10) Å.
TEST(PairDistribution, MatchesLammpsComputeRdf) {
  const std::string path = std::string(IONGLASS_TEST_DATA) + "/structure/lammps_rdf_ACE_300K_1.txt";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const System glass = read_structure(test::glass("ACE", 1));
  PairDistribution rdf({10.0, 0.02});
  rdf.compute(glass);
  // columns: bin r g(1,1) N(1,1) g(1,2) N(1,2) ... for the type pairs in rdf.in
  const std::vector<ElementPair> pairs = {{26, 26}, {26, 11}, {26, 8}, {26, 15}, {11, 11}, {11, 8},
                                          {11, 15}, {8, 8},   {8, 15},  {15, 15}};
  std::vector<std::vector<double>> g, n;
  for (const auto& p : pairs) g.push_back(rdf.g(p)), n.push_back(rdf.running_coordination(p));
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::vector<double> v;
    double x;
    while (ss >> x) v.push_back(x);
    if (v.size() != 2 + 2 * pairs.size()) continue;  // the "timestep rows" line
    const auto bin = static_cast<std::size_t>(v[0]) - 1;
    ASSERT_LT(bin, rdf.bin_count());
    EXPECT_NEAR(v[1], rdf.r()[bin], 1e-6);
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      EXPECT_NEAR(v[2 + 2 * p], g[p][bin], 1e-5 * (1 + g[p][bin])) << pairs[p].name() << " bin " << bin;
      // LAMMPS's coordination column is centred on type i (centre first, as ours)
      EXPECT_NEAR(v[3 + 2 * p], n[p][bin], 1e-5 * (1 + n[p][bin])) << pairs[p].name() << " bin " << bin;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 500);
}
