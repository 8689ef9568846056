#include "ionglass/lammps/runner.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <ostream>
#include <thread>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/progress.hpp"
#include "ionglass/lammps/log_reader.hpp"
#include "ionglass/lammps/stage_manifest.hpp"

namespace ionglass {

namespace fs = std::filesystem;

namespace {
std::string join_tail(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "    " + l + "\n";
  return out;
}

std::vector<std::string> file_tail(const std::string& path, std::size_t n) {
  LammpsLogReader reader(path);
  reader.poll();
  return reader.tail(n);
}
}  // namespace


std::vector<std::string> lammps_command_line(const LammpsRunOptions& o, const std::string& lmp_path,
                                             const std::string& mpirun_path) {
  std::vector<std::string> cmd;
  if (o.ranks > 1) {
    cmd.push_back(mpirun_path);
    // Open MPI refuses to run as root without this flag; --oversubscribe allows more ranks than cores.
    if (::geteuid() == 0) cmd.push_back("--allow-run-as-root");
    cmd.push_back("--oversubscribe");
    for (const auto& a : o.mpirun_arguments) cmd.push_back(a);
    cmd.push_back("-np");
    cmd.push_back(std::to_string(o.ranks));
  }
  cmd.push_back(lmp_path);
  for (const auto& a : o.lmp_arguments) cmd.push_back(a);
  for (const char* a : {"-in", "in.lammps", "-log", "log.lammps"}) cmd.push_back(a);
  return cmd;
}

std::size_t convert_lammps_log(const std::string& directory, std::string* csv_path) {
  const std::string manifest_path = (fs::path(directory) / "ionglass_stages.yaml").string();
  std::optional<LammpsStageManifest> manifest;
  std::error_code ec;
  if (fs::exists(manifest_path, ec)) manifest = read_lammps_stage_manifest(manifest_path);
  const std::string log = (fs::path(directory) / (manifest ? manifest->log_file : "log.lammps")).string();
  const LammpsLogReader reader = read_lammps_log(log);
  std::size_t rows = 0;
  const std::string text = lammps_thermo_csv(reader.blocks(), manifest ? &*manifest : nullptr, log, &rows);
  const std::string csv = (fs::path(directory) / (manifest ? manifest->thermo_file : "thermo.csv")).string();
  write_file_atomically(csv, text);
  if (csv_path) *csv_path = csv;
  return rows;
}

LammpsRunSummary run_lammps_deck(const LammpsRunOptions& o) {
  const fs::path dir(o.directory);
  std::error_code ec;
  if (!fs::is_regular_file(dir / "in.lammps", ec))
    throw InputError((dir / "in.lammps").string(), 0, "no LAMMPS deck here (write one with `ionglass lammps export`)");
  if (o.ranks < 1) throw InputError(fmt::format("the number of MPI ranks must be at least 1 (got {})", o.ranks));
  const std::string lmp = find_executable(o.lmp);
  if (lmp.empty())
    throw InputError(fmt::format("LAMMPS executable '{}' not found (install Debian's `lammps` package, or pass --lmp PATH)", o.lmp));
  std::string mpirun;
  if (o.ranks > 1) {
    mpirun = find_executable(o.mpirun);
    if (mpirun.empty())
      throw InputError(fmt::format("MPI launcher '{}' not found (install Open MPI, pass --mpirun PATH, or use --np 1)", o.mpirun));
  }
  const std::string manifest_path = (dir / "ionglass_stages.yaml").string();
  std::optional<LammpsStageManifest> manifest;
  if (fs::exists(manifest_path, ec)) manifest = read_lammps_stage_manifest(manifest_path);

  LammpsRunSummary summary;
  summary.command = lammps_command_line(o, lmp, mpirun);
  summary.log_file = (dir / "log.lammps").string();
  const std::string screen = (dir / "lammps.screen").string();
  fs::remove(summary.log_file, ec);

  // LAMMPS runs in the deck's directory with screen output to lammps.screen, in ionglass's process
  // group: Ctrl-C stops both.
  ChildProcessOptions child_options;
  child_options.command = summary.command;
  child_options.working_directory = o.directory;
  child_options.output_file = "lammps.screen";
  child_options.own_process_group = false;
  ChildProcess child(child_options);
  if (!child.outcome().started) throw ComputationError("cannot start LAMMPS: " + child.outcome().start_error);
  LammpsLogReader reader(summary.log_file);
  const long long total = manifest ? manifest->total_steps : 0;
  Progress progress("lammps", total, o.progress && total > 0);
  std::size_t printed_blocks = 0, printed_rows = 0;
  bool header_printed = false;
  auto follow = [&] {
    if (!reader.poll()) return;
    if (total > 0 && reader.last_step() >= 0) progress.update(std::min(reader.last_step(), total));
    if (!o.console) return;
    const auto& blocks = reader.blocks();
    for (; printed_blocks < blocks.size(); ++printed_blocks, printed_rows = 0) {
      const auto& b = blocks[printed_blocks];
      const int c_time = b.column({"Time"}), c_temp = b.column({"Temp"}), c_pe = b.column({"PotEng", "pe"}),
                c_et = b.column({"TotEng", "etotal"}), c_p = b.column({"Press"}), c_rho = b.column({"Density"});
      if (c_time < 0 || c_temp < 0 || c_pe < 0 || c_et < 0 || c_p < 0 || c_rho < 0) {
        printed_rows = b.rows.size();
        if (!b.finished) break;
        continue;
      }
      if (!header_printed) {
        *o.console << fmt::format("{:>10} {:>10} {:>10} {:>16} {:>16} {:>12} {:>10}\n", "step", "time_ps", "T_K", "E_pot_eV",
                                  "E_total_eV", "P_bar", "rho_g_cm3");
        header_printed = true;
      }
      for (; printed_rows < b.rows.size(); ++printed_rows) {
        const auto& r = b.rows[printed_rows];
        *o.console << fmt::format("{:>10} {:>10.4f} {:>10.2f} {:>16.6f} {:>16.6f} {:>12.1f} {:>10.4f}", std::llround(r[0]),
                                  r[c_time], r[c_temp], r[c_pe], r[c_et], r[c_p], r[c_rho])
                   << std::endl;
      }
      if (!b.finished) break;  // more rows may come
    }
  };

  while (child.running()) {
    follow();
    std::this_thread::sleep_for(std::chrono::duration<double>(o.poll_seconds));
  }
  follow();
  progress.finish();
  const ChildProcessOutcome& outcome = child.outcome();
  summary.wall_seconds = outcome.wall_seconds;
  summary.last_step = reader.last_step();

  // The CSV of whatever ran (also after a failure).
  if (!reader.blocks().empty()) {
    const std::string csv = (dir / (manifest ? manifest->thermo_file : "thermo.csv")).string();
    const std::string text = lammps_thermo_csv(reader.blocks(), manifest ? &*manifest : nullptr, summary.log_file,
                                               &summary.thermo_rows);
    write_file_atomically(csv, text);
    summary.thermo_csv = csv;
  }

  if (!outcome.succeeded() || !reader.completed() || !reader.errors().empty()) {
    std::string what = !outcome.exited           ? fmt::format("LAMMPS was killed by signal {}", outcome.signal)
                       : outcome.exit_status != 0 ? fmt::format("LAMMPS failed with exit status {}", outcome.exit_status)
                                                  : "LAMMPS stopped before the end of the deck";
    for (const auto& e : reader.errors()) what += "\n  " + e;
    const auto log_tail = reader.tail(15);
    if (!log_tail.empty()) what += fmt::format("\nlast lines of {}:\n{}", summary.log_file, join_tail(log_tail));
    const auto screen_tail = file_tail(screen, 8);
    if (!screen_tail.empty()) what += fmt::format("last lines of {}:\n{}", screen, join_tail(screen_tail));
    throw ComputationError(what);
  }
  return summary;
}

}  // namespace ionglass
