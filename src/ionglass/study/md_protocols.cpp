#include "ionglass/study/md_protocols.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ionglass/md/protocol_writer.hpp"
#include "ionglass/md/thermostat.hpp"

namespace ionglass::study {

namespace {

// The outputs every study MD step writes: no console, the final structure in final.data (the
// next step reads it from there).
OutputSpec step_outputs(long long thermo_every, long long checkpoint_every) {
  OutputSpec o;
  o.thermo_every = thermo_every;
  o.console = false;
  o.checkpoint_every = checkpoint_every;
  o.final_structure = "final.data";
  return o;
}

PotentialSpec potential_file(const std::string& potential) {
  PotentialSpec p;
  p.file = potential;
  return p;
}

// A study stage with the reader's timestep warning, named after the record.
void add_stage(Protocol& p, StageSpec stage) {
  if (const std::string w = timestep_warning(stage, p.path, 0); !w.empty()) p.warnings.push_back(w);
  p.stages.push_back(std::move(stage));
}

}  // namespace

Protocol quench_protocol(const std::string& protocol_file, unsigned long seed, const std::string& record_path) {
  Protocol p = read_protocol(protocol_file);  // paths resolved (absolute) against the model's protocol file
  p.seed = seed;
  if (p.structure.random) p.structure.random->seed = seed;
  p.outputs.final_structure = "final.data";  // the study reads the quenched glass from here
  p.outputs.console = false;
  return recorded_protocol(std::move(p), record_path);
}

int atoms_per_formula_unit(const std::string& formula) {
  return static_cast<int>(formula_atom_count(formula));
}

Protocol equilibration_protocol(const DiffusionSettings& D, const std::string& potential, double density, double T,
                                unsigned long seed, const std::string& record_path) {
  Protocol p;
  p.path = record_path;
  p.description = fmt::format("study equilibration: {} formula units of {} at {:.4f} g/cm3, {:g} K", D.formula_units,
                              D.formula, density, T);
  RandomPackingOptions packing;
  packing.composition = {{D.formula, 1}};
  packing.target_atoms = static_cast<long long>(D.formula_units) * atoms_per_formula_unit(D.formula);
  packing.density_g_cm3 = density;
  packing.default_min_distance_A = D.min_distance_A;
  packing.seed = seed;
  packing_counts(packing);  // checks the packing as the protocol reader would
  p.structure.random = packing;
  p.potential = potential_file(potential);
  p.seed = seed;
  p.initial_temperature_K = T;
  add_stage(p, minimize_stage("relax packing", 300));
  if (D.equilibration_ps > 0)
    add_stage(p, nvt_stage("equilibrate", parse_thermostat_kind(D.thermostat), D.damping_ps, T, D.timestep_ps,
                           D.equilibration_ps));
  p.outputs = step_outputs(100, 500);
  return recorded_protocol(std::move(p), record_path);
}

Protocol glass_equilibration_protocol(const DiffusionSettings& D, const std::string& potential,
                                      const std::string& structure_file, const std::vector<std::string>& types,
                                      double T, unsigned long seed, const std::string& record_path) {
  Protocol p;
  p.path = record_path;
  p.description = fmt::format("study equilibration of the glass {} at {:g} K", structure_file, T);
  p.structure.file = structure_file;
  p.structure.types = types;
  p.potential = potential_file(potential);
  p.seed = seed;
  p.initial_temperature_K = T;
  add_stage(p, nvt_stage("equilibrate", parse_thermostat_kind(D.thermostat), D.damping_ps, T, D.timestep_ps,
                         D.equilibration_ps));
  p.outputs = step_outputs(100, 500);
  return recorded_protocol(std::move(p), record_path);
}

Protocol production_protocol(const DiffusionSettings& D, const std::string& potential, const std::string& start,
                             double T, unsigned long seed, const std::string& record_path) {
  const long long every = std::llround(D.frame_interval_ps / D.timestep_ps);
  Protocol p;
  p.path = record_path;
  p.description = fmt::format("study production run at {:g} K", T);
  p.structure.file = start;
  p.potential = potential_file(potential);
  p.seed = seed;
  add_stage(
      p, nvt_stage("production", parse_thermostat_kind(D.thermostat), D.damping_ps, T, D.timestep_ps, D.production_ps));
  p.outputs = step_outputs(every * 5, every * 50);
  p.outputs.trajectory_every = every;
  p.outputs.trajectory_file = "trajectory.dump";
  return recorded_protocol(std::move(p), record_path);
}

}  // namespace ionglass::study
