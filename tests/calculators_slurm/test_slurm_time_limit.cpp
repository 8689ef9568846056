// A Slurm job past its time limit (1 minute, Slurm's smallest) ends timed out (TIMEOUT, no exit-status file).
// Slow: Slurm checks time limits about every 30 s.
#include <gtest/gtest.h>

#include "slurm_cluster_fixture.hpp"

using namespace ionglass;
using namespace ionglass::calculators;
using ionglass::test::SlurmCluster;
namespace fs = std::filesystem;

TEST_F(SlurmCluster, AJobPastItsTimeLimitEndsTimedOut) {
  SlurmSettings s = settings();
  s.time_limit_min = 1;
  SlurmBackend backend(s);
  const std::string dir = folder("time_limit");
  const auto start = std::chrono::steady_clock::now();
  const std::string id = backend.submit("sleeper", shell_job("sleep 600"), dir);
  const BackendJobStatus status = wait_until_done(backend, id, dir, 240);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ slurm    ] the 1-minute job was stopped after %.0f s\n", seconds);
  ASSERT_EQ(status.state, BackendJobStatus::State::finished) << status.message;
  EXPECT_TRUE(status.outcome.timed_out) << status.message;
  EXPECT_NE(status.message.find("TIMEOUT"), std::string::npos) << status.message;
  EXPECT_GE(seconds, 59.0);
  EXPECT_FALSE(fs::exists(fs::path(dir) / slurm_exit_status_name));
}
