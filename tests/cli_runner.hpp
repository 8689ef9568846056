#pragma once
// Runs the ionglass binary (or any shell command) from end-to-end tests and captures its output.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "test_paths.hpp"

namespace ionglass::test {

/// Runs `command` through the shell; returns its exit status (−1 if it did not exit normally) and
/// puts its standard output into `output`.
inline int run_command(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return -1;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct CliRun {
  int status;
  std::string output;  ///< standard output and standard error together
};

/// Runs `ionglass -q ARGUMENTS` with standard error folded into the output.
inline CliRun run_cli(const std::string& arguments) {
  CliRun run;
  run.status = run_command(cli() + " -q " + arguments + " 2>&1", run.output);
  return run;
}

}  // namespace ionglass::test
