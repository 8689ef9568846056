#include "ionglass/report/validation_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/report/csv_table.hpp"
#include "ionglass/report/parity_plot.hpp"
#include "ionglass/report/svg_plot.hpp"

namespace ionglass {

using ace::ErrorAccumulator;
using ace::PotentialValidator;
using ace::StructureValidation;

namespace {

constexpr double meV = 1000.0;

nlohmann::json errors_json(const ErrorAccumulator& a, const std::string& quantity, const std::string& unit) {
  return {{quantity + "_rmse_" + unit, a.rmse() * meV},
          {quantity + "_mae_" + unit, a.mae() * meV},
          {quantity + "_max_abs_error_" + unit, a.max_absolute * meV},
          {"n_" + (quantity == "energy" ? std::string("structures") : std::string("components")), a.count}};
}

// Indices of the evaluated structures sorted by a key, largest first (stable: ties keep file order).
std::vector<std::size_t> ranked(const std::vector<StructureValidation>& s, auto key) {
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i].evaluated) idx.push_back(i);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return key(s[a]) > key(s[b]); });
  return idx;
}

nlohmann::json structure_json(const StructureValidation& v, double total_force_sse) {
  nlohmann::json j{{"index", v.index},
                   {"natoms", v.natoms},
                   {"composition", v.composition},
                   {"shortest_distance_A", v.shortest_distance},
                   {"evaluated", v.evaluated}};
  if (!v.group.empty()) j["group"] = v.group;
  if (!v.evaluated) {
    j["problem"] = v.problem;
    return j;
  }
  j["energy_reference_eV_per_atom"] = v.reference_energy_per_atom;
  j["energy_predicted_eV_per_atom"] = v.predicted_energy_per_atom;
  j["energy_error_meV_per_atom"] = v.energy_error_per_atom * meV;
  if (v.has_forces) {
    j["force_rmse_meV_per_A"] = v.force_error.rmse() * meV;
    j["force_max_abs_error_meV_per_A"] = v.force_error.max_absolute * meV;
    j["share_of_total_force_squared_error"] = total_force_sse > 0 ? v.force_error.sum_squared / total_force_sse : 0.0;
  }
  return j;
}

}  // namespace

std::vector<std::size_t> structures_by_force_error(const std::vector<StructureValidation>& structures) {
  return ranked(structures, [](const StructureValidation& s) { return s.force_error.sum_squared; });
}

std::vector<std::size_t> structures_by_energy_error(const std::vector<StructureValidation>& structures) {
  return ranked(structures, [](const StructureValidation& s) { return std::abs(s.energy_error_per_atom); });
}

nlohmann::json validation_summary(const PotentialValidator& validator, const ValidationSummaryOptions& opt) {
  const auto& structures = validator.structures();
  if (structures.empty()) throw InputError(opt.data, 0, "no structures in the file");
  const double total_sse = validator.forces().sum_squared;
  nlohmann::json j;
  j["potential"] = opt.potential;
  j["data"] = opt.data;
  j["energy_key"] = validator.energy_key();
  j["forces_key"] = validator.forces_key();
  j["n_structures"] = validator.energy().count;
  j["n_structures_in_file"] = structures.size();
  j["n_failed"] = structures.size() - validator.energy().count;
  j["n_atoms"] =
      std::accumulate(structures.begin(), structures.end(), std::size_t{0},
                      [](std::size_t n, const StructureValidation& s) { return n + (s.evaluated ? s.natoms : 0); });
  j["energy_rmse_meV_per_atom"] = validator.energy().rmse() * meV;
  j["energy_mae_meV_per_atom"] = validator.energy().mae() * meV;
  j["energy_max_abs_error_meV_per_atom"] = validator.energy().max_absolute * meV;
  j["force_rmse_meV_per_A"] = validator.forces().rmse() * meV;
  j["force_mae_meV_per_A"] = validator.forces().mae() * meV;
  j["force_max_abs_error_meV_per_A"] = validator.forces().max_absolute * meV;
  j["n_force_components"] = validator.forces().count;
  nlohmann::json reference = nlohmann::json::object();
  for (const auto& [el, e] : opt.reference_energies) reference[el] = e;
  j["reference_energies_eV"] = reference;
  nlohmann::json by_element = nlohmann::json::object();
  for (const auto& [el, a] : validator.forces_by_element()) by_element[el] = errors_json(a, "force", "meV_per_A");
  j["forces_by_element"] = by_element;
  if (!opt.group_by.empty()) {
    nlohmann::json groups = nlohmann::json::object();
    for (const auto& [g, a] : validator.energy_by_group()) {
      groups[g] = errors_json(a, "energy", "meV_per_atom");
      const auto f = validator.forces_by_group().find(g);
      if (f != validator.forces_by_group().end()) groups[g].update(errors_json(f->second, "force", "meV_per_A"));
    }
    j["group_by"] = opt.group_by;
    j["by_group"] = groups;
  }
  // Worst structures, and how much of the squared force error the worst ones carry.
  const auto by_force = structures_by_force_error(structures);
  const auto by_energy = structures_by_energy_error(structures);
  const std::size_t nworst = static_cast<std::size_t>(std::max(opt.worst, 0));
  nlohmann::json worst_force = nlohmann::json::array(), worst_energy = nlohmann::json::array(),
                 failed = nlohmann::json::array();
  for (std::size_t k = 0; k < std::min(nworst, by_force.size()); ++k)
    worst_force.push_back(structure_json(structures[by_force[k]], total_sse));
  for (std::size_t k = 0; k < std::min(nworst, by_energy.size()); ++k)
    worst_energy.push_back(structure_json(structures[by_energy[k]], total_sse));
  for (const auto& s : structures)
    if (!s.evaluated) failed.push_back(structure_json(s, total_sse));
  j["worst_structures_by_force_error"] = worst_force;
  j["worst_structures_by_energy_error"] = worst_energy;
  j["failed_structures"] = failed;
  // Force RMSE without the k structures with the largest squared force error.
  nlohmann::json without = nlohmann::json::array();
  {
    double sse = total_sse;
    std::size_t n = validator.forces().count;
    for (std::size_t k = 0; k < std::min<std::size_t>(5, by_force.size()); ++k) {
      sse -= structures[by_force[k]].force_error.sum_squared;
      n -= structures[by_force[k]].force_error.count;
      without.push_back({{"excluded_structures", k + 1},
                         {"force_rmse_meV_per_A", n ? std::sqrt(std::max(sse, 0.0) / n) * meV : 0.0}});
    }
  }
  j["force_rmse_without_worst"] = without;
  return j;
}

