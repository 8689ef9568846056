// `ionglass run PROTOCOL.yaml`: molecular dynamics (melt-quench, diffusion runs, minimisation)
// following a YAML protocol; see docs/md.md.
#include <fmt/format.h>

#include <iostream>

#include "ionglass/commands.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "ionglass/report/md_run_summary.hpp"

namespace ionglass::cli {

void register_run(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Run molecular dynamics from a YAML protocol (stages nve/nvt/npt/minimize)");
  cmd->footer(
      "Units: LAMMPS metal (A, eV, ps, K, amu, e, bar); timesteps in ps (0.001 = 1 fs).\n"
      "Writes into --out: thermo.csv (step,time_ps,stage,temperature_K,target_temperature_K,potential_energy_eV,\n"
      "kinetic_energy_eV,total_energy_eV,conserved_energy_eV,pressure_bar,volume_A3,density_g_cm3), the trajectory\n"
      "(LAMMPS dump with image flags or extended XYZ), checkpoint.bin, the final structure (LAMMPS data) and\n"
      "summary.json (steps_per_second, timings). Protocol keys: docs/md.md.\n"
      "Example:\n  ionglass run examples/quench_teter_small.yaml --out runs/quench --threads 2\n"
      "  ionglass run examples/quench_teter_small.yaml --out runs/quench --resume   # after an interruption");
  struct Options {
    std::string protocol;
    std::string out = ".";
    bool resume = false;
    int threads = 0;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("protocol", opt->protocol, "Protocol file (YAML)")->required();
  cmd->add_option("--out", opt->out, "Output directory (created if needed; default: current directory)");
  cmd->add_flag("--resume", opt->resume, "Continue from the checkpoint in --out (exactly, with the same thread count)");
  cmd->add_option("--threads", opt->threads, "OpenMP threads (default: OMP_NUM_THREADS or all cores)");
  cmd->callback([opt] {
    ExecutionContext context;
    context.threads = opt->threads;
    context.output_directory = opt->out;
    context.validate();  // a negative --threads is an InputError before the protocol is read
    const Protocol protocol = read_protocol(opt->protocol);
    RunControl control;
    control.resume = opt->resume;
    control.console = &std::cout;
    const RunSummary s = run_protocol(protocol, context, control);
    write_md_run_summary(s, opt->protocol, opt->out);
  });
}

}  // namespace ionglass::cli
