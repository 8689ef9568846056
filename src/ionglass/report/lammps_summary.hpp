#pragma once
// The JSON records of the LAMMPS scale-out commands: export.json (`ionglass lammps export`: the
// files written, the pair style, where LAMMPS differs from ionglass) and lammps_run.json
// (`ionglass lammps run`: the command, ranks, last step, thermo rows and wall time).
#include <nlohmann/json.hpp>
#include <string>

#include "ionglass/lammps/deck_writer.hpp"
#include "ionglass/lammps/runner.hpp"

namespace ionglass {

/// `protocol_path`: the protocol file the deck was exported from.
nlohmann::json lammps_export_summary(const std::string& protocol_path, const LammpsExportResult& result);

nlohmann::json lammps_run_summary(const LammpsRunOptions& options, const LammpsRunSummary& summary);

}  // namespace ionglass
