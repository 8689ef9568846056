#pragma once
// The outputs of `ionglass validate` from a finished PotentialValidator
// (ace/potential_validation.hpp): the summary (validation.json: errors overall, by element, by
// group, the worst structures and the force RMSE without them), the per-structure table
// (structures.csv) and the parity and error-versus-distance plots (SVG). Errors in meV/atom and
// meV/Å per force component.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ionglass/ace/potential_validation.hpp"

namespace ionglass {

struct ValidationSummaryOptions {
  std::string potential;                             ///< potential file (for the record)
  std::string data;                                  ///< reference data file (for the record)
  std::map<std::string, double> reference_energies;  ///< eV per isolated atom, as validated with
  std::string group_by;                              ///< the info key errors were grouped by ("" for none)
  int worst = 10;                                    ///< how many worst structures to list
};

/// Indices of the evaluated structures, largest squared force error first (ties keep file order).
std::vector<std::size_t> structures_by_force_error(const std::vector<ace::StructureValidation>& structures);
/// Indices of the evaluated structures, largest |energy error per atom| first.
std::vector<std::size_t> structures_by_energy_error(const std::vector<ace::StructureValidation>& structures);

/// The summary written as validation.json. Throws InputError when the file held no structures.
nlohmann::json validation_summary(const ace::PotentialValidator& validator, const ValidationSummaryOptions& options);

/// Writes validation.json (`summary`), structures.csv, energy_parity.svg, force_parity.svg and
/// force_error_vs_shortest_distance.svg into `directory` (created if needed).
void write_validation_report(const std::string& directory, const ace::PotentialValidator& validator,
                             const nlohmann::json& summary);

}  // namespace ionglass
