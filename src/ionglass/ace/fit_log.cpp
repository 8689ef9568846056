#include "ionglass/ace/fit_log.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace ionglass::ace {
namespace {

std::string optional_cell(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : "";
}

std::optional<double> optional_number(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || json[key].is_null()) return std::nullopt;
  return json[key].get<double>();
}

}  // namespace

const std::vector<std::string>& fit_log_columns() {
  static const std::vector<std::string> columns{"ladder_step",
                                                "function_count",
                                                "iteration",
                                                "step_iteration",
                                                "loss",
                                                "energy_rmse_train_meV_per_atom",
                                                "force_rmse_train_meV_per_A",
                                                "energy_rmse_test_meV_per_atom",
                                                "force_rmse_test_meV_per_A",
                                                "test_loss",
                                                "wall_time_s"};
  return columns;
}

std::string format_fit_log_csv(const std::vector<FitLogRow>& rows) {
  std::string text = fmt::format("{}\n", fmt::join(fit_log_columns(), ","));
  for (const auto& r : rows)
    text += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", r.ladder_step, r.function_count, r.iteration,
                        r.step_iteration, r.loss, r.energy_rmse_train_meV_per_atom, r.force_rmse_train_meV_per_A,
                        optional_cell(r.energy_rmse_test_meV_per_atom), optional_cell(r.force_rmse_test_meV_per_A),
                        optional_cell(r.test_loss), r.wall_time_s);
  return text;
}

nlohmann::json to_json(const FitLogRow& r) {
  auto optional = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"ladder_step", r.ladder_step},
          {"function_count", r.function_count},
          {"iteration", r.iteration},
          {"step_iteration", r.step_iteration},
          {"loss", r.loss},
          {"energy_rmse_train_meV_per_atom", r.energy_rmse_train_meV_per_atom},
          {"force_rmse_train_meV_per_A", r.force_rmse_train_meV_per_A},
          {"energy_rmse_test_meV_per_atom", optional(r.energy_rmse_test_meV_per_atom)},
          {"force_rmse_test_meV_per_A", optional(r.force_rmse_test_meV_per_A)},
          {"test_loss", optional(r.test_loss)},
          {"wall_time_s", r.wall_time_s}};
}

FitLogRow fit_log_row_from_json(const nlohmann::json& j) {
  FitLogRow r;
  r.ladder_step = j.at("ladder_step").get<int>();
  r.function_count = j.at("function_count").get<int>();
  r.iteration = j.at("iteration").get<int>();
  r.step_iteration = j.at("step_iteration").get<int>();
  r.loss = j.at("loss").get<double>();
  r.energy_rmse_train_meV_per_atom = j.at("energy_rmse_train_meV_per_atom").get<double>();
  r.force_rmse_train_meV_per_A = j.at("force_rmse_train_meV_per_A").get<double>();
  r.energy_rmse_test_meV_per_atom = optional_number(j, "energy_rmse_test_meV_per_atom");
  r.force_rmse_test_meV_per_A = optional_number(j, "force_rmse_test_meV_per_A");
  r.test_loss = optional_number(j, "test_loss");
  r.wall_time_s = j.at("wall_time_s").get<double>();
  return r;
}

}  // namespace ionglass::ace
