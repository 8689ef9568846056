#pragma once
// Stores an evaluation in a structure's extended-XYZ fields, so that writing the structure records
// what the potential computed: per-atom properties "forces" (eV/Å, 3 columns) and "energies" (eV,
// when per-atom energies were requested), info "energy" (eV) and "virial" (eV, 9 values, row-major).
#include "ionglass/core/system.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass {

void store_result_in_system(const PotentialResult& result, System& system);

}  // namespace ionglass
