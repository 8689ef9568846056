// LAMMPS log → thermo CSV, on a real log written by Debian's lmp (tests/lammps/data: the deck
// `ionglass lammps export` wrote for a 168-atom Na-Fe-P-O system: `run 0` for the starting state,
// then the stages minimize (FIRE, then `run 0` with the velocities restored), nvt Nose-Hoover ramp
// 300 -> 600 K (40 steps), npt Langevin/MTK (20 steps) and nve (20 steps), thermo every 10 steps).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "ionglass/core/error.hpp"
#include "ionglass/lammps/log_reader.hpp"
#include "ionglass/lammps/runner.hpp"
#include "lammps_test_support.hpp"

namespace ionglass {
namespace {

std::string data(const std::string& name) { return test::source_dir() + "/tests/lammps/data/" + name; }

TEST(LammpsLogReader, ReadsEveryThermoBlockOfARealLog) {
  const LammpsLogReader log = read_lammps_log(data("log.multi_stage.lammps"));
  ASSERT_EQ(log.blocks().size(), 6u);  // start, minimize (2), nvt, npt, nve
  EXPECT_TRUE(log.completed());
  EXPECT_TRUE(log.errors().empty());
  for (const auto& b : log.blocks()) {
    EXPECT_TRUE(b.finished);
    EXPECT_EQ(b.columns.front(), "Step");
    EXPECT_GE(b.column({"Econserve"}), 0);
  }
  // nvt: steps 0..40 every 10 -> 5 rows; npt 40..60 -> 3; nve 60..80 -> 3 (WARNING lines skipped).
  EXPECT_EQ(log.blocks()[0].rows.size(), 1u);
  EXPECT_EQ(log.blocks()[3].rows.size(), 5u);
  EXPECT_EQ(log.blocks()[4].rows.size(), 3u);
  EXPECT_EQ(log.blocks()[5].rows.size(), 3u);
  EXPECT_EQ(log.last_step(), 80);
  EXPECT_EQ(log.blocks()[5].rows.back()[0], 80);
}

TEST(LammpsLogReader, CsvHasTheColumnsStagesTimesAndTargetsOfIonglassRun) {
  const LammpsLogReader log = read_lammps_log(data("log.multi_stage.lammps"));
  const LammpsStageManifest manifest = read_lammps_stage_manifest(data("multi_stage_stages.yaml"));
  std::size_t rows = 0;
  const std::string csv = lammps_thermo_csv(log.blocks(), &manifest, "log", &rows);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "step,time_ps,stage,temperature_K,target_temperature_K,potential_energy_eV,kinetic_energy_eV,total_energy_eV,"
            "conserved_energy_eV,pressure_bar,volume_A3,density_g_cm3");
  // Start (stage 0), minimised state (stage 1), nvt 10..40 (4), npt 50, 60 (2), nve 70, 80 (2).
  EXPECT_EQ(rows, 10u);
  test::ScratchDir dir("csv");
  test::write_text(dir / "thermo.csv", csv);
  const auto c = test::read_csv_columns(dir / "thermo.csv");
  ASSERT_EQ(c.at("step").size(), 10u);
  const std::vector<std::string> steps{"0", "0", "10", "20", "30", "40", "50", "60", "70", "80"};
  const std::vector<std::string> stages{"0", "1", "2", "2", "2", "2", "3", "3", "4", "4"};
  EXPECT_EQ(c.at("step"), steps);
  EXPECT_EQ(c.at("stage"), stages);
  // Minimised state: the `run 0` after the minimiser (velocities restored), at step 0, without
  // conserved energy; the kinetic energy is the starting one (LAMMPS' FIRE zeroes velocities).
  const auto& minimized = log.blocks()[2].rows;
  const int pe = log.blocks()[2].column({"PotEng"});
  EXPECT_NEAR(std::stod(c.at("potential_energy_eV")[1]), minimized.back()[pe], 1e-6);
  EXPECT_LT(std::stod(c.at("potential_energy_eV")[1]), std::stod(c.at("potential_energy_eV")[0]));
  EXPECT_EQ(c.at("kinetic_energy_eV")[1], c.at("kinetic_energy_eV")[0]);
  EXPECT_NEAR(std::stod(c.at("temperature_K")[0]), 300, 1e-6);
  EXPECT_TRUE(c.at("conserved_energy_eV")[1].empty());
  // Ramp 300 -> 600 K over 40 steps, ionglass convention T(k) = T0 + (T1 - T0)(k - 1)/(n - 1).
  EXPECT_NEAR(std::stod(c.at("target_temperature_K")[2]), 300 + 300 * 9.0 / 39.0, 1e-6);
  EXPECT_NEAR(std::stod(c.at("target_temperature_K")[5]), 600, 1e-9);
  EXPECT_TRUE(c.at("target_temperature_K")[8].empty());  // nve
  EXPECT_NEAR(std::stod(c.at("time_ps")[9]), 0.08, 1e-12);
  // Energies are copied, not recomputed: total = pe + ke.
  for (std::size_t i = 0; i < rows; ++i)
    EXPECT_NEAR(std::stod(c.at("total_energy_eV")[i]),
                std::stod(c.at("potential_energy_eV")[i]) + std::stod(c.at("kinetic_energy_eV")[i]), 1e-6);
}

TEST(LammpsLogReader, FollowsAGrowingLogIncludingHalfWrittenLines) {
  const std::string text = test::read_text(data("log.multi_stage.lammps"));
  test::ScratchDir dir("grow");
  const std::string path = dir / "log.lammps";
  LammpsLogReader reader(path);
  EXPECT_FALSE(reader.poll());  // no file yet
  std::ofstream out(path, std::ios::binary);
  std::size_t written = 0;
  std::size_t blocks_seen = 0;
  while (written < text.size()) {
    const std::size_t n = std::min<std::size_t>(777, text.size() - written);  // cuts lines in halves
    out.write(text.data() + written, static_cast<std::streamsize>(n));
    out.flush();
    written += n;
    reader.poll();
    EXPECT_GE(reader.blocks().size(), blocks_seen);  // (steps restart after the minimisation)
    blocks_seen = reader.blocks().size();
  }
  const LammpsLogReader whole = read_lammps_log(data("log.multi_stage.lammps"));
  ASSERT_EQ(reader.blocks().size(), whole.blocks().size());
  for (std::size_t b = 0; b < whole.blocks().size(); ++b) EXPECT_EQ(reader.blocks()[b].rows, whole.blocks()[b].rows);
  EXPECT_TRUE(reader.completed());
}

TEST(LammpsLogReader, ReportsErrorsAndIncompleteRuns) {
  test::ScratchDir dir("errors");
  const std::string path = test::write_text(dir / "log.lammps",
                                            "LAMMPS (29 Sep 2021 - Update 2)\n"
                                            "Step Time Temp PotEng KinEng TotEng Econserve Press Volume Density\n"
                                            "0 0 300 -10 1 -9 -9 100 1000 2.5\n"
                                            "ERROR: Lost atoms: original 168 current 167 (src/thermo.cpp:481)\n");
  const LammpsLogReader log = read_lammps_log(path);
  EXPECT_FALSE(log.completed());
  ASSERT_EQ(log.errors().size(), 1u);
  EXPECT_NE(log.errors()[0].find("Lost atoms"), std::string::npos);
  ASSERT_EQ(log.blocks().size(), 1u);
  EXPECT_FALSE(log.blocks()[0].finished);
  EXPECT_THROW(read_lammps_log(dir / "missing.lammps"), InputError);
}

TEST(LammpsLogReader, MissingColumnsAndExtraBlocksAreInputErrors) {
  test::ScratchDir dir("columns");
  const std::string path = test::write_text(dir / "log.lammps", "Step Temp PotEng\n0 300 -10\nLoop time of 1 on 1 procs\n");
  const LammpsLogReader log = read_lammps_log(path);
  EXPECT_THROW(lammps_thermo_csv(log.blocks(), nullptr, path), InputError);
  LammpsStageManifest empty;
  const LammpsLogReader full = read_lammps_log(data("log.multi_stage.lammps"));
  EXPECT_THROW(lammps_thermo_csv(full.blocks(), &empty, path), InputError);
}

TEST(LammpsRunner, MissingExecutableOrDeckIsAClearInputError) {
  test::ScratchDir dir("runner");
  LammpsRunOptions o;
  o.directory = dir.str();
  EXPECT_THROW(run_lammps_deck(o), InputError);  // no in.lammps
  test::write_text(dir / "in.lammps", "units metal\n");
  o.lmp = "/nonexistent/lmp";
  try {
    run_lammps_deck(o);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();
  }
  o.lmp = "lmp";
  o.ranks = 0;
  EXPECT_THROW(run_lammps_deck(o), InputError);
}

TEST(LammpsRunner, CommandLineUsesMpirunOnlyForSeveralRanks) {
  LammpsRunOptions o;
  o.ranks = 1;
  auto cmd = lammps_command_line(o, "/usr/bin/lmp", "/usr/bin/mpirun");
  EXPECT_EQ(cmd.front(), "/usr/bin/lmp");
  o.ranks = 4;
  o.lmp_arguments = {"-k", "on", "g", "1", "-sf", "kk"};
  cmd = lammps_command_line(o, "/usr/bin/lmp", "/usr/bin/mpirun");
  EXPECT_EQ(cmd.front(), "/usr/bin/mpirun");
  const auto np = std::find(cmd.begin(), cmd.end(), "-np");
  ASSERT_NE(np, cmd.end());
  EXPECT_EQ(*(np + 1), "4");
  EXPECT_NE(std::find(cmd.begin(), cmd.end(), "-sf"), cmd.end());
  EXPECT_EQ(cmd.back(), "log.lammps");
}

}  // namespace
}  // namespace ionglass
