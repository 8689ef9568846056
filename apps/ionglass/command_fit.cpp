// `ionglass fit INPUT.yaml [--out DIR] [--threads N] [--resume] [--json]`: fits an ACE B-basis
// potential from a pacemaker input (ace/potential_fit.hpp), then writes report.html
// (report/fit_report.hpp).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "ionglass/ace/fit_input.hpp"
#include "ionglass/ace/potential_fit.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/report/fit_report.hpp"

namespace ionglass::cli {
namespace {

// Progress bar (iterations of all ladder steps, with rate and ETA) and a line every 10 iterations.
class ProgressObserver : public ace::FitObserver {
 public:
  ProgressObserver(const ExecutionContext& context, int max_iterations)
      : context_(context), max_iterations_(max_iterations) {}
  ace::FitObserverDecision on_iteration(const ace::FitLogRow& row) override {
    if (bar_) bar_->update(row.iteration);
    if (row.step_iteration % 10 == 0 && context_.show_progress) {
      std::string test;
      if (row.energy_rmse_test_meV_per_atom)
        test = fmt::format(" | test {:.4g} meV/atom {:.4g} meV/Å", *row.energy_rmse_test_meV_per_atom,
                           row.force_rmse_test_meV_per_A.value_or(0));
      std::cerr << fmt::format(
          "fit: step {} iteration {} loss {:.6g} | train {:.4g} meV/atom {:.4g} meV/Å{} ({:.0f} s)\n", row.ladder_step,
          row.iteration, row.loss, row.energy_rmse_train_meV_per_atom, row.force_rmse_train_meV_per_A, test,
          row.wall_time_s);
    }
    return ace::FitObserverDecision::Continue;
  }
  void on_ladder_step(int step, int steps, int function_count) override {
    if (!bar_)
      bar_ = std::make_unique<Progress>(context_.progress("fit", static_cast<long long>(steps) * max_iterations_));
    if (context_.show_progress)
      std::cerr << fmt::format("fit: ladder step {}/{}: {} functions\n", step, steps, function_count);
  }
  void on_message(const std::string& message) override {
    if (context_.show_progress) std::cerr << "fit: " << message << "\n";
  }
  void finish() {
    if (bar_) bar_->finish();
  }

 private:
  const ExecutionContext& context_;
  int max_iterations_;
  std::unique_ptr<Progress> bar_;
};

}  // namespace

void register_fit(CLI::App& app) {
  auto* cmd = app.add_subcommand("fit", "Fit an ACE potential (B-basis) from a pacemaker input file");
  cmd->footer(
      "Reads pacemaker's input.yaml (docs/fitting.md: keys, units, loss, ladder, optimiser, outputs). Data are\n"
      "extended XYZ: energies in eV, forces in eV/Å. Writes into DIR (default: fit_<input name>), every file\n"
      "atomically: potential.yaml (B-basis), potential.yace (C-tilde), interim_potential_ladder_step_N.yaml,\n"
      "fit_log.csv (loss, energy RMSE meV/atom, force RMSE meV/Å per iteration, wall time s), fit.json,\n"
      "report.html and fit_checkpoint.json (every ladder step and every 50 iterations; --resume continues).\n"
      "Example:\n  ionglass fit examples/fit/input.yaml --out results/fit --threads 2");
  struct Options {
    std::string input, out;
    int threads = 0;
    bool resume = false, json = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("input", o->input, "pacemaker input file (YAML)")->required();
  cmd->add_option("--out", o->out, "Output folder (default: fit_<name of the input>)");
  cmd->add_option("--threads", o->threads, "OpenMP threads for the loss (default: all)");
  cmd->add_flag("--resume", o->resume, "Continue from DIR/fit_checkpoint.json after an interruption");
  cmd->add_flag("--json", o->json, "Print fit.json's summary as JSON instead of text");
  cmd->callback([o, app = &app] {
    const ace::FitInput input = ace::read_fit_input(o->input);
    ExecutionContext context;
    context.threads = o->threads;
    context.show_progress = app->get_option("--quiet")->count() == 0;
    context.output_directory = o->out.empty() ? "fit_" + std::filesystem::path(o->input).stem().string() : o->out;
    ProgressObserver observer(context, input.fit.maxiter);
    const ace::FitResult result = ace::fit_potential(input, context, observer, o->resume);
    observer.finish();
    write_fit_report(context.output_path("report.html"), result);
    const auto& e = result.final_errors;
    if (o->json) {
      std::cout << nlohmann::json::parse(std::ifstream(context.output_path("fit.json"))).dump(2) << "\n";
      return;
    }
    std::cout << fmt::format("fit: {} functions, {} iterations, {:.1f} s\n",
                             ace::total_function_count(result.potential),
                             result.log.empty() ? 0 : result.log.back().iteration, result.wall_time_s);
    std::cout << fmt::format("train: energy RMSE {:.4g} meV/atom, force RMSE {:.4g} meV/Å\n",
                             e.train.energy_rmse_meV_per_atom, e.train.force_rmse_meV_per_A);
    if (e.test)
      std::cout << fmt::format("test:  energy RMSE {:.4g} meV/atom, force RMSE {:.4g} meV/Å\n",
                               e.test->energy_rmse_meV_per_atom, e.test->force_rmse_meV_per_A);
    std::cout << "potential: " << context.output_path("potential.yaml")
              << "\nreport: " << context.output_path("report.html") << "\n";
  });
}

}  // namespace ionglass::cli
