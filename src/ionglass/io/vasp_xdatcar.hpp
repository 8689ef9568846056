#pragma once
// VASP XDATCAR trajectories, streamed frame by frame.
//
// A header like a POSCAR's (comment, scale, lattice, species, counts) is followed by blocks
// "Direct configuration=     N" + one line of fractional coordinates per atom. Fixed-cell runs
// write the header once; variable-cell runs (ISIF=3) repeat it before every configuration. VASP 4
// files without a species line need --types. The configuration number goes to System::timestep
// (and info["configuration"]).
//
// The writer writes the header once while the cell stays the same and again before every frame
// whose cell changed (the variable-cell form VASP reads back); atoms are grouped by element
// (elements in order of first appearance).
#include <memory>
#include <string>

#include "ionglass/io/structure_io.hpp"

namespace ionglass {

std::unique_ptr<TrajectoryReader> open_xdatcar(const std::string& path, const ReadOptions& options = {});
std::unique_ptr<TrajectoryWriter> create_xdatcar_writer(const std::string& path, const WriteOptions& options = {});

}  // namespace ionglass
