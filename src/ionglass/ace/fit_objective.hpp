#pragma once
// What the fit driver (potential_fit.hpp) optimises: the loss of one basis shape on the training
// data, with its gradient, and the errors on the training and test sets. The driver sees only
// this interface; fit_loss_objective.hpp implements it with FitLoss, tests with small models.
#include <Eigen/Core>
#include <optional>
#include <vector>

#include "ionglass/ace/b_basis.hpp"

namespace ionglass::ace {

/// Unweighted errors of a model on a set of structures.
struct FitErrors {
  double energy_rmse_meV_per_atom = 0;
  double force_rmse_meV_per_A = 0;
};

/// Reference and model values for parity plots (one entry per structure / force component).
struct ParityPoints {
  std::vector<double> energy_reference_eV_per_atom, energy_model_eV_per_atom;
  std::vector<double> force_reference_eV_per_A, force_model_eV_per_A;
};

/// Errors at one point x of the optimiser.
struct FitErrorReport {
  FitErrors train;
  std::optional<FitErrors> test;    ///< absent without a test set
  std::optional<double> test_loss;  ///< the loss of the test set (same definition, no regularisation)
};

class FitObjective {
 public:
  virtual ~FitObjective() = default;
  /// The trainable numbers of `potential` (this objective's basis shape) as the optimiser's x.
  virtual Eigen::VectorXd pack(const BBasisPotential& potential) const = 0;
  /// The potential with x written into its trainable numbers.
  virtual BBasisPotential potential(const Eigen::VectorXd& x) const = 0;
  /// The training loss at x; writes dL/dx into `gradient` (sized by the caller).
  virtual double loss(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) = 0;
  /// Errors on the training and test sets at x.
  virtual FitErrorReport errors(const Eigen::VectorXd& x) = 0;
  /// Parity data of the training and the test set at x.
  virtual std::pair<ParityPoints, ParityPoints> parity(const Eigen::VectorXd& x) = 0;
};

}  // namespace ionglass::ace
