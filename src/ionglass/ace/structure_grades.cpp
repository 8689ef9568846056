#include "ionglass/ace/structure_grades.hpp"

#include <algorithm>

namespace ionglass::ace {

StructureGrades summarize_grades(std::size_t index, const std::vector<double>& gamma,
                                 const AtomProjections& projections, const BBasisPotential& potential) {
  StructureGrades g;
  g.index = index;
  g.atoms = gamma.size();
  for (std::size_t i = 1; i < gamma.size(); ++i)
    if (gamma[i] > gamma[g.max_gamma_atom]) g.max_gamma_atom = i;
  g.max_gamma = gamma.empty() ? 0.0 : gamma[g.max_gamma_atom];
  g.extrapolating_atoms =
      static_cast<std::size_t>(std::count_if(gamma.begin(), gamma.end(), [](double v) { return v > 1.0; }));
  for (std::size_t i = 0; i < gamma.size(); ++i) {
    double& worst = g.max_gamma_by_element[potential.elements[projections.species[i]]];
    worst = std::max(worst, gamma[i]);
  }
  return g;
}

std::vector<StructureGrades> grade_structures(const BProjector& projector, const ActiveSet& active_set,
                                              const StructureStream& structures, const ExecutionContext& context,
                                              const GradedStructureVisitor& visit) {
  const ThreadScope threads(context);
  std::vector<StructureGrades> grades;
  structures([&](const System& s, std::size_t index) {
    const AtomProjections p = projector.compute(s);
    const std::vector<double> gamma = extrapolation_grades(p, active_set);
    grades.push_back(summarize_grades(index, gamma, p, projector.potential()));
    if (visit) visit(s, index, gamma);
  });
  return grades;
}

std::vector<System> selected_structures_with_grades(const BProjector& projector, const ActiveSet& active_set,
                                                    const StructureStream& candidates,
                                                    const std::vector<SelectedStructure>& selected,
                                                    const ExecutionContext& context) {
  const ThreadScope threads(context);
  std::map<std::size_t, std::size_t> rank_of;
  for (std::size_t k = 0; k < selected.size(); ++k) rank_of[selected[k].index] = k;
  std::vector<System> chosen(selected.size());
  candidates([&](const System& s, std::size_t index) {
    const auto it = rank_of.find(index);
    if (it == rank_of.end()) return;
    chosen[it->second] = with_extrapolation_grades(s, extrapolation_grades(projector.compute(s), active_set));
    chosen[it->second].info["selected_environments"] = static_cast<long long>(selected[it->second].new_rows);
  });
  return chosen;
}

System with_extrapolation_grades(const System& system, const std::vector<double>& gamma) {
  System copy = system;
  PerAtomProperty p;
  p.kind = 'R';
  p.columns = 1;
  p.values = gamma;
  copy.properties["gamma"] = std::move(p);
  copy.info["max_gamma"] = gamma.empty() ? 0.0 : *std::max_element(gamma.begin(), gamma.end());
  return copy;
}

}  // namespace ionglass::ace
