#include "ionglass/core/child_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

namespace ionglass {
namespace fs = std::filesystem;

namespace {

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string find_executable(const std::string& name) {
  if (name.empty()) return "";
  if (name.find('/') != std::string::npos) return is_executable_file(name) ? fs::absolute(name).string() : "";
  const char* path_env = std::getenv("PATH");
  const std::string path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t colon = std::min(path.find(':', start), path.size());
    const std::string dir = path.substr(start, colon - start);
    const std::string candidate = (fs::path(dir.empty() ? "." : dir) / name).string();
    if (is_executable_file(candidate)) return candidate;
    start = colon + 1;
  }
  return "";
}

std::string ChildProcessOutcome::describe() const {
  if (!started) return "cannot start: " + start_error;
  if (timed_out) return fmt::format("timed out after {:.0f} s and was terminated", wall_seconds);
  if (exited) return fmt::format("exited with status {}", exit_status);
  return fmt::format("killed by signal {} ({})", signal, ::strsignal(signal));
}

ChildProcess::ChildProcess(const ChildProcessOptions& options) : timeout_seconds_(options.timeout_seconds) {
  start_ = std::chrono::steady_clock::now();
  if (options.command.empty()) {
    outcome_.start_error = "no command given";
    return;
  }
  const std::string program = find_executable(options.command[0]);
  if (program.empty()) {
    outcome_.start_error = fmt::format("executable '{}' not found or not executable", options.command[0]);
    return;
  }
  if (!options.working_directory.empty()) {
    std::error_code ec;
    if (!fs::is_directory(options.working_directory, ec)) {
      outcome_.start_error = fmt::format("working directory '{}' does not exist", options.working_directory);
      return;
    }
  }
  // Everything the child needs is prepared before fork(): after it only async-signal-safe calls.
  std::vector<std::string> arguments = options.command;
  arguments[0] = program;
  std::vector<char*> argv;
  for (auto& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> environment_text;
  std::map<std::string, std::string> environment;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) environment[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : options.environment) environment[k] = v;
  for (const auto& [k, v] : environment) environment_text.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : environment_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  const std::string directory = options.working_directory;
  const std::string output = options.output_file;
  const bool own_group = options.own_process_group;

  // A close-on-exec pipe carries errno back when the exec itself fails.
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    outcome_.start_error = fmt::format("cannot create a pipe: {}", std::strerror(errno));
    return;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    outcome_.start_error = fmt::format("fork failed: {}", std::strerror(errno));
    ::close(report[0]);
    ::close(report[1]);
    return;
  }
  if (pid == 0) {
    ::close(report[0]);
    if (own_group) ::setpgid(0, 0);
    int error = 0;
    if (!directory.empty() && ::chdir(directory.c_str()) != 0) error = errno;
    if (error == 0 && !output.empty()) {
      const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0) {
        error = errno;
      } else {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
    }
    if (error == 0) {
      ::execve(argv[0], argv.data(), envp.data());
      error = errno;
    }
    [[maybe_unused]] const auto written = ::write(report[1], &error, sizeof error);
    ::_exit(127);
  }
  if (own_group) ::setpgid(pid, pid);  // also from the parent, so that terminate() works at once
  own_process_group_ = own_group;
  ::close(report[1]);
  int error = 0;
  ssize_t got;
  do {
    got = ::read(report[0], &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  ::close(report[0]);
  pid_ = pid;
  if (got == static_cast<ssize_t>(sizeof error)) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid_ = -1;
    outcome_.start_error = fmt::format("cannot execute '{}': {}", program, std::strerror(error));
    return;
  }
  outcome_.started = true;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) terminate(0.5);
}

void ChildProcess::reap(int status) {
  outcome_.wall_seconds = seconds_since(start_);
  if (WIFEXITED(status)) {
    outcome_.exited = true;
    outcome_.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome_.signal = WTERMSIG(status);
  }
  pid_ = -1;
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    reap(status);
    return false;
  }
  if (done < 0 && errno == ECHILD) {  // reaped elsewhere: nothing more to learn
    pid_ = -1;
    return false;
  }
  if (timeout_seconds_ > 0 && seconds_since(start_) > timeout_seconds_) {
    outcome_.timed_out = true;
    terminate();
    return false;
  }
  return true;
}

const ChildProcessOutcome& ChildProcess::wait(double poll_seconds) {
  while (running()) std::this_thread::sleep_for(std::chrono::duration<double>(poll_seconds));
  return outcome_;
}

void ChildProcess::terminate(double grace_seconds) {
  if (pid_ <= 0) return;
  outcome_.terminated = true;
  ::kill(own_process_group_ ? -pid_ : pid_, SIGTERM);
  const auto start = std::chrono::steady_clock::now();
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      reap(status);
      if (own_process_group_) ::kill(-done, SIGKILL);  // ranks that ignored SIGTERM
      return;
    }
    if (done < 0) {
      pid_ = -1;
      return;
    }
    if (seconds_since(start) > grace_seconds) {
      ::kill(own_process_group_ ? -pid_ : pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      reap(status);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ChildProcessOutcome run_child_process(const ChildProcessOptions& options) {
  ChildProcess child(options);
  return child.wait();
}

}  // namespace ionglass