void write_validation_report(const std::string& directory, const PotentialValidator& validator,
                             const nlohmann::json& summary) {
  std::filesystem::create_directories(directory);
  const auto& structures = validator.structures();
  write_file_atomically(directory + "/validation.json", summary.dump(2) + "\n");
  CsvTable table({"index", "natoms", "composition", "group", "evaluated", "shortest_distance_A",
                  "energy_reference_eV_per_atom", "energy_predicted_eV_per_atom", "energy_error_meV_per_atom",
                  "force_rmse_meV_per_A", "force_max_abs_error_meV_per_A"});
  for (const auto& s : structures)
    table.add_text_row({std::to_string(s.index), std::to_string(s.natoms), s.composition, s.group,
                        s.evaluated ? "1" : "0", fmt::format("{:.6f}", s.shortest_distance),
                        s.evaluated ? fmt::format("{:.10g}", s.reference_energy_per_atom) : "",
                        s.evaluated ? fmt::format("{:.10g}", s.predicted_energy_per_atom) : "",
                        s.evaluated ? fmt::format("{:.6f}", s.energy_error_per_atom * meV) : "",
                        s.evaluated && s.has_forces ? fmt::format("{:.6f}", s.force_error.rmse() * meV) : "",
                        s.evaluated && s.has_forces ? fmt::format("{:.6f}", s.force_error.max_absolute * meV) : ""});
  table.save(directory + "/structures.csv");
  parity_plot("Energy parity (" + std::to_string(validator.energy().count) + " structures)", "energy (eV/atom)",
              validator.reference_energies_per_atom(), validator.predicted_energies_per_atom(), "structures")
      .save(directory + "/energy_parity.svg");
  std::vector<double> fx, fy;
  thin_parity_points(validator.reference_force_components(), validator.predicted_force_components(), 20000,
       5 * validator.forces().rmse(), fx, fy);
  parity_plot(
      fmt::format("Force parity ({} of {} components; every outlier drawn)", fx.size(), validator.forces().count),
      "force component (eV/Å)", fx, fy, "components")
      .save(directory + "/force_parity.svg");
  // Per-structure force RMSE against the shortest distance: unphysical structures stand out.
  Plot scatter;
  scatter.title = "Force RMSE per structure vs shortest interatomic distance";
  scatter.x_label = "shortest distance (Å)";
  scatter.y_label = "force RMSE (meV/Å)";
  scatter.log_y = true;
  PlotSeries pts;
  pts.label = "structures";
  pts.markers = true;
  pts.line = false;
  for (const auto& s : structures)
    if (s.evaluated && s.has_forces && s.force_error.rmse() > 0) {
      pts.x.push_back(s.shortest_distance);
      pts.y.push_back(s.force_error.rmse() * meV);
    }
  scatter.series = {pts};
  scatter.save(directory + "/force_error_vs_shortest_distance.svg");
}

}  // namespace ionglass
