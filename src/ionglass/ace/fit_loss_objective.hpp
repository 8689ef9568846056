#pragma once
// The fit driver's objective (fit_objective.hpp) for ACE: FitLoss on the training structures,
// a second FitLoss (same settings) on the test structures for the test errors and test loss.
#include <memory>
#include <vector>

#include "ionglass/ace/fit_data.hpp"
#include "ionglass/ace/fit_loss.hpp"
#include "ionglass/ace/fit_objective.hpp"

namespace ionglass::ace {

class FitLossObjective : public FitObjective {
 public:
  /// Compiles the losses of `basis` (its shape and frozen values) on `train` and `test` (may be
  /// empty); `threads` ≤ 0: OpenMP's default. `train` and `test` must outlive the objective.
  FitLossObjective(const BBasisPotential& basis, TrainableParameters trainable, const std::vector<FitStructure>& train,
                   const std::vector<FitStructure>& test, const LossSettings& settings, int threads);

  Eigen::VectorXd pack(const BBasisPotential& potential) const override;
  BBasisPotential potential(const Eigen::VectorXd& x) const override;
  double loss(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) override;
  FitErrorReport errors(const Eigen::VectorXd& x) override;
  std::pair<ParityPoints, ParityPoints> parity(const Eigen::VectorXd& x) override;

 private:
  FitLoss train_;
  std::unique_ptr<FitLoss> test_;
  int threads_;
  const std::vector<FitStructure>* train_structures_ = nullptr;  ///< kept alive by the caller
  const std::vector<FitStructure>* test_structures_ = nullptr;
};

/// pacemaker's `kappa: auto` as ionglass resolves it: the κ that gives the energy and the force
/// term the same weight for the labels themselves, κ = A/(A + B) with A = Σ_s w_E (E_s/N_s)²
/// and B = Σ_si w_F |F_si|² (0.5 when both vanish).
double automatic_kappa(const std::vector<FitStructure>& train);

}  // namespace ionglass::ace
