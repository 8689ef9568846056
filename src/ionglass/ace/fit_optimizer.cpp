#include "ionglass/ace/fit_optimizer.hpp"

#include <LBFGSB.h>

#include <limits>
#include <stdexcept>

#include "ionglass/core/error.hpp"

namespace ionglass::ace {
namespace {

// What the line-search wrapper reports to: set for the duration of one minimize_loss() call on
// this thread (LBFGSpp calls the line search as a static function, so it cannot carry state).
struct IterationHook {
  const std::function<IterationDecision(const OptimizerIteration&)>* on_iteration = nullptr;
  Eigen::VectorXd last_x;  ///< last accepted point (restored when a line search fails)
  double last_loss = 0;
  int iterations = 0;
  long* evaluations = nullptr;
};
thread_local IterationHook* active_hook = nullptr;

struct StopRequested {};

// LBFGSpp's More–Thuente line search, followed by the per-iteration callback.
template <typename Scalar>
class ObservedMoreThuente {
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

 public:
  template <typename Foo>
  static void LineSearch(Foo& f, Scalar& fx, Vector& x, Vector& grad, Scalar& step, const Scalar& step_max,
                         const Vector& drt, const Vector& xp, const LBFGSpp::LBFGSBParam<Scalar>& param) {
    LBFGSpp::LineSearchMoreThuente<Scalar>::LineSearch(f, fx, x, grad, step, step_max, drt, xp, param);
    IterationHook& hook = *active_hook;
    hook.last_x = x;
    hook.last_loss = fx;
    ++hook.iterations;
    OptimizerIteration iteration{hook.iterations, fx, &x, &grad, *hook.evaluations};
    if ((*hook.on_iteration)(iteration) == IterationDecision::Stop) throw StopRequested{};
  }
};

}  // namespace

FitOptimizerKind parse_fit_optimizer(const std::string& text, const std::string& source, long line) {
  if (text == "BFGS") return FitOptimizerKind::BFGS;
  if (text == "L-BFGS-B") return FitOptimizerKind::LBFGSB;
  throw InputError(source, line, "unknown optimizer '" + text + "' (BFGS or L-BFGS-B)");
}

std::string to_string(FitOptimizerKind kind) {
  return kind == FitOptimizerKind::BFGS ? "BFGS" : "L-BFGS-B";
}

OptimizerResult minimize_loss(const LossFunction& loss, Eigen::VectorXd& x, int max_iterations,
                              const OptimizerSettings& settings,
                              const std::function<IterationDecision(const OptimizerIteration&)>& on_iteration) {
  OptimizerResult result;
  Eigen::VectorXd gradient(x.size());
  long evaluations = 0;
  auto counted = [&](const Eigen::VectorXd& point, Eigen::VectorXd& g) {
    ++evaluations;
    return loss(point, g);
  };
  if (max_iterations <= 0 || x.size() == 0) {
    result.loss = counted(x, gradient);
    result.evaluations = evaluations;
    result.stop_reason = "max_iterations";
    return result;
  }

  LBFGSpp::LBFGSBParam<double> param;
  param.m = settings.kind == FitOptimizerKind::BFGS ? settings.bfgs_memory : settings.lbfgsb_memory;
  param.epsilon = settings.gradient_tolerance;
  param.epsilon_rel = 0;
  param.past = 0;  // the driver's early stopping decides on loss progress
  param.max_iterations = max_iterations;
  param.max_linesearch = settings.max_line_search_steps;
  LBFGSpp::LBFGSBSolver<double, ObservedMoreThuente> solver(param);

  const double infinity = std::numeric_limits<double>::infinity();
  const Eigen::VectorXd lower = Eigen::VectorXd::Constant(x.size(), -infinity);
  const Eigen::VectorXd upper = Eigen::VectorXd::Constant(x.size(), infinity);

  IterationHook hook;
  hook.on_iteration = &on_iteration;
  hook.last_x = x;
  hook.evaluations = &evaluations;
  IterationHook* previous = active_hook;
  active_hook = &hook;
  struct Restore {
    IterationHook* previous;
    ~Restore() { active_hook = previous; }
  } restore{previous};

  double fx = 0;
  try {
    solver.minimize(counted, x, fx, lower, upper);
    result.loss = fx;
    result.stop_reason = hook.iterations >= max_iterations ? "max_iterations" : "gradient";
  } catch (const Error&) {
    throw;  // the loss's own errors (bad input, non-finite model) are not convergence
  } catch (const StopRequested&) {
    x = hook.last_x;
    result.loss = hook.last_loss;
    result.stop_reason = "stopped";
  } catch (const std::runtime_error&) {  // no acceptable step along the direction
    if (hook.iterations == 0) {
      x = hook.last_x;
      result.loss = counted(x, gradient);
    } else {
      x = hook.last_x;
      result.loss = hook.last_loss;
    }
    result.stop_reason = "line_search";
  } catch (const std::logic_error&) {  // direction not descending: converged to rounding
    x = hook.last_x;
    result.loss = hook.iterations == 0 ? counted(x, gradient) : hook.last_loss;
    result.stop_reason = "line_search";
  }
  result.iterations = hook.iterations;
  result.evaluations = evaluations;
  return result;
}

}  // namespace ionglass::ace
