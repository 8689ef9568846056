#pragma once
// Loads any potential file ionglass understands, by its content and extension:
//   *.yace                      → ACE (C-tilde basis, pacemaker / ML-PACE format)
//   *.yaml with `species:` block → ACE B-basis (pacemaker format)
//   *.yaml otherwise            → classical force field (see docs/potentials.md)
#include <memory>
#include <string>

#include "ionglass/core/execution_context.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass {

/// Throws InputError naming the file when it cannot be read or is not a potential.
std::unique_ptr<Potential> load_potential(const std::string& path);
/// As above, and tells the potential the thread count it will be evaluated with
/// (Potential::set_thread_count(context.resolved_threads())), from which it picks its schedule.
std::unique_ptr<Potential> load_potential(const std::string& path, const ExecutionContext& context);

}  // namespace ionglass
