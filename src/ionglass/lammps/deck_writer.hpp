#pragma once
// Exports an ionglass MD protocol (protocol.hpp, docs/md.md) as a LAMMPS input deck, so that the
// same protocol runs on LAMMPS with MPI (and KOKKOS/GPU) when a system outgrows one machine
// (docs/scale-out.md). The output directory receives
//   in.lammps            the deck: every stage, thermostat/barostat, ramp and output, commented
//                        with the ionglass setting each block came from;
//   structure.data       the starting structure (LAMMPS data file, charges included, and the
//                        initial velocities ionglass itself would use);
//   pair_tables.table    tabulated pair terms (Teter's r < r₀ core, models LAMMPS lacks), if any;
//   the potential files  ACE .yace (and B-basis .yaml + .asi with an active set), copied;
//   ionglass_stages.yaml the stage list that `ionglass lammps run` uses to label the thermo CSV.
//
// Potentials: classical force fields (potential/classical_force_field.hpp) become
// buck/coul/long (+ table), morse + lj/cut + buck (BMP's C₀/r¹², or `pedone` for newer LAMMPS),
// born, lj/cut, coul/long + kspace ewald/pppm, coul/dsf; any other pair model is tabulated.
// ACE becomes pair_style pace (pace/extrapolation with an active set); the built-in
// Lennard-Jones model becomes lj/cut with a shifted energy.
#include <string>
#include <vector>

#include "ionglass/md/protocol.hpp"

namespace ionglass {

/// How BMP's Morse + C₀/r¹² pairs are written.
enum class BmpPairStyle {
  MorseLjBuck,  ///< morse + lj/cut(ε = C₀/4, σ = 1 Å) + buck(A = 0, C = −C₀): styles of Debian's LAMMPS
  Pedone,       ///< pair_style pedone (LAMMPS ≥ 2023, EXTRA-PAIR)
};

struct LammpsExportOptions {
  std::string output_dir;
  BmpPairStyle bmp_style = BmpPairStyle::MorseLjBuck;
  /// Draw initial velocities with LAMMPS `velocity create` instead of writing the velocities
  /// ionglass would draw (which makes the first steps identical to `ionglass run`).
  bool create_velocities = false;
  /// ACE active set (.asi): use pair_style pace/extrapolation, dump extrapolative structures
  /// above `gamma_lower` and stop above `gamma_upper`, checking every `gamma_every` steps.
  std::string active_set;
  /// ACE B-basis potential (.yaml) for pace/extrapolation; empty: the .yace path with .yaml.
  std::string ace_b_basis;
  double gamma_lower = 5.0;
  double gamma_upper = 25.0;
  long long gamma_every = 10;
  /// Points of each pair table (pair_tables.table).
  int table_points = 20000;
};

struct LammpsExportResult {
  std::string deck_path;       ///< DIR/in.lammps
  std::string data_path;       ///< DIR/structure.data
  std::string manifest_path;   ///< DIR/ionglass_stages.yaml
  std::vector<std::string> files;       ///< every file written (absolute or relative to cwd)
  std::vector<std::string> differences; ///< where LAMMPS differs from ionglass (also in the deck)
  std::string pair_style;      ///< the pair_style line
};

/// Writes the deck and its files into options.output_dir (created if needed). Throws InputError
/// when the protocol or potential cannot be expressed in LAMMPS.
LammpsExportResult export_lammps_deck(const Protocol& protocol, const LammpsExportOptions& options);

/// "morse" → MorseLjBuck, "pedone" → Pedone; InputError otherwise.
BmpPairStyle parse_bmp_pair_style(const std::string& name);

}  // namespace ionglass
