// `ionglass lammps export|run`: scale-out of MD protocols through LAMMPS (docs/scale-out.md).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/split_words.hpp"
#include "ionglass/lammps/deck_writer.hpp"
#include "ionglass/lammps/runner.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/report/lammps_summary.hpp"

namespace ionglass::cli {

namespace {

void register_lammps_export(CLI::App& group) {
  auto* cmd = add_command(
      group, "export", "Write a LAMMPS input deck and data file equivalent to an ionglass MD protocol",
      "Writes into --out: in.lammps (every stage, thermostat/barostat, ramp, thermo, trajectory dump with image "
      "flags,\n"
      "restart files, final write_data; comments name the ionglass setting of each block), structure.data (LAMMPS\n"
      "data, charges and the initial velocities ionglass would draw), pair_tables.table (Teter r < r0 core, other\n"
      "tabulated pairs), copies of ACE potential files, ionglass_stages.yaml (for `ionglass lammps run`) and\n"
      "export.json (files, pair_style, differences from ionglass).\n"
      "Units: LAMMPS metal (A, eV, ps, K, amu, e, bar). Details: docs/scale-out.md.\n"
      "Example:\n  ionglass lammps export examples/quench_teter_small.yaml --out runs/quench_lammps\n"
      "  ionglass lammps export ace_md.yaml --out runs/ace --active-set NaFePO4.asi --gamma 5 25");
  struct Options {
    std::string protocol, out, bmp = "morse", active_set, ace_yaml;
    bool create_velocities = false;
    std::vector<double> gamma{5.0, 25.0};
    long long gamma_every = 10;
    int table_points = 20000;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("protocol", opt->protocol, "Protocol file (YAML, docs/md.md)")->required();
  add_output_option(*cmd, opt->out, "Output directory (created if needed)")->required();
  cmd->add_option("--pair-style-bmp", opt->bmp,
                  "BMP Morse + C0/r^12 pairs: morse (morse + lj/cut + buck, any LAMMPS) or pedone (LAMMPS >= 2023)")
      ->check(CLI::IsMember({"morse", "pedone"}));
  cmd->add_flag(
      "--velocity-create", opt->create_velocities,
      "Let LAMMPS draw the initial velocities (velocity create) instead of storing ionglass's in the data file");
  cmd->add_option("--active-set", opt->active_set, "ACE active set (.asi): use pair_style pace/extrapolation");
  cmd->add_option("--ace-yaml", opt->ace_yaml,
                  "ACE B-basis potential (.yaml) for pace/extrapolation (default: the .yace path with .yaml)");
  cmd->add_option("--gamma", opt->gamma,
                  "Extrapolation-grade thresholds LOWER UPPER: dump above LOWER, stop above UPPER (default 5 25)")
      ->expected(2);
  cmd->add_option("--gamma-every", opt->gamma_every, "Steps between extrapolation-grade evaluations (default 10)");
  cmd->add_option("--table-points", opt->table_points, "Points per pair table (default 20000)");
  add_json_flag(*cmd, opt->json, "Print the export summary as JSON on standard output");
  cmd->callback([opt] {
    const Protocol protocol = read_protocol(opt->protocol);
    LammpsExportOptions o;
    o.output_dir = opt->out;
    o.bmp_style = parse_bmp_pair_style(opt->bmp);
    o.create_velocities = opt->create_velocities;
    o.active_set = opt->active_set;
    o.ace_b_basis = opt->ace_yaml;
    o.gamma_lower = opt->gamma.at(0);
    o.gamma_upper = opt->gamma.at(1);
    o.gamma_every = opt->gamma_every;
    o.table_points = opt->table_points;
    const LammpsExportResult r = export_lammps_deck(protocol, o);
    const nlohmann::json j = lammps_export_summary(opt->protocol, r);
    write_json((std::filesystem::path(opt->out) / "export.json").string(), j);
    if (opt->json) {
      write_json("-", j);
      return;
    }
    std::cout << fmt::format("wrote {} and {} ({} files)\npair_style {}\n", r.deck_path, r.data_path, r.files.size(),
                             r.pair_style);
    if (!r.differences.empty()) {
      std::cout << "differences from `ionglass run` (also commented in the deck):\n";
      for (const auto& d : r.differences) std::cout << "  - " << d << "\n";
    }
    std::cout << fmt::format("run it with: ionglass lammps run {} --np N\n", opt->out);
  });
}

void register_lammps_run(CLI::App& group) {
  auto* cmd = add_command(
      group, "run", "Run an exported LAMMPS deck (mpirun -np N lmp) and convert its thermo output",
      "Runs `mpirun -np N lmp -in in.lammps -log log.lammps` in DIR (N = 1: lmp alone), follows the log (progress,\n"
      "thermo lines) and writes DIR/thermo.csv with the columns of `ionglass run` (step,time_ps,stage,temperature_K,\n"
      "target_temperature_K,potential_energy_eV,kinetic_energy_eV,total_energy_eV,conserved_energy_eV,pressure_bar,\n"
      "volume_A3,density_g_cm3) and DIR/lammps_run.json. The trajectory dump goes straight into `ionglass structure`\n"
      "and `ionglass dynamics`. LAMMPS screen output: DIR/lammps.screen.\n"
      "Example:\n  ionglass lammps run runs/quench_lammps --np 2\n"
      "  ionglass lammps run runs/big --np 1 --lmp /opt/lammps/bin/lmp --lmp-args \"-k on g 1 -sf kk\"");
  struct Options {
    std::string dir;
    int np = 1;
    std::string lmp = "lmp", mpirun = "mpirun", lmp_args, mpirun_args;
    bool json = false, convert_only = false;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("dir", opt->dir, "Directory written by `ionglass lammps export`")->required();
  cmd->add_option("--np", opt->np, "MPI ranks (default 1: no mpirun)");
  cmd->add_option("--lmp", opt->lmp, "LAMMPS executable (default: lmp on PATH, Debian's lammps package)");
  cmd->add_option("--mpirun", opt->mpirun, "MPI launcher (default: mpirun on PATH)");
  cmd->add_option("--lmp-args", opt->lmp_args, "Extra lmp arguments, e.g. \"-k on g 1 -sf kk\" (KOKKOS on one GPU)");
  cmd->add_option("--mpirun-args", opt->mpirun_args, "Extra launcher arguments, e.g. \"--bind-to core\"");
  cmd->add_flag(
      "--convert-only", opt->convert_only,
      "Do not run LAMMPS: convert DIR/log.lammps of a run made elsewhere (e.g. on a cluster) to the thermo CSV");
  add_json_flag(*cmd, opt->json, "Print the run summary as JSON on standard output");
  cmd->callback([opt] {
    if (opt->convert_only) {
      std::string csv;
      const std::size_t rows = convert_lammps_log(opt->dir, &csv);
      std::cout << fmt::format("thermo: {} ({} rows)\n", csv, rows);
      return;
    }
    LammpsRunOptions o;
    o.directory = opt->dir;
    o.ranks = opt->np;
    o.lmp = opt->lmp;
    o.mpirun = opt->mpirun;
    o.lmp_arguments = split_words(opt->lmp_args);
    o.mpirun_arguments = split_words(opt->mpirun_args);
    o.console = opt->json ? nullptr : &std::cout;
    const LammpsRunSummary s = run_lammps_deck(o);
    const nlohmann::json j = lammps_run_summary(o, s);
    write_json((std::filesystem::path(opt->dir) / "lammps_run.json").string(), j);
    if (opt->json) {
      write_json("-", j);
      return;
    }
    std::cout << fmt::format("LAMMPS finished at step {} in {:.2f} s; thermo: {} ({} rows)\n", s.last_step,
                             s.wall_seconds, s.thermo_csv, s.thermo_rows);
  });
}

}  // namespace

void register_lammps(CLI::App& app) {
  auto* group = add_command(
      app, "lammps", "Scale-out through LAMMPS: export protocols as LAMMPS decks and run them",
      "Subcommands: export (protocol -> in.lammps + structure.data), run (mpirun -np N lmp, thermo -> CSV).\n"
      "Example:\n  ionglass lammps export examples/quench_teter_small.yaml --out runs/q && ionglass lammps run runs/q "
      "--np 2");
  group->require_subcommand(1);
  register_lammps_export(*group);
  register_lammps_run(*group);
}

}  // namespace ionglass::cli
