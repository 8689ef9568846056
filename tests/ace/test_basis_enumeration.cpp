// Basis enumeration as pacemaker does it: the shipped NaFePO4 basis lies inside the enumeration
// of the shipped input, coupling rules and linear independence, the ladder, the initial basis.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "ace_test_support.hpp"
#include "fit_test_support.hpp"
#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/basis_enumeration.hpp"
#include "ionglass/ace/clebsch_gordan.hpp"
#include "ionglass/ace/radial_functions.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;
using namespace ionglass::test;

namespace {
const ace::FitInput& shipped_input() {
  static const ace::FitInput in = ace::read_fit_input(fit_data_dir() + "/pacemaker_input.yaml");
  return in;
}
const std::vector<std::string> kElements{"Fe", "Na", "O", "P"};  // alphabetical, as the basis
}  // namespace

TEST(BasisEnumeration, ShippedBasisIsInsideTheEnumerationInPowerOrder) {
  const auto start = std::chrono::steady_clock::now();
  const auto basis = ace::enumerate_basis(shipped_input());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 1.0) << "enumeration took " << seconds << " s";
  const ace::BBasisPotential shipped = ace::read_b_basis(fit_data_dir() + "/NaFePO4.yaml");
  ASSERT_EQ(shipped.elements, kElements);
  for (int mu = 0; mu < 4; ++mu) {
    const auto all = ace::enumerate_basis_functions(shipped_input(), kElements, mu);
    // 8 species blocks per element, ⌊250 / 8⌋ = 31 functions each: 248, as the shipped file.
    EXPECT_EQ(basis[mu].size(), 248u) << kElements[mu];
    for (std::size_t i = 1; i < all.size(); ++i) ASSERT_LE(all[i - 1].power_order(), all[i].power_order());
    // Every shipped function is in the full enumeration and in the truncated basis.
    const auto in_all = ace::positions_in_enumeration(shipped, mu, all);
    const auto in_basis = ace::positions_in_enumeration(shipped, mu, basis[mu]);
    int missing = 0, outside_truncation = 0;
    for (std::size_t f = 0; f < in_all.size(); ++f) {
      missing += in_all[f] < 0;
      outside_truncation += in_basis[f] < 0;
    }
    EXPECT_EQ(missing, 0) << kElements[mu];
    EXPECT_EQ(outside_truncation, 0) << kElements[mu];
    // Positions within each species block's own power order (recorded in docs/fitting.md "Basis").
    std::map<std::string, std::vector<ace::BasisFunctionSpec>> blocks;
    for (const auto& f : all) blocks[ace::block_name(f, kElements)].push_back(f);
    for (const auto& [name, list] : blocks) {
      const auto positions = ace::positions_in_enumeration(shipped, mu, list);
      std::vector<int> found;
      for (int p : positions)
        if (p >= 0) found.push_back(p);
      std::sort(found.begin(), found.end());
      std::cout << "block " << name << ": " << list.size() << " enumerated, shipped functions at power-order positions";
      int max_position = -1;
      for (int p : found) {
        std::cout << " " << p;
        max_position = std::max(max_position, p);
      }
      std::cout << "\n";
      if (getenv("SHOW_BLOCKS") && mu == 0)
        for (std::size_t i = 20; i < std::min<std::size_t>(list.size(), 45); ++i) {
          const auto& f = list[i];
          bool in = std::find(positions.begin(), positions.end(), static_cast<int>(i)) != positions.end();
          std::cout << "  " << i << (in ? " * " : "   ") << f.power_order() << " mus";
          for (int m : f.mus) std::cout << " " << m;
          std::cout << " ns";
          for (int m : f.ns) std::cout << " " << m;
          std::cout << " ls";
          for (int m : f.ls) std::cout << " " << m;
          std::cout << "\n";
        }
      EXPECT_EQ(found.size(), 31u) << name;
      // pacemaker keeps the first ⌊250/8⌋ = 31 of each block in (power order, rank, μs, ns, ls).
      EXPECT_EQ(max_position, 30) << name;
    }
  }
}

TEST(BasisEnumeration, CouplingRulesAndIndependence) {
  // One element, ranks 1..4 with n up to 4 and l up to 2: check every enumerated function.
  auto in = parse_input(shipped_input_with("  - P\n  - O\n  - Na\n  - Fe\n", "  - Fe\n"));
  auto& groups = in.potential.functions.groups;
  groups.clear();
  groups["ALL"] = {{4, 4, 2, 4}, {0, 2, 2, 1}, 1};
  const auto functions = ace::enumerate_basis_functions(in, {"Fe"}, 0);
  std::map<std::pair<std::vector<int>, std::vector<int>>, int> count;
  for (const auto& f : functions) {
    int sum_l = 0;
    for (int l : f.ls) sum_l += l;
    EXPECT_EQ(sum_l % 2, 0);
    if (f.rank() == 2) {
      EXPECT_EQ(f.ls[0], f.ls[1]);
    }
    EXPECT_FALSE(ace::generalized_clebsch_gordan(f.ls, f.LS).empty());
    ++count[{f.ns, f.ls}];
  }
  // Rank 1: n = 1..4.
  EXPECT_EQ((count[{{1}, {0}}]), 1);
  EXPECT_EQ((count[{{4}, {0}}]), 1);
  // Four distinct l = 1 slots: V1⊗V1⊗V1⊗V1 has three invariants (LS = [0,0], [1,1], [2,2]).
  EXPECT_EQ((count[{{1, 2, 3, 4}, {1, 1, 1, 1}}]), 3);
  // Four equal l = 1 slots: Sym⁴(V1) = V4 + V2 + V0 has one invariant, the others are dependent.
  EXPECT_EQ((count[{{1, 1, 1, 1}, {1, 1, 1, 1}}]), 1);
  // Two equal slots of four: Sym²(V1)⊗V1⊗V1 = (V2 + V0)⊗(V2 + V1 + V0) has two invariants.
  EXPECT_EQ((count[{{1, 1, 2, 3}, {1, 1, 1, 1}}]), 2);
  // Three equal l = 2 slots: Sym³(V2) has one invariant; three equal l = 1 (odd Σl) none.
  EXPECT_EQ((count[{{1, 1, 1}, {2, 2, 2}}]), 1);
  EXPECT_EQ((count[{{1, 1, 1}, {1, 1, 1}}]), 0);
}

