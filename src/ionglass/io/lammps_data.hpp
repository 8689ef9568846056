#pragma once
// LAMMPS data files (read_data / write_data format): header counts, box with optional tilts,
// Masses, Atoms (styles atomic, charge, full; the "# style" hint after "Atoms" is honoured,
// including Kokkos suffixes such as "charge/kk"), Velocities, optional image flags.
#include <string>

#include "ionglass/core/system.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass {

/// Reads a LAMMPS data file. Types map to elements through options.type_elements, else through
/// the Masses section (nearest standard mass within 0.05 amu; ambiguous or unknown → InputError
/// asking for --types). Atoms are kept in file order.
System read_lammps_data(const std::string& path, const ReadOptions& options = {});

/// Writes a LAMMPS data file (atomically). The cell must be in LAMMPS form (see
/// Cell::rotated_to_lammps). Style "atomic", "charge" or "full" (empty: charge if charges exist).
void write_lammps_data(const std::string& path, const System& system, const WriteOptions& options = {});
/// The same text, for callers that embed it.
std::string format_lammps_data(const System& system, const WriteOptions& options = {});

/// Infers type elements from type masses (throws InputError naming `source` when impossible).
void assign_elements_from_masses(System& system, const std::string& source);

}  // namespace ionglass
