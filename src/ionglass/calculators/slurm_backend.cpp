#include "ionglass/calculators/slurm_backend.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/split_words.hpp"
#include "ionglass/core/strict_yaml.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// `text` as one word for bash: in single quotes, each ' written as '\''.
std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

/// What a Slurm command printed (standard output and error together) and how it ended.
struct CommandResult {
  ChildProcessOutcome outcome;
  std::string output;
  bool ok() const { return outcome.succeeded(); }
  /// "sbatch exited with status 1: sbatch: error: ..." for messages.
  std::string describe(const std::string& program) const {
    const std::string text = trimmed(output);
    return fmt::format("{} {}{}", program, outcome.describe(), text.empty() ? "" : ": " + text);
  }
};

CommandResult run_slurm_command(const std::vector<std::string>& command, const std::string& working_directory = "") {
  char path[] = "/tmp/ionglass_slurm_command_XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) throw ComputationError("slurm backend: cannot create a temporary file for the output of " + command[0]);
  ::close(fd);
  ChildProcessOptions options;
  options.command = command;
  options.output_file = path;
  options.working_directory = working_directory;
  options.timeout_seconds = 120;  // a Slurm command that hangs this long has lost its controller
  CommandResult result;
  result.outcome = run_child_process(options);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  result.output = text.str();
  std::error_code ec;
  fs::remove(path, ec);
  return result;
}

bool is_queued_state(const std::string& state) {
  return state == "PENDING" || state == "CONFIGURING" || state == "REQUEUED" || state == "REQUEUE_HOLD" ||
         state == "REQUEUE_FED" || state == "RESV_DEL_HOLD";
}

bool is_running_state(const std::string& state) {
  return state == "RUNNING" || state == "COMPLETING" || state == "SUSPENDED" || state == "STOPPED" ||
         state == "SIGNALING" || state == "STAGE_OUT" || state == "RESIZING";
}

/// Seconds of a Slurm duration "[D-]HH:MM:SS" (or MM:SS); 0 when it cannot be read.
double duration_seconds(const std::string& text) {
  long long days = 0;
  std::string rest = text;
  if (const auto dash = rest.find('-'); dash != std::string::npos) {
    days = std::atoll(rest.substr(0, dash).c_str());
    rest = rest.substr(dash + 1);
  }
  double seconds = 0;
  std::stringstream parts(rest);
  for (std::string part; std::getline(parts, part, ':');) seconds = 60 * seconds + std::atof(part.c_str());
  return 86400.0 * static_cast<double>(days) + seconds;
}

/// The outcome of a job that ended in Slurm `state` ("CANCELLED by 0" from sacct: the first
/// word counts) with `exit_code` "STATUS:SIGNAL".
ChildProcessOutcome outcome_of_slurm_state(const std::string& state_text, const std::string& exit_code,
                                           double wall_seconds) {
  const std::vector<std::string> words = split_words(state_text);
  const std::string state = words.empty() ? "" : words.front();
  int status = 0, signal = 0;
  if (const auto colon = exit_code.find(':'); colon != std::string::npos) {
    status = std::atoi(exit_code.substr(0, colon).c_str());
    signal = std::atoi(exit_code.substr(colon + 1).c_str());
  } else {
    status = std::atoi(exit_code.c_str());
  }
  ChildProcessOutcome outcome;
  outcome.started = true;
  outcome.wall_seconds = wall_seconds;
  if (state == "COMPLETED" || (state == "FAILED" && signal == 0)) {
    outcome.exited = true;
    outcome.exit_status = status;
  } else if (state == "CANCELLED" || state == "PREEMPTED") {
    outcome.terminated = true;
    outcome.signal = signal != 0 ? signal : SIGTERM;
  } else if (state == "TIMEOUT" || state == "DEADLINE") {
    outcome.terminated = true;
    outcome.timed_out = true;
    outcome.signal = signal != 0 ? signal : SIGKILL;
  } else {  // FAILED by a signal, NODE_FAIL, BOOT_FAIL, OUT_OF_MEMORY, ...: a crash
    outcome.signal = signal != 0 ? signal : SIGKILL;
  }
  return outcome;
}

