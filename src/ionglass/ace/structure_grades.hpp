#pragma once
// Extrapolation grades of a stream of structures against an active set (the library side of
// `ionglass ace gamma` and of the annotation of selected structures): per structure, the per-atom
// γ = max_k |(b · A_AS⁻¹)_k| (active_set.hpp) and its summary — the largest γ and its atom, the
// number of atoms with γ > 1 (extrapolating) and the largest γ per element.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/projections.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::ace {

/// The γ summary of one structure.
struct StructureGrades {
  std::size_t index = 0;  ///< position in the stream
  std::size_t atoms = 0;
  double max_gamma = 0;                 ///< 0 for a structure without atoms
  std::size_t max_gamma_atom = 0;       ///< 0-based atom index of max_gamma
  std::size_t extrapolating_atoms = 0;  ///< atoms with γ > 1
  std::map<std::string, double> max_gamma_by_element;
};

/// The summary of per-atom grades `gamma` of a structure whose projections are `projections`.
StructureGrades summarize_grades(std::size_t index, const std::vector<double>& gamma,
                                 const AtomProjections& projections, const BBasisPotential& potential);

/// Called with each structure, its index and per-atom γ (e.g. to write annotated frames).
using GradedStructureVisitor = std::function<void(const System&, std::size_t, const std::vector<double>& gamma)>;

/// Grades every structure of `structures` (one pass, OpenMP threads of `context`), calling
/// `visit` (if set) for each; returns the summaries in stream order.
std::vector<StructureGrades> grade_structures(const BProjector& projector, const ActiveSet& active_set,
                                              const StructureStream& structures, const ExecutionContext& context,
                                              const GradedStructureVisitor& visit = {});

/// The `selected` structures of `candidates` (select_structures) in rank order, each
/// with_extrapolation_grades against `active_set` and the frame value `selected_environments`
/// (one more pass over the stream).
std::vector<System> selected_structures_with_grades(const BProjector& projector, const ActiveSet& active_set,
                                                    const StructureStream& candidates,
                                                    const std::vector<SelectedStructure>& selected,
                                                    const ExecutionContext& context);

/// A copy of `system` with the per-atom real column `gamma` and the frame value `max_gamma`
/// (0 without atoms), as extended XYZ writes them.
System with_extrapolation_grades(const System& system, const std::vector<double>& gamma);

}  // namespace ionglass::ace
