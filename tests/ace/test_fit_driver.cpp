// The fit driver (ace/potential_fit.hpp) on a model objective: a Rosenbrock valley in the
// function coefficients of a real B-basis shape (first functions of the shipped NaFePO4.yaml).
// The driver logic — ladder, parameter carry-over, early stopping, checkpoints, resume, output
// files — does not depend on which loss it minimises; the FitLoss end-to-end fits are in
// test_potential_fit.cpp.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ionglass/ace/b_basis_writer.hpp"
#include "ionglass/ace/fit_checkpoint.hpp"
#include "ionglass/ace/potential_fit.hpp"
#include "ionglass/ace/yace_reader.hpp"
#include "ionglass/core/error.hpp"
#include "test_paths.hpp"

namespace ionglass::ace {
namespace {

const BBasisPotential& shipped() {
  static const BBasisPotential potential = read_b_basis(test::data_dir() + "/potential/NaFePO4.yaml");
  return potential;
}

// Ladder step s: the first 2·s functions of each element, coefficients 0.
BBasisPotential ladder_basis(int step) {
  BBasisPotential basis = shipped();
  for (auto& list : basis.functions) {
    list.resize(std::min<std::size_t>(list.size(), 2 * step));
    for (auto& f : list) std::fill(f.coefficients.begin(), f.coefficients.end(), 0.0);
  }
  return basis;
}

// Target of a coefficient: a fixed number per (function, density), the same in every step.
double target_of(const BBasisPotential& p, const BBasisFunction& f, std::size_t density) {
  const std::size_t h =
      std::hash<std::string>{}(p.elements[f.mu0] + fmt::format("{}{}{}{}", fmt::join(f.mus, ""), fmt::join(f.ns, ""),
                                                               fmt::join(f.ls, ""), density));
  return -0.5 + static_cast<double>(h % 1000) / 1000.0;
}

// Σ 10 (y_{i+1} − y_i²)² + (1 − y_i)² with y = x − t + 1: minimum at x = t, a curved valley that
// takes L-BFGS tens of iterations.
class ValleyObjective : public FitObjective {
 public:
  explicit ValleyObjective(BBasisPotential basis) : basis_(std::move(basis)) {
    for (const auto& list : basis_.functions)
      for (const auto& f : list)
        for (std::size_t p = 0; p < f.coefficients.size(); ++p) targets_.push_back(target_of(basis_, f, p));
  }
  Eigen::VectorXd pack(const BBasisPotential& potential) const override {
    std::vector<double> values;
    for (const auto& list : potential.functions)
      for (const auto& f : list) values.insert(values.end(), f.coefficients.begin(), f.coefficients.end());
    return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
  }
  BBasisPotential potential(const Eigen::VectorXd& x) const override {
    BBasisPotential p = basis_;
    Eigen::Index i = 0;
    for (auto& list : p.functions)
      for (auto& f : list)
        for (auto& c : f.coefficients) c = x[i++];
    return p;
  }
  double loss(const Eigen::VectorXd& x, Eigen::VectorXd& g) override {
    ++evaluations;
    const Eigen::Index n = x.size();
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) y[i] = x[i] - targets_[i] + 1;
    double f = 0;
    g.setZero();
    for (Eigen::Index i = 0; i < n; ++i) {
      f += (1 - y[i]) * (1 - y[i]);
      g[i] += -2 * (1 - y[i]);
      if (i + 1 < n) {
        const double a = y[i + 1] - y[i] * y[i];
        f += 10 * a * a;
        g[i] += -40 * a * y[i];
        g[i + 1] += 20 * a;
      }
    }
    return f;
  }
  FitErrorReport errors(const Eigen::VectorXd& x) override {
    double sum = 0;
    for (Eigen::Index i = 0; i < x.size(); ++i) sum += (x[i] - targets_[i]) * (x[i] - targets_[i]);
    const double rmse = 1000 * std::sqrt(sum / x.size());
    Eigen::VectorXd g(x.size());
    return {{rmse, 2 * rmse}, FitErrors{1.1 * rmse, 2.2 * rmse}, 1.1 * loss(x, g)};
  }
  std::pair<ParityPoints, ParityPoints> parity(const Eigen::VectorXd& x) override {
    ParityPoints train;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      train.energy_reference_eV_per_atom.push_back(targets_[i]);
      train.energy_model_eV_per_atom.push_back(x[i]);
    }
    return {train, ParityPoints{}};
  }
  static inline long evaluations = 0;

 private:
  BBasisPotential basis_;
  std::vector<double> targets_;
};

