#pragma once
// Extended XYZ (the ASE/QUIP convention), multi-frame, streamed frame by frame.
//
// Each frame: the number of atoms, a comment line of key=value pairs, one line per atom.
//   Lattice="ax ay az bx by bz cx cy cz"  (rows = lattice vectors; no Lattice → no cell)
//   Properties=species:S:1:pos:R:3:forces:R:3:...  (kinds R real, I integer, S string, L logical)
//   pbc="T T T"  (non-periodic axes are kept as non-periodic cell axes)
//   Origin="x y z"  (cell origin, written by ionglass when it is not zero; OVITO reads it)
// Property columns with a meaning in the system model: species (or Z) → elements, pos →
// positions, velocities/vel/velo → velocities (Å/ps), charges/initial_charges → charges,
// id → atom ids, type → LAMMPS types, masses → type masses, image_flags → image flags. Every
// other column is kept in System::properties (forces included, under their own name).
// Other comment keys go to System::info: integers, reals, booleans (T/F/True/False), strings
// (quoted when they hold spaces) and arrays of numbers ("1 2 3" or {1 2 3}) as vector<double>;
// "timestep" sets System::timestep.
// Without a type column, types are one per element in alphabetical order of the symbols.
//
// The writer writes every number in its shortest exact form (reads back bit for bit) and all
// properties and info keys; id, type and masses columns only when they carry information
// (ids not 1..N, types not one per element alphabetically, masses not the standard ones).
#include <memory>
#include <string>

#include "ionglass/io/structure_io.hpp"

namespace ionglass {

std::unique_ptr<TrajectoryReader> open_extended_xyz(const std::string& path, const ReadOptions& options = {});
std::unique_ptr<TrajectoryWriter> create_extended_xyz_writer(const std::string& path, const WriteOptions& options = {});
/// One frame as extended XYZ text (appended to `out`).
void format_extended_xyz_frame(std::string& out, const System& frame);

}  // namespace ionglass
