// `ionglass eval --potential FILE STRUCTURE...`: energy (total and by component), virial, pressure
// and largest force of structures with any potential ionglass can load (classical YAML, ACE).
#include <fmt/format.h>

#include <iostream>

#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/potential/result_properties.hpp"
#include "ionglass/potential_loader/potential_loader.hpp"
#include "ionglass/report/evaluation_summary.hpp"

namespace ionglass::cli {

namespace {

void print(const nlohmann::json& j) {
  std::cout << j["file"].get<std::string>() << fmt::format("  ({} atoms)\n", j["natoms"].get<std::size_t>());
  std::cout << fmt::format("  energy (eV)          {:.8f}  ({:.8f} per atom)\n", j["energy_eV"].get<double>(),
                           j["energy_per_atom_eV"].get<double>());
  for (auto& [name, value] : j["energy_components_eV"].items())
    std::cout << fmt::format("    {:<20} {:.8f}\n", name, value.get<double>());
  const auto& w = j["virial_eV"];
  std::cout << fmt::format("  virial (eV)          xx {:.6f} yy {:.6f} zz {:.6f} xy {:.6f} xz {:.6f} yz {:.6f}\n",
                           w["xx"].get<double>(), w["yy"].get<double>(), w["zz"].get<double>(), w["xy"].get<double>(),
                           w["xz"].get<double>(), w["yz"].get<double>());
  if (!j["pressure_bar"].is_null())
    std::cout << fmt::format("  pressure (bar)       {:.4f}  (virial only, no kinetic part)\n",
                             j["pressure_bar"].get<double>());
  std::cout << fmt::format("  max |force| (eV/Å)   {:.6f}\n", j["max_force_eV_A"].get<double>());
}

}  // namespace

void register_eval(CLI::App& app) {
  auto* cmd = add_command(
      app, "eval", "Energy, forces, virial and pressure of structures with a potential",
      "Units: eV, Å, eV/Å, bar (pressure from the virial only, P = tr(W)/(3V); no kinetic part).\n"
      "Potentials: classical force-field YAML (potentials/teter.yaml, potentials/bmp.yaml; see docs/potentials.md)\n"
      "or ACE (.yace, pacemaker .yaml).\n"
      "Examples:\n"
      "  ionglass eval --potential potentials/teter.yaml data/NaFePO4/glass/Teter/300K_1.dat\n"
      "  ionglass eval --potential potentials/bmp_reference.yaml data/NaFePO4/glass/BMP/300K_*.dat --json\n"
      "  ionglass eval --potential potentials/teter.yaml glass.dat --out glass_forces.extxyz --threads 2");
  struct Options {
    std::string potential;
    std::vector<std::string> files;
    StructureInputOptions input;
    bool json = false;
    std::string out;
    int threads = 0;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("--potential,-p", opt->potential, "Potential file (.yaml classical or ACE, .yace)")->required();
  cmd->add_option("files", opt->files, "Structure files (every frame of trajectories is evaluated)")->required();
  opt->input.add_to(*cmd);
  add_json_flag(*cmd, opt->json, "Print a JSON array (one object per structure) instead of text");
  add_output_option(*cmd, opt->out,
                    "Write the structures with per-atom forces (eV/Å, column 'forces') and energies (eV, column "
                    "'energies') to this extended XYZ file");
  add_threads_option(*cmd, opt->threads, "OpenMP threads (default: OMP_NUM_THREADS or all cores)");
  cmd->callback([opt] {
    auto potential = load_potential(opt->potential, command_context(opt->threads));
    std::unique_ptr<TrajectoryWriter> writer;
    if (!opt->out.empty()) writer = create_trajectory_writer(opt->out);
    EvaluationRequest request;
    request.forces = true;
    request.virial = true;
    request.per_atom_energy = !opt->out.empty();
    nlohmann::json all = nlohmann::json::array();
    Progress progress("eval", static_cast<long long>(opt->files.size()), opt->files.size() > 1);
    for (const auto& f : opt->files) {
      auto reader = open_trajectory(f, opt->input.read_options());
      System s;
      long long frame = 0;
      while (reader->next(s)) {
        const PotentialResult r =
            evaluate(*potential, s, request, frame > 0 ? fmt::format("{} (frame {})", f, frame + 1) : f);
        nlohmann::json j = evaluation_summary(f, s, r);
        if (frame > 0) j["frame"] = frame;
        all.push_back(j);
        if (!opt->json) print(j);
        if (writer) {
          store_result_in_system(r, s);
          writer->write(s);
        }
        ++frame;
      }
      progress.advance();
    }
    progress.finish();
    if (writer) writer->close();
    if (opt->json) std::cout << all.dump(2) << "\n";
  });
}

}  // namespace ionglass::cli
