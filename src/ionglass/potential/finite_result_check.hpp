#pragma once
// The one check that a potential evaluation is usable before anything is written or integrated:
// energy, components, forces, per-atom energies and virial finite. Atoms on the same spot (or
// nearly) are the usual cause, so the error names the closest pair.
#include <string>

#include "ionglass/core/system.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass {

/// Throws UnphysicalStructureError "CONTEXT: ... is not finite ...; closest atoms: ids I and J (El, El)
/// at D Å" when any computed value of `result` is NaN or infinite. `context` prefixes the
/// message (a file name, "step 12"); it may be empty.
void check_finite_result(const PotentialResult& result, const System& system, const std::string& context = "");

/// The closest pair of atoms within `search_radius_A` (minimum image), described as
/// "ids I and J (El, El) at D Å", or "no two atoms within R Å" when there is none.
std::string describe_closest_pair(const System& system, double search_radius_A = 1.0);

}  // namespace ionglass