/// The value of `key=` in one line of `scontrol show job -o` (empty when absent).
std::string scontrol_field(const std::string& line, const std::string& key) {
  for (const auto& word : split_words(line))
    if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
  return "";
}

/// Reads the exit-status file: "exited STATUS START END" or "not-started MESSAGE".
bool read_exit_status_file(const fs::path& path, ChildProcessOutcome& outcome) {
  std::ifstream in(path);
  std::string kind;
  if (!(in >> kind)) return false;
  if (kind == "not-started") {
    std::string message;
    std::getline(in, message);
    outcome = {};
    outcome.start_error = trimmed(message);
    return true;
  }
  double start = 0, end = 0;
  int status = 0;
  if (kind != "exited" || !(in >> status >> start >> end)) return false;
  outcome = {};
  outcome.started = true;
  outcome.exited = true;
  outcome.exit_status = status;
  outcome.wall_seconds = end >= start ? end - start : 0;
  return true;
}

void check_one_line(const std::string& text, const std::string& what) {
  if (text.find_first_of("\r\n") != std::string::npos)
    throw InputError(fmt::format("slurm: {} must be one line, not '{}'", what, text));
}

}  // namespace

SlurmBackend::SlurmBackend(SlurmSettings settings) : settings_(std::move(settings)) {
  if (settings_.time_limit_min < 0) throw InputError("slurm: time_limit_min must not be negative");
  if (settings_.nodes < 0) throw InputError("slurm: nodes must not be negative");
  if (settings_.max_jobs_in_flight < 0) throw InputError("slurm: max_jobs_in_flight must not be negative");
  if (!(settings_.poll_interval_s > 0)) throw InputError("slurm: poll_interval_s must be positive");
  if (!(settings_.scheduler_timeout_s >= 0)) throw InputError("slurm: scheduler_timeout_s must not be negative");
  if (!(settings_.exit_file_wait_s >= 0)) throw InputError("slurm: exit_file_wait_s must not be negative");
  check_one_line(settings_.partition, "partition");
  check_one_line(settings_.account, "account");
  check_one_line(settings_.qos, "qos");
  for (const auto& option : settings_.sbatch_options) check_one_line(option, "an sbatch option");
  for (const auto& module : settings_.modules) check_one_line(module, "a module name");
  for (const auto* program :
       {&settings_.sbatch, &settings_.squeue, &settings_.sacct, &settings_.scontrol, &settings_.scancel})
    if (program->empty()) throw InputError("slurm: the Slurm program names must not be empty");
  const passwd* user = ::getpwuid(::geteuid());
  user_ = user ? user->pw_name : std::to_string(::geteuid());
}

std::string SlurmBackend::job_script(const CalculationJob& job, const std::string& work_directory) const {
  if (job.command.empty()) throw InputError("slurm: a job without a command cannot be submitted");
  const int cores = std::max(1, job.cores);
  std::ostringstream s;
  s << "#!/bin/bash\n";
  if (!settings_.partition.empty()) s << "#SBATCH --partition=" << settings_.partition << "\n";
  if (settings_.time_limit_min > 0) s << "#SBATCH --time=" << settings_.time_limit_min << "\n";
  if (settings_.nodes > 0) s << "#SBATCH --nodes=" << settings_.nodes << "\n";
  if (settings_.cores_as == SlurmSettings::CoresAs::ntasks)
    s << "#SBATCH --ntasks=" << cores << "\n";
  else
    s << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=" << cores << "\n";
  if (!settings_.account.empty()) s << "#SBATCH --account=" << settings_.account << "\n";
  if (!settings_.qos.empty()) s << "#SBATCH --qos=" << settings_.qos << "\n";
  for (const auto& option : settings_.sbatch_options) s << "#SBATCH " << option << "\n";
  s << "# Written by ionglass (calculators/slurm_backend): runs one calculation in its folder and\n"
       "# writes the command's exit status to "
    << slurm_exit_status_name << " at the end.\n";
  s << "cd " << shell_quoted(work_directory) << " || exit 1\n";
  for (const auto& module : settings_.modules) s << "module load " << module << "\n";
  for (const auto& line : settings_.setup) s << line << "\n";
  std::map<std::string, std::string> environment = job.environment;
  if (!environment.count("OMP_NUM_THREADS"))
    environment["OMP_NUM_THREADS"] =
        settings_.cores_as == SlurmSettings::CoresAs::cpus_per_task ? std::to_string(cores) : "1";
  for (const auto& [key, value] : environment) s << "export " << key << "=" << shell_quoted(value) << "\n";
  const std::string exit_file = shell_quoted(slurm_exit_status_name);
  const std::string temporary = shell_quoted(std::string(slurm_exit_status_name) + ".tmp");
  s << "ionglass_start=$(date +%s.%N)\n";
  s << "if ! command -v " << shell_quoted(job.command.front()) << " > /dev/null 2>&1; then\n"
    << "  printf 'not-started executable %s not found on %s\\n' " << shell_quoted(job.command.front())
    << " \"$(hostname)\" > " << temporary << " && mv -f " << temporary << " " << exit_file << "\n  exit 127\nfi\n";
  for (const auto& word : job.command) s << shell_quoted(word) << " ";
  s << "> " << shell_quoted(job.output_file.empty() ? "/dev/null" : job.output_file) << " 2>&1 < /dev/null\n";
  s << "ionglass_status=$?\n";
  s << "printf 'exited %d %s %s\\n' \"$ionglass_status\" \"$ionglass_start\" \"$(date +%s.%N)\" > " << temporary
    << " && mv -f " << temporary << " " << exit_file << "\n";
  s << "exit $ionglass_status\n";
  return s.str();
}

