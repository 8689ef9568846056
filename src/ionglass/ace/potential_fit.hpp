#pragma once
// The driver of `ionglass fit`: the ladder of growing bases, the optimiser per step, early
// stopping, checkpoints, `--resume`, and the output files (docs/fitting.md "Optimiser",
// "Outputs", "Resume").
//
// For ladder step s = 1 … S the driver takes the basis of that step (FitProblem::ladder_basis),
// copies into it every number of the previous step's result (functions matched by their
// (μ0, μs, ns, ls, LS), radial coefficients by bond; new functions start at the values the
// ladder gives them, 0 for pacemaker's initial basis), and minimises the training loss for up to
// `max_iterations` iterations (pacemaker's `maxiter`, per step). The optimiser restarts (history
// cleared) at every checkpoint, every `checkpoint_interval` iterations, so that a resumed fit
// follows the uninterrupted one exactly.
//
// Files in ExecutionContext::output_directory (none when it is empty), all written atomically:
//   fit_checkpoint.json                    every checkpoint (fit_checkpoint.hpp)
//   interim_potential_ladder_step_N.yaml   after ladder step N (N = 1 …)
//   fit_log.csv                            at every checkpoint and at the end
//   potential.yaml, potential.yace, fit.json  at the end only
// report.html is written by the caller (report/fit_report.hpp) from the FitResult.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/early_stopping.hpp"
#include "ionglass/ace/fit_log.hpp"
#include "ionglass/ace/fit_objective.hpp"
#include "ionglass/ace/fit_optimizer.hpp"
#include "ionglass/core/execution_context.hpp"

namespace ionglass::ace {

struct FitRunSettings {
  OptimizerSettings optimizer;
  int max_iterations = 100;  ///< per ladder step (pacemaker `maxiter`); 0: evaluate only
  EarlyStoppingSettings early_stopping;
  int checkpoint_interval = 50;  ///< iterations between checkpoints (and optimiser restarts)
  bool resume = false;           ///< continue from DIR/fit_checkpoint.json
  /// Identifies the input (e.g. its text); stored in the checkpoint, a resume must match it.
  std::string input_fingerprint;
  /// Extra entries for fit.json's "input" object and the potential's metadata.
  std::map<std::string, std::string> metadata;
};

/// What to fit: the bases of the ladder and, per basis, the objective.
struct FitProblem {
  int ladder_steps = 1;
  /// The basis of ladder step s (1-based), with its initial values.
  std::function<BBasisPotential(int step)> ladder_basis;
  /// The objective (loss on the training data, errors on train and test) of one basis shape.
  std::function<std::unique_ptr<FitObjective>(const BBasisPotential& basis)> objective;
};

/// One iteration as the observer sees it.
enum class FitObserverDecision { Continue, Abort };

class FitObserver {
 public:
  virtual ~FitObserver() = default;
  /// After every iteration (and once per step for its starting point, with step_iteration 0).
  /// Abort ends the fit at once, like a kill: no checkpoint and no final output is written.
  virtual FitObserverDecision on_iteration(const FitLogRow&) { return FitObserverDecision::Continue; }
  /// At the start of ladder step `step` of `steps`, with the basis size, and the total
  /// iteration budget left (for ETA).
  virtual void on_ladder_step(int /*step*/, int /*steps*/, int /*function_count*/) {}
  /// A note for the log (e.g. "resumed at step 2, iteration 50", "early stop: …").
  virtual void on_message(const std::string&) {}
};

struct FitResult {
  bool completed = false;     ///< false when the observer aborted
  BBasisPotential potential;  ///< the fitted potential (last ladder step)
  std::vector<FitLogRow> log;
  FitErrorReport final_errors;
  ParityPoints train_parity, test_parity;
  std::vector<std::string> step_stop_reasons;  ///< per ladder step: max_iterations, early stop, …
  double wall_time_s = 0;
  bool resumed = false;
};

/// A function's identity across potentials: element names of (μ0; μs), ns, ls, LS (as written
/// in the file) and the number of densities.
std::string function_identity(const BBasisPotential& potential, const BBasisFunction& function);

/// Copies into `to` every number of `from` that `to` also has: coefficients of functions with
/// the same identity, radial coefficients c_nlk of the same bond and n, l (same nradbase).
void carry_parameters(const BBasisPotential& from, BBasisPotential& to);

/// Total number of B-functions over all elements.
int total_function_count(const BBasisPotential& potential);

/// Runs the fit. Throws InputError for a resume without (or with a foreign) checkpoint.
FitResult fit_potential(const FitProblem& problem, const FitRunSettings& settings, const ExecutionContext& context,
                        FitObserver& observer);

struct FitInput;
/// `ionglass fit`: prepares the fit of a pacemaker input (fit_problem.hpp: data, ladder, loss)
/// and runs it; `resume` continues from the checkpoint in the context's output folder.
FitResult fit_potential(const FitInput& input, const ExecutionContext& context, FitObserver& observer,
                        bool resume = false);

}  // namespace ionglass::ace
