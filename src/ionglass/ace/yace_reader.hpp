#pragma once
// Reader of the pacemaker / ML-PACE `.yace` file (the C-tilde basis used by LAMMPS pair_style
// pace). Keys: elements, E0, deltaSplineBins, embeddings, bonds (keys are YAML flow sequences
// `[μi, μj]:`), functions. See docs/ace.md for the format.
#include <string>

#include "ionglass/ace/ctilde_basis.hpp"

namespace ionglass::ace {

/// Reads and validates a `.yace` file. Throws InputError (file, line, problem) for unreadable or
/// malformed YAML, missing keys, wrong array sizes, out-of-range indices and unknown names.
AceCTildeBasis read_yace(const std::string& path);

/// Same, from YAML text (`source` names it in error messages).
AceCTildeBasis parse_yace(const std::string& text, const std::string& source);

}  // namespace ionglass::ace
