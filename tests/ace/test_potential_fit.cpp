// `fit_potential` on a pacemaker input end to end (E's input and data, F's loss, the driver):
// a tiny basis on three dft_dev structures fits and its loss decreases; a zero-iteration fit
// from a given potential returns it unchanged; resume after a kill gives the uninterrupted fit.
#include <gtest/gtest.h>

#include "fit_driver_support.hpp"
#include "ionglass/ace/b_basis_writer.hpp"
#include "ionglass/ace/fit_input.hpp"
#include "ionglass/ace/potential_fit.hpp"
#include "ionglass/ace/yace_reader.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {
namespace {

std::string folder(const std::string& name) {
  return ::testing::TempDir() + "/ionglass_potential_fit_" + name;
}

ExecutionContext context_for(const std::string& dir) {
  ExecutionContext context;
  context.threads = 2;
  context.show_progress = false;
  context.output_directory = dir + "/out";
  return context;
}

struct AbortAt : FitObserver {
  int at;
  explicit AbortAt(int n) : at(n) {}
  FitObserverDecision on_iteration(const FitLogRow& row) override {
    return row.iteration >= at ? FitObserverDecision::Abort : FitObserverDecision::Continue;
  }
};

TEST(PotentialFit, TinyBasisFitsAndTheLossDecreases) {
  const std::string dir = folder("tiny");
  const FitInput input = read_fit_input(test::write_tiny_fit_input(dir, 10));
  FitObserver observer;
  const FitResult result = fit_potential(input, context_for(dir), observer);
  ASSERT_TRUE(result.completed);
  ASSERT_EQ(result.step_stop_reasons.size(), 2u);  // 7 functions per element, then 14
  EXPECT_LT(result.log.back().loss, 0.6 * result.log.front().loss);
  for (std::size_t i = 1; i < result.log.size(); ++i) EXPECT_LE(result.log[i].loss, result.log[i - 1].loss) << i;
  EXPECT_LT(result.final_errors.train.energy_rmse_meV_per_atom,
            0.5 * result.log.front().energy_rmse_train_meV_per_atom);
  EXPECT_TRUE(result.final_errors.test.has_value());
  const BBasisPotential written = read_b_basis(context_for(dir).output_path("potential.yaml"));
  EXPECT_EQ(total_function_count(written), result.log.back().function_count);
  EXPECT_GT(result.log.back().function_count, result.log.front().function_count);
  EXPECT_NO_THROW(read_yace(context_for(dir).output_path("potential.yace")));
  EXPECT_NO_THROW(read_b_basis(context_for(dir).output_path("interim_potential_ladder_step_1.yaml")));
  EXPECT_EQ(result.train_parity.energy_model_eV_per_atom.size(), 2u);
  EXPECT_EQ(result.test_parity.energy_model_eV_per_atom.size(), 1u);
}

TEST(PotentialFit, ZeroIterationsFromAGivenPotentialReturnItUnchanged) {
  const std::string dir = folder("zero");
  const std::string shipped = test::data_dir() + "/potential/NaFePO4.yaml";
  const FitInput input =
      read_fit_input(test::write_tiny_fit_input(dir, 0, "", "  initial_potential: " + shipped + "\n"));
  FitObserver observer;
  const FitResult result = fit_potential(input, context_for(dir), observer);
  ASSERT_TRUE(result.completed);
  const BBasisPotential original = read_b_basis(shipped);
  // Every number of the shipped potential is in the result unchanged (added functions, if any,
  // have coefficient 0 and so add exactly nothing to any density).
  for (std::size_t mu = 0; mu < original.elements.size(); ++mu) {
    EXPECT_EQ(result.potential.embeddings[mu].fs_parameters, original.embeddings[mu].fs_parameters);
    for (std::size_t nu = 0; nu < original.elements.size(); ++nu)
      EXPECT_EQ(result.potential.bonds[mu][nu].radcoefficients, original.bonds[mu][nu].radcoefficients);
    std::map<std::string, std::vector<double>> fitted;
    for (const auto& f : result.potential.functions[mu])
      fitted[function_identity(result.potential, f)] = f.coefficients;
    for (const auto& f : original.functions[mu]) {
      const auto it = fitted.find(function_identity(original, f));
      ASSERT_NE(it, fitted.end());
      EXPECT_EQ(it->second, f.coefficients);
      fitted.erase(it);
    }
    for (const auto& [key, coefficients] : fitted)
      for (double c : coefficients) EXPECT_EQ(c, 0.0) << key;
  }
}

TEST(PotentialFit, ResumeAfterAKillGivesTheUninterruptedFit) {
  const std::string whole = folder("whole"), killed = folder("killed");
  const FitInput whole_input = read_fit_input(test::write_tiny_fit_input(whole, 8));
  const FitInput killed_input = read_fit_input(test::write_tiny_fit_input(killed, 8));
  FitObserver observer;
  const FitResult reference = fit_potential(whole_input, context_for(whole), observer);
  AbortAt abort(11);  // in step 2, after the step-1 checkpoint
  EXPECT_FALSE(fit_potential(killed_input, context_for(killed), abort).completed);
  const FitResult resumed = fit_potential(killed_input, context_for(killed), observer, true);
  ASSERT_TRUE(resumed.completed);
  BBasisPotential a = resumed.potential, b = reference.potential;
  a.metadata.clear();  // names the input file, which differs
  b.metadata.clear();
  EXPECT_EQ(format_b_basis(a), format_b_basis(b));
  ASSERT_EQ(resumed.log.size(), reference.log.size());
  for (std::size_t i = 0; i < reference.log.size(); ++i) EXPECT_EQ(resumed.log[i].loss, reference.log[i].loss) << i;
}

}  // namespace
}  // namespace ionglass::ace
