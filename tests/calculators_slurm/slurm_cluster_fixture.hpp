#pragma once
// The GoogleTest fixture of the Slurm tests: one real single-node Slurm (slurm_test_cluster.hpp)
// per test process (ctest runs each test case in its own process), a scratch folder per test, and
// helpers to wait for jobs. Without Slurm installed the tests are skipped; when it is installed
// but does not start, they fail with the daemons' log tails.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "ionglass/calculators/slurm_backend.hpp"
#include "ionglass/core/execution_context.hpp"
#include "slurm_test_cluster.hpp"

namespace ionglass::test {

namespace fs = std::filesystem;
using calculators::BackendJobStatus;
using calculators::CalculationJob;
using calculators::SlurmBackend;
using calculators::SlurmSettings;

class SlurmCluster : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!SlurmTestCluster::installed()) return;
    try {
      cluster_ = std::make_unique<SlurmTestCluster>();
      std::printf("[ slurm    ] single-node cluster up in %.2f s\n", cluster_->start_seconds());
    } catch (const std::exception& e) {
      start_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { cluster_.reset(); }
  void SetUp() override {
    if (!SlurmTestCluster::installed())
      GTEST_SKIP() << "Slurm (slurm-wlm) or munge is not installed: the single-node Slurm tests are skipped";
    ASSERT_TRUE(cluster_) << start_error_;
    scratch_ = cluster_->folder() / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(scratch_);
  }

  SlurmSettings settings() const {
    SlurmSettings s;
    s.partition = cluster_->partition();
    s.time_limit_min = 5;
    s.poll_interval_s = 0.2;
    s.exit_file_wait_s = 0;
    return s;
  }
  std::string folder(const std::string& name) const {
    const fs::path path = scratch_ / name;
    fs::create_directories(path);
    return path.string();
  }
  /// Polls until the job is finished or lost (or `seconds` pass).
  static BackendJobStatus wait_until_done(SlurmBackend& backend, const std::string& id, const std::string& dir,
                                          double seconds = 60) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    BackendJobStatus status;
    do {
      status = backend.status(id, dir);
      if (status.state == BackendJobStatus::State::finished || status.state == BackendJobStatus::State::lost)
        return status;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (std::chrono::steady_clock::now() < until);
    ADD_FAILURE() << "job " << id << " did not end within " << seconds << " s: " << status.message;
    return status;
  }
  static CalculationJob shell_job(const std::string& script) {
    CalculationJob job;
    job.command = {"/bin/sh", "-c", script};
    return job;
  }

  static inline std::unique_ptr<SlurmTestCluster> cluster_;
  static inline std::string start_error_;
  fs::path scratch_;
};

inline ExecutionContext quiet_context() {
  ExecutionContext context;
  context.threads = 1;
  context.show_progress = false;
  return context;
}

}  // namespace ionglass::test
