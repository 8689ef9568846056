#pragma once
// The summary of one potential evaluation as `ionglass eval` reports it (JSON): energy (total,
// per atom, by component), virial, virial pressure P = tr(W)/(3V) and its tensor (bar, no kinetic
// part), and the largest force.
#include <nlohmann/json.hpp>
#include <string>

#include "ionglass/core/system.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass {

/// `path`: the structure file (recorded as "file"). Without a cell volume, "pressure_bar" is null.
nlohmann::json evaluation_summary(const std::string& path, const System& system, const PotentialResult& result);

}  // namespace ionglass
