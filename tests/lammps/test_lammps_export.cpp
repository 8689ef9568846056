// Deck contents for every kind of stage (export only, no LAMMPS run), and export errors.
#include <gtest/gtest.h>

#include "ionglass/core/error.hpp"
#include "ionglass/lammps/deck_writer.hpp"
#include "ionglass/lammps/stage_manifest.hpp"
#include "ionglass/md/protocol.hpp"
#include "lammps_test_support.hpp"

namespace ionglass {
namespace {

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

std::string small_protocol(const std::string& dir, const std::string& potential, const std::string& stages) {
  return test::write_text(dir + "/protocol.yaml",
                          "structure:\n  random:\n    composition: {NaFePO4: 8}\n    density_g_cm3: 3.0\n"
                          "    min_distance_A: 1.6\n    seed: 3\npotential:\n  file: " + potential +
                              "\nseed: 11\ninitial_temperature_K: 300\nstages:\n" + stages +
                              "outputs:\n  thermo_every: 5\n  trajectory_every: 5\n  trajectory_file: traj.xyz\n"
                              "  checkpoint_every: 50\n");
}

TEST(LammpsExport, EveryStageKindBecomesTheClosestLammpsFixes) {
  test::ScratchDir dir("stages");
  const std::string pot = test::write_text(dir / "teter.yaml", test::teter_potential_yaml(1e-5, 3.5, 3.5));
  const std::string stages =
      "  - {name: relax, ensemble: minimize, max_steps: 100, force_tolerance_eV_per_A: 0.05}\n"
      "  - {name: cellrelax, ensemble: minimize, max_steps: 50, relax_cell: isotropic, pressure_bar: 1000}\n"
      "  - {name: nh, ensemble: nvt, thermostat: nose_hoover, damping_ps: 0.05, start_temperature_K: 300, end_temperature_K: 900, steps: 30}\n"
      "  - {name: lan, ensemble: nvt, thermostat: langevin, damping_ps: 0.2, temperature_K: 900, steps: 10, timestep_ps: 0.0005}\n"
      "  - {name: csvr, ensemble: nvt, thermostat: bussi, damping_ps: 0.1, temperature_K: 900, steps: 10}\n"
      "  - {name: nptnh, ensemble: npt, thermostat: nose_hoover, temperature_K: 900, pressure_bar: 1, barostat: anisotropic, pressure_damping_ps: 0.8, steps: 10}\n"
      "  - {name: nptb, ensemble: npt, thermostat: bussi, temperature_K: 900, pressure_bar: 2, steps: 10}\n"
      "  - {name: free, ensemble: nve, steps: 10}\n";
  const Protocol protocol = read_protocol(small_protocol(dir.str(), pot, stages));
  LammpsExportOptions o;
  o.output_dir = dir / "deck";
  const auto r = export_lammps_deck(protocol, o);
  const std::string deck = test::read_text(r.deck_path);
  EXPECT_TRUE(has(deck, "min_style fire\nmin_modify norm max dmax 0.2 tmax 10\n"));
  EXPECT_TRUE(has(deck, "minimize 0.0 0.05 100 1000\n"));
  EXPECT_TRUE(has(deck, "fix stage2_relax all box/relax iso 1000 vmax 0.001\n"));
  EXPECT_TRUE(has(deck, "min_style cg\n"));
  EXPECT_TRUE(has(deck, "reset_timestep 0\n"));
  EXPECT_TRUE(has(deck, "fix stage3_integrate all nvt temp 300 900 0.05\n"));
  EXPECT_TRUE(has(deck, "run 30\n"));
  EXPECT_TRUE(has(deck, "timestep 0.0005\n"));
  EXPECT_TRUE(has(deck, "fix stage4_integrate all nve\nfix stage4_thermostat all langevin 900 900 0.2 "));
  EXPECT_TRUE(has(deck, " zero yes tally yes\n"));
  EXPECT_TRUE(has(deck, "fix stage5_thermostat all temp/csvr 900 900 0.1 "));
  EXPECT_TRUE(has(deck, "fix stage6_integrate all npt temp 900 900 0.1 aniso 1 1 0.8\n"));
  EXPECT_TRUE(has(deck, "fix stage7_integrate all nph iso 2 2 1\nfix stage7_thermostat all temp/csvr 900 900 0.1 "));
  EXPECT_TRUE(has(deck, "fix stage8_integrate all nve\nrun 10\n"));
  // Outputs: no frames during minimisation, dump re-opened in append mode, restart files, final data.
  EXPECT_TRUE(has(deck, "undump trajectory\n"));
  EXPECT_TRUE(has(deck, "dump trajectory all custom 5 traj.dump id type element x y z ix iy iz\n"));
  EXPECT_TRUE(has(deck, "append yes"));
  EXPECT_TRUE(has(deck, "restart 50 checkpoint.a.restart checkpoint.b.restart\n"));
  EXPECT_TRUE(has(deck, "write_data final.data\n"));
  EXPECT_TRUE(has(deck, "thermo 5\n"));
  // The stage list for the log conversion: MD steps start where the previous MD stage ended.
  const LammpsStageManifest m = read_lammps_stage_manifest(r.manifest_path);
  ASSERT_EQ(m.stages.size(), 8u);
  EXPECT_EQ(m.stages[2].first_step, 0);
  EXPECT_EQ(m.stages[3].first_step, 30);
  EXPECT_NEAR(m.stages[4].start_time_ps, 0.030 + 10 * 0.0005, 1e-12);
  EXPECT_EQ(m.total_steps, 80 + 150);
  // Every difference is listed (extended XYZ trajectory becomes a dump, Bussi, MTK, FIRE 2.0, ...).
  EXPECT_GE(r.differences.size(), 7u);
  // Initial velocities from ionglass are in the data file; no velocity command.
  EXPECT_FALSE(has(deck, "velocity all create"));
  EXPECT_TRUE(has(test::read_text(r.data_path), "Velocities"));
  o.create_velocities = true;
  const std::string deck2 = test::read_text(export_lammps_deck(protocol, o).deck_path);
  EXPECT_TRUE(has(deck2, "velocity all create 300 "));
  EXPECT_TRUE(has(deck2, " mom yes rot no dist gaussian\n"));
}

TEST(LammpsExport, ThreeBodyTermsAreRefused) {
  test::ScratchDir dir("threebody");
  std::string yaml = test::bmp_potential_yaml(1e-5);
  yaml += "three_body:\n  - {center: O, ends: [P, P], form: harmonic, K: 4.0, theta0_deg: 109.47, cutoff: 2.0}\n";
  for (const std::string from : {"cutoff: 8.0", "cutoff: 10.0"})
    yaml.replace(yaml.find(from), from.size(), "cutoff: 3.5");
  const std::string pot = test::write_text(dir / "bmp3.yaml", yaml);
  const Protocol protocol =
      read_protocol(small_protocol(dir.str(), pot, "  - {name: free, ensemble: nve, steps: 10}\n"));
  LammpsExportOptions o;
  o.output_dir = dir / "deck";
  try {
    export_lammps_deck(protocol, o);
    FAIL() << "three-body terms must not be dropped silently";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("three-body"), std::string::npos) << e.what();
  }
}

TEST(LammpsExport, UnknownBmpStyleIsAnInputError) {
  EXPECT_EQ(parse_bmp_pair_style("pedone"), BmpPairStyle::Pedone);
  EXPECT_THROW(parse_bmp_pair_style("born"), InputError);
}

}  // namespace
}  // namespace ionglass
