// The kill test of issue 22: a labelling run killed with SIGKILL at random moments and resumed
// each time labels every structure exactly once, with the numbers of a run without kills.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include "calculators_label/ase_lennard_jones.hpp"
#include "calculators_label/toy_calculators.hpp"
#include "ionglass/calculators/structure_hash.hpp"
#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/child_process.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/io/extended_xyz_frame_bounds.hpp"
#include "ionglass/io/structure_io.hpp"
#include "test_paths.hpp"

using namespace ionglass;
namespace fs = std::filesystem;

namespace {
ChildProcessOptions driver(const fs::path& dir, const std::string& db, bool resume) {
  ChildProcessOptions options;
  options.command = {LABEL_KILL_DRIVER, db, (dir / "in.extxyz").string(), (dir / "runs.log").string()};
  if (resume) options.command.push_back("--resume");
  options.output_file = (dir / (db + ".driver.log")).string();
  options.working_directory = dir.string();
  return options;
}

// structure_hash → energy (eV) of every frame; fails on a duplicate.
std::map<std::string, double> energies_by_hash(const std::string& path) {
  std::map<std::string, double> out;
  for (const System& frame : read_frames(path)) {
    const auto hash = std::get<std::string>(frame.info.at("structure_hash"));
    EXPECT_TRUE(out.emplace(hash, std::get<double>(frame.info.at("energy_eV"))).second) << "duplicate " << hash;
  }
  return out;
}
// After a kill: the complete frames parse with no duplicate; only the end may be a frame cut
// short (killed while it was being appended; the next run drops it and labels it again).
void check_after_kill(const fs::path& db) {
  const std::string text = read_file(db.string());
  const ExtendedXyzFrameBounds bounds = extended_xyz_frame_bounds(text);
  ASSERT_FALSE(bounds.malformed) << db;
  if (bounds.complete_length == 0) return;
  const fs::path prefix = db.parent_path() / "complete_frames.extxyz";
  write_file_atomically(prefix.string(), text.substr(0, bounds.complete_length));
  energies_by_hash(prefix.string());
}
}  // namespace

TEST(LabelKill, KilledAndResumedRunsLabelEveryStructureExactlyOnce) {
  const fs::path dir = fs::temp_directory_path() / "ionglass_label_kill";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto structures = test::toy_structures(20);
  {
    auto writer = create_trajectory_writer((dir / "in.extxyz").string());
    for (const auto& s : structures) writer->write(s);
    writer->close();
  }
  const ChildProcessOutcome reference = run_child_process(driver(dir, "reference.extxyz", false));
  ASSERT_TRUE(reference.succeeded()) << reference.describe();
  const auto expected = energies_by_hash((dir / "reference.extxyz").string());
  ASSERT_EQ(expected.size(), 20u);
  for (const auto& s : structures) EXPECT_EQ(expected.count(calculators::structure_hash(s)), 1u);

  std::mt19937 random(12345);
  std::uniform_real_distribution<double> moment(0.05, 0.6);
  int kills = 0;
  for (int run = 0; run < 8; ++run) {
    ChildProcess process(driver(dir, "db.extxyz", run > 0));
    ASSERT_GT(process.pid(), 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(moment(random)));
    if (process.running()) {
      ::kill(process.pid(), SIGKILL);  // the labelling process only: its children become orphans
      ++kills;
    }
    process.wait(0.01);
    if (fs::exists(dir / "db.extxyz")) check_after_kill(dir / "db.extxyz");
  }
  EXPECT_GE(kills, 5);
  const ChildProcessOutcome last = run_child_process(driver(dir, "db.extxyz", true));
  ASSERT_TRUE(last.succeeded()) << last.describe();
  EXPECT_EQ(energies_by_hash((dir / "db.extxyz").string()), expected);
}

// The same through the `ionglass label` binary itself, with a real external program (the ASE
// Lennard-Jones script of the command calculator tests) on a local pool of 2 cores. The process
// killed is `ionglass`; the jobs it started become orphans and finish or die on their own.
TEST(LabelKill, TheIonglassBinaryKilledAndResumedLabelsEveryStructureExactlyOnce) {
  if (!test::have_ase()) GTEST_SKIP() << "no python3-ase";
  const fs::path dir = fs::temp_directory_path() / "ionglass_label_kill_cli";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    auto writer = create_trajectory_writer((dir / "in.extxyz").string());
    for (int i = 0; i < 24; ++i) writer->write(test::small_cell(1.0 + 0.005 * i, 0.001 * i));
    writer->close();
  }
  test::lennard_jones(dir);
  std::ofstream(dir / "calculator.yaml") << "calculator: command\ncommand:\n  command: [" << test::debian_python
                                         << ", lj.py]\n  files: [lj.py]\nrunner:\n  max_cores: 2\n"
                                            "  poll_interval_s: 0.02\n";
  const auto label = [&](const std::string& db, bool resume) {
    ChildProcessOptions options;
    options.command = {test::cli(),    "-q",
                       "label",        (dir / "in.extxyz").string(),
                       "--calculator", (dir / "calculator.yaml").string(),
                       "--out",        (dir / db).string()};
    if (resume) options.command.push_back("--resume");
    options.output_file = (dir / (db + ".log")).string();
    options.working_directory = dir.string();
    return options;
  };
  const auto start = std::chrono::steady_clock::now();
  const ChildProcessOutcome reference = run_child_process(label("reference.extxyz", false));
  ASSERT_TRUE(reference.succeeded()) << reference.describe();
  const double whole_run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto expected = energies_by_hash((dir / "reference.extxyz").string());
  ASSERT_EQ(expected.size(), 24u);

  // Kill moments scaled to this machine's speed: 8 kills within about the time of one whole run.
  std::mt19937 random(2026);
  std::uniform_real_distribution<double> moment(0.04 * whole_run_s, 0.2 * whole_run_s);
  int kills = 0;
  for (int run = 0; run < 8; ++run) {
    ChildProcess process(label("db.extxyz", run > 0));
    ASSERT_GT(process.pid(), 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(moment(random)));
    if (process.running()) {
      ::kill(process.pid(), SIGKILL);
      ++kills;
    }
    process.wait(0.01);
    if (fs::exists(dir / "db.extxyz")) check_after_kill(dir / "db.extxyz");
  }
  EXPECT_GE(kills, 5);
  const ChildProcessOutcome last = run_child_process(label("db.extxyz", true));
  ASSERT_TRUE(last.succeeded()) << last.describe();
  const auto labelled = energies_by_hash((dir / "db.extxyz").string());
  ASSERT_EQ(labelled.size(), expected.size());
  for (const auto& [hash, energy] : expected) EXPECT_NEAR(labelled.at(hash), energy, 1e-9) << hash;
}
