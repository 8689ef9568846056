#include "ionglass/lammps/stage_manifest.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/yaml_text.hpp"

namespace ionglass {

double LammpsStageRecord::temperature_at(long long k) const {
  if (steps <= 1) return end_temperature_K;
  const double f = static_cast<double>(k - 1) / static_cast<double>(steps - 1);
  return start_temperature_K + (end_temperature_K - start_temperature_K) * f;
}

void write_lammps_stage_manifest(const std::string& path, const LammpsStageManifest& m) {
  std::string text;
  text += "# Stages of the LAMMPS deck in this directory, written by `ionglass lammps export`;\n";
  text += "# `ionglass lammps run` uses them to label the thermo output (keep this file with in.lammps).\n";
  text += fmt::format("protocol: {}\n", yaml_double_quoted(m.protocol));
  text += fmt::format("thermo_file: {}\n", yaml_double_quoted(m.thermo_file));
  text += fmt::format("log_file: {}\n", yaml_double_quoted(m.log_file));
  text += fmt::format("total_steps: {}\n", m.total_steps);
  text += fmt::format("start_block: {}\n", m.start_block ? "true" : "false");
  text += "stages:\n";
  for (const auto& s : m.stages)
    text += fmt::format(
        "  - {{name: {}, ensemble: {}, steps: {}, timestep_ps: {}, start_temperature_K: {}, end_temperature_K: {}, "
        "first_step: {}, start_time_ps: {}}}\n",
        yaml_double_quoted(s.name), s.ensemble, s.steps, s.timestep_ps, s.start_temperature_K, s.end_temperature_K,
        s.first_step, s.start_time_ps);
  write_file_atomically(path, text);
}

LammpsStageManifest read_lammps_stage_manifest(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path, 0, "no stage manifest (write the directory with `ionglass lammps export`)");
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw InputError(path, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.msg);
  }
  auto line_of = [](const YAML::Node& n) { return n.Mark().is_null() ? 0L : static_cast<long>(n.Mark().line + 1); };
  if (!root.IsMap() || !root["stages"] || !root["stages"].IsSequence())
    throw InputError(path, 0, "the stage manifest needs a `stages` list");
  LammpsStageManifest m;
  try {
    if (root["protocol"]) m.protocol = root["protocol"].as<std::string>();
    if (root["thermo_file"]) m.thermo_file = root["thermo_file"].as<std::string>();
    if (root["log_file"]) m.log_file = root["log_file"].as<std::string>();
    if (root["total_steps"]) m.total_steps = root["total_steps"].as<long long>();
    if (root["start_block"]) m.start_block = root["start_block"].as<bool>();
    for (const auto& n : root["stages"]) {
      LammpsStageRecord s;
      for (const char* key : {"ensemble", "steps", "timestep_ps"})
        if (!n[key]) throw InputError(path, line_of(n), fmt::format("stage entry without `{}`", key));
      if (n["name"]) s.name = n["name"].as<std::string>();
      s.ensemble = n["ensemble"].as<std::string>();
      if (s.ensemble != "nve" && s.ensemble != "nvt" && s.ensemble != "npt" && s.ensemble != "minimize")
        throw InputError(path, line_of(n), "unknown ensemble '" + s.ensemble + "'");
      s.steps = n["steps"].as<long long>();
      s.timestep_ps = n["timestep_ps"].as<double>();
      if (n["start_temperature_K"]) s.start_temperature_K = n["start_temperature_K"].as<double>();
      if (n["end_temperature_K"]) s.end_temperature_K = n["end_temperature_K"].as<double>();
      if (n["first_step"]) s.first_step = n["first_step"].as<long long>();
      if (n["start_time_ps"]) s.start_time_ps = n["start_time_ps"].as<double>();
      m.stages.push_back(s);
    }
  } catch (const YAML::Exception& e) {
    throw InputError(path, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.msg);
  }
  return m;
}

}  // namespace ionglass
