// `ionglass study STUDY.yaml [--out DIR] [--force]`: the whole comparison of models, from
// structures to report.html (study/study_pipeline.hpp; writers from report/study_writers.hpp).
#include <filesystem>
#include <iostream>

#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/report/study_writers.hpp"
#include "ionglass/study/study_config.hpp"
#include "ionglass/study/study_pipeline.hpp"

namespace ionglass::cli {

void register_study(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "study", "Compare models end to end: structure, ion diffusion MD, dynamics, Arrhenius laws, HTML report");
  cmd->footer(
      "The study file lists models (potential + structures, or a quench protocol with replicas), structure-analysis\n"
      "settings and diffusion temperatures (docs/study.md). Completed steps are skipped on a rerun; an interrupted MD\n"
      "run resumes from its checkpoint; --force redoes everything. Units: Å, eV, ps, K, g/cm³, S/cm.\n"
      "Example:\n  ionglass study examples/nafepo4_quick.yaml --out results/quick\n"
      "  (then open results/quick/report.html)");
  struct Options {
    std::string file;
    std::string out;
    bool force = false;
    int threads = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("study", o->file, "Study file (YAML)")->required();
  cmd->add_option("--out", o->out, "Output folder (default: study_<name of the file>)");
  cmd->add_flag("--force", o->force, "Redo every step, even completed ones");
  cmd->add_option("--threads", o->threads, "OpenMP threads for each step (default: the study file's, else all)");
  cmd->callback([o] {
    const study::StudySpec spec = study::read_study(o->file);
    ExecutionContext context;
    context.output_directory = o->out.empty() ? "study_" + std::filesystem::path(o->file).stem().string() : o->out;
    context.threads = o->threads > 0 ? o->threads : spec.threads;
    const auto results = study::run_study(spec, context, standard_study_writers(), o->force);
    std::cout << "study: " << results.steps_run << " steps run, " << results.steps_skipped
              << " already completed\nreport: " << results.report_path << "\nresults: " << results.json_path << "\n";
  });
}

}  // namespace ionglass::cli
