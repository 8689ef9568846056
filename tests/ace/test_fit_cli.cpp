// `ionglass fit` end to end through the binary: a tiny fit writes every output (report.html
// with its plots included); bad input exits with status 2 and names the file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.hpp"
#include "fit_driver_support.hpp"
#include "ionglass/ace/b_basis.hpp"

namespace ionglass::test {
namespace {

std::string folder(const std::string& name) {
  return ::testing::TempDir() + "/ionglass_fit_cli_" + name;
}

TEST(FitCli, TinyFitWritesEveryOutput) {
  const std::string dir = folder("tiny");
  const std::string input = write_tiny_fit_input(dir, 3);
  const CliRun run = run_cli("fit " + input + " --out " + dir + "/out --threads 2");
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("test:  energy RMSE"), std::string::npos) << run.output;
  for (const char* name :
       {"potential.yaml", "potential.yace", "interim_potential_ladder_step_1.yaml",
        "interim_potential_ladder_step_2.yaml", "fit_log.csv", "fit.json", "report.html", "fit_checkpoint.json"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/out/" + name)) << name;
  EXPECT_NO_THROW(ace::read_b_basis(dir + "/out/potential.yaml"));
  std::ifstream in(dir + "/out/report.html");
  const std::string html{std::istreambuf_iterator<char>(in), {}};
  EXPECT_NE(html.find("Force parity"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  // --resume of a finished fit rewrites the same potential.
  const CliRun again = run_cli("fit " + input + " --out " + dir + "/out --threads 2 --resume --json");
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("\"resumed\": true"), std::string::npos) << again.output;
}

TEST(FitCli, MisspeltKeyExitsTwoWithFileAndLine) {
  const std::string dir = folder("misspelt");
  const std::string input = write_tiny_fit_input(dir, 3, "  maxiterr: 5\n");
  const CliRun run = run_cli("fit " + input + " --out " + dir + "/out");
  EXPECT_EQ(run.status, 2) << run.output;
  EXPECT_NE(run.output.find("input.yaml:"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("maxiterr"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(dir + "/out/potential.yaml"));
}

TEST(FitCli, PickleDataIsRefusedWithTheConverterNamed) {
  const std::string dir = folder("pickle");
  std::filesystem::create_directories(dir);
  const std::string pickle = dir + "/train.pckl.gzip";
  const std::string input = write_tiny_fit_input(dir, 3, "", "", pickle);
  std::ofstream(pickle) << "not really a pickle";
  const CliRun run = run_cli("fit " + input + " --out " + dir + "/out");
  EXPECT_EQ(run.status, 2) << run.output;
  EXPECT_NE(run.output.find("pacemaker_pickle_to_extxyz.py"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("train.pckl.gzip"), std::string::npos) << run.output;
}

TEST(FitCli, ResumeWithoutCheckpointExitsTwo) {
  const std::string dir = folder("nocheckpoint");
  const std::string input = write_tiny_fit_input(dir, 3);
  const CliRun run = run_cli("fit " + input + " --out " + dir + "/out --resume");
  EXPECT_EQ(run.status, 2) << run.output;
  EXPECT_NE(run.output.find("fit_checkpoint.json"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace ionglass::test
