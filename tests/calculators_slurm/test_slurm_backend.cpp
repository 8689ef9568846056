// The Slurm backend against a real single-node Slurm (slurm_test_cluster.hpp) started by the test:
// shell jobs and their exit statuses, a missing program, a job cancelled while running, a failed
// sbatch, a restarted backend telling the state of jobs another instance submitted, a real
// `command` calculation (an ASE Lennard-Jones script) through prepare → submit → status → collect,
// label_structures through the backend (command and potential calculators), a job that ends
// without its exit-status file, a restarted JobRunner, and a job the runner retries after it was
// cancelled on the cluster.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "calculators_label/ase_lennard_jones.hpp"
#include "calculators_label/toy_calculators.hpp"
#include "ionglass/calculators/command_calculator.hpp"
#include "ionglass/calculators/job_database.hpp"
#include "ionglass/calculators/job_runner.hpp"
#include "ionglass/calculators/labelling.hpp"
#include "ionglass/calculators/potential_calculator.hpp"
#include "ionglass/calculators/slurm_backend.hpp"
#include "ionglass/calculators/structure_hash.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/split_words.hpp"
#include "ionglass/io/structure_io.hpp"
#include "slurm_cluster_fixture.hpp"
#include "test_paths.hpp"

using namespace ionglass;
using namespace ionglass::calculators;
namespace fs = std::filesystem;
using State = BackendJobStatus::State;

namespace {

using test::have_ase;
using test::lennard_jones;
using test::quiet_context;
using test::SlurmCluster;

/// Argon-like cells of 8 atoms, slightly different from one another.
std::vector<System> argon_cells(int n) {
  std::vector<System> out;
  for (int k = 0; k < n; ++k) out.push_back(test::small_cell(1.0, 0.01 * k));
  return out;
}

}  // namespace

TEST_F(SlurmCluster, ShellJobsEndWithTheirExitStatus) {
  SlurmBackend backend(settings());
  const std::string ok_dir = folder("ok"), fail_dir = folder("fail"), missing_dir = folder("missing");
  const std::string ok = backend.submit("ok", shell_job("echo written by slurm > result.txt; echo to the log"), ok_dir);
  const std::string fail = backend.submit("fail", shell_job("exit 1"), fail_dir);
  CalculationJob missing;
  missing.command = {"/nonexistent/program", "x"};
  const std::string absent = backend.submit("missing", missing, missing_dir);
  EXPECT_EQ(backend.jobs_in_flight(), 3);
  EXPECT_TRUE(fs::exists(fs::path(ok_dir) / slurm_job_script_name));

  const BackendJobStatus s_ok = wait_until_done(backend, ok, ok_dir);
  ASSERT_EQ(s_ok.state, State::finished) << s_ok.message;
  EXPECT_TRUE(s_ok.outcome.succeeded()) << s_ok.outcome.describe();
  EXPECT_EQ(test::file_text(fs::path(ok_dir) / "result.txt"), "written by slurm\n");
  EXPECT_EQ(test::file_text(fs::path(ok_dir) / "calculation.log"), "to the log\n");

  const BackendJobStatus s_fail = wait_until_done(backend, fail, fail_dir);
  ASSERT_EQ(s_fail.state, State::finished) << s_fail.message;
  EXPECT_TRUE(s_fail.outcome.started && s_fail.outcome.exited);
  EXPECT_EQ(s_fail.outcome.exit_status, 1);
  EXPECT_FALSE(s_fail.outcome.terminated);

  const BackendJobStatus s_missing = wait_until_done(backend, absent, missing_dir);
  ASSERT_EQ(s_missing.state, State::finished) << s_missing.message;
  EXPECT_FALSE(s_missing.outcome.started);
  EXPECT_NE(s_missing.outcome.start_error.find("/nonexistent/program"), std::string::npos)
      << s_missing.outcome.start_error;
  EXPECT_EQ(backend.jobs_in_flight(), 0);

  // A job folder's exit-status file is the record: a fresh backend reads the same outcome.
  SlurmBackend again(settings());
  const BackendJobStatus s_again = again.status(fail, fail_dir);
  ASSERT_EQ(s_again.state, State::finished);
  EXPECT_EQ(s_again.outcome.exit_status, 1);
}

