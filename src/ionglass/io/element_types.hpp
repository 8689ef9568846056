#pragma once
// Atom types for formats that name elements per atom (extended XYZ, POSCAR/XDATCAR/OUTCAR, dumps
// with an element column): one type per element, numbered in alphabetical order of the symbols
// (the order ACE potential files use), masses the standard atomic masses.
#include <string>
#include <string_view>
#include <vector>

#include "ionglass/core/system.hpp"

namespace ionglass {

class LineReader;

/// Sets system.atom_types and system.types from one atomic number per atom (size must equal the
/// number of positions already stored or about to be stored; types are resized to match).
void assign_types_by_element(System& system, const std::vector<int>& atomic_number_per_atom);

/// Atomic number of an element symbol as written in structure files ("Fe", "FE", "fe"; VASP
/// POTCAR names such as "Fe_pv" or "Fe/a1b2c3" are accepted). Throws through `reader` naming
/// the file and line when the symbol is unknown.
int element_from_symbol(std::string_view symbol, const LineReader& reader);
/// Same without a reader (returns 0 when unknown).
int find_element(std::string_view symbol);

}  // namespace ionglass
