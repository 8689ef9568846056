#include "ionglass/md/protocol_writer.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace ionglass {

namespace {

// Shortest decimal text that reads back as exactly `value` (fmt's default for doubles).
std::string number(double value) {
  return fmt::format("{}", value);
}

std::string relaxation_name(CellRelaxation cell) {
  switch (cell) {
    case CellRelaxation::None:
      return "none";
    case CellRelaxation::Isotropic:
      return "isotropic";
    case CellRelaxation::Anisotropic:
      return "anisotropic";
  }
  return "none";
}

std::string coupling_name(BarostatCoupling coupling) {
  return coupling == BarostatCoupling::Anisotropic ? "anisotropic" : "isotropic";
}

void write_random(YAML::Emitter& e, const RandomPackingOptions& r) {
  e << YAML::Key << "random" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "composition" << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (const auto& [unit, amount] : r.composition) e << YAML::Key << unit << YAML::Value << amount;
  e << YAML::EndMap;
  if (r.target_atoms > 0) e << YAML::Key << "atoms" << YAML::Value << r.target_atoms;
  if (r.density_g_cm3 > 0) e << YAML::Key << "density_g_cm3" << YAML::Value << number(r.density_g_cm3);
  if (r.volume_per_atom_A3 > 0) e << YAML::Key << "volume_per_atom_A3" << YAML::Value << number(r.volume_per_atom_A3);
  if (r.pair_min_distance_A.empty()) {
    e << YAML::Key << "min_distance_A" << YAML::Value << number(r.default_min_distance_A);
  } else {
    e << YAML::Key << "min_distance_A" << YAML::Value << YAML::BeginMap;
    e << YAML::Key << "default" << YAML::Value << number(r.default_min_distance_A);
    for (const auto& [pair, d] : r.pair_min_distance_A)
      e << YAML::Key << pair.first + "-" + pair.second << YAML::Value << number(d);
    e << YAML::EndMap;
  }
  e << YAML::Key << "seed" << YAML::Value << r.seed;
  e << YAML::Key << "max_attempts_per_atom" << YAML::Value << r.max_attempts_per_atom;
  e << YAML::EndMap;
}

void write_structure(YAML::Emitter& e, const StructureSpec& s) {
  e << YAML::Key << "structure" << YAML::Value << YAML::BeginMap;
  if (s.random)
    write_random(e, *s.random);
  else
    e << YAML::Key << "file" << YAML::Value << s.file;
  if (!s.types.empty()) e << YAML::Key << "types" << YAML::Value << YAML::Flow << s.types;
  if (!s.format.empty()) e << YAML::Key << "format" << YAML::Value << s.format;
  if (!s.charges.empty()) {
    e << YAML::Key << "charges" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [element, q] : s.charges) e << YAML::Key << element << YAML::Value << number(q);
    e << YAML::EndMap;
  }
  e << YAML::EndMap;
}

void write_potential(YAML::Emitter& e, const PotentialSpec& p) {
  e << YAML::Key << "potential" << YAML::Value;
  if (!p.lennard_jones) {
    e << p.file;
    return;
  }
  e << YAML::BeginMap << YAML::Key << "lennard_jones" << YAML::Value << YAML::Flow << YAML::BeginMap;
  e << YAML::Key << "epsilon_eV" << YAML::Value << number(p.epsilon_eV);
  e << YAML::Key << "sigma_A" << YAML::Value << number(p.sigma_A);
  e << YAML::Key << "cutoff_A" << YAML::Value << number(p.cutoff_A);
  e << YAML::EndMap << YAML::EndMap;
}

