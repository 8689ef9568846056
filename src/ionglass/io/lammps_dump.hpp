#pragma once
// LAMMPS text dump files written by `dump custom` (and `dump atom`).
//
// Reading: any column order among id type element x y z xu yu zu xs ys zs xsu ysu zsu ix iy iz
// vx vy vz fx fy fz q; every other column (c_pe, v_gamma, mass, ...) becomes a per-atom property
// (columns name[1] name[2] ... are gathered into one property `name`). Orthogonal and triclinic
// boxes ("ITEM: BOX BOUNDS xy xz yz pp pp pp": the bounding box is converted back to
// xlo/xhi/ylo/yhi, LAMMPS Howto triclinic). Forces go to properties["forces"] (3 columns), the
// timestep to System::timestep. Atoms are sorted by id in every frame so frames align. Elements
// come from the element column, else from --types (ReadOptions::type_elements); dumps carry no
// masses, so without either the reader stops with an error asking for --types.
//
// Writing: "ITEM: ATOMS id type element x y z ix iy iz" (+ vx vy vz, fx fy fz, q and the other
// per-atom properties of kinds R and I when present); triclinic bounds when the box is tilted.
#include <memory>
#include <string>

#include "ionglass/io/structure_io.hpp"

namespace ionglass {

std::unique_ptr<TrajectoryReader> open_lammps_dump(const std::string& path, const ReadOptions& options = {});
/// The writer expects cells in LAMMPS form; create_trajectory_writer rotates general cells first.
std::unique_ptr<TrajectoryWriter> create_lammps_dump_writer(const std::string& path, const WriteOptions& options = {});
/// One frame as dump text (appended to `out`). The cell must be in LAMMPS form.
void format_lammps_dump_frame(std::string& out, const System& frame, long long frame_index);

}  // namespace ionglass
