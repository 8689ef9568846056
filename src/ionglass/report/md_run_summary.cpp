#include "ionglass/report/md_run_summary.hpp"

#include <filesystem>

#include "ionglass/core/atomic_file.hpp"

namespace ionglass {

nlohmann::json md_run_summary_json(const RunSummary& s, const std::string& protocol_path) {
  nlohmann::json j;
  j["protocol"] = protocol_path;
  j["resumed"] = s.resumed;
  j["steps"] = s.steps;
  j["total_steps"] = s.total_steps;
  j["wall_s"] = s.wall_seconds;
  j["steps_per_second"] = s.wall_seconds > 0 ? s.steps / s.wall_seconds : 0.0;
  j["force_s"] = s.force_seconds;
  j["force_evaluations"] = s.force_evaluations;
  j["final_temperature_K"] = s.final_temperature_K;
  j["final_potential_energy_eV"] = s.final_potential_energy_eV;
  j["final_pressure_bar"] = s.final_pressure_bar;
  j["final_density_g_cm3"] = s.final_density_g_cm3;
  return j;
}

void write_md_run_summary(const RunSummary& summary, const std::string& protocol_path, const std::string& directory) {
  write_file_atomically((std::filesystem::path(directory) / "summary.json").string(),
                        md_run_summary_json(summary, protocol_path).dump(2) + "\n");
}

}  // namespace ionglass
