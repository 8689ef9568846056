#pragma once
// Reads a classical force field from a YAML potential file (format: docs/potentials.md), e.g.
// potentials/teter.yaml. Every problem (unknown element, unknown key or model, missing parameter,
// impossible value) is an InputError naming the file and line.
#include <memory>
#include <string>

#include "ionglass/potential/classical_force_field.hpp"

namespace ionglass {

std::unique_ptr<ClassicalForceField> load_classical_potential(const std::string& path);
/// The same from YAML text (`source` names it in error messages).
std::unique_ptr<ClassicalForceField> parse_classical_potential(const std::string& yaml_text, const std::string& source);

}  // namespace ionglass
