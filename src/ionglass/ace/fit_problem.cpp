#include "ionglass/ace/fit_problem.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "ionglass/ace/basis_enumeration.hpp"
#include "ionglass/ace/fit_loss_objective.hpp"
#include "ionglass/ace/fit_parameters.hpp"
#include "ionglass/ace/repulsion_settings.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {
namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int ladder_step_count(const std::vector<std::vector<BasisFunctionSpec>>& full, double ladder_step) {
  if (!(ladder_step > 0)) return 1;
  int steps = 1;
  for (;; ++steps) {
    bool complete = true;
    for (const auto& list : full)
      if (ladder_function_count(list.size(), ladder_step, steps) < list.size()) complete = false;
    if (complete) return steps;
  }
}

}  // namespace

int add_missing_functions(BBasisPotential& start, const BBasisPotential& extra) {
  int left_out = 0;
  std::vector<int> to_start(extra.elements.size(), -1);
  for (std::size_t e = 0; e < extra.elements.size(); ++e) {
    const auto it = std::find(start.elements.begin(), start.elements.end(), extra.elements[e]);
    if (it != start.elements.end()) to_start[e] = static_cast<int>(it - start.elements.begin());
  }
  std::set<std::string> present;
  for (const auto& list : start.functions)
    for (const auto& f : list) present.insert(function_identity(start, f));
  for (const auto& list : extra.functions)
    for (const auto& f : list) {
      if (to_start[f.mu0] < 0 || std::any_of(f.mus.begin(), f.mus.end(), [&](int mu) { return to_start[mu] < 0; })) {
        ++left_out;
        continue;
      }
      if (present.count(function_identity(extra, f))) continue;
      BBasisFunction copy = f;
      copy.mu0 = to_start[f.mu0];
      for (auto* list : {&copy.mus, &copy.file_mus})
        for (int& mu : *list) mu = to_start[mu];
      bool fits = static_cast<int>(copy.coefficients.size()) == start.embeddings[copy.mu0].ndensity;
      for (int t = 0; t < copy.rank && fits; ++t) {
        if (!start.bond_present[copy.mu0][copy.mus[t]]) {
          fits = false;
          break;
        }
        const BBasisBond& bond = start.bonds[copy.mu0][copy.mus[t]];
        const int nmax = copy.rank == 1 ? bond.nradbase : bond.nradmax;
        if (copy.ns[t] > nmax || copy.ls[t] > bond.lmax) fits = false;
      }
      if (!fits) {
        ++left_out;
        continue;
      }
      start.functions[copy.mu0].push_back(std::move(copy));
    }
  return left_out;
}

PreparedFit prepare_fit(const FitInput& input, int threads) {
  PreparedFit prepared;
  std::vector<std::string> elements = input.potential.elements;
  std::sort(elements.begin(), elements.end());
  auto data = std::make_shared<FitDataset>(read_fit_dataset(input, elements));
  prepared.data = data;
  if (input.backend_given) prepared.notes.push_back("backend: ignored (ionglass has one CPU engine)");

  const auto full = enumerate_basis(input);
  std::map<std::string, double> r_in;
  if (input.fit.repulsion_auto) r_in = automatic_inner_cutoffs(elements, data->shortest_distance_A);
  const double ladder_step = input.fit.ladder_step;
  const int steps = ladder_step_count(full, ladder_step);

  std::shared_ptr<const BBasisPotential> initial;
  if (!input.potential.initial_potential.empty())
    initial = std::make_shared<const BBasisPotential>(read_b_basis(input.potential.initial_potential));

  prepared.problem.ladder_steps = steps;
  prepared.problem.ladder_basis = [input, full, r_in, ladder_step, steps, initial](int step) {
    const auto functions = steps == 1 ? full : ladder_basis(full, ladder_step, step);
    BBasisPotential basis = initial_b_basis(input, functions, r_in);
    if (!initial) return basis;
    BBasisPotential start = *initial;
    add_missing_functions(start, basis);
    return start;
  };

  LossSettings loss;
  loss.L1 = input.fit.loss.L1_coeffs;
  loss.L2 = input.fit.loss.L2_coeffs;
  loss.w0_rad = input.fit.loss.w0_rad;
  loss.w1_rad = input.fit.loss.w1_rad;
  loss.w2_rad = input.fit.loss.w2_rad;
  if (input.fit.loss.kappa) {
    loss.kappa = *input.fit.loss.kappa;
  } else {
    loss.kappa = automatic_kappa(data->train);
    prepared.notes.push_back(fmt::format("kappa: auto resolved to {:.6g}", loss.kappa));
  }
  loss.validate(input.source);
  prepared.loss = loss;
  const TrainableParameters trainable = parse_trainable_parameters(input.fit.trainable_parameters, input.source, 0);
  prepared.problem.objective = [data, trainable, loss, threads](const BBasisPotential& basis) {
    return std::make_unique<FitLossObjective>(basis, trainable, data->train, data->test, loss, threads);
  };

  FitRunSettings& run = prepared.settings;
  run.optimizer.kind = parse_fit_optimizer(input.fit.optimizer, input.source, 0);
  run.max_iterations = input.fit.maxiter;
  run.early_stopping = {input.fit.early_stopping_patience, input.fit.min_relative_train_loss_per_iter,
                        input.fit.min_relative_test_loss_per_iter};
  run.input_fingerprint = file_text(input.source);
  run.metadata = {{"input_file", input.source},
                  {"optimizer", input.fit.optimizer},
                  {"kappa", fmt::format("{}", loss.kappa)},
                  {"train_structures", std::to_string(data->train.size())},
                  {"test_structures", std::to_string(data->test.size())}};
  return prepared;
}

}  // namespace ionglass::ace