FitProblem valley_problem(int steps) {
  FitProblem problem;
  problem.ladder_steps = steps;
  problem.ladder_basis = ladder_basis;
  problem.objective = [](const BBasisPotential& basis) { return std::make_unique<ValleyObjective>(basis); };
  return problem;
}

FitRunSettings run_settings(int max_iterations, int checkpoint_interval) {
  FitRunSettings settings;
  settings.max_iterations = max_iterations;
  settings.checkpoint_interval = checkpoint_interval;
  settings.input_fingerprint = "valley";
  settings.metadata = {{"input_file", "valley.yaml"}};
  return settings;
}

ExecutionContext quiet_context(const std::string& folder) {
  ExecutionContext context;
  context.threads = 1;
  context.show_progress = false;
  context.output_directory = folder;
  return context;
}

std::string fresh_folder(const std::string& name) {
  const std::string folder = ::testing::TempDir() + "/ionglass_fit_driver_" + name;
  std::filesystem::remove_all(folder);
  return folder;
}

struct AbortAfter : FitObserver {
  int limit;
  explicit AbortAfter(int n) : limit(n) {}
  FitObserverDecision on_iteration(const FitLogRow& row) override {
    return row.iteration >= limit ? FitObserverDecision::Abort : FitObserverDecision::Continue;
  }
};

TEST(EarlyStopping, RelativeDecreasePerIteration) {
  EarlyStoppingSettings s{3, 0.01, 0};
  EXPECT_FALSE(early_stopping_reason({1.0, 0.9, 0.8}, {}, s));            // window not full
  EXPECT_FALSE(early_stopping_reason({1.0, 0.9, 0.8, 0.7}, {}, s));       // 10 % per iteration
  EXPECT_TRUE(early_stopping_reason({1.0, 0.999, 0.998, 0.997}, {}, s));  // 0.1 % per iteration
  s.min_relative_train_loss_per_iter = 0;
  s.min_relative_test_loss_per_iter = 1e-3;
  EXPECT_FALSE(early_stopping_reason({1, 1, 1, 1}, {1.0, 0.9, 0.8, 0.7}, s));
  EXPECT_TRUE(early_stopping_reason({1, 1, 1, 1}, {1.0, 0.9, 0.95, 1.1}, s));  // test loss rose
  s.patience = 0;
  EXPECT_FALSE(early_stopping_reason({1, 1, 1, 1}, {1, 1, 1, 1}, s));  // disabled
}

TEST(FitDriver, LadderCarriesParametersAndLossDecreases) {
  ExecutionContext context = quiet_context("");
  FitObserver observer;
  const FitResult result = fit_potential(valley_problem(2), run_settings(25, 50), context, observer);
  ASSERT_TRUE(result.completed);
  ASSERT_EQ(result.step_stop_reasons.size(), 2u);
  double previous = 0;
  int step = 0;
  for (const auto& row : result.log) {
    if (row.ladder_step != step) {
      step = row.ladder_step;
      EXPECT_EQ(row.step_iteration, 0);
    } else {
      EXPECT_LE(row.loss, previous);  // every accepted step descends
    }
    previous = row.loss;
  }
  // Step 2 starts from step 1's result: lower than from zero, and the step-1 functions kept.
  const auto step2_start =
      std::find_if(result.log.begin(), result.log.end(), [](auto& r) { return r.ladder_step == 2; });
  ValleyObjective fresh(ladder_basis(2));
  Eigen::VectorXd zero = fresh.pack(ladder_basis(2)), g(zero.size());
  EXPECT_LT(step2_start->loss, fresh.loss(zero, g));
  EXPECT_LT(result.log.back().loss, 0.5 * result.log.front().loss);
  EXPECT_EQ(total_function_count(result.potential), 4 * 4);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(FitDriver, WritesEveryOutputWholeAndReadable) {
  const std::string folder = fresh_folder("outputs");
  ExecutionContext context = quiet_context(folder);
  FitObserver observer;
  const FitResult result = fit_potential(valley_problem(2), run_settings(12, 5), context, observer);
  ASSERT_TRUE(result.completed);
  const BBasisPotential written = read_b_basis(folder + "/potential.yaml");
  EXPECT_EQ(format_b_basis(written), format_b_basis(parse_b_basis(format_b_basis(result.potential), "x")));
  EXPECT_EQ(written.metadata.at("ionglass_input_file"), "valley.yaml");
  EXPECT_NO_THROW(read_yace(folder + "/potential.yace"));
  EXPECT_EQ(total_function_count(read_b_basis(folder + "/interim_potential_ladder_step_1.yaml")), 4 * 2);
  EXPECT_EQ(total_function_count(read_b_basis(folder + "/interim_potential_ladder_step_2.yaml")), 4 * 4);
  const std::string csv = read_text(folder + "/fit_log.csv");
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), result.log.size() + 1);
  EXPECT_NE(csv.find("energy_rmse_test_meV_per_atom"), std::string::npos);
  const auto json = nlohmann::json::parse(read_text(folder + "/fit.json"));
  EXPECT_EQ(json.at("ladder_steps"), 2);
  EXPECT_EQ(json.at("iterations"), result.log.back().iteration);
  EXPECT_DOUBLE_EQ(json.at("train").at("energy_rmse_meV_per_atom").get<double>(),
                   result.final_errors.train.energy_rmse_meV_per_atom);
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
}