TEST_F(SlurmCluster, AJobCancelledWhileRunningEndsTerminated) {
  SlurmBackend backend(settings());
  const std::string dir = folder("cancel");
  // `&&`: Slurm signals every process of the job, and a shell whose `sleep` is killed a moment
  // before the shell itself would otherwise run the next command (seen once under load).
  const std::string id = backend.submit("cancel", shell_job("touch started; sleep 120 && touch not_reached"), dir);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(fs::path(dir) / "started") && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(fs::exists(fs::path(dir) / "started"));
  EXPECT_EQ(backend.status(id, dir).state, State::running);
  backend.cancel(id);
  const BackendJobStatus status = wait_until_done(backend, id, dir);
  ASSERT_EQ(status.state, State::finished) << status.message;
  EXPECT_TRUE(status.outcome.terminated) << status.message;
  EXPECT_FALSE(status.outcome.timed_out);
  EXPECT_FALSE(status.outcome.succeeded());
  EXPECT_NE(status.message.find("CANCELLED"), std::string::npos) << status.message;
  EXPECT_FALSE(fs::exists(fs::path(dir) / slurm_exit_status_name));
  EXPECT_FALSE(fs::exists(fs::path(dir) / "not_reached"));
  backend.cancel(id);  // a job that has ended: no effect, no error
}

TEST_F(SlurmCluster, AFailedSubmissionThrowsWithSbatchsMessage) {
  SlurmSettings s = settings();
  s.partition = "no_such_partition";
  SlurmBackend backend(s);
  try {
    backend.submit("bad", shell_job("true"), folder("bad"));
    FAIL() << "sbatch accepted an unknown partition";
  } catch (const ComputationError& e) {
    EXPECT_NE(std::string(e.what()).find("invalid partition"), std::string::npos) << e.what();
  }
  EXPECT_EQ(backend.jobs_in_flight(), 0);
}

TEST_F(SlurmCluster, ARestartedBackendTellsTheStateOfJobsTheFirstSubmitted) {
  const std::string slow_dir = folder("slow"), quick_dir = folder("quick");
  std::string slow, quick;
  {
    SlurmBackend first(settings());
    slow = first.submit("slow", shell_job("sleep 4; exit 7"), slow_dir);
    quick = first.submit("quick", shell_job("exit 0"), quick_dir);
  }  // the first runner is gone
  SlurmBackend second(settings());
  const BackendJobStatus early = second.status(slow, slow_dir);
  EXPECT_TRUE(early.state == State::queued || early.state == State::running) << early.message;
  EXPECT_EQ(second.jobs_in_flight(), 1);
  const BackendJobStatus s_quick = wait_until_done(second, quick, quick_dir);
  ASSERT_EQ(s_quick.state, State::finished) << s_quick.message;
  EXPECT_TRUE(s_quick.outcome.succeeded());
  const BackendJobStatus s_slow = wait_until_done(second, slow, slow_dir);
  ASSERT_EQ(s_slow.state, State::finished) << s_slow.message;
  EXPECT_EQ(s_slow.outcome.exit_status, 7);
  EXPECT_GE(s_slow.outcome.wall_seconds, 3.5);
  // A job Slurm never heard of is lost.
  EXPECT_EQ(second.status("999999", folder("never")).state, State::lost);
}

TEST_F(SlurmCluster, ACommandCalculationThroughSlurmEqualsTheLocalOne) {
  if (!have_ase()) GTEST_SKIP() << "needs /usr/bin/python3 with ASE (Debian python3-ase)";
  CommandCalculator calculator(lennard_jones(scratch_));
  const System structure = argon_cells(1).front();
  const CalculationResult local = calculate(calculator, structure, {}, folder("local"), quiet_context());
  ASSERT_TRUE(local.ok()) << local.message;

  SlurmBackend backend(settings());
  const std::string dir = folder("slurm");
  const CalculationJob job = calculator.prepare(structure, {}, dir);
  const std::string id = backend.submit("lj", job, dir);
  const BackendJobStatus status = wait_until_done(backend, id, dir);
  ASSERT_EQ(status.state, State::finished) << status.message;
  const CalculationResult remote = calculator.collect(structure, {}, dir, status.outcome);
  ASSERT_TRUE(remote.ok()) << remote.message;
  EXPECT_EQ(remote.energy_eV, local.energy_eV);
  ASSERT_EQ(remote.forces_eV_per_A.size(), local.forces_eV_per_A.size());
  for (std::size_t i = 0; i < local.forces_eV_per_A.size(); ++i)
    EXPECT_EQ(remote.forces_eV_per_A[i], local.forces_eV_per_A[i]) << "atom " << i;
  ASSERT_TRUE(remote.pressure_tensor_bar && local.pressure_tensor_bar);
  EXPECT_EQ(*remote.pressure_tensor_bar, *local.pressure_tensor_bar);
}

