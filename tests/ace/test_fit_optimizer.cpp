// The LBFGSpp glue of `ionglass fit`: convergence on a classic test function, the
// per-iteration callback, stopping, zero iterations, and the B-basis writer's round trip.
#include <gtest/gtest.h>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/b_basis_writer.hpp"
#include "ionglass/ace/fit_optimizer.hpp"
#include "ionglass/core/error.hpp"
#include "test_paths.hpp"

namespace ionglass::ace {
namespace {

// Rosenbrock in n dimensions: minimum 0 at x = (1, …, 1).
double rosenbrock(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
  double f = 0;
  g.setZero();
  for (int i = 0; i + 1 < x.size(); ++i) {
    const double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * a * x[i] - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
}

auto keep_going = [](const OptimizerIteration&) { return IterationDecision::Continue; };

TEST(FitOptimizer, BothKindsMinimiseRosenbrock) {
  for (auto kind : {FitOptimizerKind::BFGS, FitOptimizerKind::LBFGSB}) {
    Eigen::VectorXd x = Eigen::VectorXd::Constant(6, -1.2);
    OptimizerSettings settings;
    settings.kind = kind;
    settings.gradient_tolerance = 1e-9;
    const auto result = minimize_loss(rosenbrock, x, 1000, settings, keep_going);
    EXPECT_LT(result.loss, 1e-14) << to_string(kind);
    EXPECT_LT((x - Eigen::VectorXd::Ones(6)).norm(), 1e-6) << to_string(kind);
    EXPECT_GT(result.iterations, 5);
    EXPECT_GE(result.evaluations, result.iterations);
  }
}

TEST(FitOptimizer, CallbackSeesDecreasingLossAndCanStop) {
  Eigen::VectorXd x = Eigen::VectorXd::Constant(4, -1.2);
  std::vector<double> losses;
  Eigen::VectorXd seen;
  auto on_iteration = [&](const OptimizerIteration& it) {
    losses.push_back(it.loss);
    seen = *it.x;
    EXPECT_EQ(it.iteration, static_cast<int>(losses.size()));
    return losses.size() == 7 ? IterationDecision::Stop : IterationDecision::Continue;
  };
  const auto result = minimize_loss(rosenbrock, x, 1000, OptimizerSettings{}, on_iteration);
  EXPECT_EQ(result.stop_reason, "stopped");
  EXPECT_EQ(result.iterations, 7);
  ASSERT_EQ(losses.size(), 7u);
  for (std::size_t i = 1; i < losses.size(); ++i) EXPECT_LE(losses[i], losses[i - 1]);  // Wolfe: descent
  EXPECT_EQ(x, seen);  // the point handed back is the last accepted one
  EXPECT_EQ(result.loss, losses.back());
}

TEST(FitOptimizer, MaxIterationsAndZeroIterations) {
  Eigen::VectorXd x = Eigen::VectorXd::Constant(4, -1.2);
  const Eigen::VectorXd start = x;
  auto result = minimize_loss(rosenbrock, x, 0, OptimizerSettings{}, keep_going);
  EXPECT_EQ(x, start);
  EXPECT_EQ(result.iterations, 0);
  Eigen::VectorXd g(4);
  EXPECT_EQ(result.loss, rosenbrock(start, g));
  result = minimize_loss(rosenbrock, x, 3, OptimizerSettings{}, keep_going);
  EXPECT_EQ(result.iterations, 3);
  EXPECT_EQ(result.stop_reason, "max_iterations");
}

TEST(FitOptimizer, LossErrorsPropagate) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(2);
  auto failing = [](const Eigen::VectorXd&, Eigen::VectorXd&) -> double { throw ComputationError("boom"); };
  EXPECT_THROW(minimize_loss(failing, x, 5, OptimizerSettings{}, keep_going), ComputationError);
}

TEST(FitOptimizer, ParsesPacemakerNames) {
  EXPECT_EQ(parse_fit_optimizer("BFGS", "in.yaml", 3), FitOptimizerKind::BFGS);
  EXPECT_EQ(parse_fit_optimizer("L-BFGS-B", "in.yaml", 3), FitOptimizerKind::LBFGSB);
  try {
    parse_fit_optimizer("Adam", "in.yaml", 7);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("in.yaml:7"), std::string::npos) << e.what();
  }
}

// The writer: the shipped potential formats, parses back to the same numbers and functions, and
// formats again to the same text.
TEST(BBasisWriter, RoundTripOfTheShippedPotential) {
  const BBasisPotential original = read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml");
  const std::string text = format_b_basis(original);
  const BBasisPotential again = parse_b_basis(text, "round trip");
  EXPECT_EQ(format_b_basis(again), text);
  ASSERT_EQ(again.elements, original.elements);
  EXPECT_EQ(again.reference_energy_eV, original.reference_energy_eV);
  EXPECT_EQ(again.delta_spline_bins, original.delta_spline_bins);
  for (std::size_t mu = 0; mu < original.elements.size(); ++mu) {
    EXPECT_EQ(again.embeddings[mu].fs_parameters, original.embeddings[mu].fs_parameters);
    EXPECT_EQ(again.embeddings[mu].npoti, original.embeddings[mu].npoti);
    for (std::size_t nu = 0; nu < original.elements.size(); ++nu) {
      ASSERT_EQ(again.bond_present[mu][nu], original.bond_present[mu][nu]);
      const auto &a = again.bonds[mu][nu], &b = original.bonds[mu][nu];
      EXPECT_EQ(a.radcoefficients, b.radcoefficients);
      EXPECT_EQ(a.r_in, b.r_in);
      EXPECT_EQ(a.inner_cutoff_type, b.inner_cutoff_type);
      EXPECT_EQ(a.core_repulsion, b.core_repulsion);
    }
    ASSERT_EQ(again.functions[mu].size(), original.functions[mu].size());
    for (std::size_t f = 0; f < original.functions[mu].size(); ++f) {
      const auto &a = again.functions[mu][f], &b = original.functions[mu][f];
      EXPECT_EQ(a.mus, b.mus);
      EXPECT_EQ(a.ns, b.ns);
      EXPECT_EQ(a.ls, b.ls);
      EXPECT_EQ(a.LS, b.LS);
      EXPECT_EQ(a.coefficients, b.coefficients);
      EXPECT_EQ(a.ms_combs, b.ms_combs);
      EXPECT_EQ(a.gen_cgs, b.gen_cgs);
    }
  }
}

}  // namespace
}  // namespace ionglass::ace
