#pragma once
// The summary of a structure file as `ionglass info` reports it (JSON): atom counts by element,
// cell lengths, angles and lattice vectors (Å, degrees), volume (Å³), density (g/cm³), total
// charge (e) and mass (amu), which optional arrays are present, and the atom types in use.
#include <nlohmann/json.hpp>
#include <string>

#include "ionglass/core/system.hpp"

namespace ionglass {

/// `path`: the structure file (recorded as "file").
nlohmann::json structure_summary(const std::string& path, const System& system);

}  // namespace ionglass
