#pragma once
// From a pacemaker input (fit_input.hpp) to what the fit driver runs (potential_fit.hpp): the
// data, the ladder of bases, the objective of each basis and the run settings.
//
// Ladder (`ladder_type: power_order`, `ladder_step`): step s fits the first
// ladder_function_count(N_e, ladder_step, s) functions of each element's power-ordered basis
// (basis_enumeration.hpp), until every element has its full basis; without `ladder_step` one
// step fits the full basis. With `initial_potential` every step's basis is that potential
// (its bonds, embeddings and values) plus the step's functions it does not have yet, at 0.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ionglass/ace/fit_data.hpp"
#include "ionglass/ace/fit_input.hpp"
#include "ionglass/ace/fit_loss.hpp"
#include "ionglass/ace/potential_fit.hpp"

namespace ionglass::ace {

struct PreparedFit {
  FitProblem problem;
  FitRunSettings settings;
  LossSettings loss;                       ///< with `kappa: auto` resolved
  std::shared_ptr<const FitDataset> data;  ///< kept alive by the problem's objectives
  std::vector<std::string> notes;          ///< for the log: ignored keys, resolved values
};

/// Reads the data, enumerates the basis and builds the ladder for `input`. `threads` for the
/// loss evaluations (≤ 0: OpenMP's default). Throws InputError for bad input (E's checks).
PreparedFit prepare_fit(const FitInput& input, int threads);

/// Adds to `start` (a copy) every function of `extra` that it does not have, with the
/// coefficients `extra` gives; functions whose bond `start` lacks or whose n, l exceed that
/// bond's limits are left out and counted in the return value.
int add_missing_functions(BBasisPotential& start, const BBasisPotential& extra);

}  // namespace ionglass::ace
