// `ionglass label` end to end with `runner: {backend: slurm}`: the configuration file's `slurm:`
// section reaches the backend, each structure becomes one batch job on the real single-node Slurm,
// and every one is labelled once; --resume then labels nothing again.
#include <gtest/gtest.h>

#include <fstream>

#include "calculators_label/ase_lennard_jones.hpp"
#include "cli_runner.hpp"
#include "ionglass/io/structure_io.hpp"
#include "slurm_cluster_fixture.hpp"

using namespace ionglass;
using ionglass::test::SlurmCluster;
namespace fs = std::filesystem;

TEST_F(SlurmCluster, LabelCommandRunsEachStructureAsOneBatchJob) {
  if (!test::have_ase()) GTEST_SKIP() << "needs /usr/bin/python3 with ASE (Debian python3-ase)";
  test::lennard_jones(scratch_);  // writes lj.py beside the configuration
  const std::string input = (scratch_ / "in.extxyz").string();
  {
    auto writer = create_trajectory_writer(input);
    for (int k = 0; k < 3; ++k) writer->write(test::small_cell(1.0, 0.01 * k));
    writer->close();
  }
  const std::string config = (scratch_ / "calculator.yaml").string();
  std::ofstream(config) << "calculator: command\n"
                           "command:\n"
                           "  command: [/usr/bin/python3, lj.py]\n"
                           "  files: [lj.py]\n"
                           "runner:\n"
                           "  backend: slurm\n"
                           "  poll_interval_s: 0.05\n"
                           "slurm:\n"
                           "  partition: "
                        << cluster_->partition()
                        << "\n"
                           "  time_limit_min: 5\n"
                           "  poll_interval_s: 0.2\n";
  const std::string db = (scratch_ / "db.extxyz").string();
  const auto run = test::run_cli("label " + input + " --calculator " + config + " --out " + db);
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_EQ(read_frames(db).size(), 3u);
  int scripts = 0;
  for (const auto& entry : fs::recursive_directory_iterator(db + ".jobs"))
    scripts += entry.path().filename() == calculators::slurm_job_script_name;
  EXPECT_EQ(scripts, 3);
  const auto again = test::run_cli("label " + input + " --calculator " + config + " --out " + db + " --resume");
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(read_frames(db).size(), 3u);
}
