// `ionglass ace ...`: ACE B-basis tools — conversion to the C-tilde form, per-atom projections,
// active sets (MaxVol), extrapolation grades and D-optimal selection of new training structures.
// See docs/ace-active-learning.md.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/projections.hpp"
#include "ionglass/ace/structure_grades.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/report/ace_active_learning_report.hpp"
#include "ionglass/report/ace_projections_csv.hpp"
#include "ionglass/structure_file_stream.hpp"

namespace ionglass::cli {

namespace {

using namespace ionglass::ace;

/// The thread count of --threads (0: OpenMP's default; negative: InputError).
ExecutionContext context_of(int threads) {
  if (threads < 0) set_threads(threads);  // throws the CLI's --threads message
  ExecutionContext context;
  context.threads = threads;
  return context;
}

/// Reports a computation that fails on the user's data (too few environments) as bad input.
template <class Work>
auto as_input_error(Work work) {
  try {
    return work();
  } catch (const ComputationError& e) {
    throw InputError(e.what());
  }
}

// What the subcommands that read structures share: the B-basis potential, the structure files
// with --types/--format, and --threads.
struct AceInputs {
  std::string potential;
  std::vector<std::string> files;
  StructureInputOptions input;
  int threads = 0;
  /// --threads, then --types and --format (the order of every such subcommand's --help).
  void add_threads_and_input_options(CLI::App& command) {
    add_threads_option(command, threads);
    input.add_to(command);
  }
  /// The --threads context (a negative count is an InputError).
  ExecutionContext context() const { return context_of(threads); }
};

/// The B-basis potential argument `name` (positional or --potential).
CLI::Option* add_b_basis_option(CLI::App& command, std::string& potential, const std::string& name) {
  return command.add_option(name, potential, "B-basis potential (.yaml)")->required();
}

void register_ace_convert(CLI::App& ace) {
  auto* cmd =
      add_command(ace, "convert", "Convert a B-basis potential (.yaml) to the C-tilde form (.yace)",
                  "The .yace holds the same potential in the form LAMMPS pair_style pace and `ionglass` evaluate.\n"
                  "Example:\n  ionglass ace convert data/NaFePO4/potential/NaFePO4.yaml NaFePO4.yace");
  struct Options {
    std::string input, output;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  add_b_basis_option(*cmd, opt->input, "potential");
  cmd->add_option("output", opt->output, "C-tilde potential to write (.yace)")->required();
  add_json_flag(*cmd, opt->json, "Print a JSON summary");
  cmd->callback([opt] {
    const BBasisPotential b = read_b_basis(opt->input);
    const AceCTildeBasis c = convert_to_ctilde(b);
    write_yace(opt->output, c);
    const nlohmann::json j = ace_conversion_json(opt->input, opt->output, b, c);
    std::cout << (opt->json ? j.dump(2) + "\n" : ace_conversion_text(j));
  });
}

void register_ace_projections(CLI::App& ace) {
  auto* cmd = add_command(
      ace, "projections", "Per-atom B-basis projections (descriptor vectors) of structures",
      "Output CSV columns: structure_index, atom_index, element, b0, b1, ... (B-function values, dimensionless,\n"
      "rank 1 first, in the order of pacemaker's compute_projections). Frames of all inputs are numbered\n"
      "consecutively from 0.\nExample:\n"
      "  ionglass ace projections --potential data/NaFePO4/potential/NaFePO4.yaml dft.extxyz --out proj.csv");
  struct Options : AceInputs {
    std::string out;
  };
  auto opt = std::make_shared<Options>();
  add_b_basis_option(*cmd, opt->potential, "--potential");
  cmd->add_option("structures", opt->files, "Structure/trajectory files")->required();
  add_output_option(*cmd, opt->out, "CSV file to write")->required();
  opt->add_threads_and_input_options(*cmd);
  cmd->callback([opt] {
    const ExecutionContext context = opt->context();
    const ThreadScope threads(context);
    const BProjector projector(read_b_basis(opt->potential));
    AceProjectionsCsv csv(projector.potential());
    StructureFileStream files(opt->files, opt->input.read_options(), "projections");
    files([&](const System& s, std::size_t index) { csv.add(index, projector.compute(s)); });
    csv.save(opt->out);
    std::size_t atoms = 0;
    for (const auto& o : files.origins()) atoms += o.atoms;
    std::cerr << fmt::format("wrote {}: {} atoms of {} structures\n", opt->out, atoms, files.origins().size());
  });
}

void register_ace_activeset(CLI::App& ace) {
  auto* cmd = add_command(
      ace, "activeset", "Build the ACE active set (MaxVol, D-optimality) of training data → .asi",
      "Per element, MaxVol picks the m environments (m = number of B-functions) whose projections span\n"
      "the largest volume; the .asi stores the inverse of that m×m matrix per element (NumPy .npz, the\n"
      "format of pacemaker and LAMMPS pair_style pace/extrapolation). Data are streamed: a cumulative\n"
      "pass in batches, then refinement passes until every environment has γ ≤ tolerance.\n"
      "Example:\n  ionglass ace activeset data/NaFePO4/potential/NaFePO4.yaml data/NaFePO4/dft/dft_dev.extxyz "
      "--out NaFePO4.asi");
  struct Options : AceInputs {
    std::string out, report;
    ActiveSetOptions active;
  };
  auto opt = std::make_shared<Options>();
  add_b_basis_option(*cmd, opt->potential, "potential");
  cmd->add_option("data", opt->files, "Training structures (extxyz, ...)")->required();
  add_output_option(*cmd, opt->out, "Active-set file to write (.asi)")->required();
  cmd->add_option("--tolerance", opt->active.tolerance, "MaxVol tolerance on |c| (dimensionless, > 1)")
      ->capture_default_str();
  cmd->add_option("--max-iterations", opt->active.max_iterations, "Row swaps per MaxVol run")->capture_default_str();
  cmd->add_option("--batch-size", opt->active.batch_size, "Environments per element held in memory per MaxVol merge")
      ->capture_default_str();
  cmd->add_option("--refinement-passes", opt->active.refinement_passes,
                  "Passes merging environments still above the tolerance")
      ->capture_default_str();
  cmd->add_option("--json", opt->report, "Write a JSON report to this file ('-' = standard output)");
  opt->add_threads_and_input_options(*cmd);
  cmd->callback([opt] {
    const ExecutionContext context = opt->context();
    const ThreadScope threads(context);
    check_active_set_options(opt->active);
    const BProjector projector(read_b_basis(opt->potential));
    StructureFileStream files(opt->files, opt->input.read_options(), "active set");
    std::vector<ActiveSetElementReport> report;
    const ActiveSet set =
        as_input_error([&] { return build_active_set(projector, files.stream(), opt->active, &report); });
    write_active_set(opt->out, set);
    const std::size_t structures = files.origins().size();
    if (!opt->report.empty())
      write_json(opt->report, ace_active_set_json(opt->potential, opt->out, opt->active.tolerance, structures, report));
    if (opt->report != "-") std::cout << ace_active_set_text(opt->out, structures, report);
  });
}

void register_ace_gamma(CLI::App& ace) {
  auto* cmd = add_command(
      ace, "gamma", "Per-atom extrapolation grade γ of structures against an active set",
      "γ = max_k |(b · A_AS⁻¹)_k| (dimensionless): ≤ 1 interpolation, > 1 extrapolation (pacemaker's default\n"
      "thresholds for MD: write frames above 5, stop above 25). --out writes all frames as extxyz with a\n"
      "per-atom column `gamma` and the frame value `max_gamma`.\nExample:\n"
      "  ionglass ace gamma --potential NaFePO4.yaml --activeset NaFePO4.asi md.dump --types Fe,Na,O,P --json");
  struct Options : AceInputs {
    std::string activeset, out;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  add_b_basis_option(*cmd, opt->potential, "--potential");
  cmd->add_option("--activeset", opt->activeset, "Active set (.asi)")->required();
  cmd->add_option("structures", opt->files, "Structure/trajectory files")->required();
  add_output_option(*cmd, opt->out, "Write the frames with the per-atom column `gamma` to this extxyz file");
  add_json_flag(*cmd, opt->json, "Print per-structure results as JSON");
  opt->add_threads_and_input_options(*cmd);
  cmd->callback([opt] {
    const ExecutionContext context = opt->context();
    const BProjector projector(read_b_basis(opt->potential));
    const ActiveSet set = read_active_set(opt->activeset, projector.potential());
    std::unique_ptr<TrajectoryWriter> writer;
    if (!opt->out.empty()) writer = create_trajectory_writer(opt->out, {"extxyz"});
    StructureFileStream files(opt->files, opt->input.read_options(), "gamma");
    const auto grades = grade_structures(projector, set, files.stream(), context,
                                         [&](const System& s, std::size_t, const std::vector<double>& gamma) {
                                           if (writer) writer->write(with_extrapolation_grades(s, gamma));
                                         });
    if (writer) writer->close();
    print_json_or_text(
        opt->json, [&] { return ace_grades_json(grades, files.origins()); },
        [&] { return ace_grades_text(grades, files.origins()); });
  });
}

void register_ace_select(CLI::App& ace) {
  auto* cmd = add_command(
      ace, "select", "D-optimal selection of candidate structures for new DFT calculations",
      "The candidates' projections are stacked onto the active set and MaxVol is run per element; structures\n"
      "are ranked by how many of their environments enter the set (pacemaker's pace_select). The selected\n"
      "frames are written to --out (extxyz, with per-atom `gamma`, `max_gamma` and `selected_environments`).\n"
      "Example:\n  ionglass ace select --potential NaFePO4.yaml --activeset NaFePO4.asi extrapolative.extxyz --max 20 "
      "--out to_dft.extxyz");
  struct Options : AceInputs {
    std::string activeset, out, json;
    std::size_t max = 0;
    ActiveSetOptions active;
  };
  auto opt = std::make_shared<Options>();
  add_b_basis_option(*cmd, opt->potential, "--potential");
  cmd->add_option("--activeset", opt->activeset, "Active set of the current training data (.asi)")->required();
  cmd->add_option("candidates", opt->files, "Candidate structures/trajectories")->required();
  cmd->add_option("--max", opt->max, "Select at most this many structures")->required();
  add_output_option(*cmd, opt->out, "extxyz file for the selected structures")->required();
  cmd->add_option("--tolerance", opt->active.tolerance, "MaxVol tolerance (> 1)")->capture_default_str();
  cmd->add_option("--batch-size", opt->active.batch_size, "Environments per element per MaxVol merge")
      ->capture_default_str();
  cmd->add_option("--json", opt->json, "Write the selection as JSON to this file ('-' = standard output)");
  opt->add_threads_and_input_options(*cmd);
  cmd->callback([opt] {
    const ExecutionContext context = opt->context();
    const ThreadScope threads(context);
    if (opt->max < 1) throw InputError("--max must be at least 1");
    check_active_set_options(opt->active);
    const BProjector projector(read_b_basis(opt->potential));
    const ActiveSet set = read_active_set(opt->activeset, projector.potential());
    StructureFileStream files(opt->files, opt->input.read_options(), "select");
    const std::vector<SelectedStructure> selected =
        as_input_error([&] { return select_structures(projector, files.stream(), &set, opt->max, opt->active); });
    files.set_label("writing selection");
    const std::vector<System> chosen =
        selected_structures_with_grades(projector, set, files.stream(), selected, context);
    auto writer = create_trajectory_writer(opt->out, {"extxyz"});
    for (const auto& s : chosen) writer->write(s);
    writer->close();
    if (!opt->json.empty()) write_json(opt->json, ace_selection_json(selected, files.origins()));
    if (opt->json != "-") std::cout << ace_selection_text(selected, files.origins(), opt->out);
  });
}

}  // namespace

void register_ace(CLI::App& app) {
  auto* ace = add_command(
      app, "ace", "ACE B-basis tools: convert, projections, activeset, gamma, select",
      "See docs/ace-active-learning.md.\nExample:\n  ionglass ace activeset POT.yaml train.extxyz --out POT.asi");
  ace->require_subcommand(1);
  register_ace_convert(*ace);
  register_ace_projections(*ace);
  register_ace_activeset(*ace);
  register_ace_gamma(*ace);
  register_ace_select(*ace);
}

}  // namespace ionglass::cli
