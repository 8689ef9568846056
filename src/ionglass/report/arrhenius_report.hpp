#pragma once
// Output of the Arrhenius workflow (analysis/dynamics/arrhenius_workflow.hpp) as
// `ionglass arrhenius --out DIR` writes it: arrhenius.json, arrhenius.csv (T, 1/(k_B T), D and,
// with conductivities, σT), arrhenius_D.svg and arrhenius_sigma_T.svg (with conductivities).
#include <nlohmann/json.hpp>
#include <string>

#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"

namespace ionglass {

/// The content of arrhenius.json.
nlohmann::json arrhenius_json(const ArrheniusResults& results);

/// Writes every output file into `directory` (created when missing); arrhenius.json last.
void write_arrhenius_report(const ArrheniusResults& results, const std::string& directory);

/// The summary `ionglass arrhenius` prints (E_a, prefactor, extrapolations; lines end in "\n").
std::string arrhenius_summary(const ArrheniusResults& results);

}  // namespace ionglass
