// The pacemaker input reader: the shipped NaFePO4 input and broken variants of it.
#include <gtest/gtest.h>

#include "fit_test_support.hpp"
#include "ionglass/ace/fit_input.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;
using namespace ionglass::test;

TEST(FitInput, ReadsEveryKeyOfTheShippedInput) {
  const ace::FitInput in = ace::read_fit_input(fit_data_dir() + "/pacemaker_input.yaml");
  EXPECT_DOUBLE_EQ(in.cutoff_A, 6.5);
  EXPECT_EQ(in.seed, 42);
  EXPECT_TRUE(in.backend_given);
  EXPECT_EQ(in.data.filename, fit_data_dir() + "/train_data.pckl.gzip");
  EXPECT_EQ(in.data.test_filename, fit_data_dir() + "/test_data.pckl.gzip");
  EXPECT_FALSE(in.data.reference_energy_auto);
  EXPECT_DOUBLE_EQ(in.data.reference_energy_eV.at("Fe"), -0.208448785369);
  EXPECT_EQ(in.data.energy_key, "dft_energy");
  EXPECT_EQ(in.data.forces_key, "dft_forces");
  EXPECT_EQ(in.potential.elements, (std::vector<std::string>{"P", "O", "Na", "Fe"}));
  EXPECT_DOUBLE_EQ(in.potential.delta_spline_bins_A, 0.001);
  ASSERT_EQ(in.potential.embeddings.size(), 4u);
  for (const auto& [element, e] : in.potential.embeddings) {
    EXPECT_EQ(e.ndensity, 8) << element;
    EXPECT_EQ(e.npot, "FinnisSinclairShiftedScaled");
    EXPECT_EQ(e.fs_parameters.size(), 16u);
    EXPECT_DOUBLE_EQ(e.fs_parameters[3], 0.5);
  }
  ASSERT_EQ(in.potential.bonds.size(), 10u);  // unordered pairs of 4 elements
  const auto& bond = in.potential.bonds.at("Fe O");
  EXPECT_EQ(bond.radbase, "SBessel");
  EXPECT_EQ(bond.radparameters, std::vector<double>{5.25});
  EXPECT_DOUBLE_EQ(bond.rcut_A, 6.5);
  EXPECT_DOUBLE_EQ(bond.dcut_A, 0.01);
  EXPECT_EQ(bond.cutoff_function, "cos");
  EXPECT_EQ(bond.inner_cutoff_type, "zbl");
  EXPECT_FALSE(bond.r_in_A.has_value());
  ASSERT_EQ(in.potential.functions.groups.size(), 4u);
  const auto* ternary = in.potential.functions.limits_for(3);
  ASSERT_NE(ternary, nullptr);
  EXPECT_EQ(ternary->nradmax_by_orders, (std::vector<int>{15, 3, 2, 1}));
  EXPECT_EQ(ternary->lmax_by_orders, (std::vector<int>{0, 4, 2, 0}));
  EXPECT_EQ(in.potential.functions.limits_for(5), nullptr);  // no QUINARY, no ALL
  EXPECT_EQ(in.potential.functions.number_of_functions_per_element, 250);
  ASSERT_TRUE(in.fit.loss.kappa.has_value());
  EXPECT_DOUBLE_EQ(*in.fit.loss.kappa, 0.05);
  EXPECT_DOUBLE_EQ(in.fit.loss.L1_coeffs, 1e-8);
  EXPECT_DOUBLE_EQ(in.fit.loss.L2_coeffs, 1e-8);
  EXPECT_EQ(in.fit.optimizer, "BFGS");
  EXPECT_EQ(in.fit.maxiter, 2000);
  EXPECT_DOUBLE_EQ(in.fit.ladder_step, 5);
  EXPECT_EQ(in.fit.ladder_type, "power_order");
  EXPECT_TRUE(in.fit.repulsion_auto);
  EXPECT_EQ(in.fit.early_stopping_patience, 50);
  EXPECT_DOUBLE_EQ(in.fit.min_relative_test_loss_per_iter, 1e-5);
  EXPECT_DOUBLE_EQ(in.fit.min_relative_train_loss_per_iter, 5e-5);
  EXPECT_EQ(in.fit.weighting.type, "uniform");
  EXPECT_EQ(in.fit.trainable_parameters, "ALL");
}

