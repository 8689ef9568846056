// `ionglass validate --potential POT DATA.extxyz`: energy and force errors of a potential against
// labelled reference data (RMSE/MAE overall, by element, by an info key, per structure), parity
// plots, and the worst structures with their shortest interatomic distance.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <numeric>

#include "ionglass/ace/potential_validation.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/potential_loader/potential_loader.hpp"
#include "ionglass/report/validation_report.hpp"

namespace ionglass::cli {

using ace::ErrorAccumulator;
using ace::parse_reference_energies;
using ace::PotentialValidator;
using ace::StructureValidation;
using ace::ValidationOptions;

namespace {

constexpr double meV = 1000.0;

struct Options {
  std::string potential;
  std::string data;
  std::string energy_key, forces_key, reference_energies, group_by;
  std::string out;
  bool json = false;
  int worst = 10;
  int threads = 0;
  StructureInputOptions input;
};

void run(const Options& opt) {
  const ExecutionContext context = command_context(opt.threads);
  ValidationOptions vo;
  vo.energy_key = opt.energy_key;
  vo.forces_key = opt.forces_key;
  vo.group_by = opt.group_by;
  if (!opt.reference_energies.empty()) vo.reference_energies = parse_reference_energies(opt.reference_energies);
  auto potential = load_potential(opt.potential, context);

  auto reader = open_trajectory(opt.data, opt.input.read_options());
  PotentialValidator validator(*potential, vo);
  {
    std::vector<System> frames;
    System frame;
    while (reader->next(frame)) frames.push_back(frame);
    Progress progress("validate", static_cast<long long>(frames.size()));
    for (std::size_t index = 0; index < frames.size(); ++index) {
      validator.add(frames[index], static_cast<long long>(index), opt.data);
      progress.update(static_cast<long long>(index + 1));
    }
    progress.finish();
  }
  const auto& structures = validator.structures();

  ValidationSummaryOptions summary_options{opt.potential, opt.data, vo.reference_energies, opt.group_by, opt.worst};
  const nlohmann::json j = validation_summary(validator, summary_options);
  if (!opt.out.empty()) write_validation_report(opt.out, validator, j);
  const double total_sse = validator.forces().sum_squared;
  const auto by_force = structures_by_force_error(structures);
  const auto by_energy = structures_by_energy_error(structures);
  const std::size_t nworst = static_cast<std::size_t>(std::max(opt.worst, 0));
  const nlohmann::json& without = j["force_rmse_without_worst"];

  if (opt.json) {
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format("{} structures ({} atoms) of {} against {}\n", j["n_structures"].get<std::size_t>(),
                           j["n_atoms"].get<std::size_t>(), opt.data, opt.potential);
  std::cout << fmt::format("  reference keys: energy '{}', forces '{}'\n", validator.energy_key(),
                           validator.forces_key().empty() ? "(none)" : validator.forces_key());
  std::cout << fmt::format("  energy  RMSE {:9.3f} meV/atom   MAE {:9.3f} meV/atom   max {:9.3f} meV/atom\n",
                           validator.energy().rmse() * meV, validator.energy().mae() * meV,
                           validator.energy().max_absolute * meV);
  std::cout << fmt::format("  forces  RMSE {:9.3f} meV/Å      MAE {:9.3f} meV/Å      max {:9.3f} meV/Å\n",
                           validator.forces().rmse() * meV, validator.forces().mae() * meV,
                           validator.forces().max_absolute * meV);
  for (const auto& w : without)
    std::cout << fmt::format("          RMSE {:9.3f} meV/Å without the {} worst structure(s)\n",
                             w["force_rmse_meV_per_A"].get<double>(), w["excluded_structures"].get<std::size_t>());
  std::cout << "  forces by element (meV/Å):\n";
  for (const auto& [el, a] : validator.forces_by_element())
    std::cout << fmt::format("    {:<3} RMSE {:9.3f}  MAE {:9.3f}\n", el, a.rmse() * meV, a.mae() * meV);
  if (!opt.group_by.empty()) {
    std::cout << fmt::format("  by {}:\n", opt.group_by);
    for (const auto& [g, a] : validator.energy_by_group()) {
      const auto f = validator.forces_by_group().find(g);
      std::cout << fmt::format("    {:<8} {:4d} structures  energy RMSE {:9.3f} meV/atom  force RMSE {:9.3f} meV/Å\n",
                               g, a.count, a.rmse() * meV,
                               f == validator.forces_by_group().end() ? 0.0 : f->second.rmse() * meV);
    }
  }
  std::cout << "  worst structures by force error (share of the total squared force error):\n";
  for (std::size_t k = 0; k < std::min(nworst, by_force.size()); ++k) {
    const auto& s = structures[by_force[k]];
    std::cout << fmt::format(
        "    #{:<5} {:<18} force RMSE {:10.1f} meV/Å  max {:10.1f} meV/Å  share {:5.1f} %  energy error {:9.2f} "
        "meV/atom  "
        "shortest distance {:.3f} Å{}\n",
        s.index, s.composition, s.force_error.rmse() * meV, s.force_error.max_absolute * meV,
        total_sse > 0 ? 100 * s.force_error.sum_squared / total_sse : 0.0, s.energy_error_per_atom * meV,
        s.shortest_distance, s.group.empty() ? "" : "  " + opt.group_by + "=" + s.group);
  }
  std::cout << "  worst structures by energy error:\n";
  for (std::size_t k = 0; k < std::min(nworst, by_energy.size()); ++k) {
    const auto& s = structures[by_energy[k]];
    std::cout << fmt::format(
        "    #{:<5} {:<18} energy error {:9.2f} meV/atom  force RMSE {:10.1f} meV/Å  shortest distance {:.3f} Å\n",
        s.index, s.composition, s.energy_error_per_atom * meV, s.force_error.rmse() * meV, s.shortest_distance);
  }
  for (const auto& s : structures)
    if (!s.evaluated)
      std::cout << fmt::format("  NOT EVALUATED #{} {} (shortest distance {:.4f} Å): {}\n", s.index, s.composition,
                               s.shortest_distance, s.problem);
  if (!opt.out.empty())
    std::cout << "  written: " << opt.out
              << "/{validation.json, structures.csv, energy_parity.svg, force_parity.svg, "
                 "force_error_vs_shortest_distance.svg}\n";
}

}  // namespace

void register_validate(CLI::App& app) {
  auto* cmd = add_command(
      app, "validate", "Energy and force errors of a potential against labelled (DFT) structures",
      "Energies are compared per atom after adding the isolated-atom reference energies to the potential's energy\n"
      "(E_pred = E_potential + Σ n_el E_ref,el). Errors: energy in meV/atom, forces per Cartesian component in meV/Å.\n"
      "Output (--out DIR): validation.json, structures.csv, energy_parity.svg, force_parity.svg,\n"
      "force_error_vs_shortest_distance.svg.\n"
      "Example:\n"
      "  ionglass validate --potential data/NaFePO4/potential/NaFePO4.yace data/NaFePO4/dft/dft_dev.extxyz \\\n"
      "    --reference-energies Fe=-0.208448785369,Na=-0.0749040330661,O=-0.0911142437163,P=-0.0973190129812 \\\n"
      "    --group-by al_iteration --out validation/");
  auto opt = std::make_shared<Options>();
  cmd->add_option("--potential", opt->potential, "Potential file (.yace ACE, or a classical force-field .yaml)")
      ->required();
  cmd->add_option("data", opt->data, "Labelled structures (extended XYZ with energies and forces)")->required();
  cmd->add_option("--energy-key", opt->energy_key,
                  "Info key of the reference total energy in eV (default: energy, dft_energy, REF_energy, ...)");
  cmd->add_option("--forces-key", opt->forces_key,
                  "Per-atom property of the reference forces in eV/Å (default: forces, dft_forces, REF_forces, ...)");
  cmd->add_option(
      "--reference-energies", opt->reference_energies,
      "Isolated-atom energies in eV added to the potential's energy, e.g. Fe=-0.2084,Na=-0.0749,O=-0.0911,P=-0.0973");
  cmd->add_option("--group-by", opt->group_by, "Also report errors grouped by this info key (e.g. al_iteration)");
  cmd->add_option("--worst", opt->worst, "Number of worst structures to list (default 10)")
      ->check(CLI::NonNegativeNumber);
  add_output_option(*cmd, opt->out, "Directory for validation.json, structures.csv and the SVG plots");
  add_threads_option(*cmd, opt->threads);
  add_json_flag(*cmd, opt->json, "Print the summary as JSON instead of text");
  opt->input.add_to(*cmd);
  cmd->callback([opt] { run(*opt); });
}

}  // namespace ionglass::cli
