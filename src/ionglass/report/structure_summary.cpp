#include "ionglass/report/structure_summary.hpp"

#include <vector>

#include "ionglass/core/elements.hpp"

namespace ionglass {

nlohmann::json structure_summary(const std::string& path, const System& s) {
  nlohmann::json j;
  j["file"] = path;
  j["natoms"] = s.size();
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& [el, n] : s.counts()) counts[el] = n;
  j["counts"] = counts;
  j["volume_A3"] = s.cell.volume();
  j["density_g_cm3"] = s.density_g_cm3();
  const Vec3 len = s.cell.lengths(), ang = s.cell.angles_deg();
  j["cell"] = {{"a_A", len[0]},       {"b_A", len[1]},      {"c_A", len[2]},
               {"alpha_deg", ang[0]}, {"beta_deg", ang[1]}, {"gamma_deg", ang[2]}};
  j["lattice_A"] = {{s.cell.matrix()(0, 0), s.cell.matrix()(0, 1), s.cell.matrix()(0, 2)},
                    {s.cell.matrix()(1, 0), s.cell.matrix()(1, 1), s.cell.matrix()(1, 2)},
                    {s.cell.matrix()(2, 0), s.cell.matrix()(2, 1), s.cell.matrix()(2, 2)}};
  j["total_charge_e"] = s.total_charge();
  j["has_charges"] = s.has_charges();
  j["has_velocities"] = s.has_velocities();
  j["has_image_flags"] = s.has_images();
  j["total_mass_amu"] = s.total_mass_amu();
  std::vector<bool> used(s.atom_types.size(), false);
  for (int t : s.types) used[t - 1] = true;
  nlohmann::json types = nlohmann::json::array();
  for (std::size_t t = 0; t < s.atom_types.size(); ++t) {
    if (!used[t]) continue;
    types.push_back({{"type", t + 1},
                     {"element", elements::by_number(s.atom_types[t].atomic_number).symbol},
                     {"mass_amu", s.atom_types[t].mass_amu}});
  }
  j["types"] = types;
  j["declared_types"] = s.atom_types.size();
  return j;
}

}  // namespace ionglass