std::string SlurmBackend::submit(const std::string& job_name, const CalculationJob& job,
                                 const std::string& work_directory) {
  const fs::path folder = fs::absolute(work_directory);
  std::error_code ec;
  fs::remove(folder / slurm_exit_status_name, ec);  // never read an earlier attempt's status
  const std::string script = (folder / slurm_job_script_name).string();
  write_file_atomically(script, job_script(job, folder.string()));
  std::string name = job_name.empty() ? "ionglass" : job_name;
  for (char& c : name)
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') c = '_';
  const CommandResult result =
      run_slurm_command({settings_.sbatch, "--parsable", "--job-name=" + name, "--chdir=" + folder.string(),
                         "--output=" + (folder / "slurm-%j.out").string(), script},
                        folder.string());
  const std::string id = trimmed(result.output.substr(0, result.output.find(';')));
  if (!result.ok() || id.empty() || id.find_first_not_of("0123456789_") != std::string::npos)
    throw ComputationError(fmt::format("slurm: submitting {} failed: {}", script, result.describe(settings_.sbatch)));
  in_flight_.insert(id);
  queue_states_[id] = "PENDING";  // squeue lists it from now on; the cache may predate it
  return id;
}

void SlurmBackend::refresh_queue() {
  const double now = now_seconds();
  if (queue_time_ >= 0 && now - queue_time_ < settings_.poll_interval_s) return;
  queue_time_ = now;
  const CommandResult result =
      run_slurm_command({settings_.squeue, "--noheader", "--states=all", "--user=" + user_, "--format=%i|%T"});
  if (!result.ok()) {
    queue_error_ = result.describe(settings_.squeue);
    if (queue_failing_since_ < 0) queue_failing_since_ = now;
    if (now - queue_failing_since_ > settings_.scheduler_timeout_s)
      throw ComputationError(
          fmt::format("slurm: squeue has failed for {:.0f} s: {}", now - queue_failing_since_, queue_error_));
    return;
  }
  queue_failing_since_ = -1;
  queue_error_.clear();
  queue_states_.clear();
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    const auto bar = line.find('|');
    if (bar == std::string::npos) continue;
    queue_states_[trimmed(line.substr(0, bar))] = trimmed(line.substr(bar + 1));
  }
}

