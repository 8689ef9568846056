#pragma once
// Output of the dynamics workflow (analysis/dynamics/dynamics_workflow.hpp), file for file as
// `ionglass dynamics --out DIR` writes it: dynamics.json (JSON has no NaN: such numbers are
// null), msd.csv, van_hove_self.csv, van_hove_distinct.csv (with two or more atoms of a
// species), alpha2.csv, hops.csv, residence_times.csv, mobility.csv and the SVG plots msd.svg,
// beta.svg, van_hove_self.svg, van_hove_distinct.svg, alpha2.svg, residence_times.svg (with
// completed residences) and mobility_<descriptor>.svg.
#include <nlohmann/json.hpp>
#include <string>

#include "ionglass/analysis/dynamics/dynamics_workflow.hpp"

namespace ionglass {

/// The content of dynamics.json.
nlohmann::json dynamics_json(const DynamicsResults& results);

/// Writes every output file into `directory` (created when missing); dynamics.json last.
void write_dynamics_report(const DynamicsResults& results, const std::string& directory);

/// The human-readable summary `ionglass dynamics` prints (several lines, each ending in "\n");
/// `output_directory` non-empty adds a "results in" line.
std::string dynamics_summary(const DynamicsResults& results, const std::string& output_directory);

}  // namespace ionglass
