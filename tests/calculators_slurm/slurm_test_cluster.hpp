#pragma once
// A real single-node Slurm cluster (Debian slurm-wlm + munge) started by a test, without touching
// the machine's own configuration: a private folder holds a munge key, munged's socket, a
// slurm.conf with free ports, the state and spool folders and the logs. munged, slurmctld and
// slurmd run as children of the test (each under a small shell watchdog that stops the daemon if
// the test process dies without cleaning up); SLURM_CONF is exported for sbatch/squeue/scontrol.
// Destroying the cluster cancels its jobs, stops the daemons and removes the folder. Copies of the
// test running at once do not meet: each has its own folder, ports, socket and cluster name.
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ionglass/core/child_process.hpp"

namespace ionglass::test {

/// A TCP port that was free a moment ago (the kernel's choice for port 0).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string tail_of(const std::filesystem::path& path, int lines) {
  std::ifstream in(path);
  std::vector<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    kept.push_back(line);
    if (static_cast<int>(kept.size()) > lines) kept.erase(kept.begin());
  }
  std::string out = "--- " + path.string() + "\n";
  for (const auto& line : kept) out += line + "\n";
  return out;
}

/// Runs `command` to its end, its output into a string.
inline std::string command_output(const std::vector<std::string>& command, const std::string& folder,
                                  bool* succeeded = nullptr) {
  ChildProcessOptions options;
  options.command = command;
  options.output_file = folder + "/command.out";
  options.timeout_seconds = 60;
  const ChildProcessOutcome outcome = run_child_process(options);
  if (succeeded) *succeeded = outcome.succeeded();
  return file_text(options.output_file);
}

class SlurmTestCluster {
 public:
  /// True when munged, slurmctld, slurmd and the client programs are installed.
  static bool installed() {
    for (const char* program : {"munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel", "sinfo"})
      if (find_executable(program).empty() && find_executable(std::string("/usr/sbin/") + program).empty())
        return false;
    return true;
  }

