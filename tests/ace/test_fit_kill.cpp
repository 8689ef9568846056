// `ionglass fit` killed with SIGKILL at random moments and continued with --resume (issue 16):
// the potential files and the fit log end identical to those of a run without kills. The tiny fit
// (2 ladder steps, about 130 iterations, checkpoints every 50 iterations and every ladder step)
// takes about a second; the kill moments are scaled to the measured time of the uninterrupted run.
// A run killed before its first checkpoint has nothing to resume from and starts again.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "fit_driver_support.hpp"
#include "ionglass/ace/b_basis.hpp"
#include "ionglass/core/child_process.hpp"
#include "ionglass/core/read_file.hpp"
#include "test_paths.hpp"

namespace ionglass::test {
namespace {

// The project's whole-file reader (core/read_file).
inline std::string read_file_of(const std::filesystem::path& path) {
  return ionglass::read_file(path.string());
}

namespace fs = std::filesystem;

// fit_log.csv without its last column (wall_time_s, which differs between any two runs).
std::string log_without_wall_time(const fs::path& path) {
  std::istringstream in(read_file_of(path));
  std::string line, out;
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

ChildProcessOptions fit(const fs::path& input, const fs::path& out, bool resume) {
  ChildProcessOptions options;
  options.command = {cli(), "-q", "fit", input.string(), "--out", out.string(), "--threads", "1"};
  if (resume) options.command.push_back("--resume");
  options.output_file = out.string() + ".log";
  return options;
}

TEST(FitKill, KilledAndResumedFitEndsWithTheUninterruptedPotential) {
  const fs::path dir = fs::path(::testing::TempDir()) / "ionglass_fit_kill";
  const fs::path input = write_tiny_fit_input(dir.string(), 120);
  const fs::path reference = dir / "reference", killed = dir / "killed";
  const auto start = std::chrono::steady_clock::now();
  const ChildProcessOutcome whole = run_child_process(fit(input, reference, false));
  ASSERT_TRUE(whole.succeeded()) << whole.describe() << read_file_of(reference.string() + ".log");
  const double whole_run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::mt19937 random(16);
  std::uniform_real_distribution<double> moment(0.05 * whole_run_s, 0.4 * whole_run_s);
  int kills = 0, resumed = 0;
  for (int run = 0; run < 10; ++run) {
    const bool resume = fs::exists(killed / "fit_checkpoint.json");
    resumed += resume;
    ChildProcess process(fit(input, killed, resume));
    ASSERT_GT(process.pid(), 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(moment(random)));
    if (process.running()) {
      ::kill(process.pid(), SIGKILL);
      ++kills;
    }
    process.wait(0.01);
    // No output of the killed run is a partial file: whatever exists is complete.
    for (const char* name : {"potential.yaml", "interim_potential_ladder_step_1.yaml"})
      if (fs::exists(killed / name)) {
        EXPECT_NO_THROW(ace::read_b_basis((killed / name).string())) << name;
      }
  }
  EXPECT_GE(kills, 5);
  std::cout << kills << " kills, " << resumed << " of 10 runs resumed from a checkpoint\n";
  const ChildProcessOutcome last = run_child_process(fit(input, killed, fs::exists(killed / "fit_checkpoint.json")));
  ASSERT_TRUE(last.succeeded()) << last.describe() << read_file_of(killed.string() + ".log");
  for (const char* name : {"potential.yaml", "potential.yace", "interim_potential_ladder_step_1.yaml",
                           "interim_potential_ladder_step_2.yaml"})
    EXPECT_EQ(read_file_of(killed / name), read_file_of(reference / name)) << name;
  EXPECT_EQ(log_without_wall_time(killed / "fit_log.csv"), log_without_wall_time(reference / "fit_log.csv"));
}

}  // namespace
}  // namespace ionglass::test
