// Protocol files, the random packer and the run driver (in-process, with the Lennard-Jones model).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ionglass/core/error.hpp"
#include "ionglass/md/checkpoint.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "ionglass/md/random_packer.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {

const std::string lj_header = R"(structure:
  random:
    composition: {Ar: 1}
    atoms: 108
    density_g_cm3: 1.2
    min_distance_A: 3.0
    seed: 4
potential:
  lennard_jones: {epsilon_eV: 0.0104, sigma_A: 3.4, cutoff_A: 8.5}
)";

// The InputError that parsing `text` raises (fails the test when none).
InputError parse_error(const std::string& text) {
  try {
    parse_protocol(text, "bad.yaml");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return InputError("none");
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(Formula, ParsesFormulaAndOxideUnits) {
  EXPECT_EQ(parse_formula("P2O5"), (std::map<std::string, long long>{{"O", 5}, {"P", 2}}));
  EXPECT_EQ(parse_formula("NaFePO4"), (std::map<std::string, long long>{{"Fe", 1}, {"Na", 1}, {"O", 4}, {"P", 1}}));
  EXPECT_EQ(parse_formula("Fe2O2"), (std::map<std::string, long long>{{"Fe", 2}, {"O", 2}}));
  EXPECT_THROW(parse_formula("Xx2O"), InputError);
  EXPECT_THROW(parse_formula("na2O"), InputError);
  EXPECT_THROW(parse_formula("Na0"), InputError);
}

TEST(RandomPacker, HonoursCompositionAndMinimumDistances) {
  RandomPackingOptions o;
  o.composition = {{"Na2O", 1}, {"Fe2O2", 1}, {"P2O5", 1}};  // = 2 NaFePO4 per block, 14 atoms
  o.target_atoms = 3003;                                     // 214.5 blocks → 215 (3010 atoms)
  o.density_g_cm3 = 3.0;
  o.default_min_distance_A = 1.6;
  o.pair_min_distance_A[{"Na", "Na"}] = 2.8;
  o.pair_min_distance_A[{"P", "O"}] = 1.4;
  o.seed = 17;
  const System s = random_packing(o);
  const auto counts = s.counts();
  EXPECT_EQ(counts.at("Na"), 430u);
  EXPECT_EQ(counts.at("Fe"), 430u);
  EXPECT_EQ(counts.at("P"), 430u);
  EXPECT_EQ(counts.at("O"), 1720u);
  EXPECT_NEAR(s.density_g_cm3(), 3.0, 1e-9);
  // Every pair honours its minimum distance (brute force with the minimum image of a cube).
  const double length = s.cell.lengths()[0];
  double worst = 1e9;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = i + 1; j < s.size(); ++j) {
      Vec3 d = s.positions[j] - s.positions[i];
      for (int k = 0; k < 3; ++k) d[k] -= length * std::round(d[k] / length);
      const std::string a = s.symbol(i), b = s.symbol(j);
      double limit = 1.6;
      if (a == "Na" && b == "Na") limit = 2.8;
      if ((a == "P" && b == "O") || (a == "O" && b == "P")) limit = 1.4;
      worst = std::min(worst, d.norm() - limit);
    }
  EXPECT_GE(worst, 0.0);
  // Types alphabetical by element.
  ASSERT_EQ(s.atom_types.size(), 4u);
  EXPECT_EQ(s.atom_types[0].label, "Fe");
  EXPECT_EQ(s.atom_types[3].label, "P");
  // Same seed, same packing.
  EXPECT_EQ(random_packing(o).positions, s.positions);
}

TEST(RandomPacker, ImpossiblePackingFailsClearly) {
  RandomPackingOptions o;
  o.composition = {{"NaFePO4", 1}};
  o.target_atoms = 700;
  o.density_g_cm3 = 3.0;
  o.default_min_distance_A = 3.5;
  o.max_attempts_per_atom = 2000;
  EXPECT_THROW(random_packing(o), ComputationError);
}

TEST(Protocol, ParsesStagesRampsAndDefaults) {
  const Protocol p = parse_protocol(lj_header + R"(seed: 9
initial_temperature_K: 300
stages:
  - {name: melt, ensemble: nvt, thermostat: nose_hoover, temperature_K: 5000, duration_ps: 1, timestep_ps: 0.001}
  - {ensemble: nvt, start_temperature_K: 5000, end_temperature_K: 300, cooling_rate_K_per_ps: 10}
  - {ensemble: npt, thermostat: langevin, temperature_K: 300, pressure_bar: 1, barostat: anisotropic, steps: 50}
  - {ensemble: minimize, relax_cell: isotropic, pressure_bar: 0}
  - {ensemble: nve, steps: 10, timestep_ps: 0.01}
outputs: {thermo_every: 10, trajectory_every: 100, trajectory_file: traj.extxyz, checkpoint_every: 1000}
)",
                                    "/some/dir/p.yaml");
  ASSERT_EQ(p.stages.size(), 5u);
  EXPECT_EQ(p.stages[0].steps, 1000);
  EXPECT_EQ(p.stages[0].thermostat, ThermostatKind::NoseHooverChain);
  EXPECT_EQ(p.stages[1].steps, 470000);  // 4700 K at 10 K/ps = 470 ps of 1 fs
  EXPECT_DOUBLE_EQ(p.stages[1].temperature_at(1), 5000);
  EXPECT_DOUBLE_EQ(p.stages[1].temperature_at(470000), 300);
  EXPECT_NEAR(p.stages[1].temperature_at(235000), 2650, 0.02);
  EXPECT_EQ(p.stages[2].coupling, BarostatCoupling::Anisotropic);
  EXPECT_EQ(p.stages[3].fire.cell, CellRelaxation::Isotropic);
  EXPECT_EQ(p.seed, 9u);
  ASSERT_EQ(p.warnings.size(), 1u);  // 0.01 ps
  EXPECT_NE(p.warnings[0].find("picoseconds"), std::string::npos);
  EXPECT_NE(p.warnings[0].find(":17:"), std::string::npos) << p.warnings[0];
}

