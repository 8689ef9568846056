// Child processes: output redirection, environment, working directory, exit statuses, signals,
// timeouts and programs that cannot start.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ionglass/core/child_process.hpp"
#include "scratch_folder.hpp"

namespace fs = std::filesystem;
using namespace ionglass;

namespace {
fs::path scratch(const std::string& name) { return test::scratch_folder("child_process_" + name); }
std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST(ChildProcess, RunsInItsFolderWithEnvironmentAndOutputFile) {
  const fs::path dir = scratch("folder");
  ChildProcessOptions o;
  o.command = {"sh", "-c", "pwd; echo \"$IONGLASS_TEST_VALUE\"; echo oops >&2; exit 3"};
  o.working_directory = dir.string();
  o.output_file = "out.txt";
  o.environment["IONGLASS_TEST_VALUE"] = "forty-two";
  const ChildProcessOutcome r = run_child_process(o);
  ASSERT_TRUE(r.started) << r.start_error;
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_FALSE(r.succeeded());
  const std::string text = read_text(dir / "out.txt");
  EXPECT_NE(text.find(fs::canonical(dir).string()), std::string::npos) << text;
  EXPECT_NE(text.find("forty-two"), std::string::npos);
  EXPECT_NE(text.find("oops"), std::string::npos);
  EXPECT_EQ(r.describe(), "exited with status 3");
}

TEST(ChildProcess, MissingProgramIsAnOutcomeNotAnException) {
  ChildProcessOptions o;
  o.command = {"ionglass-no-such-program-xyz"};
  const ChildProcessOutcome r = run_child_process(o);
  EXPECT_FALSE(r.started);
  EXPECT_NE(r.describe().find("ionglass-no-such-program-xyz"), std::string::npos) << r.describe();
  o.command = {"true"};
  o.working_directory = "/nonexistent/ionglass/folder";
  EXPECT_FALSE(run_child_process(o).started);
  o.command.clear();
  EXPECT_FALSE(run_child_process(o).started);
}

TEST(ChildProcess, TimeoutTerminatesTheWholeProcessGroup) {
  const fs::path dir = scratch("timeout");
  ChildProcessOptions o;
  // A child that starts a grandchild: both must go when the timeout strikes.
  o.command = {"sh", "-c", "(sleep 30; touch late) & sleep 30"};
  o.working_directory = dir.string();
  o.timeout_seconds = 0.5;
  const auto start = std::chrono::steady_clock::now();
  const ChildProcessOutcome r = run_child_process(o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.exited);
  EXPECT_LT(seconds, 10.0);
  EXPECT_NE(r.describe().find("timed out"), std::string::npos);
}

TEST(ChildProcess, TerminateAndSignals) {
  ChildProcessOptions o;
  o.command = {"sleep", "30"};
  ChildProcess child(o);
  ASSERT_TRUE(child.outcome().started);
  EXPECT_GT(child.pid(), 0);
  EXPECT_TRUE(child.running());
  child.terminate();
  EXPECT_FALSE(child.running());
  EXPECT_TRUE(child.outcome().terminated);
  EXPECT_EQ(child.outcome().signal, SIGTERM);
  EXPECT_NE(child.outcome().describe().find("signal"), std::string::npos);
}

TEST(ChildProcess, FindExecutable) {
  EXPECT_FALSE(find_executable("sh").empty());
  EXPECT_TRUE(find_executable("").empty());
  EXPECT_TRUE(find_executable("/nonexistent/sh").empty());
  EXPECT_TRUE(find_executable("ionglass-no-such-program-xyz").empty());
}

TEST(ChildProcess, ProcessGroupIsItsOwnOnlyWhenAsked) {
  const fs::path dir = scratch("group");
  auto group_of_child = [&](bool own) {
    ChildProcessOptions o;
    o.command = {"/bin/sh", "-c", "ps -o pgid= -p $$"};
    o.working_directory = dir.string();
    o.output_file = "pgid.txt";
    o.own_process_group = own;
    const auto outcome = run_child_process(o);
    EXPECT_TRUE(outcome.succeeded()) << outcome.describe();
    return std::stol(read_text(dir / "pgid.txt"));
  };
  EXPECT_NE(group_of_child(true), static_cast<long>(::getpgrp()));
  EXPECT_EQ(group_of_child(false), static_cast<long>(::getpgrp()));
}
