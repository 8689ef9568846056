#pragma once
// Atom types that no atom uses: a LAMMPS data file may declare more types than its atoms use (a
// 38-type table for a 4-element glass), and a type list from Python may skip numbers.
#include "ionglass/core/system.hpp"

namespace ionglass {

/// Gives every atom type without an element a placeholder (element 1, label "unused", mass
/// 1 amu unless it has a mass), so that System::validate accepts the table. Call it only after
/// every type that atoms use has its element; the placeholders carry no atoms.
void mark_unused_atom_types(System& system);

}  // namespace ionglass