BackendJobStatus SlurmBackend::status(const std::string& backend_id, const std::string& work_directory) {
  in_flight_.insert(backend_id);
  refresh_queue();
  BackendJobStatus status;
  const auto known = queue_states_.find(backend_id);
  const std::string queue_state = known == queue_states_.end() ? "" : known->second;
  const fs::path exit_file = fs::path(work_directory) / slurm_exit_status_name;
  ChildProcessOutcome from_file;
  const bool have_exit_file = read_exit_status_file(exit_file, from_file);
  auto finished = [&](const ChildProcessOutcome& outcome, const std::string& message) {
    status.state = BackendJobStatus::State::finished;
    status.outcome = outcome;
    status.message = message;
    in_flight_.erase(backend_id);
    ended_without_exit_file_.erase(backend_id);
    return status;
  };
  if (is_queued_state(queue_state)) {
    status.state = BackendJobStatus::State::queued;
    status.message = queue_state;
    return status;
  }
  if (is_running_state(queue_state) && !(queue_state == "COMPLETING" && have_exit_file)) {
    status.state = BackendJobStatus::State::running;
    status.message = queue_state;
    return status;
  }
  if (have_exit_file) return finished(from_file, fmt::format("Slurm job {}: {}", backend_id, from_file.describe()));
  if (!queue_error_.empty()) {  // squeue failed: nothing can be told yet
    status.state = BackendJobStatus::State::queued;
    status.message = "state unknown: " + queue_error_;
    return status;
  }
  // Ended without the exit-status file (cancelled, past its time limit, node failure, or the file
  // not yet visible): the scheduler's record says how.
  if (const auto waiting = ended_without_exit_file_.find(backend_id); waiting != ended_without_exit_file_.end()) {
    const double now = now_seconds();  // waiting for the file: ask the scheduler again only once per poll interval
    if (now - waiting->second.second < settings_.poll_interval_s &&
        now - waiting->second.first < settings_.exit_file_wait_s) {
      status.state = BackendJobStatus::State::running;
      status.message = fmt::format("ended; waiting for {}", exit_file.string());
      return status;
    }
    waiting->second.second = now;
  }
  std::string state, exit_code;
  double wall = 0;
  const CommandResult accounting = run_slurm_command({settings_.sacct, "--noheader", "--parsable2", "--allocations",
                                                      "--jobs=" + backend_id, "--format=State,ExitCode,ElapsedRaw"});
  if (accounting.ok()) {
    std::istringstream lines(accounting.output);
    std::string line;
    if (std::getline(lines, line) && !trimmed(line).empty()) {
      std::stringstream fields(line);
      std::string elapsed;
      std::getline(fields, state, '|');
      std::getline(fields, exit_code, '|');
      std::getline(fields, elapsed, '|');
      wall = std::atof(elapsed.c_str());
    }
  }
  if (state.empty()) {
    const CommandResult job = run_slurm_command({settings_.scontrol, "--oneliner", "show", "job", backend_id});
    if (job.ok()) {
      state = scontrol_field(job.output, "JobState");
      exit_code = scontrol_field(job.output, "ExitCode");
      wall = duration_seconds(scontrol_field(job.output, "RunTime"));
    } else if (job.output.find("Invalid job id") == std::string::npos) {
      status.state = BackendJobStatus::State::queued;  // the controller did not answer: ask again later
      status.message = "state unknown: " + job.describe(settings_.scontrol);
      return status;
    }
  }
  if (state.empty()) state = queue_state;
  if (state.empty()) {
    status.state = BackendJobStatus::State::lost;
    status.message =
        fmt::format("Slurm has no record of job {} (squeue, sacct and scontrol do not know it) and it wrote no {}",
                    backend_id, exit_file.string());
    in_flight_.erase(backend_id);
    return status;
  }
  const std::string first_word = split_words(state).front();
  if (is_queued_state(first_word) || is_running_state(first_word)) {
    status.state = is_queued_state(first_word) ? BackendJobStatus::State::queued : BackendJobStatus::State::running;
    status.message = state;
    return status;
  }
  if (first_word == "COMPLETED" || first_word == "FAILED") {
    // The script ran to its end but its exit-status file is not there (yet): a shared file system
    // may show it late on this host.
    const double now = now_seconds();
    const double since = ended_without_exit_file_.emplace(backend_id, std::make_pair(now, now)).first->second.first;
    if (now - since < settings_.exit_file_wait_s) {
      status.state = BackendJobStatus::State::running;
      status.message = fmt::format("{}; waiting for {}", state, exit_file.string());
      return status;
    }
  }
  return finished(
      outcome_of_slurm_state(state, exit_code, wall),
      fmt::format(
          "Slurm job {}: {} (exit code {}){}", backend_id, state, exit_code,
          first_word == "COMPLETED" || first_word == "FAILED" ? fmt::format(", without {}", exit_file.string()) : ""));
}

