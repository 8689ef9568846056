// The Slurm backend without a cluster: the `slurm:` section (strict keys, file:line errors), the
// job script it writes (#SBATCH lines, quoting, the exit-status file), the registry entry, and an
// sbatch that cannot start or fails.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ionglass/calculators/calculator_config.hpp"
#include "ionglass/calculators/calculator_registry.hpp"
#include "ionglass/calculators/slurm_backend.hpp"
#include "ionglass/core/child_process.hpp"
#include "ionglass/core/error.hpp"
#include "scratch_folder.hpp"

using namespace ionglass;
using namespace ionglass::calculators;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
  return test::scratch_folder("slurm_settings_" + name);
}
std::string write_config(const fs::path& dir, const std::string& text) {
  const std::string path = (dir / "calculator.yaml").string();
  std::ofstream(path) << text;
  return path;
}
std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(SlurmSettings, TheSectionIsReadWithItsDefaultsAndUnits) {
  const fs::path dir = scratch("read");
  const std::string path = write_config(dir,
                                        "calculator: command\n"
                                        "command: {command: [vasp_std]}\n"
                                        "runner: {backend: slurm, cores_per_job: 64}\n"
                                        "slurm:\n"
                                        "  partition: cpu\n"
                                        "  time_limit_min: 90\n"
                                        "  nodes: 2\n"
                                        "  account: proj1\n"
                                        "  qos: short\n"
                                        "  modules: [vasp/6.4.2]\n"
                                        "  sbatch_options: ['--mem=60G']\n"
                                        "  setup: ['ulimit -s unlimited']\n"
                                        "  max_jobs_in_flight: 4\n"
                                        "  poll_interval_s: 30\n");
  const SlurmSettings s = read_slurm_settings(path);
  EXPECT_EQ(s.partition, "cpu");
  EXPECT_EQ(s.time_limit_min, 90);
  EXPECT_EQ(s.nodes, 2);
  EXPECT_EQ(s.cores_as, SlurmSettings::CoresAs::ntasks);
  EXPECT_EQ(s.account, "proj1");
  EXPECT_EQ(s.qos, "short");
  EXPECT_EQ(s.modules, std::vector<std::string>{"vasp/6.4.2"});
  EXPECT_EQ(s.sbatch_options, std::vector<std::string>{"--mem=60G"});
  EXPECT_EQ(s.max_jobs_in_flight, 4);
  EXPECT_EQ(s.poll_interval_s, 30);
  EXPECT_EQ(s.sbatch, "sbatch");
  EXPECT_EQ(s.exit_file_wait_s, 30);

  // Through the configuration file's factory: the registry knows "slurm".
  const CalculatorConfig config = read_calculator_config(path);
  EXPECT_EQ(config.backend, "slurm");
  ExecutionContext context;
  const auto backend = make_backend(config, context);
  EXPECT_EQ(backend->name(), "slurm");
  EXPECT_TRUE(backend->jobs_outlive_process());
  CalculationJob job;
  job.cores = 64;
  EXPECT_TRUE(backend->can_accept(job));
}

