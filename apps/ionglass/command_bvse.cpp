// `ionglass bvse STRUCTURE --ion Na`: bond-valence site-energy landscape of a mobile ion and its
// 1-D/2-D/3-D percolation barriers (docs/why-na-moves.md).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "ionglass/analysis/structure/bond_valence_site_energy.hpp"
#include "ionglass/analysis/structure/percolation_barriers.hpp"
#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/cube_file.hpp"
#include "ionglass/report/csv_table.hpp"

namespace ionglass::cli {

namespace {

namespace fs = std::filesystem;

struct BvseOptions {
  std::string structure;
  StructureInputOptions input;
  BvseSettings settings;
  std::string oxidation_states;
  std::string parameters;
  std::string out;
  bool json = false;
  bool no_cube = false;
  int threads = 0;
};

// data/bond_valence next to the executable or in a directory above it (build tree or install prefix).
std::string bundled_parameter_directory() {
  std::error_code ec;
  fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
  for (; !ec && !dir.empty(); dir = dir.parent_path()) {
    for (const fs::path& candidate : {dir / "data/bond_valence", dir / "share/ionglass/data/bond_valence"})
      if (fs::exists(candidate / "softbv_parameters.csv")) return candidate.string();
    if (dir == dir.parent_path()) break;
  }
  throw InputError("cannot find data/bond_valence/softbv_parameters.csv near the executable; use --parameters DIR");
}

void run_bvse(BvseOptions& o) {
  set_threads(o.threads);
  o.settings.oxidation_states = parse_oxidation_states(o.oxidation_states);
  const System system = read_structure(o.structure, o.input.read_options());
  const auto parameters =
      BondValenceParameters::read(o.parameters.empty() ? bundled_parameter_directory() : o.parameters);
  const auto start = std::chrono::steady_clock::now();
  const BondValenceLandscape landscape = compute_bvse_landscape(system, o.settings, parameters);
  const double landscape_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const PercolationBarriers barriers = percolation_barriers(landscape.energy_eV, landscape.grid);

  nlohmann::json j;
  j["structure"] = o.structure;
  j["mobile_ion"] = o.settings.mobile_ion;
  j["oxidation_states_e"] = o.settings.oxidation_states;
  j["grid_points"] = landscape.grid;
  j["grid_spacing_A"] = o.settings.grid_spacing_A;
  j["cutoff_A"] = o.settings.cutoff_A;
  j["screening_factor"] = o.settings.screening_factor;
  j["minimum_energy_eV"] = landscape.minimum_eV;
  j["maximum_energy_eV"] = landscape.maximum_eV;
  j["landscape_time_s"] = landscape_s;
  const char* names[3] = {"E_1D_eV", "E_2D_eV", "E_3D_eV"};
  for (int d = 0; d < 3; ++d) {
    j["percolation_barriers"][names[d]] = barriers.barrier_eV[d];
    j["percolation_wrap_vectors_cells"][names[d]] = barriers.wrap_vector[d];
  }
  if (!o.out.empty()) {
    fs::create_directories(o.out);
    CsvTable table({"dimension", "percolation_barrier_eV"});
    for (int d = 0; d < 3; ++d) table.add_row({double(d + 1), barriers.barrier_eV[d]});
    table.save(o.out + "/bvse_percolation.csv");
    if (!o.no_cube)
      write_cube_file(o.out + "/bvse_landscape.cube", system, landscape.grid, landscape.energy_eV,
                      "BVSE site energy of " + o.settings.mobile_ion + " (eV) in " + o.structure);
    write_json(o.out + "/bvse.json", j);
  }
  if (o.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << fmt::format("BVSE {} in {}: grid {}x{}x{}, {:.2f} s\n", o.settings.mobile_ion, o.structure,
                             landscape.grid[0], landscape.grid[1], landscape.grid[2], landscape_s);
    std::cout << fmt::format("percolation barriers (eV): 1-D {:.4f}  2-D {:.4f}  3-D {:.4f}\n", barriers.barrier_eV[0],
                             barriers.barrier_eV[1], barriers.barrier_eV[2]);
  }
}

}  // namespace

void register_bvse(CLI::App& app) {
  auto* cmd = add_command(
      app, "bvse", "Bond-valence site-energy landscape of a mobile ion and its percolation barriers",
      "softBV energy model (Morse attraction to anions + screened Coulomb repulsion from cations, mobile-ion\n"
      "species removed); percolation barriers E_1D/E_2D/E_3D relative to the landscape minimum.\n"
      "Units: Å, eV; the cube file stores lengths in Bohr and energies in eV. See docs/why-na-moves.md.\n"
      "Outputs in --out: bvse.json, bvse_percolation.csv, bvse_landscape.cube.\nExample:\n"
      "  ionglass bvse data/NaFePO4/glass/ACE/300K_1.dat --types Fe,Na,O,P --ion Na\n"
      "    --oxidation-states Na=1,Fe=2,P=5,O=-2 --grid-A 0.2 --out bvse/");
  auto o = std::make_shared<BvseOptions>();
  cmd->add_option("structure", o->structure, "Structure file (periodic cell)")->required();
  o->input.add_to(*cmd);
  cmd->add_option("--ion", o->settings.mobile_ion, "Mobile ion element, e.g. Na")->required();
  cmd->add_option("--oxidation-states", o->oxidation_states,
                  "Formal charges (e) of all elements, e.g. Na=1,Fe=2,P=5,O=-2")
      ->required();
  cmd->add_option("--grid-A", o->settings.grid_spacing_A, "Largest grid spacing along each lattice vector (Å)")
      ->capture_default_str();
  cmd->add_option("--cutoff-A", o->settings.cutoff_A, "Interaction cutoff (Å)")->capture_default_str();
  cmd->add_option("--screening-factor", o->settings.screening_factor, "f in ρ = f·(r_cov,mobile + r_cov,cation)")
      ->capture_default_str();
  cmd->add_option("--parameters", o->parameters,
                  "Directory with softbv_parameters.csv and principal_quantum_numbers.csv "
                  "(default: the bundled data/bond_valence)");
  add_output_option(*cmd, o->out, "Directory for bvse.json, bvse_percolation.csv and bvse_landscape.cube");
  cmd->add_flag("--no-cube", o->no_cube, "Do not write the cube file");
  add_json_flag(*cmd, o->json, "Print the JSON result to standard output");
  add_threads_option(*cmd, o->threads, "OpenMP threads (0: default)");
  cmd->callback([o] { run_bvse(*o); });
}

}  // namespace ionglass::cli
