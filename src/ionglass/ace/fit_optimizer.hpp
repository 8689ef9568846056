#pragma once
// The optimiser of `ionglass fit`: limited-memory BFGS from LBFGSpp (Debian liblbfgspp-dev,
// header-only, MIT), run unconstrained with the More–Thuente line search.
//
// Why LBFGSpp: it is packaged in Debian, header-only on Eigen (which ionglass already uses), and
// its L-BFGS-B solver carries the More–Thuente strong-Wolfe line search (the one of MINPACK-2 and
// of scipy's L-BFGS-B that pacemaker calls), which guarantees the curvature condition that keeps
// the quasi-Newton update positive definite. liblbfgs (C) would also do; Ceres and NLopt are far
// larger dependencies for the same algorithm. pacemaker's `BFGS` (scipy's dense BFGS) is not
// offered by LBFGSpp: a dense n×n inverse Hessian for ~10⁴ parameters costs O(n²) per step, so
// `BFGS` maps to L-BFGS with a long history (`bfgs_memory` pairs), `L-BFGS-B` to the short
// history scipy uses by default (10 pairs). Neither uses bounds. (docs/fitting.md "Optimiser").
//
// LBFGSpp has no per-iteration callback; a thin line-search wrapper calls `on_iteration` after
// every accepted step, which is where the fit logs, checkpoints and stops early.
#include <Eigen/Core>
#include <functional>
#include <string>

namespace ionglass::ace {

/// pacemaker's `fit: optimizer:` values.
enum class FitOptimizerKind { BFGS, LBFGSB };

/// Parses "BFGS" or "L-BFGS-B" (InputError(source, line) otherwise).
FitOptimizerKind parse_fit_optimizer(const std::string& text, const std::string& source, long line);
std::string to_string(FitOptimizerKind kind);

struct OptimizerSettings {
  FitOptimizerKind kind = FitOptimizerKind::BFGS;
  int lbfgsb_memory = 10;  ///< correction pairs kept for `L-BFGS-B`
  int bfgs_memory = 50;    ///< correction pairs kept for `BFGS`
  /// Stop when |∇L| ≤ gradient_tolerance (absolute, in loss units per parameter unit).
  double gradient_tolerance = 1e-12;
  int max_line_search_steps = 40;  ///< function evaluations per line search
};

/// One accepted step of the optimiser.
struct OptimizerIteration {
  int iteration = 0;  ///< 1-based within this minimize() call
  double loss = 0;
  const Eigen::VectorXd* x = nullptr;
  const Eigen::VectorXd* gradient = nullptr;
  long evaluations = 0;  ///< loss+gradient evaluations so far in this call
};

enum class IterationDecision { Continue, Stop };

struct OptimizerResult {
  int iterations = 0;       ///< accepted steps
  long evaluations = 0;     ///< loss+gradient evaluations
  double loss = 0;          ///< loss at the returned x
  std::string stop_reason;  ///< "max_iterations", "gradient", "stopped", "line_search"
};

/// Loss and gradient: returns L(x) and writes dL/dx into `gradient` (already sized).
using LossFunction = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient)>;

/// Minimises `loss` from `x` (overwritten with the best point found) for at most
/// `max_iterations` accepted steps (0: return at once with the loss at x). `on_iteration` may
/// stop the run. A line search that finds no acceptable step ends the run at the last accepted
/// point ("line_search"): for a fit, that is convergence to rounding.
OptimizerResult minimize_loss(const LossFunction& loss, Eigen::VectorXd& x, int max_iterations,
                              const OptimizerSettings& settings,
                              const std::function<IterationDecision(const OptimizerIteration&)>& on_iteration);

}  // namespace ionglass::ace
