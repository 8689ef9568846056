#include "ionglass/common_options.hpp"

#include <omp.h>

#include <string>
#include <utility>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::cli {

CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& summary,
                      const std::string& footer) {
  CLI::App* command = parent.add_subcommand(name, summary);
  command->footer(footer);
  return command;
}

void StructureInputOptions::add_to(CLI::App& command) {
  command.add_option("--types", types,
                     "Elements of LAMMPS atom types in type order, e.g. Fe,Na,O,P (default: inferred from Masses)");
  command.add_option(
      "--format", format,
      "Input format: lammps-data, lammps-dump, extxyz, poscar, xdatcar, outcar, vasprun (default: from the name)");
}

ReadOptions StructureInputOptions::read_options() const {
  ReadOptions o;
  o.type_elements = split_symbol_list(types);
  o.format = format;
  return o;
}

CLI::Option* add_output_option(CLI::App& command, std::string& out, const std::string& help) {
  return command.add_option("--out", out, help);
}

CLI::Option* add_json_flag(CLI::App& command, bool& json, const std::string& help) {
  return command.add_flag("--json", json, help);
}

CLI::Option* add_threads_option(CLI::App& command, int& threads, const std::string& help) {
  return command.add_option("--threads", threads, help);
}

void set_threads(int threads) {
  if (threads < 0)
    throw InputError("--threads " + std::to_string(threads) +
                     ": give a positive number of OpenMP threads (0, the default, means all cores)");
  if (threads > 0) omp_set_num_threads(threads);
}

ExecutionContext command_context(int threads, std::string output_directory) {
  set_threads(threads);
  return ExecutionContext{threads, std::move(output_directory), true};
}

void write_json(const std::string& path, const nlohmann::json& value) {
  if (path == "-") {
    std::cout << value.dump(2) << "\n";
    return;
  }
  write_file_atomically(path, value.dump(2) + "\n");
}

}  // namespace ionglass::cli
