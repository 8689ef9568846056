#pragma once
// The one guard against positions so far outside the cell that they cannot be wrapped exactly
// (an atom at 1e12 Å in a 20 Å cell): the fractional coordinate loses all its digits below one
// cell and the integer image count overflows. Used by System::validate (every reader) and by the
// neighbour list (every potential and analysis).
#include <string>
#include <vector>

#include "ionglass/core/cell.hpp"
#include "ionglass/core/vector.hpp"

namespace ionglass {

/// Largest |coordinate| (Å) accepted along a non-periodic axis or without a cell.
inline constexpr double max_open_coordinate_A = 1e8;

/// Throws InputError (prefixed by `source` when not empty) naming the first few offending atoms
/// (by `ids` when given, else 1-based index) if a position is not finite, has a fractional
/// coordinate beyond ±Cell::max_fractional_coordinate along a periodic axis, or a Cartesian
/// coordinate beyond ±max_open_coordinate_A along a non-periodic one.
void check_position_range(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<long long>* ids,
                          const std::string& source = "");

}  // namespace ionglass