TEST(BasisEnumeration, Ladder) {
  EXPECT_EQ(ace::ladder_function_count(100, 5, 0), 0u);
  EXPECT_EQ(ace::ladder_function_count(100, 5, 3), 15u);
  EXPECT_EQ(ace::ladder_function_count(12, 5, 3), 12u);
  // Fraction: max(1, round(0.5·current)): 0 → 1 → 2 → 3 → 5 → 8.
  EXPECT_EQ(ace::ladder_function_count(100, 0.5, 5), 8u);
  const auto full = ace::enumerate_basis(shipped_input());
  const auto step = ace::ladder_basis(full, 5, 4);
  std::size_t total = 0;
  int highest = 0;
  for (const auto& list : step) {
    total += list.size();
    for (const auto& f : list) highest = std::max(highest, f.power_order());
  }
  EXPECT_EQ(total, 20u);
  // The ladder takes the lowest power orders of all elements together.
  int lowest_left = 1 << 30;
  for (std::size_t mu = 0; mu < full.size(); ++mu)
    for (const auto& f : full[mu])
      if (std::find(step[mu].begin(), step[mu].end(), f) == step[mu].end())
        lowest_left = std::min(lowest_left, f.power_order());
  EXPECT_LE(highest, lowest_left);
}

TEST(BasisEnumeration, InitialBasisEvaluatesToTheEmbeddingOfZeroDensity) {
  const auto& in = shipped_input();
  const auto functions = ace::enumerate_basis(in);
  std::map<std::string, double> r_in;
  for (std::size_t i = 0; i < kElements.size(); ++i)
    for (std::size_t j = i; j < kElements.size(); ++j) r_in[kElements[i] + " " + kElements[j]] = 1.0;
  const ace::BBasisPotential initial = ace::initial_b_basis(in, functions, r_in);
  // The text is a pacemaker B-basis that the reader takes back unchanged.
  const ace::BBasisPotential again = ace::parse_b_basis(ace::format_initial_b_basis(in, functions, r_in), "again.yaml");
  ASSERT_EQ(initial.elements, kElements);
  for (int mu = 0; mu < 4; ++mu) {
    ASSERT_EQ(initial.function_count(mu), 248u);
    EXPECT_EQ(again.function_count(mu), 248u);
    for (const auto& f : initial.functions[mu])
      for (double c : f.coefficients) EXPECT_EQ(c, 0.0);
  }
  const auto& bond = initial.bonds[0][0];  // Fe–Fe: c_nlk = δ_nk
  EXPECT_EQ(bond.nradbase, 9);
  EXPECT_EQ(bond.nradmax, 3);
  EXPECT_EQ(bond.lmax, 3);
  for (int n = 0; n < bond.nradmax; ++n)
    for (int l = 0; l <= bond.lmax; ++l)
      for (int k = 0; k < bond.nradbase; ++k) EXPECT_EQ(bond.radcoefficients[n][l][k], n == k ? 1.0 : 0.0);
  EXPECT_EQ(bond.inner_cutoff_type, "zbl");
  EXPECT_DOUBLE_EQ(bond.r_in, 1.0);
  // Zero coefficients: every atom has ρ = 0, E_i = Σ_p w_p Φ(0; m_p); no atom pair closer than r_in.
  ace::AcePotential potential(ace::convert_to_ctilde(initial), "initial");
  const System frame = read_extxyz(fit_data_dir() + "/dft_dev_first6.extxyz").front();
  EvaluationRequest request;
  request.virial = false;
  PotentialResult result;
  result.reset(frame.size(), request);
  potential.bind(frame);
  potential.compute(frame, request, result);
  double expected = 0;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const auto& e = in.potential.embeddings.at(frame.symbol(i));
    for (int p = 0; p < e.ndensity; ++p) {
      double phi = 0, dphi = 0;
      ace::embedding_function(e.npot == "FinnisSinclairShiftedScaled", 0.0, e.fs_parameters[2 * p + 1], phi, dphi);
      expected += e.fs_parameters[2 * p] * phi;
    }
  }
  EXPECT_NEAR(result.energy, expected, 1e-9 * (1 + std::abs(expected)));
  for (const auto& f : result.forces) EXPECT_LT(f.norm(), 1e-10);
}

TEST(BasisEnumeration, RInFromRepulsionIsRequired) {
  const auto& in = shipped_input();
  const auto functions = ace::enumerate_basis(in);
  EXPECT_THROW(ace::initial_b_basis(in, functions), InputError);  // no r_in given, none from repulsion: auto
}