TEST_F(SlurmCluster, LabelStructuresThroughSlurmLabelsEachStructureOnce) {
  if (!have_ase()) GTEST_SKIP() << "needs /usr/bin/python3 with ASE (Debian python3-ase)";
  CommandCalculator calculator(lennard_jones(scratch_));
  const std::vector<System> structures = argon_cells(3);
  const std::string input = (scratch_ / "in.extxyz").string();
  {
    auto writer = create_trajectory_writer(input);
    for (const auto& s : structures) writer->write(s);
    writer->close();
  }
  SlurmBackend backend(settings());
  LabelSettings label;
  label.database_path = (scratch_ / "db.extxyz").string();
  label.runner.poll_interval_s = 0.05;
  const LabelSummary summary = label_structures({input}, calculator, backend, label, quiet_context());
  EXPECT_EQ(summary.structures, 3);
  EXPECT_EQ(summary.frames_stored, 3);
  EXPECT_EQ(summary.failures, 0);
  const std::vector<System> frames = read_frames(label.database_path);
  ASSERT_EQ(frames.size(), 3u);
  std::set<std::string> hashes;
  for (const auto& frame : frames) hashes.insert(std::get<std::string>(frame.info.at("structure_hash")));
  std::set<std::string> expected;
  for (const auto& s : structures) expected.insert(structure_hash(s));
  EXPECT_EQ(hashes, expected);
  // Each frame's energy is the local evaluation's.
  for (std::size_t k = 0; k < structures.size(); ++k) {
    const CalculationResult local =
        calculate(calculator, structures[k], {}, folder("local_" + std::to_string(k)), quiet_context());
    bool found = false;
    for (const auto& frame : frames)
      if (std::get<std::string>(frame.info.at("structure_hash")) == structure_hash(structures[k])) {
        EXPECT_EQ(std::get<double>(frame.info.at("energy_eV")), local.energy_eV);
        found = true;
      }
    EXPECT_TRUE(found);
  }
}

TEST_F(SlurmCluster, ARestartedRunnerPollsTheJobsTheFirstSubmittedAndRunsEachOnce) {
  const std::string log = (scratch_ / "runs.log").string();
  test::ShellHarmonic calculator(2.0, "ok", log, 1.0, 0.5);
  const std::vector<System> structures = test::toy_structures(3);
  const std::string jobs = (scratch_ / "jobs").string();
  {
    JobDatabase database(jobs);
    for (int i = 0; i < 3; ++i) {
      JobRecord record;
      record.id = "job" + std::to_string(i);
      record.structure_hash = structure_hash(structures[i]);
      record.source_frame = i;
      database.add(record);
    }
  }
  auto structure_of = [&](const JobRecord& job) -> const System& { return structures.at(job.source_frame); };
  RunnerSettings runner;
  runner.poll_interval_s = 0.05;
  std::map<std::string, int> results;
  {  // the first runner dies after its first result
    JobDatabase database(jobs);
    SlurmBackend backend(settings());
    JobRunner first(calculator, backend, database, runner);
    EXPECT_THROW(first.run(
                     structure_of,
                     [&](const JobRecord& job, const CalculationResult&) {
                       ++results[job.id];
                       throw std::runtime_error("the runner is killed");
                     },
                     quiet_context()),
                 std::runtime_error);
  }
  JobDatabase database(jobs);
  int submitted = 0;
  for (const auto& job : database.jobs()) submitted += job.state == JobState::submitted;
  EXPECT_GE(submitted, 1);
  SlurmBackend backend(settings());
  JobRunner second(calculator, backend, database, runner);
  std::map<std::string, CalculationResult> stored;
  second.run(
      structure_of,
      [&](const JobRecord& job, const CalculationResult& result) {
        ++results[job.id];
        stored[job.id] = result;
      },
      quiet_context());
  ASSERT_EQ(stored.size(), 3u);
  for (const auto& job : database.jobs()) {
    EXPECT_EQ(job.state, JobState::stored);
    EXPECT_EQ(job.attempt, 1) << job.id << " was submitted again";
    EXPECT_EQ(job.backend_name, "slurm");
    const CalculationResult& result = stored.at(job.id);
    ASSERT_TRUE(result.ok()) << result.message;
    EXPECT_DOUBLE_EQ(result.energy_eV, test::harmonic_energy(structures.at(job.source_frame), 2.0));
  }
  // Every job ran exactly once on the cluster.
  std::ifstream runs(log);
  int lines = 0;
  for (std::string line; std::getline(runs, line);) ++lines;
  EXPECT_EQ(lines, 3);
}

TEST_F(SlurmCluster, AJobEndedWithoutItsExitFileIsWaitedForThenTakenFromSlurm) {
  SlurmSettings s = settings();
  s.setup = {"exit 0"};  // the script ends before the command: Slurm says COMPLETED, no exit-status file
  s.exit_file_wait_s = 2;
  SlurmBackend backend(s);
  const std::string dir = folder("no_exit_file");
  const std::string id = backend.submit("early", shell_job("touch not_reached"), dir);
  const auto start = std::chrono::steady_clock::now();
  bool waited = false;
  BackendJobStatus status;
  for (;;) {
    status = backend.status(id, dir);
    if (status.state == State::finished || status.state == State::lost) break;
    waited = waited || status.message.find("waiting for") != std::string::npos;
    ASSERT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60)) << status.message;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(status.state, State::finished) << status.message;
  EXPECT_TRUE(waited);
  EXPECT_NE(status.message.find("COMPLETED"), std::string::npos) << status.message;
  EXPECT_NE(status.message.find("without"), std::string::npos) << status.message;
  EXPECT_TRUE(status.outcome.started && status.outcome.exited);
  EXPECT_FALSE(fs::exists(fs::path(dir) / "not_reached"));
}

