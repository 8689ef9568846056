#pragma once
// Building blocks shared by the subcommands: adding a subcommand with its help texts, the options
// most commands have (--types/--format, --out, --json, --threads), the execution context that
// --threads and --out describe, and small helpers for writing results.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ionglass/core/execution_context.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass::cli {

/// Adds the subcommand `name` to `parent`. `summary` is its line in the parent's --help; `footer`
/// (units, outputs, examples) closes its own --help.
CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& summary, const std::string& footer);

/// --types Fe,Na,O,P and --format, turned into ReadOptions.
struct StructureInputOptions {
  std::string types;
  std::string format;
  void add_to(CLI::App& command);
  ReadOptions read_options() const;
};

/// --out PATH: the file or folder the command writes (`help` says which).
CLI::Option* add_output_option(CLI::App& command, std::string& out, const std::string& help);

/// --json: print the result as JSON on standard output (`help` says which result).
CLI::Option* add_json_flag(CLI::App& command, bool& json, const std::string& help);

/// --threads N: OpenMP threads (0, the default, keeps OpenMP's default).
CLI::Option* add_threads_option(CLI::App& command, int& threads,
                                const std::string& help = "OpenMP threads (default: all)");

/// Sets the OpenMP thread count when `threads` > 0; 0 keeps the default (OMP_NUM_THREADS or all
/// cores); a negative count is an InputError.
void set_threads(int threads);

/// The execution context of a command's --threads and --out, with progress shown; sets the
/// OpenMP thread count as set_threads does (a negative count is an InputError).
ExecutionContext command_context(int threads, std::string output_directory = {});

/// Writes JSON (indented) atomically; "-" writes to standard output.
void write_json(const std::string& path, const nlohmann::json& value);

/// Prints `json()` (indented) when `as_json`, else `text()`, on standard output; only the one
/// printed is computed.
template <class MakeJson, class MakeText>
void print_json_or_text(bool as_json, MakeJson json, MakeText text) {
  if (as_json)
    std::cout << json().dump(2) << "\n";
  else
    std::cout << text();
}

}  // namespace ionglass::cli
