#include "ionglass/study/study_steps.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::study {

namespace fs = std::filesystem;

std::string current_executable() {
  std::error_code ec;
  const auto p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error("cannot find the ionglass executable (/proc/self/exe)");
  return p.string();
}

StepRunner::StepRunner(std::string program, bool force) : program_(std::move(program)), force_(force) {}

bool StepRunner::completed(const std::string& directory) {
  std::ifstream in(directory + "/step.json");
  if (!in) return false;
  try {
    const auto j = nlohmann::json::parse(in);
    return j.value("status", "") == "completed";
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

namespace {

std::string tail_of(const std::string& path, std::size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  std::string line;
  while (std::getline(in, line)) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += "    " + all[i] + "\n";
  return out;
}

// Runs program with arguments, standard output and error into `log`; returns the exit status.
int spawn(const std::string& program, const std::vector<std::string>& arguments, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid < 0) throw Error("cannot start a child process");
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error("lost the child process");
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

void StepRunner::run(const Step& step) {
  if (!force_ && completed(step.directory)) {
    ++skipped_;
    std::cerr << "study: " << step.id << ": already completed, skipped\n";
    return;
  }
  std::error_code ec;
  if (force_ && fs::exists(step.directory, ec)) fs::remove_all(step.directory, ec);
  fs::create_directories(step.directory);
  if (step.prepare) step.prepare(step);
  std::vector<std::string> args = step.arguments;
  bool resumed = false;
  if (step.resumable_md) {
    for (const auto& entry : fs::directory_iterator(step.directory))
      if (entry.path().filename() == "checkpoint.bin") resumed = true;
    if (resumed) args.push_back("--resume");
  }
  std::cerr << "study: " << step.id << (resumed ? ": resuming from its checkpoint" : ": running") << "\n";
  const std::string log = step.directory + "/log.txt";
  {
    std::ofstream l(log, std::ios::app);
    l << "$ ionglass";
    for (const auto& a : args) l << " " << a;
    l << "\n";
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> full{"--quiet"};
  full.insert(full.end(), args.begin(), args.end());
  const int status = spawn(program_, full, log);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (status != 0)
    throw Error("study step " + step.id + " failed (exit status " + std::to_string(status) + "); end of " + log + ":\n" +
                tail_of(log, 15));
  for (const auto& o : step.outputs)
    if (!fs::exists(o, ec)) throw Error("study step " + step.id + " finished but did not write " + o);
  nlohmann::json record{{"id", step.id},     {"status", "completed"}, {"command", args},
                        {"inputs", step.inputs}, {"outputs", step.outputs}, {"wall_s", seconds},
                        {"resumed", resumed}};
  write_file_atomically(step.directory + "/step.json", record.dump(2) + "\n");
  ++executed_;
}

}  // namespace ionglass::study