TEST_F(SlurmCluster, ThePotentialCalculatorLabelsInProcessBesideTheSlurmBackend) {
  // An ionglass potential needs no program: the runner computes it in-process and gives Slurm no job.
  PotentialCalculator calculator({test::data_dir() + "/potential/NaFePO4.yace"});
  const std::string input = (scratch_ / "in.extxyz").string();
  std::vector<System> structures;
  {
    auto reader = open_trajectory(test::data_dir() + "/dft/dft_dev.extxyz");
    auto writer = create_trajectory_writer(input);
    System frame;
    while (structures.size() < 3 && reader->next(frame)) {
      writer->write(frame);
      structures.push_back(frame);
    }
    writer->close();
  }
  ASSERT_EQ(structures.size(), 3u);
  SlurmBackend backend(settings());
  LabelSettings label;
  label.database_path = (scratch_ / "db.extxyz").string();
  const LabelSummary summary = label_structures({input}, calculator, backend, label, quiet_context());
  EXPECT_EQ(summary.frames_stored, 3);
  EXPECT_EQ(summary.failures, 0) << test::file_text(summary.failures_path);
  EXPECT_EQ(backend.jobs_in_flight(), 0);
  const std::vector<System> frames = read_frames(label.database_path);
  ASSERT_EQ(frames.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(std::get<std::string>(frames[k].info.at("structure_hash")), structure_hash(structures[k]));
    const CalculationResult direct =
        calculate(calculator, structures[k], {}, folder("direct_" + std::to_string(k)), quiet_context());
    EXPECT_EQ(std::get<double>(frames[k].info.at("energy_eV")), direct.energy_eV);
  }
  for (const auto& entry : fs::recursive_directory_iterator(summary.jobs_folder))
    EXPECT_NE(entry.path().filename(), slurm_job_script_name) << entry.path();
}

TEST_F(SlurmCluster, TheRunnerRetriesAJobCancelledOnTheClusterAndLosesNothing) {
  const std::string log = (scratch_ / "runs.log").string();
  test::ShellHarmonic calculator(1.5, "ok", log, 3.0, 0.0);  // each run sleeps 3 s, then logs and computes
  const System structure = test::toy_structures(1).front();
  JobDatabase database((scratch_ / "jobs").string());
  JobRecord record;
  record.id = "job0";
  record.structure_hash = structure_hash(structure);
  database.add(record);
  // Someone (an administrator, a preemption) cancels the job once it runs.
  std::thread canceller([&] {
    const std::string dir = cluster_->folder().string();
    for (int i = 0; i < 300; ++i) {
      const std::string running =
          test::command_output({"squeue", "--noheader", "--states=RUNNING", "--format=%i"}, dir);
      const auto words = split_words(running);
      if (!words.empty()) {
        test::command_output({"scancel", words.front()}, dir);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  SlurmBackend backend(settings());
  RunnerSettings runner;
  runner.poll_interval_s = 0.05;
  runner.retries = 2;
  JobRunner job_runner(calculator, backend, database, runner);
  std::vector<CalculationResult> results;
  job_runner.run([&](const JobRecord&) -> const System& { return structure; },
                 [&](const JobRecord&, const CalculationResult& result) { results.push_back(result); },
                 quiet_context());
  canceller.join();
  ASSERT_EQ(results.size(), 1u);
  ASSERT_TRUE(results[0].ok()) << results[0].message;
  EXPECT_DOUBLE_EQ(results[0].energy_eV, test::harmonic_energy(structure, 1.5));
  const JobRecord& job = database.jobs().front();
  EXPECT_EQ(job.attempt, 2);
  EXPECT_EQ(job.failed_attempts, 1);
  // The first attempt's folder holds no exit-status file: the job did not end by itself.
  EXPECT_FALSE(fs::exists(fs::path(job.work_directory) / "attempt_1" / slurm_exit_status_name));
  EXPECT_TRUE(fs::exists(fs::path(job.work_directory) / "attempt_2" / slurm_exit_status_name));
  std::ifstream runs(log);
  int lines = 0;
  for (std::string line; std::getline(runs, line);) ++lines;
  EXPECT_EQ(lines, 1);  // the cancelled attempt never got to its end
}
