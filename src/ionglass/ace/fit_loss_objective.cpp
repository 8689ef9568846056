#include "ionglass/ace/fit_loss_objective.hpp"

namespace ionglass::ace {
namespace {

FitErrors errors_of(const FitMetrics& m) {
  return {m.energy_rmse_meV_per_atom, m.force_rmse_meV_per_A};
}

ParityPoints parity_of(const FitMetrics& m) {
  ParityPoints p;
  for (const auto& s : m.predictions) {
    const double n = s.atom_count > 0 ? s.atom_count : 1;
    p.energy_reference_eV_per_atom.push_back(s.reference_energy_eV / n);
    p.energy_model_eV_per_atom.push_back(s.energy_eV / n);
  }
  return p;
}

// Force parity needs the labels, which StructurePrediction does not carry.
void add_force_parity(ParityPoints& p, const FitMetrics& m, const std::vector<FitStructure>& structures) {
  for (std::size_t s = 0; s < m.predictions.size() && s < structures.size(); ++s)
    for (std::size_t i = 0; i < m.predictions[s].forces_eV_A.size(); ++i)
      for (int d = 0; d < 3; ++d) {
        p.force_reference_eV_per_A.push_back(structures[s].forces_eV_A[i][d]);
        p.force_model_eV_per_A.push_back(m.predictions[s].forces_eV_A[i][d]);
      }
}

}  // namespace

FitLossObjective::FitLossObjective(const BBasisPotential& basis, TrainableParameters trainable,
                                   const std::vector<FitStructure>& train, const std::vector<FitStructure>& test,
                                   const LossSettings& settings, int threads)
    : train_(basis, FitParameterLayout(basis, trainable), train, settings), threads_(threads) {
  if (!test.empty()) test_ = std::make_unique<FitLoss>(basis, FitParameterLayout(basis, trainable), test, settings);
  train_structures_ = &train;
  test_structures_ = &test;
}

Eigen::VectorXd FitLossObjective::pack(const BBasisPotential& potential) const {
  return train_.layout().pack(potential);
}

BBasisPotential FitLossObjective::potential(const Eigen::VectorXd& x) const {
  return train_.potential(x);
}

double FitLossObjective::loss(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
  return train_.evaluate(x, &gradient, threads_);
}

FitErrorReport FitLossObjective::errors(const Eigen::VectorXd& x) {
  FitErrorReport report;
  report.train = errors_of(train_.metrics(x, threads_));
  if (test_) {
    const FitMetrics test = test_->metrics(x, threads_);
    report.test = errors_of(test);
    report.test_loss = test.loss.energy + test.loss.force;
  }
  return report;
}

std::pair<ParityPoints, ParityPoints> FitLossObjective::parity(const Eigen::VectorXd& x) {
  const FitMetrics train = train_.metrics(x, threads_);
  std::pair<ParityPoints, ParityPoints> result{parity_of(train), {}};
  add_force_parity(result.first, train, *train_structures_);
  if (test_) {
    const FitMetrics test = test_->metrics(x, threads_);
    result.second = parity_of(test);
    add_force_parity(result.second, test, *test_structures_);
  }
  return result;
}

double automatic_kappa(const std::vector<FitStructure>& train) {
  double a = 0, b = 0;
  for (const auto& s : train) {
    const double n = static_cast<double>(s.system.size());
    if (n > 0) a += s.energy_weight * (s.energy_eV / n) * (s.energy_eV / n);
    for (std::size_t i = 0; i < s.forces_eV_A.size() && i < s.force_weights.size(); ++i)
      b += s.force_weights[i] * s.forces_eV_A[i].squaredNorm();
  }
  return a + b > 0 ? a / (a + b) : 0.5;
}

}  // namespace ionglass::ace
