#include "ionglass/study/md_protocols.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cmath>
#include <filesystem>

namespace ionglass::study {

namespace fs = std::filesystem;

namespace {

std::string emitted(const YAML::Emitter& e) {
  return std::string(e.c_str()) + "\n";
}

// The model's protocol file as YAML with the replica's seed, absolute paths and the study's
// outputs: the record of what the quench runs.
std::string quench_record(const std::string& path, unsigned long seed) {
  YAML::Node root = YAML::LoadFile(path);
  const fs::path dir = fs::absolute(path).parent_path();
  auto absolute = [&](const std::string& p) {
    return fs::path(p).is_absolute() ? p : (dir / p).lexically_normal().string();
  };
  root["seed"] = seed;
  if (root["structure"] && root["structure"]["file"])
    root["structure"]["file"] = absolute(root["structure"]["file"].as<std::string>());
  if (root["structure"] && root["structure"]["random"]) root["structure"]["random"]["seed"] = seed;
  if (root["potential"] && root["potential"].IsScalar())
    root["potential"] = absolute(root["potential"].as<std::string>());
  else if (root["potential"] && root["potential"]["file"])
    root["potential"]["file"] = absolute(root["potential"]["file"].as<std::string>());
  root["outputs"]["final_structure"] = "final.data";  // the study reads the quenched glass from here
  root["outputs"]["console"] = false;
  YAML::Emitter e;
  e << root;
  return emitted(e);
}

}  // namespace

Protocol quench_protocol(const std::string& protocol_file, unsigned long seed, const std::string& record_path) {
  Protocol p = read_protocol(protocol_file);  // paths resolved against the model's protocol file
  p.seed = seed;
  if (p.structure.random) p.structure.random->seed = seed;
  p.outputs.final_structure = "final.data";
  p.outputs.console = false;
  p.text = quench_record(protocol_file, seed);
  p.path = record_path;
  return p;
}

int atoms_per_formula_unit(const std::string& formula) { return static_cast<int>(formula_atom_count(formula)); }

Protocol equilibration_protocol(const DiffusionSettings& D, const std::string& potential, double density, double T,
                                unsigned long seed, const std::string& record_path) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "description" << YAML::Value
    << fmt::format("study equilibration: {} formula units of {} at {:.4f} g/cm3, {:g} K", D.formula_units, D.formula,
                   density, T);
  e << YAML::Key << "structure" << YAML::Value << YAML::BeginMap << YAML::Key << "random" << YAML::Value
    << YAML::BeginMap;
  e << YAML::Key << "composition" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << D.formula
    << YAML::Value << 1 << YAML::EndMap;
  e << YAML::Key << "atoms" << YAML::Value << D.formula_units * atoms_per_formula_unit(D.formula);
  e << YAML::Key << "density_g_cm3" << YAML::Value << density;
  e << YAML::Key << "min_distance_A" << YAML::Value << D.min_distance_A;
  e << YAML::Key << "seed" << YAML::Value << seed;
  e << YAML::EndMap << YAML::EndMap;
  e << YAML::Key << "potential" << YAML::Value << potential;
  e << YAML::Key << "seed" << YAML::Value << seed;
  e << YAML::Key << "initial_temperature_K" << YAML::Value << T;
  e << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq;
  e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "relax packing" << YAML::Key << "ensemble" << YAML::Value
    << "minimize" << YAML::Key << "max_steps" << YAML::Value << 300 << YAML::EndMap;
  if (D.equilibration_ps > 0) {
    e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "equilibrate" << YAML::Key << "ensemble" << YAML::Value
      << "nvt" << YAML::Key << "thermostat" << YAML::Value << D.thermostat << YAML::Key << "damping_ps" << YAML::Value
      << D.damping_ps << YAML::Key << "temperature_K" << YAML::Value << T << YAML::Key << "timestep_ps" << YAML::Value
      << D.timestep_ps << YAML::Key << "duration_ps" << YAML::Value << D.equilibration_ps << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap << YAML::Key << "thermo_every" << YAML::Value << 100
    << YAML::Key << "console" << YAML::Value << false << YAML::Key << "checkpoint_every" << YAML::Value << 500
    << YAML::Key << "final_structure" << YAML::Value << "final.data" << YAML::EndMap;
  e << YAML::EndMap;
  // Parsed from the text it is recorded as, so that the run, the record and a resume agree.
  return parse_protocol(emitted(e), record_path);
}

Protocol production_protocol(const DiffusionSettings& D, const std::string& potential, const std::string& start,
                             double T, unsigned long seed, const std::string& record_path) {
  const long long every = std::llround(D.frame_interval_ps / D.timestep_ps);
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "description" << YAML::Value << fmt::format("study production run at {:g} K", T);
  e << YAML::Key << "structure" << YAML::Value << YAML::BeginMap << YAML::Key << "file" << YAML::Value << start
    << YAML::EndMap;
  e << YAML::Key << "potential" << YAML::Value << potential;
  e << YAML::Key << "seed" << YAML::Value << seed;
  e << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << "production" << YAML::Key << "ensemble" << YAML::Value << "nvt"
    << YAML::Key << "thermostat" << YAML::Value << D.thermostat << YAML::Key << "damping_ps" << YAML::Value
    << D.damping_ps << YAML::Key << "temperature_K" << YAML::Value << T << YAML::Key << "timestep_ps" << YAML::Value
    << D.timestep_ps << YAML::Key << "duration_ps" << YAML::Value << D.production_ps;
  e << YAML::EndMap << YAML::EndSeq;
  e << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap << YAML::Key << "thermo_every" << YAML::Value
    << every * 5 << YAML::Key << "console" << YAML::Value << false << YAML::Key << "trajectory_every" << YAML::Value
    << every << YAML::Key << "trajectory_file" << YAML::Value << "trajectory.dump" << YAML::Key << "checkpoint_every"
    << YAML::Value << every * 50 << YAML::Key << "final_structure" << YAML::Value << "final.data" << YAML::EndMap;
  e << YAML::EndMap;
  return parse_protocol(emitted(e), record_path);
}

}  // namespace ionglass::study