TEST(Protocol, BadFilesGiveErrorsWithLines) {
  struct Case {
    std::string text;
    long line;
    std::string words;
  };
  const std::vector<Case> cases = {
      {lj_header + "stages:\n  - {ensemble: nvt, temperature_K: 300, steps: 10, temprature: 4}\n", 11, "unknown key 'temprature'"},
      {lj_header + "stages:\n  - ensemble: nvt\n    temperature_K: -5\n    steps: 10\n", 12, "must be positive"},
      {lj_header + "stages:\n  - ensemble: nvt\n    temperature_K: 300\n    steps: 10\n    duration_ps: 1\n", 11, "exactly one of"},
      {lj_header + "stages:\n  - ensemble: nvx\n    steps: 10\n", 11, "unknown ensemble"},
      {lj_header + "stages:\n  - ensemble: nvt\n    thermostat: berendsen\n    temperature_K: 300\n    steps: 10\n", 12, "unknown thermostat"},
      {lj_header + "stages:\n  - ensemble: nve\n    steps: ten\n", 12, "whole number"},
      {lj_header + "stages:\n  - ensemble: nve\n    temperature_K: 300\n    steps: 10\n", 12, "unknown key 'temperature_K'"},
      {lj_header + "stages:\n  - ensemble: npt\n    temperature_K: 300\n    steps: 10\n", 11, "needs pressure_bar"},
      {lj_header + "stages: []\n", 10, "non-empty"},
      {lj_header + "stages:\n  - {ensemble: nve, steps: 1}\noutputs: {thermo_every: 0}\n", 12, "thermo_every must be positive"},
      {lj_header + "stages:\n  - {ensemble: nve, steps: 1}\noutputs: {trajectory_file: t.pdb}\n", 12, "trajectory_file"},
      {"structure: {file: a.data}\npotential: p.yace\nstages: [{ensemble: nve, steps: 1}]\nfoo: 1\n", 4, "unknown key 'foo'"},
      {"structure:\n  random: {composition: {NaXxPO4: 1}, density_g_cm3: 3}\npotential: p.yace\nstages: [{ensemble: nve, steps: 1}]\n", 2, "unknown element"},
      {"structure:\n  random: {composition: {NaFePO4: 1}}\npotential: p.yace\nstages: [{ensemble: nve, steps: 1}]\n", 2, "density_g_cm3"},
      {"structure: {file: a.data}\npotential: p.yace\nstages: [{ensemble: nve, steps: 1}\n", 4, "YAML"},
  };
  for (const auto& c : cases) {
    const InputError e = parse_error(c.text);
    EXPECT_EQ(e.file(), "bad.yaml");
    EXPECT_EQ(e.line(), c.line) << e.what() << "\n" << c.text;
    EXPECT_NE(std::string(e.what()).find(c.words), std::string::npos) << e.what();
  }
}

