#include "ionglass/report/fit_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/report/html_report.hpp"
#include "ionglass/report/parity_plot.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass {
namespace {

PlotSeries curve(const std::string& label, const std::vector<ace::FitLogRow>& log, auto value) {
  PlotSeries s;
  s.label = label;
  for (const auto& row : log)
    if (auto v = value(row)) {
      s.x.push_back(row.iteration);
      s.y.push_back(*v);
    }
  return s;
}

// Ladder steps as bands (alternate steps shaded).
std::vector<PlotBand> ladder_bands(const std::vector<ace::FitLogRow>& log) {
  std::vector<PlotBand> bands;
  for (const auto& row : log) {
    if (row.ladder_step % 2 != 0) continue;
    if (bands.empty() || bands.back().label != fmt::format("step {}", row.ladder_step))
      bands.push_back({static_cast<double>(row.iteration), static_cast<double>(row.iteration),
                       fmt::format("step {}", row.ladder_step)});
    bands.back().to = row.iteration;
  }
  return bands;
}

Plot learning_curve(const std::string& title, const std::string& y_label, const std::vector<ace::FitLogRow>& log,
                    std::vector<PlotSeries> series) {
  Plot plot;
  plot.title = title;
  plot.x_label = "iteration";
  plot.y_label = y_label;
  plot.log_y = true;
  for (auto& s : series)
    if (!s.x.empty()) plot.series.push_back(std::move(s));
  plot.bands = ladder_bands(log);
  return plot;
}

std::string number(double value) {
  return fmt::format("{:.4g}", value);
}

}  // namespace

std::string format_fit_report(const ace::FitResult& result) {
  using Row = ace::FitLogRow;
  using Optional = std::optional<double>;
  HtmlReport report("ionglass fit");
  report.section("Summary", "summary");
  const auto& e = result.final_errors;
  std::vector<std::vector<std::string>> rows{
      {"train", number(e.train.energy_rmse_meV_per_atom), number(e.train.force_rmse_meV_per_A)}};
  if (e.test) rows.push_back({"test", number(e.test->energy_rmse_meV_per_atom), number(e.test->force_rmse_meV_per_A)});
  report.table({"set", "energy RMSE (meV/atom)", "force RMSE (meV/Å)"}, rows, "Errors of the fitted potential");
  std::vector<std::pair<std::string, std::string>> items{
      {"iterations", std::to_string(result.log.empty() ? 0 : result.log.back().iteration)},
      {"B-functions (all elements)", std::to_string(ace::total_function_count(result.potential))},
      {"wall time (s)", number(result.wall_time_s)},
      {"resumed", result.resumed ? "yes" : "no"}};
  for (std::size_t s = 0; s < result.step_stop_reasons.size(); ++s)
    items.push_back({fmt::format("ladder step {}", s + 1), result.step_stop_reasons[s]});
  report.definition_list(items);

  report.section("Learning curves", "learning");
  report.figure(learning_curve("Loss", "loss", result.log,
                               {curve("train", result.log, [](const Row& r) -> Optional { return r.loss; }),
                                curve("test", result.log, [](const Row& r) { return r.test_loss; })})
                    .to_svg(),
                "Training loss (with regularisation) and test loss per iteration; shaded: even ladder steps.");
  report.figure(
      learning_curve(
          "Energy RMSE", "energy RMSE (meV/atom)", result.log,
          {curve("train", result.log, [](const Row& r) -> Optional { return r.energy_rmse_train_meV_per_atom; }),
           curve("test", result.log, [](const Row& r) { return r.energy_rmse_test_meV_per_atom; })})
          .to_svg(),
      "Energy RMSE per iteration.");
  report.figure(
      learning_curve("Force RMSE", "force RMSE (meV/Å)", result.log,
                     {curve("train", result.log, [](const Row& r) -> Optional { return r.force_rmse_train_meV_per_A; }),
                      curve("test", result.log, [](const Row& r) { return r.force_rmse_test_meV_per_A; })})
          .to_svg(),
      "Force RMSE per iteration.");

  report.section("Parity", "parity");
  const auto& train = result.train_parity;
  const auto& test = result.test_parity;
  report.figure(parity_plot("Energy parity", "energy (eV/atom)",
                            {{"train", train.energy_reference_eV_per_atom, train.energy_model_eV_per_atom},
                             {"test", test.energy_reference_eV_per_atom, test.energy_model_eV_per_atom}})
                    .to_svg(),
                "Energies per atom (reference energies subtracted) of the fitted potential.");
  auto thinned = [](const std::vector<double>& ref, const std::vector<double>& model, double spread) {
    ParitySet set;
    thin_parity_points(ref, model, 10000, 5 * spread, set.reference, set.predicted);
    return set;
  };
  const double spread = std::max(1e-3, e.train.force_rmse_meV_per_A / 1000);
  ParitySet force_train = thinned(train.force_reference_eV_per_A, train.force_model_eV_per_A, spread);
  ParitySet force_test = thinned(test.force_reference_eV_per_A, test.force_model_eV_per_A, spread);
  force_train.label = "train";
  force_test.label = "test";
  report.figure(parity_plot("Force parity", "force component (eV/Å)", {force_train, force_test}).to_svg(),
                "Force components (thinned to about 10⁴ points per set; every outlier beyond 5 RMSE drawn).");
  return report.to_html();
}

void write_fit_report(const std::string& path, const ace::FitResult& result) {
  write_file_atomically(path, format_fit_report(result));
}

}  // namespace ionglass
