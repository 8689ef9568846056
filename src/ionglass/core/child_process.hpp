#pragma once
// Starting external programs (LAMMPS, CP2K, VASP, sbatch, user scripts) as child processes.
//
// The child runs in its own process group in a given working directory, with standard output and
// standard error sent to one file, and extra environment variables. A child that cannot be started
// (no such executable, not executable, bad working directory) is reported in the outcome, not
// thrown, so that a batch of calculations can go on. Terminating a child signals its whole process
// group (mpirun and its ranks included): SIGTERM, then SIGKILL after a grace period.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace ionglass {

/// Full path of an executable: `name` itself when it contains a '/', else the first match on PATH;
/// empty when none is found or it is not executable.
std::string find_executable(const std::string& name);

struct ChildProcessOptions {
  /// Program and arguments; the program is looked up with find_executable.
  std::vector<std::string> command;
  /// Folder the child runs in (empty: the current one). Must exist.
  std::string working_directory;
  /// File (relative to the working directory, or absolute) that receives standard output and
  /// standard error, truncated first; empty: the parent's streams.
  std::string output_file;
  /// Variables added to (or replacing those of) the parent's environment.
  std::map<std::string, std::string> environment;
  /// Wall-clock limit in seconds; 0 means none. A child past it is terminated.
  double timeout_seconds = 0;
  /// true: the child leads a process group of its own, so that terminate() reaches mpirun and
  /// its ranks; false: it stays in the parent's group, so that Ctrl-C at a terminal stops it
  /// with the parent (an interactive `ionglass lammps run`).
  bool own_process_group = true;
};

struct ChildProcessOutcome {
  bool started = false;     ///< false: the program could not be started (see start_error)
  std::string start_error;  ///< why it could not be started
  bool exited = false;      ///< true: it exited normally (exit_status is valid)
  int exit_status = -1;
  int signal = 0;           ///< the signal that ended it (when !exited)
  bool timed_out = false;   ///< terminated because it ran past timeout_seconds
  bool terminated = false;  ///< terminated by terminate() (or the timeout)
  double wall_seconds = 0;

  /// Started, exited, exit status 0.
  bool succeeded() const { return started && exited && exit_status == 0; }
  /// One line: "exited with status 0", "killed by signal 9", "cannot start: ...", "timed out after 10 s".
  std::string describe() const;
};

/// One running child. Destroying a running child terminates it.
class ChildProcess {
 public:
  /// Starts the child; check `outcome().started` (a failed start is not an exception).
  explicit ChildProcess(const ChildProcessOptions& options);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Process id (and process group id, with own_process_group) of the child; −1 when it did not start.
  pid_t pid() const { return pid_; }
  /// True while the child runs; reaps it (and applies the timeout) without blocking.
  bool running();
  /// Blocks until the child has ended (applying the timeout) and returns the outcome.
  const ChildProcessOutcome& wait(double poll_seconds = 0.05);
  /// Sends SIGTERM to the child's process group, then SIGKILL after `grace_seconds`, and reaps it.
  void terminate(double grace_seconds = 2.0);
  /// The outcome so far (final once running() is false).
  const ChildProcessOutcome& outcome() const { return outcome_; }

 private:
  void reap(int status);
  pid_t pid_ = -1;
  bool own_process_group_ = true;
  double timeout_seconds_ = 0;
  std::chrono::steady_clock::time_point start_;
  ChildProcessOutcome outcome_;
};

/// Runs a child to its end and returns the outcome.
ChildProcessOutcome run_child_process(const ChildProcessOptions& options);

}  // namespace ionglass