TEST(SlurmSettings, BadSettingsNameTheFileAndLine) {
  const fs::path dir = scratch("bad");
  const std::string unknown =
      error_of([&] { read_slurm_settings(write_config(dir, "slurm:\n  partition: cpu\n  walltime: 10\n")); });
  EXPECT_NE(unknown.find("calculator.yaml:3"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("walltime"), std::string::npos) << unknown;
  const std::string negative = error_of([&] { read_slurm_settings(write_config(dir, "slurm:\n  nodes: -1\n")); });
  EXPECT_NE(negative.find("calculator.yaml:2"), std::string::npos) << negative;
  const std::string cores_as =
      error_of([&] { read_slurm_settings(write_config(dir, "slurm:\n  cores_as: threads\n")); });
  EXPECT_NE(cores_as.find("ntasks or cpus_per_task"), std::string::npos) << cores_as;
  const std::string poll = error_of([&] { read_slurm_settings(write_config(dir, "slurm:\n  poll_interval_s: 0\n")); });
  EXPECT_NE(poll.find("poll_interval_s"), std::string::npos) << poll;
  const std::string missing = error_of([&] { read_slurm_settings(write_config(dir, "calculator: command\n")); });
  EXPECT_NE(missing.find("slurm"), std::string::npos) << missing;
  // The local wall-clock limit has no meaning for Slurm jobs: the file says which key to use.
  const std::string path = write_config(
      dir, "calculator: command\ncommand: {command: [x]}\nrunner: {backend: slurm, timeout_s: 60}\nslurm: {}\n");
  const CalculatorConfig config = read_calculator_config(path);
  ExecutionContext context;
  const std::string timeout = error_of([&] { make_backend(config, context); });
  EXPECT_NE(timeout.find("time_limit_min"), std::string::npos) << timeout;
  // An option with a line break would end the #SBATCH header.
  SlurmSettings s;
  s.sbatch_options = {"--mem=1G\necho injected"};
  EXPECT_THROW(SlurmBackend{s}, InputError);
}

TEST(SlurmSettings, TheJobScriptAsksForTheCoresAndRecordsTheExitStatus) {
  SlurmSettings s;
  s.partition = "cpu";
  s.time_limit_min = 90;
  s.account = "proj1";
  s.modules = {"vasp/6.4.2"};
  s.sbatch_options = {"--mem=60G"};
  s.setup = {"ulimit -s unlimited"};
  CalculationJob job;
  job.command = {"mpirun", "-np", "64", "vasp_gam", "it's quoted"};
  job.cores = 64;
  job.output_file = "vasp.log";
  job.environment["VASP_FLAG"] = "a b";
  const std::string script = SlurmBackend(s).job_script(job, "/scratch/job 1");
  for (const char* line :
       {"#!/bin/bash\n", "#SBATCH --partition=cpu\n", "#SBATCH --time=90\n", "#SBATCH --nodes=1\n",
        "#SBATCH --ntasks=64\n", "#SBATCH --account=proj1\n", "#SBATCH --mem=60G\n", "cd '/scratch/job 1' || exit 1\n",
        "module load vasp/6.4.2\n", "ulimit -s unlimited\n", "export VASP_FLAG='a b'\n", "export OMP_NUM_THREADS='1'\n",
        "'mpirun' '-np' '64' 'vasp_gam' 'it'\\''s quoted' > 'vasp.log' 2>&1 < /dev/null\n", "exit $ionglass_status\n"})
    EXPECT_NE(script.find(line), std::string::npos) << "missing: " << line << "\n" << script;
  EXPECT_EQ(script.find("--qos"), std::string::npos);
  EXPECT_LT(script.find("#SBATCH --mem=60G"), script.find("cd '/scratch"));  // the header comes first
  s.cores_as = SlurmSettings::CoresAs::cpus_per_task;
  const std::string threads = SlurmBackend(s).job_script(job, "/scratch/job");
  EXPECT_NE(threads.find("#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=64\n"), std::string::npos) << threads;
  EXPECT_NE(threads.find("export OMP_NUM_THREADS='64'\n"), std::string::npos) << threads;
}

TEST(SlurmSettings, TheScriptRunsHereAndWritesItsExitStatus) {
  // The script is plain bash: run it without Slurm and read the exit-status file it leaves.
  const fs::path dir = scratch("script");
  CalculationJob job;
  job.command = {"/bin/sh", "-c", "echo out; exit 5"};
  SlurmBackend backend(SlurmSettings{});
  std::ofstream(dir / "job.sh") << backend.job_script(job, dir.string());
  ChildProcessOptions options;
  options.command = {"/bin/bash", (dir / "job.sh").string()};
  options.output_file = (dir / "script.out").string();
  EXPECT_EQ(run_child_process(options).exit_status, 5);
  std::ifstream status(dir / slurm_exit_status_name);
  std::string kind;
  int exit_status = -1;
  double start = 0, end = 0;
  status >> kind >> exit_status >> start >> end;
  EXPECT_EQ(kind, "exited");
  EXPECT_EQ(exit_status, 5);
  EXPECT_GE(end, start);
  EXPECT_FALSE(fs::exists(dir / (std::string(slurm_exit_status_name) + ".tmp")));
}

TEST(SlurmSettings, AnSbatchThatCannotStartOrFailsIsAComputationError) {
  const fs::path dir = scratch("sbatch");
  CalculationJob job;
  job.command = {"true"};
  SlurmSettings missing;
  missing.sbatch = "/nonexistent/sbatch";
  EXPECT_THROW(SlurmBackend(missing).submit("x", job, dir.string()), ComputationError);
  // A stand-in sbatch that refuses with a message: the message reaches the error.
  std::ofstream(dir / "fake_sbatch") << "#!/bin/sh\necho 'sbatch: error: Batch job submission failed: quota' >&2\n"
                                        "exit 1\n";
  fs::permissions(dir / "fake_sbatch", fs::perms::owner_all);
  SlurmSettings failing;
  failing.sbatch = (dir / "fake_sbatch").string();
  try {
    SlurmBackend(failing).submit("x", job, dir.string());
    FAIL() << "no error";
  } catch (const ComputationError& e) {
    EXPECT_NE(std::string(e.what()).find("Batch job submission failed: quota"), std::string::npos) << e.what();
  }
}