  /// Starts the cluster; throws std::runtime_error with the daemons' log tails when it does not come up.
  SlurmTestCluster() {
    namespace fs = std::filesystem;
    const auto start = std::chrono::steady_clock::now();
    char name[] = "/tmp/igslurm.XXXXXX";  // short: munged's socket path must fit in sockaddr_un
    if (!::mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
    folder_ = name;
    // munged refuses a socket folder that others cannot enter, and a key others can read.
    ::chmod(folder_.c_str(), 0711);
    for (const char* sub : {"munge", "state", "spool"}) fs::create_directories(folder_ / sub);
    ::chmod((folder_ / "munge").c_str(), 0711);
    {
      std::ifstream random("/dev/urandom", std::ios::binary);
      std::string key(1024, '\0');
      random.read(key.data(), static_cast<std::streamsize>(key.size()));
      std::ofstream(folder_ / "munge/munge.key", std::ios::binary) << key;
    }
    ::chmod((folder_ / "munge/munge.key").c_str(), 0600);
    const std::string socket = (folder_ / "munge/munge.socket").string();
    start_daemon("munged", {program("munged"), "--foreground", "--force", "--socket=" + socket,
                            "--key-file=" + (folder_ / "munge/munge.key").string(),
                            "--pid-file=" + (folder_ / "munge/munged.pid").string(),
                            "--log-file=" + (folder_ / "munge/munged.log").string(),
                            "--seed-file=" + (folder_ / "munge/munged.seed").string()});
    wait_for([&] { return fs::exists(socket); }, 15, "munged did not create its socket");

    bool ok = false;
    std::string node = command_output({program("slurmd"), "-C"}, folder_.string(), &ok);
    node = node.substr(0, node.find('\n'));
    if (!ok || node.rfind("NodeName=", 0) != 0) fail("slurmd -C failed: " + node);
    node_name_ = fmt::format("ignode{}", ::getpid());
    node =
        "NodeName=" + node_name_ + " NodeHostname=" + hostname() + " NodeAddr=127.0.0.1" + node.substr(node.find(' '));
    cluster_name_ = fmt::format("ig{}", ::getpid());
    const int controller_port = free_port();
    int node_port = free_port();
    while (node_port == controller_port) node_port = free_port();
    const auto f = [&](const char* file) { return (folder_ / file).string(); };
    std::ofstream(folder_ / "plugstack.conf") << "";
    std::ofstream conf(folder_ / "slurm.conf");
    conf << "ClusterName=" << cluster_name_ << "\nSlurmctldHost=localhost\nSlurmUser=" << user_name()
         << "\nSlurmdUser=root\nAuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket=" << socket
         << "\nSlurmctldPort=" << controller_port << "\nSlurmdPort=" << node_port
         << "\nStateSaveLocation=" << f("state") << "\nSlurmdSpoolDir=" << f("spool")
         << "\nSlurmctldPidFile=" << f("slurmctld.pid") << "\nSlurmdPidFile=" << f("slurmd.pid")
         << "\nSlurmctldLogFile=" << f("slurmctld.log") << "\nSlurmdLogFile=" << f("slurmd.log")
         << "\nPlugStackConfig=" << f("plugstack.conf")
         << "\nProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nSelectType=select/cons_tres"
            "\nSelectTypeParameters=CR_Core\nAccountingStorageType=accounting_storage/none"
            "\nJobCompType=jobcomp/none\nJobAcctGatherType=jobacct_gather/none\nMpiDefault=none"
            "\nMinJobAge=3600\nReturnToService=2\nKillWait=5\nSchedulerType=sched/backfill"
            "\nSchedulerParameters=sched_interval=1\n"
         << node << " State=UNKNOWN\nPartitionName=test Nodes=" << node_name_
         << " Default=YES MaxTime=INFINITE State=UP\n";
    conf.close();
    ::setenv("SLURM_CONF", f("slurm.conf").c_str(), 1);
    start_daemon("slurmctld", {program("slurmctld"), "-D", "-f", f("slurm.conf")});
    start_daemon("slurmd", {program("slurmd"), "-D", "-f", f("slurm.conf"), "-N", node_name_});
    wait_for(
        [&] {
          bool up = false;
          const std::string state =
              command_output({program("sinfo"), "--noheader", "--format=%T"}, folder_.string(), &up);
          return up && state.find("idle") != std::string::npos;
        },
        60, "the node did not become idle");
    start_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  ~SlurmTestCluster() { stop(); }
  SlurmTestCluster(const SlurmTestCluster&) = delete;
  SlurmTestCluster& operator=(const SlurmTestCluster&) = delete;

  const std::filesystem::path& folder() const { return folder_; }
  double start_seconds() const { return start_seconds_; }
  std::string partition() const { return "test"; }
  /// The logs' last lines, for failure messages.
  std::string log_tails() const {
    std::string out;
    for (const char* file : {"munged.out", "slurmctld.out", "slurmd.out", "slurmctld.log", "slurmd.log"})
      out += tail_of(folder_ / file, 15);
    return out;
  }

 private:
  void stop() {
    // Jobs first (their slurmstepd outlives slurmd), then the daemons, then the folder.
    if (!daemons_.empty()) {
      command_output({program("scancel"), "--user=" + user_name()}, folder_.string());
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (std::chrono::steady_clock::now() < until) {
        bool ok = false;
        const std::string queue =
            command_output({program("squeue"), "--noheader", "--states=PENDING,RUNNING,COMPLETING,CONFIGURING"},
                           folder_.string(), &ok);
        if (!ok || queue.find_first_not_of(" \n") == std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
    for (auto it = daemons_.rbegin(); it != daemons_.rend(); ++it) (*it)->terminate(3.0);
    daemons_.clear();
    std::error_code ec;
    if (!folder_.empty()) std::filesystem::remove_all(folder_, ec);
    folder_.clear();
  }
  static std::string program(const std::string& name) {
    const std::string found = find_executable(name);
    return found.empty() ? "/usr/sbin/" + name : found;
  }
  static std::string user_name() {
    const char* user = std::getenv("USER");
    if (user && *user) return user;
    bool ok = false;
    std::string name = command_output({"id", "-un"}, "/tmp", &ok);
    return name.substr(0, name.find('\n'));
  }
  static std::string hostname() {
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
  }
  /// The daemon under a watchdog shell: when the test process is gone (killed without cleaning
  /// up) it stops the daemon and every process that carries this cluster's SLURM_CONF (the jobs,
  /// whose slurmstepd outlives slurmd).
  void start_daemon(const std::string& name, const std::vector<std::string>& command) {
    const std::string test = std::to_string(::getpid());
    const std::string conf = (folder_ / "slurm.conf").string();
    const std::string watchdog = fmt::format(R"(
"$@" & daemon=$!
while kill -0 {0} 2>/dev/null && kill -0 $daemon 2>/dev/null; do sleep 1; done
kill $daemon 2>/dev/null; wait $daemon; status=$?
if ! kill -0 {0} 2>/dev/null; then
  for environ in /proc/[0-9]*/environ; do
    pid=${{environ#/proc/}}; pid=${{pid%/environ}}
    [ "$pid" != $$ ] && tr '\0' '\n' < "$environ" 2>/dev/null | grep -qxF 'SLURM_CONF={1}' && kill -9 "$pid" 2>/dev/null
  done
  rm -rf '{2}'
fi
exit $status
)",
                                             test, conf, folder_.string());
    ChildProcessOptions options;
    options.command = {"/bin/sh", "-c", watchdog, "watchdog"};
    options.command.insert(options.command.end(), command.begin(), command.end());
    options.output_file = (folder_ / (name + ".out")).string();
    daemons_.push_back(std::make_unique<ChildProcess>(options));
    if (!daemons_.back()->outcome().started)
      fail("cannot start " + name + ": " + daemons_.back()->outcome().describe());
  }
  template <class Ready>
  void wait_for(Ready ready, double seconds, const std::string& problem) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!ready()) {
      for (const auto& daemon : daemons_)
        if (!daemon->running()) fail(problem + " (a daemon exited: " + daemon->outcome().describe() + ")");
      if (std::chrono::steady_clock::now() > until) fail(problem + fmt::format(" within {:.0f} s", seconds));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  [[noreturn]] void fail(const std::string& problem) {
    const std::string message = "single-node Slurm: " + problem + "\n" + log_tails();
    stop();  // the constructor throws: stop what was started
    throw std::runtime_error(message);
  }

  std::filesystem::path folder_;
  std::string node_name_, cluster_name_;
  std::vector<std::unique_ptr<ChildProcess>> daemons_;
  double start_seconds_ = 0;
};

}  // namespace ionglass::test