TEST(ProtocolRun, WritesThermoTrajectoryAndFinalStructure) {
  const std::string dir = test::binary_dir() + "/tests/md/run_basic";
  std::filesystem::remove_all(dir);
  const Protocol p = parse_protocol(lj_header + R"(initial_temperature_K: 100
stages:
  - {ensemble: minimize, max_steps: 50}
  - {ensemble: nvt, thermostat: bussi, start_temperature_K: 100, end_temperature_K: 50, steps: 40, timestep_ps: 0.004}
  - {ensemble: npt, thermostat: langevin, temperature_K: 50, pressure_bar: 100, steps: 20, timestep_ps: 0.004}
  - {ensemble: nve, steps: 20, timestep_ps: 0.004}
outputs: {thermo_every: 10, trajectory_every: 20, checkpoint_every: 30}
)",
                                    "lj.yaml");
  RunOptions o;
  o.output_dir = dir;
  o.progress = false;
  const RunSummary s = run_protocol(p, o);
  EXPECT_EQ(s.total_steps, 80);
  const std::string thermo = read_text(dir + "/thermo.csv");
  EXPECT_EQ(thermo.substr(0, thermo.find('\n')),
            "step,time_ps,stage,temperature_K,target_temperature_K,potential_energy_eV,kinetic_energy_eV,"
            "total_energy_eV,conserved_energy_eV,pressure_bar,volume_A3,density_g_cm3");
  EXPECT_EQ(std::count(thermo.begin(), thermo.end(), '\n'), 1 + 1 + 1 + 4 + 2 + 2);
  const std::string dump = read_text(dir + "/trajectory.dump");
  std::size_t frames = 0;
  for (std::size_t k = dump.find("ITEM: TIMESTEP"); k != std::string::npos; k = dump.find("ITEM: TIMESTEP", k + 1)) ++frames;
  EXPECT_EQ(frames, 5u);  // steps 0, 20, 40, 60, 80
  EXPECT_NE(dump.find("ix iy iz"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir + "/final.data"));
  const Checkpoint c = read_checkpoint(dir + "/checkpoint.bin");
  EXPECT_EQ(c.stage_index, 4u);
  EXPECT_EQ(c.step, 80);
}

TEST(ProtocolRun, SafetyStopsCollapsingRunWithStepAndAtoms) {
  const std::string dir = test::binary_dir() + "/tests/md/run_unsafe";
  std::filesystem::remove_all(dir);
  // A huge timestep makes atoms collide; the run must stop with a clear message.
  const Protocol p = parse_protocol(lj_header + R"(initial_temperature_K: 3000
stages:
  - {ensemble: nve, steps: 200, timestep_ps: 0.05}
safety: {min_distance_A: 2.0, check_every: 1, max_temperature_K: 20000}
)",
                                    "lj.yaml");
  RunOptions o;
  o.output_dir = dir;
  o.progress = false;
  try {
    run_protocol(p, o);
    FAIL() << "no safety error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("step "), std::string::npos) << m;
    EXPECT_TRUE(m.find("atoms id") != std::string::npos || m.find("temperature") != std::string::npos ||
                m.find("not finite") != std::string::npos || m.find("moved up to") != std::string::npos)
        << m;
  }
}

// A timestep far too large (issue 16): atoms flew apart in a few steps and the run ended in a
// position-range error (or "cannot create std::vector larger than max_size()") that named neither
// the protocol nor the timestep. The per-step displacement limit stops it at the first step that
// moves an atom more than 1 Å, as an InputError of the protocol file naming the stage's timestep.
TEST(ProtocolRun, TimestepTooLargeIsAnInputErrorNamingTheProtocolAndTheTimestep) {
  const std::string dir = test::binary_dir() + "/tests/md/run_timestep";
  for (const char* timestep : {"0.2", "5"}) {
    std::filesystem::remove_all(dir);
    const Protocol p = parse_protocol(lj_header +
                                          "initial_temperature_K: 300\nstages:\n"
                                          "  - {ensemble: nvt, temperature_K: 300, steps: 50, timestep_ps: " +
                                          std::string(timestep) + "}\nsafety: {check_every: 1000}\n",
                                      "/some/dir/big_step.yaml");
    RunOptions o;
    o.output_dir = dir;
    o.progress = false;
    try {
      run_protocol(p, o);
      ADD_FAILURE() << "a timestep of " << timestep << " ps ran";
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "/some/dir/big_step.yaml");
      EXPECT_NE(e.problem().find(std::string("stage 1 (timestep_ps ") + timestep + ")"), std::string::npos) << e.what();
      EXPECT_NE(e.problem().find("moved up to"), std::string::npos) << e.what();
      EXPECT_NE(e.problem().find("(Ar)"), std::string::npos) << e.what();
    }
  }
  // The limit is a setting: 0 switches it off, and an ordinary run never meets it.
  EXPECT_EQ(
      parse_protocol(lj_header + "stages:\n  - {ensemble: nve, steps: 1}\nsafety: {max_displacement_A: 0}\n", "p.yaml")
          .safety.max_displacement_A,
      0.0);
  EXPECT_THROW(parse_protocol(lj_header + "stages:\n  - {ensemble: nve, steps: 1}\nsafety: {max_displacement_A: -1}\n",
                              "p.yaml"),
               InputError);
}
