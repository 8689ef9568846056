// Kill-and-resume: the CLI is killed with SIGKILL after it wrote a checkpoint, resumed with
// --resume, and must end bit-identical to an uninterrupted run (same thread count).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "ionglass/io/structure_io.hpp"
#include "ionglass/md/checkpoint.hpp"
#include "test_paths.hpp"

using namespace ionglass;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Starts `ionglass run` as a child process (output to a log) and returns its pid.
pid_t start_run(const std::string& protocol, const std::string& out, bool resume) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string log = out + ".log";
    freopen(log.c_str(), "a", stdout);
    freopen(log.c_str(), "a", stderr);
    std::vector<const char*> args = {"ionglass", "--quiet", "run", protocol.c_str(), "--out", out.c_str(), "--threads", "2"};
    if (resume) args.push_back("--resume");
    args.push_back(nullptr);
    execv(test::cli().c_str(), const_cast<char* const*>(args.data()));
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace

TEST(Resume, KilledRunResumesBitIdentical) {
  ASSERT_TRUE(std::filesystem::exists(test::cli())) << test::cli();
  const std::string dir = test::binary_dir() + "/tests/md/resume";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string protocol = dir + "/protocol.yaml";
  {
    std::ofstream p(protocol);
    p << R"(structure:
  random:
    composition: {Ar: 1}
    atoms: 256
    density_g_cm3: 1.2
    min_distance_A: 3.0
    seed: 4
potential:
  lennard_jones: {epsilon_eV: 0.0104, sigma_A: 3.4, cutoff_A: 8.5}
seed: 77
initial_temperature_K: 200
stages:
  - {ensemble: minimize, max_steps: 30}
  - {ensemble: nvt, thermostat: nose_hoover, start_temperature_K: 200, end_temperature_K: 120, steps: 800, timestep_ps: 0.004}
  - {ensemble: npt, thermostat: bussi, temperature_K: 120, pressure_bar: 200, steps: 800, timestep_ps: 0.004}
  - {ensemble: nvt, thermostat: langevin, temperature_K: 120, steps: 800, timestep_ps: 0.004}
outputs: {thermo_every: 50, trajectory_every: 100, checkpoint_every: 200}
)";
  }
  // Uninterrupted reference run.
  ASSERT_EQ(wait_for(start_run(protocol, dir + "/full", false)), 0) << read_text(dir + "/full.log");

  // Interrupted run: kill it once a checkpoint in the middle of the run exists.
  const std::string out = dir + "/killed";
  const pid_t pid = start_run(protocol, out, false);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  bool killed = false;
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    try {
      const Checkpoint c = read_checkpoint(out + "/checkpoint.bin");
      if (c.step >= 1000) {
        kill(pid, SIGKILL);
        killed = true;
        break;
      }
    } catch (const std::exception&) {
    }
  }
  const int status = wait_for(pid);
  ASSERT_TRUE(killed) << "the run finished or stalled before it could be killed";
  ASSERT_EQ(status, -SIGKILL);
  const Checkpoint at_kill = read_checkpoint(out + "/checkpoint.bin");
  EXPECT_LT(at_kill.step, 2400);

  ASSERT_EQ(wait_for(start_run(protocol, out, true)), 0) << read_text(out + ".log");
  EXPECT_EQ(read_text(out + "/thermo.csv"), read_text(dir + "/full/thermo.csv"));
  EXPECT_EQ(read_text(out + "/trajectory.dump"), read_text(dir + "/full/trajectory.dump"));
  const System a = read_structure(out + "/final.data");
  const System b = read_structure(dir + "/full/final.data");
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.positions, b.positions);  // exact equality, bit for bit as written
  EXPECT_EQ(read_text(out + "/final.data"), read_text(dir + "/full/final.data"));
}

TEST(Resume, RefusesChangedProtocolAndMissingCheckpoint) {
  const std::string dir = test::binary_dir() + "/tests/md/resume_bad";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string protocol = dir + "/protocol.yaml";
  {
    std::ofstream p(protocol);
    p << "structure:\n  random: {composition: {Ar: 1}, atoms: 108, density_g_cm3: 1.2, min_distance_A: 3.0}\n"
         "potential:\n  lennard_jones: {epsilon_eV: 0.0104, sigma_A: 3.4, cutoff_A: 8.5}\n"
         "stages:\n  - {ensemble: nve, steps: 10, timestep_ps: 0.002}\n";
  }
  EXPECT_EQ(wait_for(start_run(protocol, dir + "/out", true)), 2);  // no checkpoint yet
  EXPECT_EQ(wait_for(start_run(protocol, dir + "/out", false)), 0);
  {
    std::ofstream p(protocol, std::ios::app);
    p << "seed: 3\n";
  }
  EXPECT_EQ(wait_for(start_run(protocol, dir + "/out", true)), 2);
  EXPECT_NE(read_text(dir + "/out.log").find("protocol changed"), std::string::npos);
}