// Kill (observer abort) after N iterations, resume, and compare with the uninterrupted run: the
// same parameters bit for bit and the same loss history.
TEST(FitDriver, ResumeAfterAKillFollowsTheUninterruptedRun) {
  const FitRunSettings settings = run_settings(16, 5);
  const std::string whole = fresh_folder("whole"), killed = fresh_folder("killed");
  ExecutionContext whole_context = quiet_context(whole), killed_context = quiet_context(killed);
  FitObserver observer;
  const FitResult reference = fit_potential(valley_problem(2), settings, whole_context, observer);
  ASSERT_TRUE(reference.completed);
  for (int kill_at : {13, 19}) {  // inside step 1 (after the checkpoint at 10), inside step 2
    std::filesystem::remove_all(killed);
    AbortAfter abort(kill_at);
    const FitResult first = fit_potential(valley_problem(2), settings, killed_context, abort);
    EXPECT_FALSE(first.completed);
    EXPECT_FALSE(std::filesystem::exists(killed + "/potential.yaml"));
    FitRunSettings resume = settings;
    resume.resume = true;
    const FitResult resumed = fit_potential(valley_problem(2), resume, killed_context, observer);
    ASSERT_TRUE(resumed.completed);
    EXPECT_TRUE(resumed.resumed);
    EXPECT_EQ(format_b_basis(resumed.potential), format_b_basis(reference.potential)) << "kill at " << kill_at;
    ASSERT_EQ(resumed.log.size(), reference.log.size());
    for (std::size_t i = 0; i < reference.log.size(); ++i) {
      EXPECT_EQ(resumed.log[i].loss, reference.log[i].loss) << i;
      EXPECT_EQ(resumed.log[i].iteration, reference.log[i].iteration) << i;
    }
    EXPECT_EQ(resumed.step_stop_reasons, reference.step_stop_reasons);
    EXPECT_EQ(read_text(killed + "/potential.yaml"), read_text(whole + "/potential.yaml"));
  }
}

TEST(FitDriver, ResumeRefusesAMissingOrForeignCheckpoint) {
  const std::string folder = fresh_folder("foreign");
  ExecutionContext context = quiet_context(folder);
  FitObserver observer;
  FitRunSettings settings = run_settings(3, 5);
  settings.resume = true;
  EXPECT_THROW(fit_potential(valley_problem(1), settings, context, observer), InputError);
  settings.resume = false;
  fit_potential(valley_problem(1), settings, context, observer);
  settings.resume = true;
  settings.input_fingerprint = "another input";
  try {
    fit_potential(valley_problem(1), settings, context, observer);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("fit_checkpoint.json"), std::string::npos) << e.what();
  }
}

TEST(FitDriver, EarlyStoppingEndsTheStep) {
  ExecutionContext context = quiet_context("");
  FitObserver observer;
  FitRunSettings settings = run_settings(200, 50);
  settings.early_stopping = {2, 0.5, 0};
  const FitResult result = fit_potential(valley_problem(1), settings, context, observer);
  ASSERT_EQ(result.step_stop_reasons.size(), 1u);
  EXPECT_NE(result.step_stop_reasons[0].find("early stop"), std::string::npos) << result.step_stop_reasons[0];
  EXPECT_LT(result.log.back().step_iteration, 200);
}

TEST(FitDriver, ZeroIterationsReturnsTheStartingPotential) {
  ExecutionContext context = quiet_context("");
  FitObserver observer;
  FitProblem problem = valley_problem(1);
  problem.ladder_basis = [](int) { return shipped(); };  // fitted values as the start
  const FitResult result = fit_potential(problem, run_settings(0, 50), context, observer);
  ASSERT_TRUE(result.completed);
  EXPECT_EQ(result.log.size(), 1u);
  BBasisPotential expected = shipped();
  expected.metadata["ionglass_input_file"] = "valley.yaml";
  EXPECT_EQ(format_b_basis(result.potential), format_b_basis(expected));
}

}  // namespace
}  // namespace ionglass::ace
