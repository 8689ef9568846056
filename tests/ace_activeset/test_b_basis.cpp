// B-basis reader and generalised Clebsch–Gordan coupling.
#include <gtest/gtest.h>

#include <cmath>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/clebsch_gordan.hpp"
#include "ionglass/core/error.hpp"
#include "test_paths.hpp"

using namespace ionglass;
using namespace ionglass::ace;

TEST(ClebschGordan, KnownValues) {
  EXPECT_NEAR(clebsch_gordan(1, 0, 1, 0, 0, 0), -1 / std::sqrt(3.0), 1e-15);
  EXPECT_NEAR(clebsch_gordan(1, 1, 1, -1, 0, 0), 1 / std::sqrt(3.0), 1e-15);
  EXPECT_NEAR(clebsch_gordan(1, 1, 1, 0, 2, 1), std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(clebsch_gordan(2, 1, 1, -1, 1, 0), std::sqrt(3.0 / 10.0), 1e-15);
  EXPECT_NEAR(clebsch_gordan(1, 0, 1, 0, 1, 0), 0.0, 1e-15);
  EXPECT_EQ(clebsch_gordan(1, 1, 1, 1, 1, 1), 0.0);  // m rule
  EXPECT_EQ(clebsch_gordan(1, 0, 1, 0, 3, 0), 0.0);  // triangle rule
}

TEST(ClebschGordan, Orthonormality) {
  // Σ_{m1,m2} ⟨j1 m1 j2 m2|J M⟩⟨j1 m1 j2 m2|J' M'⟩ = δ_JJ' δ_MM'
  for (int j1 = 0; j1 <= 3; ++j1)
    for (int j2 = 0; j2 <= 3; ++j2)
      for (int J = std::abs(j1 - j2); J <= j1 + j2; ++J)
        for (int Jp = std::abs(j1 - j2); Jp <= j1 + j2; ++Jp)
          for (int M = -std::min(J, Jp); M <= std::min(J, Jp); ++M) {
            double sum = 0;
            for (int m1 = -j1; m1 <= j1; ++m1) sum += clebsch_gordan(j1, m1, j2, M - m1, J, M) * clebsch_gordan(j1, m1, j2, M - m1, Jp, M);
            EXPECT_NEAR(sum, J == Jp ? 1.0 : 0.0, 1e-13);
          }
}

TEST(ClebschGordan, CouplingTrees) {
  auto t3 = coupling_tree(3);
  ASSERT_EQ(t3.size(), 2u);
  EXPECT_EQ(t3[0].left, 0); EXPECT_EQ(t3[0].right, 1); EXPECT_EQ(t3[0].coupled, 3);
  EXPECT_EQ(t3[1].left, 3); EXPECT_EQ(t3[1].right, 2); EXPECT_EQ(t3[1].coupled, -1);
  auto t4 = coupling_tree(4);
  ASSERT_EQ(t4.size(), 3u);
  EXPECT_EQ(t4[1].left, 2); EXPECT_EQ(t4[1].right, 3); EXPECT_EQ(t4[1].coupled, 5);
  EXPECT_EQ(t4[2].left, 4); EXPECT_EQ(t4[2].right, 5); EXPECT_EQ(t4[2].coupled, -1);
}

TEST(ClebschGordan, GeneralizedRankTwoHalfBasis) {
  const auto list = generalized_clebsch_gordan({1, 1}, {}, true);
  ASSERT_EQ(list.size(), 2u);  // enumeration: the first m varies fastest
  EXPECT_EQ(list[0].ms, (std::vector<int>{1, -1}));
  EXPECT_NEAR(list[0].coefficient, 2 / std::sqrt(3.0), 1e-15);
  EXPECT_EQ(list[1].ms, (std::vector<int>{0, 0}));
  EXPECT_NEAR(list[1].coefficient, -1 / std::sqrt(3.0), 1e-15);
  // The full basis sums to a rotation invariant: Σ_m C(m,−m) Y_1m Y_1−m ∝ Σ|Y_1m|²; the norm of
  // the generalised coefficients of an L = 0 coupling is 1.
  for (const auto& [ls, LS] : std::vector<std::pair<std::vector<int>, std::vector<int>>>{
           {{1, 1, 2}, {2}}, {{2, 2, 2}, {2}}, {{1, 1, 1, 1}, {1, 1}}, {{1, 1, 1, 1}, {2, 2}}, {{2, 1, 1, 2}, {1, 1}}}) {
    double norm = 0;
    for (const auto& c : generalized_clebsch_gordan(ls, LS, false)) norm += c.coefficient * c.coefficient;
    EXPECT_NEAR(norm, 1.0, 1e-13);
  }
}

TEST(BBasisReader, ReadsBundledPotential) {
  const auto pot = read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml");
  ASSERT_EQ(pot.elements, (std::vector<std::string>{"Fe", "Na", "O", "P"}));
  EXPECT_DOUBLE_EQ(pot.delta_spline_bins, 0.001);
  EXPECT_NEAR(pot.reference_energy_eV.at("Fe"), -0.208448785369, 1e-15);
  for (int mu = 0; mu < 4; ++mu) {
    EXPECT_EQ(pot.function_count(mu), 248u);
    int by_rank[5] = {0, 0, 0, 0, 0};
    for (const auto& f : pot.functions[mu]) by_rank[f.rank]++;
    EXPECT_EQ(by_rank[1], 27);
    EXPECT_EQ(by_rank[2], 116);
    EXPECT_EQ(by_rank[3], 100);
    EXPECT_EQ(by_rank[4], 5);
    EXPECT_EQ(pot.embeddings[mu].ndensity, 8);
  }
  EXPECT_EQ(pot.bonds[0][0].nradbase, 9);
  EXPECT_EQ(pot.bonds[0][1].nradbase, 6);
  EXPECT_EQ(pot.bonds[0][0].inner_cutoff_type, "zbl");
  EXPECT_NEAR(pot.bonds[0][0].r_in, 1.2310022322111351, 1e-15);
  EXPECT_EQ(pot.lmax(), 3);
  EXPECT_EQ(pot.nradmax(), 3);
  EXPECT_EQ(pot.nradbase(), 9);
}

namespace {
std::string minimal(const std::string& function_line) {
  return "global: {DeltaSplineBins: 0.001}\nspecies:\n  - speciesblock: Fe\n    ndensityi: 1\n"
         "    npoti: FinnisSinclairShiftedScaled\n    parameters: [1, 1]\n    rho_core_cut: 1\n"
         "    drho_core_cut: 1\n    nradmaxi: 1\n    lmaxi: 1\n    rcutij: 5\n    dcutij: 0.01\n"
         "    NameOfCutoffFunctionij: cos\n    r_in: 1\n    delta_in: 0.1\n    inner_cutoff_type: zbl\n"
         "    nradbaseij: 2\n    radbase: SBessel\n    radparameters: [5.25]\n"
         "    radcoefficients: [[[1, 0], [0, 1]]]\n    core-repulsion: [1, 1]\n    nbody:\n      - " +
         function_line + "\n";
}
void expect_input_error(const std::string& text, const std::string& fragment) {
  try {
    parse_b_basis(text, "test.yaml");
    FAIL() << "no error for: " << fragment;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(e.file(), "test.yaml");
  }
}
}  // namespace

TEST(BBasisReader, MalformedInputGivesClearErrors) {
  EXPECT_NO_THROW(parse_b_basis(minimal("{type: Fe Fe Fe, nr: [1, 1], nl: [1, 1], c: [0.5]}"), "ok.yaml"));
  expect_input_error(minimal("{type: Fe Fe Fe, nr: [1, 1], nl: [1, 0], c: [0.5]}"), "even");
  expect_input_error(minimal("{type: Fe Fe Fe, nr: [1, 2], nl: [1, 1], c: [0.5]}"), "nr = 2");
  expect_input_error(minimal("{type: Fe Fe Fe, nr: [1, 1], nl: [1, 1], c: [0.5, 1]}"), "ndensityi");
  expect_input_error(minimal("{type: Fe Xx, nr: [1], nl: [0], c: [0.5]}"), "unknown element");
  expect_input_error(minimal("{type: Fe Fe Fe Fe Fe, nr: [1, 1, 1, 1], nl: [0, 0, 0, 0], c: [0.5]}"), "lint");
  expect_input_error(minimal("{type: Fe Fe, nr: [1], nl: [0], c: [abc]}"), "must be a number");
  expect_input_error(minimal("{type: Fe Fe, nr: [1], nl: [0]}"), "missing key 'c'");
  expect_input_error("global: {DeltaSplineBins: 0.001}\n", "species");
  expect_input_error("species: [\n", "YAML syntax error");
}

#include "ionglass/ace/extrapolation_settings.hpp"

// The protocol reader (md/protocol.cpp, tested in tests/md) parses the keys with file:line; the
// typed settings are checked again where a library user builds them by hand.
TEST(ExtrapolationSettings, CheckRejectsImpossibleValues) {
  ExtrapolationSettings good;
  good.active_set = "pot.asi";
  EXPECT_NO_THROW(check_extrapolation_settings(good));
  auto rejects = [&](auto change, const std::string& fragment) {
    ExtrapolationSettings s = good;
    change(s);
    try {
      check_extrapolation_settings(s);
      ADD_FAILURE() << "accepted, expected: " << fragment;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  rejects([](ExtrapolationSettings& s) { s.every = 0; }, "every must be a positive integer");
  rejects([](ExtrapolationSettings& s) { s.lower = -1; }, "thresholds must be positive");
  rejects([](ExtrapolationSettings& s) { s.upper = 0; }, "thresholds must be positive");
  rejects([](ExtrapolationSettings& s) { s.lower = 10, s.upper = 5; }, "upper must be");
}