TEST(FitInput, OptionalKeysAndAlternatives) {
  auto in = parse_input(shipped_input_with("    kappa: 0.05", "    kappa: auto\n    w1_rad: 1.0e-6"));
  EXPECT_FALSE(in.fit.loss.kappa.has_value());
  EXPECT_DOUBLE_EQ(in.fit.loss.w1_rad, 1e-6);
  in = parse_input(shipped_input_with("  test_filename: test_data.pckl.gzip", "  test_size: 0.1"));
  EXPECT_TRUE(in.data.test_filename.empty());
  EXPECT_DOUBLE_EQ(*in.data.test_size, 0.1);
  in =
      parse_input(shipped_input_with("  reference_energy:\n    Fe: -0.208448785369\n    Na: -0.0749040330661\n"
                                     "    O: -0.0911142437163\n    P: -0.0973190129812",
                                     "  reference_energy: auto"));
  EXPECT_TRUE(in.data.reference_energy_auto);
  in = parse_input(shipped_input_with("  ladder_step: 5",
                                      "  ladder_step: 0.2\n  weighting:\n    type: EnergyBasedWeightingPolicy\n"
                                      "    DElow: 0.5\n    DEup: 5\n    wlow: 0.8\n    energy: cohesive"));
  EXPECT_DOUBLE_EQ(in.fit.ladder_step, 0.2);
  EXPECT_EQ(in.fit.weighting.type, "energy_based");
  EXPECT_DOUBLE_EQ(in.fit.weighting.DElow_eV, 0.5);
  EXPECT_DOUBLE_EQ(in.fit.weighting.wlow, 0.8);
  in = parse_input(
      shipped_input_with("  bonds:\n    ALL:", "  bonds:\n    (Fe, O):\n      rcut: 5.0\n      r_in: 1.1\n    ALL:"));
  EXPECT_DOUBLE_EQ(in.potential.bonds.at("Fe O").rcut_A, 5.0);
  EXPECT_DOUBLE_EQ(*in.potential.bonds.at("Fe O").r_in_A, 1.1);
  EXPECT_DOUBLE_EQ(in.potential.bonds.at("Na O").rcut_A, 6.5);
}

namespace {
/// The InputError of parsing `text`: names input.yaml and a line, says `problem`.
void expect_error(const std::string& text, int line, const std::string& problem) {
  try {
    parse_input(text);
    FAIL() << "no error for: " << problem;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "input.yaml");
    if (line > 0) {
      EXPECT_EQ(e.line(), line) << e.what();
    }
    EXPECT_GT(e.line(), 0) << e.what();
    EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
  }
}
}  // namespace

TEST(FitInput, MisspeltKeyNamesFileAndLine) {
  // line 19 of the shipped file is "  ladder_step: 5"
  expect_error(shipped_input_with("  ladder_step: 5", "  ladder_stepp: 5"), 19, "unknown key 'ladder_stepp' in fit");
  expect_error(shipped_input_with("cutoff: 6.5", "cutof: 6.5"), 0, "unknown key 'cutof'");
  expect_error(shipped_input_with("      radbase: SBessel", "      radbas: SBessel"), 0, "unknown key 'radbas'");
}

TEST(FitInput, DuplicateKey) {
  expect_error(shipped_input_with("  maxiter: 2000", "  maxiter: 2000\n  maxiter: 10"), 0, "duplicate key 'maxiter'");
}

TEST(FitInput, BadType) {
  expect_error(shipped_input_with("  maxiter: 2000", "  maxiter: many"), 0, "cannot read 'many'");
  expect_error(shipped_input_with("  optimizer: BFGS", "  optimizer: Adam"), 0, "BFGS or L-BFGS-B");
  expect_error(shipped_input_with("    kappa: 0.05", "    kappa: 1.5"), 0, "kappa");
  expect_error(shipped_input_with("  ladder_step: 5", "  ladder_step: 2.5"), 0, "ladder_step");
  expect_error(shipped_input_with("  - Fe\n", "  - Xx\n"), 0, "unknown element 'Xx'");
}

TEST(FitInput, ImpossibleBasis) {
  // lmax_by_orders of UNARY lacks rank 4: lmax too small (absent) for the rank.
  expect_error(shipped_input_with("    UNARY:\n      lmax_by_orders:\n      - 0\n      - 4\n      - 2\n      - 0",
                                  "    UNARY:\n      lmax_by_orders:\n      - 0\n      - 4\n      - 2"),
               0, "impossible basis");
  // Rank-1 functions have l = 0 only.
  expect_error(shipped_input_with("    UNARY:\n      lmax_by_orders:\n      - 0",
                                  "    UNARY:\n      lmax_by_orders:\n      - 2"),
               0, "impossible basis");
}
