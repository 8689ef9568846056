#pragma once
// Checks that stop a run before it produces garbage: atoms closer than a threshold and a
// temperature blow-up (non-finite energies and forces are caught by MdSystem::compute_forces).
// Each throws ComputationError naming the step, the atoms and the values.
#include "ionglass/md/md_system.hpp"

namespace ionglass {

/// Throws UnphysicalStructureError if any pair of atoms is closer than `min_distance_A` (periodic
/// images included).
void check_min_distance(const MdSystem& md, double min_distance_A, long long step);
/// Throws if the kinetic temperature exceeds `max_temperature_K` or is not finite.
void check_temperature(const MdSystem& md, double max_temperature_K, long long step);

}  // namespace ionglass
