#pragma once
// Output of the ion-mobility workflow (analysis/dynamics/mobility_workflow.hpp) as
// `ionglass mobility --out DIR` writes it: mobility.json, sites.csv, hop_rates.csv, weights.csv,
// weights.svg, softness.csv and softness_replicaN.extxyz (the sampled frames of replica N with a
// per-atom softness column).
#include <nlohmann/json.hpp>
#include <string>

#include "ionglass/analysis/dynamics/mobility_workflow.hpp"

namespace ionglass {

/// The content of mobility.json.
nlohmann::json mobility_json(const IonMobilityResults& results);

/// Writes every output file into `directory` (created when missing); mobility.json last.
void write_mobility_report(const IonMobilityResults& results, const std::string& directory);

/// The two-line summary `ionglass mobility` prints; `output_directory` non-empty adds a line.
std::string mobility_summary(const IonMobilityResults& results, const std::string& output_directory);

}  // namespace ionglass
