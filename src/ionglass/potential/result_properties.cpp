#include "ionglass/potential/result_properties.hpp"

namespace ionglass {

void store_result_in_system(const PotentialResult& result, System& system) {
  PerAtomProperty forces{'R', 3, {}, {}};
  PerAtomProperty energies{'R', 1, {}, {}};
  forces.values.reserve(3 * system.size());
  for (const auto& v : result.forces) forces.values.insert(forces.values.end(), {v[0], v[1], v[2]});
  energies.values = result.per_atom_energy;
  system.properties["forces"] = std::move(forces);
  system.properties["energies"] = std::move(energies);
  system.info["energy"] = result.energy;
  const Mat3& w = result.virial;
  system.info["virial"] =
      std::vector<double>{w(0, 0), w(0, 1), w(0, 2), w(1, 0), w(1, 1), w(1, 2), w(2, 0), w(2, 1), w(2, 2)};
}

}  // namespace ionglass
