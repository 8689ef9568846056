#include "ionglass/report/evaluation_summary.hpp"

namespace ionglass {

nlohmann::json evaluation_summary(const std::string& path, const System& s, const PotentialResult& r) {
  nlohmann::json j;
  j["file"] = path;
  j["natoms"] = s.size();
  j["energy_eV"] = r.energy;
  j["energy_per_atom_eV"] = s.size() ? r.energy / static_cast<double>(s.size()) : 0.0;
  nlohmann::json components = nlohmann::json::object();
  for (const auto& [name, value] : r.components) components[name] = value;
  j["energy_components_eV"] = components;
  const Mat3& w = r.virial;
  j["virial_eV"] = {{"xx", w(0, 0)}, {"yy", w(1, 1)}, {"zz", w(2, 2)},
                    {"xy", w(0, 1)}, {"xz", w(0, 2)}, {"yz", w(1, 2)}};
  const double volume = s.cell.volume();
  if (volume > 0) {
    const Mat3 p = r.virial_pressure_bar(volume);
    j["volume_A3"] = volume;
    j["pressure_bar"] = p.trace() / 3.0;
    j["pressure_tensor_bar"] = {{"xx", p(0, 0)}, {"yy", p(1, 1)}, {"zz", p(2, 2)},
                                {"xy", p(0, 1)}, {"xz", p(0, 2)}, {"yz", p(1, 2)}};
  } else {
    j["pressure_bar"] = nullptr;
  }
  j["max_force_eV_A"] = r.max_force();
  return j;
}

}  // namespace ionglass
