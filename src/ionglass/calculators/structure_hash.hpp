#pragma once
#include <string>

#include "ionglass/core/system.hpp"

namespace ionglass::calculators {

/// 16 hex digits identifying a structure to the bit: FNV-1a (64 bit) over the cell matrix, the
/// periodic flags, the atomic numbers and the positions (their IEEE-754 bytes), in atom order.
std::string structure_hash(const System& structure);

}  // namespace ionglass::calculators
