#include "ionglass/potential/finite_result_check.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "ionglass/core/error.hpp"
#include "ionglass/core/unphysical_structure_error.hpp"
#include "ionglass/neighbor/closest_pair.hpp"

namespace ionglass {

std::string describe_closest_pair(const System& system, double search_radius_A) {
  const ClosestPair pair = closest_pair(system, search_radius_A);
  if (pair.found)
    return fmt::format("ids {} and {} ({}, {}) at {:.3g} Å", system.ids[pair.first], system.ids[pair.second],
                       system.symbol(pair.first), system.symbol(pair.second), pair.distance_A);
  return fmt::format("no two atoms within {:g} Å", search_radius_A);
}

void check_finite_result(const PotentialResult& result, const System& system, const std::string& context) {
  std::string what;
  if (!std::isfinite(result.energy)) what = fmt::format("the energy ({} eV)", result.energy);
  for (const auto& [name, value] : result.components)
    if (what.empty() && !std::isfinite(value)) what = fmt::format("the {} energy ({} eV)", name, value);
  for (std::size_t i = 0; what.empty() && i < result.forces.size(); ++i)
    if (!result.forces[i].allFinite())
      what = fmt::format("the force on atom id {} ({}, {}, {}) eV/Å", system.ids[i], result.forces[i][0],
                         result.forces[i][1], result.forces[i][2]);
  for (std::size_t i = 0; what.empty() && i < result.per_atom_energy.size(); ++i)
    if (!std::isfinite(result.per_atom_energy[i]))
      what = fmt::format("the energy of atom id {} ({} eV)", system.ids[i], result.per_atom_energy[i]);
  if (what.empty() && !result.virial.allFinite()) what = "the virial";
  if (what.empty()) return;
  throw UnphysicalStructureError(fmt::format("{}{} is not finite; closest atoms: {}",
                                             context.empty() ? "" : context + ": ", what,
                                             describe_closest_pair(system)));
}

}  // namespace ionglass
