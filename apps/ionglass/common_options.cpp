#include "ionglass/common_options.hpp"

#include <omp.h>

#include <iostream>
#include <string>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::cli {

void StructureInputOptions::add_to(CLI::App& command) {
  command.add_option("--types", types,
                     "Elements of LAMMPS atom types in type order, e.g. Fe,Na,O,P (default: inferred from Masses)");
  command.add_option("--format", format,
                     "Input format: lammps-data, lammps-dump, extxyz, poscar, xdatcar, outcar (default: from the name)");
}

ReadOptions StructureInputOptions::read_options() const {
  ReadOptions o;
  o.type_elements = split_symbol_list(types);
  o.format = format;
  return o;
}

void set_threads(int threads) {
  if (threads < 0)
    throw InputError("--threads " + std::to_string(threads) +
                     ": give a positive number of OpenMP threads (0, the default, means all cores)");
  if (threads > 0) omp_set_num_threads(threads);
}

void write_json(const std::string& path, const nlohmann::json& value) {
  if (path == "-") {
    std::cout << value.dump(2) << "\n";
    return;
  }
  write_file_atomically(path, value.dump(2) + "\n");
}

}  // namespace ionglass::cli