void write_stage(YAML::Emitter& e, const StageSpec& s) {
  e << YAML::BeginMap;
  e << YAML::Key << "name" << YAML::Value << s.name;
  e << YAML::Key << "ensemble" << YAML::Value << ensemble_name(s.ensemble);
  if (s.ensemble == Ensemble::Minimize) {
    e << YAML::Key << "max_steps" << YAML::Value << s.fire.max_steps;
    e << YAML::Key << "force_tolerance_eV_per_A" << YAML::Value << number(s.fire.force_tolerance_eV_per_A);
    e << YAML::Key << "max_step_A" << YAML::Value << number(s.fire.max_step_A);
    e << YAML::Key << "relax_cell" << YAML::Value << relaxation_name(s.fire.cell);
    if (s.fire.cell != CellRelaxation::None)
      e << YAML::Key << "pressure_bar" << YAML::Value << number(s.fire.pressure_bar);
    e << YAML::Key << "pressure_tolerance_bar" << YAML::Value << number(s.fire.pressure_tolerance_bar);
    e << YAML::EndMap;
    return;
  }
  e << YAML::Key << "steps" << YAML::Value << s.steps;
  e << YAML::Key << "timestep_ps" << YAML::Value << number(s.timestep_ps);
  if (s.ensemble != Ensemble::Nve) {
    e << YAML::Key << "thermostat" << YAML::Value << thermostat_kind_name(s.thermostat);
    e << YAML::Key << "damping_ps" << YAML::Value << number(s.damping_ps);
    if (s.start_temperature_K == s.end_temperature_K) {
      e << YAML::Key << "temperature_K" << YAML::Value << number(s.start_temperature_K);
    } else {
      e << YAML::Key << "start_temperature_K" << YAML::Value << number(s.start_temperature_K);
      e << YAML::Key << "end_temperature_K" << YAML::Value << number(s.end_temperature_K);
    }
  }
  if (s.ensemble == Ensemble::Npt) {
    e << YAML::Key << "pressure_bar" << YAML::Value << number(s.pressure_bar);
    e << YAML::Key << "barostat" << YAML::Value << coupling_name(s.coupling);
    e << YAML::Key << "pressure_damping_ps" << YAML::Value << number(s.pressure_damping_ps);
    e << YAML::Key << "compressibility_per_bar" << YAML::Value << number(s.compressibility_per_bar);
  }
  e << YAML::EndMap;
}

void write_outputs(YAML::Emitter& e, const OutputSpec& o) {
  e << YAML::Key << "outputs" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "thermo_every" << YAML::Value << o.thermo_every;
  e << YAML::Key << "thermo_file" << YAML::Value << o.thermo_file;
  e << YAML::Key << "console" << YAML::Value << o.console;
  e << YAML::Key << "trajectory_every" << YAML::Value << o.trajectory_every;
  e << YAML::Key << "trajectory_file" << YAML::Value << o.trajectory_file;
  e << YAML::Key << "trajectory_velocities" << YAML::Value << o.trajectory_velocities;
  e << YAML::Key << "final_structure" << YAML::Value << o.final_structure;
  e << YAML::Key << "checkpoint_every" << YAML::Value << o.checkpoint_every;
  e << YAML::Key << "checkpoint_file" << YAML::Value << o.checkpoint_file;
  e << YAML::EndMap;
}

void write_safety(YAML::Emitter& e, const SafetySpec& s) {
  e << YAML::Key << "safety" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "min_distance_A" << YAML::Value << number(s.min_distance_A);
  e << YAML::Key << "max_temperature_K" << YAML::Value << number(s.max_temperature_K);
  e << YAML::Key << "check_every" << YAML::Value << s.check_every;
  e << YAML::EndMap;
}

void write_extrapolation(YAML::Emitter& e, const ace::ExtrapolationSettings& x) {
  e << YAML::Key << "extrapolation" << YAML::Value << YAML::BeginMap;
  e << YAML::Key << "potential" << YAML::Value << x.potential;
  e << YAML::Key << "active_set" << YAML::Value << x.active_set;
  e << YAML::Key << "every" << YAML::Value << x.every;
  e << YAML::Key << "lower" << YAML::Value << number(x.lower);
  e << YAML::Key << "upper" << YAML::Value << number(x.upper);
  e << YAML::Key << "file" << YAML::Value << x.file;
  e << YAML::EndMap;
}

}  // namespace

std::string format_protocol(const Protocol& p) {
  YAML::Emitter e;
  e.SetBoolFormat(YAML::TrueFalseBool);
  e << YAML::BeginMap;
  if (!p.description.empty()) e << YAML::Key << "description" << YAML::Value << p.description;
  write_structure(e, p.structure);
  write_potential(e, p.potential);
  e << YAML::Key << "seed" << YAML::Value << p.seed;
  if (p.initial_temperature_K)
    e << YAML::Key << "initial_temperature_K" << YAML::Value << number(*p.initial_temperature_K);
  e << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq;
  for (const auto& stage : p.stages) write_stage(e, stage);
  e << YAML::EndSeq;
  write_outputs(e, p.outputs);
  write_safety(e, p.safety);
  if (p.extrapolation) write_extrapolation(e, *p.extrapolation);
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

Protocol recorded_protocol(Protocol protocol, const std::string& record_path) {
  protocol.path = record_path;
  protocol.text = format_protocol(protocol);
  return protocol;
}

}  // namespace ionglass