void SlurmBackend::cancel(const std::string& backend_id) {
  const CommandResult result = run_slurm_command({settings_.scancel, backend_id});
  if (!result.outcome.started)
    throw ComputationError("slurm: cannot cancel job " + backend_id + ": " + result.describe(settings_.scancel));
}

bool SlurmBackend::can_accept(const CalculationJob& /*job*/) const {
  return settings_.max_jobs_in_flight == 0 || static_cast<int>(in_flight_.size()) < settings_.max_jobs_in_flight;
}

SlurmSettings read_slurm_settings(const std::string& config_path) {
  const YAML::Node root = load_yaml_file_strict(config_path);
  const YamlReader reader{config_path};
  const std::string where = "the 'slurm' section";
  const YAML::Node section = reader.required(root, "slurm", "calculator configuration");
  reader.require_map(section, where);
  reader.check_keys(section, where,
                    {"partition", "time_limit_min", "nodes", "cores_as", "account", "qos", "modules", "sbatch_options",
                     "setup", "max_jobs_in_flight", "poll_interval_s", "scheduler_timeout_s", "exit_file_wait_s",
                     "sbatch", "squeue", "sacct", "scontrol", "scancel"});
  SlurmSettings s;
  auto text_or = [&](const char* key, const std::string& fallback) {
    return section[key] ? reader.text(section[key], fmt::format("slurm: '{}'", key)) : fallback;
  };
  auto whole = [&](const char* key, int fallback) {
    return section[key] ? static_cast<int>(reader.count(section[key], fmt::format("slurm: '{}'", key))) : fallback;
  };
  auto lines = [&](const char* key) {
    return section[key] ? reader.list<std::string>(section[key], fmt::format("slurm: '{}'", key))
                        : std::vector<std::string>{};
  };
  s.partition = text_or("partition", s.partition);
  s.time_limit_min = whole("time_limit_min", s.time_limit_min);
  s.nodes = whole("nodes", s.nodes);
  if (section["cores_as"]) {
    const std::string cores_as = reader.text(section["cores_as"], "slurm: 'cores_as'");
    if (cores_as == "ntasks")
      s.cores_as = SlurmSettings::CoresAs::ntasks;
    else if (cores_as == "cpus_per_task")
      s.cores_as = SlurmSettings::CoresAs::cpus_per_task;
    else
      reader.fail(section["cores_as"],
                  fmt::format("slurm: 'cores_as' must be ntasks or cpus_per_task, not '{}'", cores_as));
  }
  s.account = text_or("account", s.account);
  s.qos = text_or("qos", s.qos);
  s.modules = lines("modules");
  s.sbatch_options = lines("sbatch_options");
  s.setup = lines("setup");
  s.max_jobs_in_flight = whole("max_jobs_in_flight", s.max_jobs_in_flight);
  if (section["poll_interval_s"])
    s.poll_interval_s = reader.positive(section["poll_interval_s"], "slurm: 'poll_interval_s'");
  if (section["scheduler_timeout_s"])
    s.scheduler_timeout_s = reader.non_negative(section["scheduler_timeout_s"], "slurm: 'scheduler_timeout_s'");
  if (section["exit_file_wait_s"])
    s.exit_file_wait_s = reader.non_negative(section["exit_file_wait_s"], "slurm: 'exit_file_wait_s'");
  s.sbatch = text_or("sbatch", s.sbatch);
  s.squeue = text_or("squeue", s.squeue);
  s.sacct = text_or("sacct", s.sacct);
  s.scontrol = text_or("scontrol", s.scontrol);
  s.scancel = text_or("scancel", s.scancel);
  reader.wrap(section, [&] {
    SlurmBackend check(s);
    return 0;
  });
  return s;
}

std::unique_ptr<JobBackend> make_slurm_backend(const std::string& config_path) {
  return std::make_unique<SlurmBackend>(read_slurm_settings(config_path));
}

}  // namespace ionglass::calculators
