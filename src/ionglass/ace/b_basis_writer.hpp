#pragma once
// Writes a B-basis potential (b_basis.hpp) as pacemaker's `.yaml`, the file `ionglass fit` writes
// and that read_b_basis, `ionglass ace convert`/`activeset`, pyace and LAMMPS read back.
//
// Numbers are written in the shortest form that reads back to the same double, so
// format → parse → format is the identity and a checkpoint resumes bit for bit. Species blocks
// follow pacemaker's layout: per central element μ0 (alphabetical) its single-element block
// (embedding, same-element bond, functions), then one block per further element set in
// lexicographic order: a pair block carries the (μ0, μ1) bond, every block the functions whose
// element set it names.
#include <string>

#include "ionglass/ace/b_basis.hpp"

namespace ionglass::ace {

/// The `.yaml` text of `potential`.
std::string format_b_basis(const BBasisPotential& potential);

/// Writes `potential` to `path` atomically (temporary file, then rename).
void write_b_basis(const std::string& path, const BBasisPotential& potential);

}  // namespace ionglass::ace
