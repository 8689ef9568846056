#pragma once
// Loads any potential file ionglass understands, by its content and extension:
//   *.yace                      → ACE (C-tilde basis, pacemaker / ML-PACE format)
//   *.yaml with `species:` block → ACE B-basis (pacemaker format)
//   *.yaml otherwise            → classical force field (see docs/potentials.md)
#include <memory>
#include <string>

#include "ionglass/potential/potential.hpp"

namespace ionglass {

/// Throws InputError naming the file when it cannot be read or is not a potential.
std::unique_ptr<Potential> load_potential(const std::string& path);

}  // namespace ionglass
