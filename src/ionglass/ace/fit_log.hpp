#pragma once
// The per-iteration log of a fit (fit_log.csv; learning curves of report.html).
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ionglass::ace {

struct FitLogRow {
  int ladder_step = 0;     ///< 1-based
  int function_count = 0;  ///< B-functions in the basis of this step (all elements)
  int iteration = 0;       ///< 1-based over the whole fit
  int step_iteration = 0;  ///< 1-based within the ladder step
  double loss = 0;         ///< training loss (data units: eV² per atom² / (eV/Å)² mix, as pacemaker's)
  double energy_rmse_train_meV_per_atom = 0;
  double force_rmse_train_meV_per_A = 0;
  std::optional<double> energy_rmse_test_meV_per_atom, force_rmse_test_meV_per_A, test_loss;
  double wall_time_s = 0;  ///< since the start of the fit (summed over resumed runs)
};

/// The columns of fit_log.csv in order (units in the names): the CSV header, the keys of
/// to_json(FitLogRow) and of the Python log arrays.
const std::vector<std::string>& fit_log_columns();

/// fit_log.csv: one header line (fit_log_columns()), one line per row; empty test cells
/// without a test set.
std::string format_fit_log_csv(const std::vector<FitLogRow>& rows);

nlohmann::json to_json(const FitLogRow& row);
/// Reads a row written by to_json (throws nlohmann::json exceptions on missing keys).
FitLogRow fit_log_row_from_json(const nlohmann::json& json);

}  // namespace ionglass::ace
