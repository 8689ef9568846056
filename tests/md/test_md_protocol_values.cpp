// Protocols as values: the one writer (format_protocol) reads back to the same value, the typed
// stage builders equal what the reader builds from the same settings, and a resumed run made
// from a potential the caller already loaded reads no potential file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "ionglass/core/error.hpp"
#include "ionglass/md/checkpoint.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "ionglass/md/protocol_writer.hpp"
#include "regression_compare.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {

// Every kind of setting the reader knows, with numbers that have no short decimal form.
const std::string rich_protocol = R"(description: every setting
structure:
  random:
    composition: {NaFePO4: 2, Na2O: 1}
    atoms: 150
    density_g_cm3: 2.9123456789012345
    min_distance_A: {default: 1.55, Na-O: 2.1, P-O: 1.3}
    seed: 12345678901
    max_attempts_per_atom: 5000
  types: [Na, Fe, P, O]
  charges: {Na: 0.6, Fe: 1.2, P: 3.0, O: -1.2}
potential: /data/potentials/teter.yaml
seed: 99
initial_temperature_K: 3000.125
stages:
  - {name: relax, ensemble: minimize, max_steps: 120, force_tolerance_eV_per_A: 0.003, max_step_A: 0.1,
     relax_cell: anisotropic, pressure_bar: 1.5, pressure_tolerance_bar: 20}
  - {name: melt, ensemble: nvt, thermostat: nose_hoover, damping_ps: 0.07, temperature_K: 3000, duration_ps: 0.3,
     timestep_ps: 0.0015}
  - {name: quench, ensemble: npt, thermostat: langevin, start_temperature_K: 3000, end_temperature_K: 300,
     cooling_rate_K_per_ps: 1000, timestep_ps: 0.001, pressure_bar: 0.1, barostat: aniso,
     pressure_damping_ps: 0.9, compressibility_per_bar: 4.5e-6}
  - {ensemble: nve, steps: 77, timestep_ps: 0.0001}
outputs: {thermo_every: 7, thermo_file: t.csv, console: false, trajectory_every: 11, trajectory_file: traj.extxyz,
          trajectory_velocities: true, final_structure: end.data, checkpoint_every: 33, checkpoint_file: c.bin}
safety: {min_distance_A: 0.7, max_temperature_K: 12345.5, check_every: 9}
extrapolation: {potential: /data/b_basis.yaml, active_set: /data/b_basis.asi, every: 5, lower: 2.5, upper: 7.25,
                file: gamma.extxyz}
)";

void expect_same_stage(const StageSpec& a, const StageSpec& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.ensemble, b.ensemble);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.timestep_ps, b.timestep_ps);
  EXPECT_EQ(a.thermostat, b.thermostat);
  EXPECT_EQ(a.damping_ps, b.damping_ps);
  EXPECT_EQ(a.start_temperature_K, b.start_temperature_K);
  EXPECT_EQ(a.end_temperature_K, b.end_temperature_K);
  EXPECT_EQ(a.coupling, b.coupling);
  EXPECT_EQ(a.pressure_bar, b.pressure_bar);
  EXPECT_EQ(a.pressure_damping_ps, b.pressure_damping_ps);
  EXPECT_EQ(a.compressibility_per_bar, b.compressibility_per_bar);
  EXPECT_EQ(a.fire.max_steps, b.fire.max_steps);
  EXPECT_EQ(a.fire.force_tolerance_eV_per_A, b.fire.force_tolerance_eV_per_A);
  EXPECT_EQ(a.fire.max_step_A, b.fire.max_step_A);
  EXPECT_EQ(a.fire.cell, b.fire.cell);
  EXPECT_EQ(a.fire.pressure_bar, b.fire.pressure_bar);
  EXPECT_EQ(a.fire.pressure_tolerance_bar, b.fire.pressure_tolerance_bar);
}

}  // namespace

