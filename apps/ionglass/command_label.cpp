// `ionglass label STRUCTURES... --calculator CONFIG.yaml --out DB.extxyz`: reference energies and
// forces (DFT or any program) for a set of structures, appended to an extended-XYZ label database.
#include <fmt/format.h>

#include <iostream>

#include "ionglass/calculators/calculator_config.hpp"
#include "ionglass/calculators/labelling.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::cli {

void register_label(CLI::App& app) {
  auto* cmd = add_command(
      app, "label", "Label structures with a reference calculator (energies in eV, forces in eV/Å, pressure in bar)",
      "Every frame of every input file is one structure. The calculator and the job runner come from the YAML\n"
      "configuration file (calculator:, its section, runner: backend/cores_per_job/max_cores/retries/timeout_s;\n"
      "see docs/calculators.md). Results are appended to DB as they complete (a result cut short by a kill\n"
      "is dropped and labelled again); structures already in DB with the same settings hash are skipped.\n"
      "Beside DB: DB.jobs/ (job database and work folders), DB.failures.csv (failed and filtered structures),\n"
      "DB.summary.json.\n"
      "--resume continues an interrupted run from DB.jobs/ (finished results are collected again, lost jobs rerun).\n"
      "--md-steps N runs NVT molecular dynamics through the calculator (cp2k) from every structure instead of\n"
      "a single point, and stores --md-frames frames sampled evenly (every steps/frames steps) as labels.\n"
      "Examples:\n"
      "  ionglass label glass_*.extxyz --calculator teacher.yaml --out labels.extxyz\n"
      "  ionglass label frames.extxyz --calculator ase_script.yaml --out labels.extxyz --resume --max-force 20 --json\n"
      "  ionglass label seeds.extxyz --calculator cp2k.yaml --out aimd.extxyz --md-temperature 5000 --md-steps 100 \\\n"
      "      --md-frames 5");
  struct Options {
    std::vector<std::string> inputs;
    std::string config, out;
    bool resume = false, json = false;
    double max_force = 0;
    int threads = 0;
    double md_temperature = 0, md_timestep = 1.0;
    long long md_steps = 0, md_frames = 0, md_seed = 1;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("structures", opt->inputs, "Input structure files (any format `ionglass convert` reads)")->required();
  cmd->add_option("--calculator", opt->config, "Calculator configuration file (YAML)")->required();
  cmd->add_option("--out", opt->out, "Label database (extended XYZ), appended to")->required();
  cmd->add_flag("--resume", opt->resume, "Continue an interrupted run from DB.jobs/");
  cmd->add_option("--max-force", opt->max_force,
                  "eV/Å: frames whose largest |F| exceeds it go to the failures file, not DB (default: none)");
  cmd->add_option("--md-temperature", opt->md_temperature, "K: temperature of the NVT molecular dynamics");
  cmd->add_option("--md-steps", opt->md_steps, "Steps of molecular dynamics per structure (default: single points)");
  cmd->add_option("--md-timestep", opt->md_timestep, "fs: molecular-dynamics time step (default 1)");
  cmd->add_option("--md-frames", opt->md_frames,
                  "Frames kept per run, evenly spaced; must divide --md-steps (default: every step)");
  cmd->add_option("--md-seed", opt->md_seed, "Seed of the initial velocities (default 1)");
  add_threads_option(*cmd, opt->threads, "Cores for the local pool when runner.max_cores is 0 (default: all)");
  add_json_flag(*cmd, opt->json, "Print the summary as JSON (counts per status, wall times)");
  cmd->callback([opt] {
    using namespace calculators;
    const CalculatorConfig config = read_calculator_config(opt->config);
    const ExecutionContext context = command_context(opt->threads);
    LabelSettings settings;
    settings.database_path = opt->out;
    settings.resume = opt->resume;
    if (opt->max_force != 0) settings.max_force_eV_per_A = opt->max_force;
    settings.runner = config.runner;
    if (opt->md_steps != 0 || opt->md_temperature != 0) {
      if (opt->md_steps < 1 || !(opt->md_temperature > 0))
        throw InputError("--md-steps (≥ 1) and --md-temperature (> 0 K) go together");
      const long long frames = opt->md_frames == 0 ? opt->md_steps : opt->md_frames;
      if (frames < 1 || opt->md_steps % frames != 0)
        throw InputError(fmt::format("--md-frames {} must be ≥ 1 and divide --md-steps {}", frames, opt->md_steps));
      settings.request.kind = CalculationRequest::Kind::molecular_dynamics;
      settings.request.molecular_dynamics = {opt->md_temperature, opt->md_steps, opt->md_timestep,
                                             opt->md_steps / frames, static_cast<unsigned long long>(opt->md_seed)};
    }
    const auto calculator = make_calculator(config);
    const auto backend = make_backend(config, context);
    const LabelSummary summary = label_structures(opt->inputs, *calculator, *backend, settings, context);
    print_json_or_text(
        opt->json, [&] { return summary_json(summary); },
        [&] {
          return fmt::format(
              "{} structures: {} already labelled, {} frames stored, {} filtered, {} failures "
              "({:.1f} s)\n  database {}\n  failures {}\n",
              summary.structures, summary.already_labelled, summary.frames_stored, summary.filtered, summary.failures,
              summary.wall_time_s, summary.database_path, summary.failures_path);
        });
  });
}

}  // namespace ionglass::cli
