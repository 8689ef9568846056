#include "ionglass/ace/potential_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "ionglass/ace/b_basis_writer.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/fit_checkpoint.hpp"
#include "ionglass/ace/fit_problem.hpp"
#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {
namespace {

// The canonical form of a basis: as read back from its own file, so that an uninterrupted fit
// and one resumed from a checkpoint see the same function order and the same numbers.
BBasisPotential canonical(const BBasisPotential& potential) {
  return parse_b_basis(format_b_basis(potential), potential.source.empty() ? "fit basis" : potential.source);
}

nlohmann::json errors_json(const FitErrors& e) {
  return {{"energy_rmse_meV_per_atom", e.energy_rmse_meV_per_atom}, {"force_rmse_meV_per_A", e.force_rmse_meV_per_A}};
}

class Driver {
 public:
  Driver(const FitProblem& problem, const FitRunSettings& settings, const ExecutionContext& context,
         FitObserver& observer)
      : problem_(problem),
        settings_(settings),
        context_(context),
        observer_(observer),
        start_(std::chrono::steady_clock::now()) {}

  FitResult run();

 private:
  double elapsed() const {
    return previous_wall_s_ + std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  bool writes() const { return !context_.output_directory.empty(); }
  std::string path(const std::string& name) const { return context_.output_path(name); }
  void checkpoint(int step, int step_iterations, bool finished, const BBasisPotential& potential);
  FitLogRow row(int step, int function_count, int step_iteration, double loss, const FitErrorReport& errors,
                bool advances) const;
  void write_final_outputs(const FitResult& result) const;

  const FitProblem& problem_;
  const FitRunSettings& settings_;
  const ExecutionContext& context_;
  FitObserver& observer_;
  std::chrono::steady_clock::time_point start_;
  double previous_wall_s_ = 0;
  std::vector<FitLogRow> log_;
  std::vector<std::string> stop_reasons_;
};

FitLogRow Driver::row(int step, int function_count, int step_iteration, double loss, const FitErrorReport& errors,
                      bool advances) const {
  FitLogRow r;
  r.ladder_step = step;
  r.function_count = function_count;
  r.iteration = (log_.empty() ? 0 : log_.back().iteration) + (advances ? 1 : 0);
  r.step_iteration = step_iteration;
  r.loss = loss;
  r.energy_rmse_train_meV_per_atom = errors.train.energy_rmse_meV_per_atom;
  r.force_rmse_train_meV_per_A = errors.train.force_rmse_meV_per_A;
  if (errors.test) {
    r.energy_rmse_test_meV_per_atom = errors.test->energy_rmse_meV_per_atom;
    r.force_rmse_test_meV_per_A = errors.test->force_rmse_meV_per_A;
  }
  r.test_loss = errors.test_loss;
  r.wall_time_s = elapsed();
  return r;
}

void Driver::checkpoint(int step, int step_iterations, bool finished, const BBasisPotential& potential) {
  if (!writes()) return;
  FitCheckpoint c;
  c.ladder_step = step;
  c.step_iterations = step_iterations;
  c.step_finished = finished;
  c.wall_time_s = elapsed();
  c.potential_yaml = format_b_basis(potential);
  c.log = log_;
  c.step_stop_reasons = stop_reasons_;
  c.input_fingerprint = settings_.input_fingerprint;
  write_fit_checkpoint(path("fit_checkpoint.json"), c);
  write_file_atomically(path("fit_log.csv"), format_fit_log_csv(log_));
}

void Driver::write_final_outputs(const FitResult& result) const {
  if (!writes()) return;
  write_b_basis(path("potential.yaml"), result.potential);
  write_yace(path("potential.yace"), convert_to_ctilde(result.potential));
  write_file_atomically(path("fit_log.csv"), format_fit_log_csv(result.log));
  nlohmann::json input(settings_.metadata);
  nlohmann::json json{
      {"input", input},
      {"ladder_steps", problem_.ladder_steps},
      {"function_count", total_function_count(result.potential)},
      {"iterations", result.log.empty() ? 0 : result.log.back().iteration},
      {"final_loss", result.log.empty() ? 0.0 : result.log.back().loss},
      {"step_stop_reasons", result.step_stop_reasons},
      {"optimizer", to_string(settings_.optimizer.kind)},
      {"train", errors_json(result.final_errors.train)},
      {"test", result.final_errors.test ? errors_json(*result.final_errors.test) : nlohmann::json(nullptr)},
      {"wall_time_s", result.wall_time_s},
      {"resumed", result.resumed},
      {"files", {"potential.yaml", "potential.yace", "fit_log.csv", "fit.json", "fit_checkpoint.json"}}};
  for (int s = 1; s <= problem_.ladder_steps; ++s)
    json["files"].push_back(fmt::format("interim_potential_ladder_step_{}.yaml", s));
  write_file_atomically(path("fit.json"), json.dump(2) + "\n");
}

FitResult Driver::run() {
  FitResult result;
  if (problem_.ladder_steps < 1) throw InputError("fit: the ladder has no step");
  if (settings_.max_iterations < 0) throw InputError("fit: maxiter must not be negative");
  if (settings_.checkpoint_interval < 1) throw InputError("fit: the checkpoint interval must be at least 1");
  if (writes()) std::filesystem::create_directories(context_.output_directory);

  int step = 1, step_iterations = 0;
  bool step_finished = false, have_current = false;
  BBasisPotential current;
  if (settings_.resume) {
    if (!writes()) throw InputError("fit: --resume needs an output folder");
    const std::string file = path("fit_checkpoint.json");
    FitCheckpoint c = read_fit_checkpoint(file);
    if (c.input_fingerprint != settings_.input_fingerprint)
      throw InputError(file, 0, "this checkpoint belongs to a different input file; start without --resume");
    if (c.ladder_step > problem_.ladder_steps) throw InputError(file, 0, "checkpoint beyond the last ladder step");
    step = c.ladder_step;
    step_iterations = c.step_iterations;
    step_finished = c.step_finished;
    previous_wall_s_ = c.wall_time_s;
    log_ = std::move(c.log);
    stop_reasons_ = std::move(c.step_stop_reasons);
    current = parse_b_basis(c.potential_yaml, file);
    have_current = true;
    result.resumed = true;
    observer_.on_message(fmt::format("resuming at ladder step {}, iteration {} of the step{}", step, step_iterations,
                                     step_finished ? " (step finished)" : ""));
    if (step_finished) {
      ++step;
      step_iterations = 0;
    }
  }

  std::unique_ptr<FitObjective> objective;
  Eigen::VectorXd x;
  for (; step <= problem_.ladder_steps; ++step) {
    BBasisPotential basis;
    if (have_current && step_iterations > 0) {
      basis = current;  // resuming inside this step
    } else {
      basis = problem_.ladder_basis(step);
      if (have_current) carry_parameters(current, basis);
      basis = canonical(basis);
    }
    const int function_count = total_function_count(basis);
    observer_.on_ladder_step(step, problem_.ladder_steps, function_count);
    objective = problem_.objective(basis);
    x = objective->pack(basis);

    std::vector<double> train_history, test_history;
    for (const auto& r : log_)
      if (r.ladder_step == step) {
        train_history.push_back(r.loss);
        if (r.test_loss) test_history.push_back(*r.test_loss);
      }
    Eigen::VectorXd gradient(x.size());
    if (step_iterations == 0) {  // the starting point of the step
      const double loss = objective->loss(x, gradient);
      log_.push_back(row(step, function_count, 0, loss, objective->errors(x), false));
      train_history.push_back(loss);
      if (log_.back().test_loss) test_history.push_back(*log_.back().test_loss);
      if (observer_.on_iteration(log_.back()) == FitObserverDecision::Abort) return result;
    }

    std::string stop_reason = "maxiter reached";
    bool stop = false, aborted = false;
    const LossFunction loss = [&](const Eigen::VectorXd& point, Eigen::VectorXd& g) {
      return objective->loss(point, g);
    };
    while (!stop && step_iterations < settings_.max_iterations) {
      const int chunk = std::min(settings_.checkpoint_interval - step_iterations % settings_.checkpoint_interval,
                                 settings_.max_iterations - step_iterations);
      auto on_iteration = [&](const OptimizerIteration& it) {
        ++step_iterations;
        log_.push_back(row(step, function_count, step_iterations, it.loss, objective->errors(*it.x), true));
        train_history.push_back(it.loss);
        if (log_.back().test_loss) test_history.push_back(*log_.back().test_loss);
        if (observer_.on_iteration(log_.back()) == FitObserverDecision::Abort) {
          aborted = true;
          return IterationDecision::Stop;
        }
        if (auto reason = early_stopping_reason(train_history, test_history, settings_.early_stopping)) {
          stop_reason = "early stop: " + *reason;
          stop = true;
          return IterationDecision::Stop;
        }
        return IterationDecision::Continue;
      };
      const OptimizerResult r = minimize_loss(loss, x, chunk, settings_.optimizer, on_iteration);
      if (aborted) {
        result.log = log_;
        return result;
      }
      if (r.stop_reason == "gradient" || r.stop_reason == "line_search") {
        stop = true;
        stop_reason = r.stop_reason == "gradient" ? "converged (gradient below tolerance)"
                                                  : "converged (no further decrease along the search direction)";
      }
      if (!stop && step_iterations < settings_.max_iterations)
        checkpoint(step, step_iterations, false, objective->potential(x));
    }
    current = objective->potential(x);
    have_current = true;
    stop_reasons_.push_back(stop_reason);
    observer_.on_message(fmt::format("ladder step {}: {} after {} iterations", step, stop_reason, step_iterations));
    if (writes()) write_b_basis(path(fmt::format("interim_potential_ladder_step_{}.yaml", step)), current);
    checkpoint(step, step_iterations, true, current);
    step_iterations = 0;
  }

  if (!objective) {  // resumed after the last step had finished
    objective = problem_.objective(current);
    x = objective->pack(current);
  }
  result.completed = true;
  result.potential = current;
  for (const auto& [key, value] : settings_.metadata) result.potential.metadata["ionglass_" + key] = value;
  result.log = log_;
  result.final_errors = objective->errors(x);
  std::tie(result.train_parity, result.test_parity) = objective->parity(x);
  result.step_stop_reasons = stop_reasons_;
  result.wall_time_s = elapsed();
  write_final_outputs(result);
  return result;
}

}  // namespace

std::string function_identity(const BBasisPotential& potential, const BBasisFunction& f) {
  const bool as_read = !f.file_mus.empty();
  std::string key = potential.elements[f.mu0];
  for (int mu : as_read ? f.file_mus : f.mus) key += " " + potential.elements[mu];
  return fmt::format("{}|{}|{}|{}|{}", key, fmt::join(as_read ? f.file_ns : f.ns, ","),
                     fmt::join(as_read ? f.file_ls : f.ls, ","), fmt::join(f.LS, ","), f.coefficients.size());
}

int total_function_count(const BBasisPotential& potential) {
  int count = 0;
  for (const auto& list : potential.functions) count += static_cast<int>(list.size());
  return count;
}

void carry_parameters(const BBasisPotential& from, BBasisPotential& to) {
  std::map<std::string, const BBasisFunction*> known;
  for (const auto& list : from.functions)
    for (const auto& f : list) known[function_identity(from, f)] = &f;
  for (auto& list : to.functions)
    for (auto& f : list) {
      const auto it = known.find(function_identity(to, f));
      if (it != known.end()) f.coefficients = it->second->coefficients;
    }
  for (std::size_t i = 0; i < to.elements.size(); ++i)
    for (std::size_t j = 0; j < to.elements.size(); ++j) {
      if (!to.bond_present[i][j]) continue;
      const auto fi = std::find(from.elements.begin(), from.elements.end(), to.elements[i]);
      const auto fj = std::find(from.elements.begin(), from.elements.end(), to.elements[j]);
      if (fi == from.elements.end() || fj == from.elements.end()) continue;
      const auto a = fi - from.elements.begin(), b = fj - from.elements.begin();
      if (!from.bond_present[a][b]) continue;
      const BBasisBond& source = from.bonds[a][b];
      BBasisBond& target = to.bonds[i][j];
      // The ladder may grow a bond's nradmax or lmax: copy the common block [n][l][k].
      if (source.nradbase != target.nradbase) continue;
      for (int n = 0; n < std::min(source.nradmax, target.nradmax); ++n)
        for (int l = 0; l <= std::min(source.lmax, target.lmax); ++l)
          target.radcoefficients[n][l] = source.radcoefficients[n][l];
    }
}

FitResult fit_potential(const FitProblem& problem, const FitRunSettings& settings, const ExecutionContext& context,
                        FitObserver& observer) {
  context.validate();
  ThreadScope threads(context);
  return Driver(problem, settings, context, observer).run();
}

FitResult fit_potential(const FitInput& input, const ExecutionContext& context, FitObserver& observer, bool resume) {
  context.validate();
  PreparedFit prepared = prepare_fit(input, context.threads);
  for (const auto& note : prepared.notes) observer.on_message(note);
  prepared.settings.resume = resume;
  return fit_potential(prepared.problem, prepared.settings, context, observer);
}

}  // namespace ionglass::ace
