#pragma once
// Options shared by several subcommands and small helpers for writing results.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ionglass/io/structure_io.hpp"

namespace ionglass::cli {

/// --types Fe,Na,O,P and --format, turned into ReadOptions.
struct StructureInputOptions {
  std::string types;
  std::string format;
  void add_to(CLI::App& command);
  ReadOptions read_options() const;
};

/// Sets the OpenMP thread count when `threads` > 0; 0 keeps the default (OMP_NUM_THREADS or all
/// cores); a negative count is an InputError.
void set_threads(int threads);

/// Writes JSON (indented) atomically; "-" writes to standard output.
void write_json(const std::string& path, const nlohmann::json& value);

}  // namespace ionglass::cli
