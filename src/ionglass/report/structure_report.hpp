#pragma once
// Outputs of the structure workflow (analysis/structure/structure_workflow.hpp): structure.json,
// the CSV tables (curves with per-group mean and std columns, coordination, Qⁿ, speciation,
// connectivity, rings, voids, persistence diagrams) and the SVG plots, and the short text summary
// `ionglass structure` prints without --out / --json. File names and layout:
// docs/structure-analysis.md.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "ionglass/analysis/structure/structure_workflow.hpp"

namespace ionglass {

/// structure.json: settings, cutoffs_A and per group the mean ± std and every file's values.
nlohmann::json structure_json(const StructureResults& results);

/// Writes structure.json, every CSV table and every SVG plot into `directory` (created).
void write_structure_report(const StructureResults& results, const std::string& directory);

/// Per group: density, coordination numbers, Qⁿ and speciation as a few lines of text.
void write_structure_summary(const StructureResults& results, std::ostream& out);

}  // namespace ionglass
