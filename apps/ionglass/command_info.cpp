// `ionglass info FILE...`: atoms, composition, cell, density and charge of structure files.
#include <fmt/format.h>

#include <iostream>

#include "ionglass/commands.hpp"
#include "ionglass/common_options.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/report/structure_summary.hpp"

namespace ionglass::cli {

namespace {

void print(const nlohmann::json& j) {
  std::cout << j["file"].get<std::string>() << "\n";
  std::cout << fmt::format("  atoms          {}\n", j["natoms"].get<std::size_t>());
  std::string counts;
  for (auto& [el, n] : j["counts"].items()) counts += fmt::format("{} {}  ", el, n.get<std::size_t>());
  std::cout << "  composition    " << counts << "\n";
  const auto& c = j["cell"];
  std::cout << fmt::format("  cell (Å)       a {:.6f}  b {:.6f}  c {:.6f}\n", c["a_A"].get<double>(),
                           c["b_A"].get<double>(), c["c_A"].get<double>());
  std::cout << fmt::format("  angles (deg)   α {:.4f}  β {:.4f}  γ {:.4f}\n", c["alpha_deg"].get<double>(),
                           c["beta_deg"].get<double>(), c["gamma_deg"].get<double>());
  std::cout << fmt::format("  volume (Å³)    {:.6f}\n", j["volume_A3"].get<double>());
  std::cout << fmt::format("  density (g/cm³) {:.6f}\n", j["density_g_cm3"].get<double>());
  std::cout << fmt::format("  total charge (e) {:.6g}{}\n", j["total_charge_e"].get<double>(),
                           j["has_charges"].get<bool>() ? "" : " (no charges in file)");
  std::string map;
  for (const auto& t : j["types"])
    map += fmt::format("{}→{} ", t["type"].get<std::size_t>(), t["element"].get<std::string>());
  std::cout << fmt::format("  types          {}({} declared)\n", map, j["declared_types"].get<std::size_t>());
}

}  // namespace

void register_info(CLI::App& app) {
  auto* cmd =
      add_command(app, "info", "Atoms, composition, cell, volume, density and charge of structure files",
                  "Units: Å, Å³, g/cm³, e.\nExample:\n  ionglass info data/NaFePO4/glass/ACE/300K_1.dat --json\n"
                  "  ionglass info glass.data --types Fe,Na,O,P");
  struct Options {
    std::vector<std::string> files;
    StructureInputOptions input;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  cmd->add_option("files", opt->files, "Structure files (LAMMPS data/dump, extxyz, POSCAR, XDATCAR, OUTCAR)")
      ->required();
  opt->input.add_to(*cmd);
  add_json_flag(*cmd, opt->json, "Print a JSON array instead of text");
  cmd->callback([opt] {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& f : opt->files) {
      const System s = read_structure(f, opt->input.read_options());
      all.push_back(structure_summary(f, s));
      if (!opt->json) print(all.back());
    }
    if (opt->json) std::cout << all.dump(2) << "\n";
  });
}

}  // namespace ionglass::cli