TEST(ProtocolWriter, ReadsBackToTheSameValue) {
  const Protocol original = parse_protocol(rich_protocol, "/data/rich.yaml");
  const std::string text = format_protocol(original);
  const Protocol back = parse_protocol(text, "/elsewhere/record.yaml");
  EXPECT_EQ(format_protocol(back), text) << text;  // a fixed point: nothing lost or rounded
  EXPECT_EQ(back.description, "every setting");
  ASSERT_TRUE(back.structure.random);
  const RandomPackingOptions& r = *back.structure.random;
  EXPECT_EQ(r.composition, original.structure.random->composition);
  EXPECT_EQ(r.target_atoms, 150);
  EXPECT_EQ(r.density_g_cm3, original.structure.random->density_g_cm3);  // bit for bit
  EXPECT_EQ(r.default_min_distance_A, 1.55);
  EXPECT_EQ(r.pair_min_distance_A, original.structure.random->pair_min_distance_A);
  EXPECT_EQ(r.seed, 12345678901u);
  EXPECT_EQ(r.max_attempts_per_atom, 5000);
  EXPECT_EQ(back.structure.types, original.structure.types);
  EXPECT_EQ(back.structure.charges, original.structure.charges);
  EXPECT_EQ(back.potential.file, "/data/potentials/teter.yaml");
  EXPECT_EQ(back.seed, 99u);
  EXPECT_EQ(back.initial_temperature_K, original.initial_temperature_K);
  ASSERT_EQ(back.stages.size(), original.stages.size());
  for (std::size_t k = 0; k < back.stages.size(); ++k) expect_same_stage(back.stages[k], original.stages[k]);
  EXPECT_EQ(back.stages[2].steps, 2700);  // 2700 K at 1000 K/ps in 0.001 ps steps
  EXPECT_EQ(back.stages[3].name, "stage 4");
  EXPECT_EQ(back.outputs.thermo_file, "t.csv");
  EXPECT_EQ(back.outputs.trajectory_file, "traj.extxyz");
  EXPECT_TRUE(back.outputs.trajectory_velocities);
  EXPECT_FALSE(back.outputs.console);
  EXPECT_EQ(back.outputs.checkpoint_every, 33);
  EXPECT_EQ(back.safety.max_temperature_K, 12345.5);
  ASSERT_TRUE(back.extrapolation);
  EXPECT_EQ(back.extrapolation->active_set, "/data/b_basis.asi");
  EXPECT_EQ(back.extrapolation->upper, 7.25);
}

TEST(ProtocolWriter, LennardJonesAndStructureFile) {
  const Protocol original = parse_protocol(R"(structure: {file: /data/glass.data, format: lammps-data}
potential:
  lennard_jones: {epsilon_eV: 0.0104, sigma_A: 3.4, cutoff_A: 8.5}
stages:
  - {ensemble: nvt, temperature_K: 120, steps: 10, timestep_ps: 0.004}
)",
                                           "/data/lj.yaml");
  const Protocol back = parse_protocol(format_protocol(original), "/data/record.yaml");
  EXPECT_EQ(back.structure.file, "/data/glass.data");
  EXPECT_EQ(back.structure.format, "lammps-data");
  EXPECT_FALSE(back.structure.random);
  EXPECT_TRUE(back.potential.lennard_jones);
  EXPECT_EQ(back.potential.sigma_A, 3.4);
  EXPECT_FALSE(back.initial_temperature_K);
  expect_same_stage(back.stages[0], original.stages[0]);
}

TEST(ProtocolWriter, RecordedProtocolCarriesItsText) {
  Protocol p = parse_protocol(rich_protocol, "/data/rich.yaml");
  p.seed = 7;
  const Protocol recorded = recorded_protocol(p, "/run/protocol.yaml");
  EXPECT_EQ(recorded.path, "/run/protocol.yaml");
  EXPECT_EQ(recorded.text, format_protocol(p));
  EXPECT_NE(recorded.text.find("seed: 7"), std::string::npos) << recorded.text;
}

