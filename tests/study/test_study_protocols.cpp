// The study's MD protocols, built as values, equal the protocols the reader makes from the
// settings they stand for, and their record text (protocol.yaml) reads back to the same value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ionglass/md/protocol_writer.hpp"
#include "ionglass/study/md_protocols.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {

study::DiffusionSettings diffusion() {
  study::DiffusionSettings D;
  D.formula = "NaFePO4";
  D.formula_units = 12;
  D.timestep_ps = 0.002;
  D.equilibration_ps = 0.7;
  D.production_ps = 3.1;
  D.frame_interval_ps = 0.02;
  D.thermostat = "langevin";
  D.damping_ps = 0.15;
  D.min_distance_A = 1.45;
  return D;
}

// The record reads back to the value it was written from.
void expect_record_matches(const Protocol& p) {
  EXPECT_EQ(p.text, format_protocol(p));
  EXPECT_EQ(format_protocol(parse_protocol(p.text, p.path)), p.text) << p.text;
}

}  // namespace

TEST(StudyProtocols, EquilibrationEqualsTheProtocolItStandsFor) {
  const double density = 2.987654321098765;
  const Protocol built = study::equilibration_protocol(diffusion(), "/models/ace.yace", density, 1500, 1042,
                                                       "/study/md/equilibration/protocol.yaml");
  const Protocol read = parse_protocol(
      "description: 'study equilibration: 12 formula units of NaFePO4 at 2.9877 g/cm3, 1500 K'\n"
      "structure:\n  random: {composition: {NaFePO4: 1}, atoms: 84, density_g_cm3: 2.987654321098765,\n"
      "           min_distance_A: 1.45, seed: 1042}\n"
      "potential: /models/ace.yace\nseed: 1042\ninitial_temperature_K: 1500\nstages:\n"
      "  - {name: relax packing, ensemble: minimize, max_steps: 300}\n"
      "  - {name: equilibrate, ensemble: nvt, thermostat: langevin, damping_ps: 0.15, temperature_K: 1500,\n"
      "     timestep_ps: 0.002, duration_ps: 0.7}\n"
      "outputs: {thermo_every: 100, console: false, checkpoint_every: 500, final_structure: final.data}\n",
      "/study/md/equilibration/protocol.yaml");
  EXPECT_EQ(format_protocol(built), format_protocol(read));
  EXPECT_EQ(built.structure.random->density_g_cm3, density);
  EXPECT_EQ(built.stages.at(1).steps, 350);
  expect_record_matches(built);

  study::DiffusionSettings none = diffusion();
  none.equilibration_ps = 0;
  EXPECT_EQ(study::equilibration_protocol(none, "/m.yace", density, 1500, 1, "/r.yaml").stages.size(), 1u);
}

TEST(StudyProtocols, ProductionEqualsTheProtocolItStandsFor) {
  const Protocol built = study::production_protocol(diffusion(), "/models/ace.yace", "/study/eq/final.data", 1500, 1043,
                                                    "/study/md/production/protocol.yaml");
  const Protocol read = parse_protocol(
      "description: study production run at 1500 K\nstructure: {file: /study/eq/final.data}\n"
      "potential: /models/ace.yace\nseed: 1043\nstages:\n"
      "  - {name: production, ensemble: nvt, thermostat: langevin, damping_ps: 0.15, temperature_K: 1500,\n"
      "     timestep_ps: 0.002, duration_ps: 3.1}\n"
      "outputs: {thermo_every: 50, console: false, trajectory_every: 10, trajectory_file: trajectory.dump,\n"
      "          checkpoint_every: 500, final_structure: final.data}\n",
      "/study/md/production/protocol.yaml");
  EXPECT_EQ(format_protocol(built), format_protocol(read));
  EXPECT_EQ(built.stages.at(0).steps, 1550);
  expect_record_matches(built);
}

TEST(StudyProtocols, QuenchIsTheModelsProtocolWithTheReplicasSeed) {
  const std::string dir = test::binary_dir() + "/tests/study/quench_protocol";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir + "/quench.yaml");
    f << "structure:\n  random: {composition: {NaFePO4: 1}, atoms: 70, density_g_cm3: 2.5, seed: 3}\n"
         "potential: potentials/teter.yaml\nseed: 3\ninitial_temperature_K: 3000\nstages:\n"
         "  - {ensemble: nvt, start_temperature_K: 3000, end_temperature_K: 300, cooling_rate_K_per_ps: 100}\n"
         "outputs: {final_structure: glass.data, trajectory_every: 100}\n";
  }
  const Protocol p = study::quench_protocol(dir + "/quench.yaml", 17, dir + "/replica_1/protocol.yaml");
  EXPECT_EQ(p.path, dir + "/replica_1/protocol.yaml");
  EXPECT_EQ(p.seed, 17u);
  EXPECT_EQ(p.structure.random->seed, 17u);
  EXPECT_EQ(p.potential.file, (std::filesystem::path(dir) / "potentials/teter.yaml").lexically_normal().string());
  EXPECT_EQ(p.outputs.final_structure, "final.data");
  EXPECT_FALSE(p.outputs.console);
  EXPECT_EQ(p.outputs.trajectory_every, 100);
  EXPECT_EQ(p.stages.at(0).steps, 27000);
  expect_record_matches(p);
}
