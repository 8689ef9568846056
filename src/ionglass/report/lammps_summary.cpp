#include "ionglass/report/lammps_summary.hpp"

namespace ionglass {

nlohmann::json lammps_export_summary(const std::string& protocol_path, const LammpsExportResult& result) {
  nlohmann::json j;
  j["protocol"] = protocol_path;
  j["deck"] = result.deck_path;
  j["data"] = result.data_path;
  j["manifest"] = result.manifest_path;
  j["files"] = result.files;
  j["pair_style"] = result.pair_style;
  j["differences_from_ionglass"] = result.differences;
  return j;
}

nlohmann::json lammps_run_summary(const LammpsRunOptions& options, const LammpsRunSummary& summary) {
  nlohmann::json j;
  j["directory"] = options.directory;
  j["command"] = summary.command;
  j["ranks"] = options.ranks;
  j["last_step"] = summary.last_step;
  j["thermo_rows"] = summary.thermo_rows;
  j["thermo_csv"] = summary.thermo_csv;
  j["log"] = summary.log_file;
  j["wall_s"] = summary.wall_seconds;
  return j;
}

}  // namespace ionglass