TEST(StageBuilders, EqualWhatTheReaderBuilds) {
  const Protocol read = parse_protocol(R"(structure: {file: /x.data}
potential: /p.yaml
stages:
  - {name: relax packing, ensemble: minimize, max_steps: 300}
  - {name: equilibrate, ensemble: nvt, thermostat: langevin, damping_ps: 0.2, temperature_K: 900.5,
     timestep_ps: 0.002, duration_ps: 1.3}
)",
                                       "/p.yaml");
  expect_same_stage(minimize_stage("relax packing", 300), read.stages[0]);
  expect_same_stage(nvt_stage("equilibrate", ThermostatKind::Langevin, 0.2, 900.5, 0.002, 1.3), read.stages[1]);
  EXPECT_EQ(read.stages[1].steps, 650);
  EXPECT_THROW(steps_for_duration(0.0001, 0.001), InputError);
  EXPECT_THROW(steps_for_duration(1e10, 1e-5), InputError);
  EXPECT_EQ(steps_for_duration(0.0149, 0.001), 15);
  EXPECT_TRUE(timestep_warning(read.stages[1], "p.yaml", 3).empty());
  EXPECT_NE(timestep_warning(nvt_stage("hot", ThermostatKind::Bussi, 0.1, 300, 0.01, 1), "p.yaml", 3).find("p.yaml:3"),
            std::string::npos);
}

// The caller loads the potential once; the run is interrupted after a checkpoint (here: the
// caller's factory fails on its third instance), the potential file disappears, and the resume
// made from the loaded potential still ends bit-identical to an uninterrupted run.
TEST(ProtocolRun, ResumeReusesTheLoadedPotential) {
  const std::string dir = test::binary_dir() + "/tests/md/resume_loaded";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string potential_file = dir + "/argon.yaml";
  {
    std::ofstream f(potential_file);
    f << "name: argon\nunits: metal\nshort_range:\n  cutoff: 8.5\n  pairs:\n"
         "    - {pair: [Ar, Ar], model: lennard_jones, epsilon: 0.0104, sigma: 3.4}\ncoulomb: {method: none}\n";
  }
  const Protocol protocol = parse_protocol(R"(structure:
  random: {composition: {Ar: 1}, atoms: 108, density_g_cm3: 1.2, min_distance_A: 3.0, seed: 4}
potential: argon.yaml
seed: 5
initial_temperature_K: 120
stages:
  - {ensemble: nvt, thermostat: bussi, temperature_K: 120, steps: 60, timestep_ps: 0.004}
outputs: {thermo_every: 5, trajectory_every: 10, checkpoint_every: 20, console: false}
)",
                                           dir + "/protocol.yaml");
  const PotentialFactory loaded = make_potential_factory(protocol.potential);
  ExecutionContext context;
  context.output_directory = dir;
  context.threads = 2;
  context.show_progress = false;

  RunControl whole;
  whole.potential = loaded;
  run_protocol(protocol, context.in_subfolder("whole"), whole);

  RunControl interrupted;
  int instances = 0;
  interrupted.potential = [&] {
    if (++instances == 3) throw std::runtime_error("interrupted");
    return loaded();
  };
  EXPECT_THROW(run_protocol(protocol, context.in_subfolder("parts"), interrupted), std::runtime_error);
  const Checkpoint c = read_checkpoint(dir + "/parts/checkpoint.bin");
  EXPECT_GT(c.step, 0);
  EXPECT_LT(c.step, 60);

  std::filesystem::rename(potential_file, dir + "/moved.yaml");
  RunControl from_file;
  from_file.resume = true;
  EXPECT_THROW(run_protocol(protocol, context.in_subfolder("parts"), from_file), InputError);  // the file is gone
  RunControl resume;
  resume.resume = true;
  resume.potential = loaded;
  const RunSummary s = run_protocol(protocol, context.in_subfolder("parts"), resume);
  EXPECT_TRUE(s.resumed);
  EXPECT_EQ(s.total_steps, 60);
  for (const char* file : {"thermo.csv", "trajectory.dump", "final.data"})
    EXPECT_EQ(test::read_text_file(dir + "/parts/" + file), test::read_text_file(dir + "/whole/" + file)) << file;
}
