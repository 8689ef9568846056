#include "ionglass/report/ace_active_learning_report.hpp"

#include <fmt/format.h>

namespace ionglass {

nlohmann::json ace_conversion_json(const std::string& input, const std::string& output,
                                   const ace::BBasisPotential& b_basis, const ace::AceCTildeBasis& ctilde) {
  nlohmann::json j;
  j["input"] = input;
  j["output"] = output;
  j["elements"] = ctilde.elements;
  for (std::size_t mu = 0; mu < ctilde.elements.size(); ++mu) {
    std::size_t combs = 0;
    for (const auto& f : ctilde.functions[mu]) combs += static_cast<std::size_t>(f.num_ms_combs);
    j["functions"][ctilde.elements[mu]] = {{"b_functions", b_basis.function_count(static_cast<int>(mu))},
                                           {"ctilde_functions", ctilde.functions[mu].size()},
                                           {"ms_combinations", combs}};
  }
  return j;
}

std::string ace_conversion_text(const nlohmann::json& conversion) {
  std::string text =
      fmt::format("wrote {} ({} elements)\n", conversion["output"].get<std::string>(), conversion["elements"].size());
  for (auto& [el, v] : conversion["functions"].items())
    text += fmt::format("  {:<3} {} B-functions → {} C-tilde functions, {} ms-combinations\n", el,
                        v["b_functions"].get<std::size_t>(), v["ctilde_functions"].get<std::size_t>(),
                        v["ms_combinations"].get<std::size_t>());
  return text;
}

nlohmann::json ace_active_set_json(const std::string& potential, const std::string& active_set, double tolerance,
                                   std::size_t structures, const std::vector<ace::ActiveSetElementReport>& report) {
  nlohmann::json j;
  j["potential"] = potential;
  j["active_set"] = active_set;
  j["tolerance"] = tolerance;
  j["structures"] = structures;
  for (const auto& r : report) {
    nlohmann::json ids = nlohmann::json::array();
    for (auto id : r.active_ids) ids.push_back({{"structure_index", id >> 32}, {"atom_index", id & 0xffffffff}});
    j["elements"][r.element] = {{"environments", r.environments},
                                {"functions", r.functions},
                                {"maxvol_swaps", r.iterations},
                                {"passes", r.passes},
                                {"constant_columns", r.constant_columns},
                                {"max_training_gamma", r.max_training_gamma},
                                {"active_environments", ids}};
  }
  return j;
}

std::string ace_active_set_text(const std::string& active_set, std::size_t structures,
                                const std::vector<ace::ActiveSetElementReport>& report) {
  std::string text = fmt::format("wrote {} from {} structures\n", active_set, structures);
  text += "element  environments  functions  swaps  passes  max_training_gamma\n";
  for (const auto& r : report)
    text += fmt::format("{:<7}  {:>12}  {:>9}  {:>5}  {:>6}  {:.6f}\n", r.element, r.environments, r.functions,
                        r.iterations, r.passes, r.max_training_gamma);
  return text;
}

nlohmann::json ace_grades_json(const std::vector<ace::StructureGrades>& grades,
                               const std::vector<ace::StructureOrigin>& origins) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& g : grades) {
    nlohmann::json r;
    r["structure_index"] = g.index;
    r["file"] = origins[g.index].file;
    r["frame"] = origins[g.index].frame;
    r["natoms"] = g.atoms;
    r["max_gamma"] = g.max_gamma;
    r["max_gamma_atom_index"] = g.max_gamma_atom;
    r["extrapolating_atoms"] = g.extrapolating_atoms;
    nlohmann::json per_element = nlohmann::json::object();
    for (const auto& [element, gamma] : g.max_gamma_by_element) per_element[element] = gamma;
    r["max_gamma_by_element"] = per_element;
    results.push_back(r);
  }
  return results;
}

std::string ace_grades_text(const std::vector<ace::StructureGrades>& grades,
                            const std::vector<ace::StructureOrigin>& origins) {
  std::string text = "structure  file                             frame  atoms  max_gamma  atoms_gamma>1\n";
  for (const auto& g : grades)
    text += fmt::format("{:>9}  {:<31}  {:>5}  {:>5}  {:>9.4f}  {:>13}\n", g.index, origins[g.index].file,
                        origins[g.index].frame, g.atoms, g.max_gamma, g.extrapolating_atoms);
  return text;
}

nlohmann::json ace_selection_json(const std::vector<ace::SelectedStructure>& selected,
                                  const std::vector<ace::StructureOrigin>& origins) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : selected)
    j.push_back({{"structure_index", s.index},
                 {"file", origins[s.index].file},
                 {"frame", origins[s.index].frame},
                 {"selected_environments", s.new_rows},
                 {"max_gamma", s.max_gamma}});
  return j;
}

std::string ace_selection_text(const std::vector<ace::SelectedStructure>& selected,
                               const std::vector<ace::StructureOrigin>& origins, const std::string& output) {
  std::string text =
      fmt::format("selected {} of {} candidate structures → {}\n", selected.size(), origins.size(), output);
  text += "rank  structure  file                             frame  new_environments  max_gamma\n";
  for (std::size_t k = 0; k < selected.size(); ++k)
    text += fmt::format("{:>4}  {:>9}  {:<31}  {:>5}  {:>16}  {:>9.4f}\n", k + 1, selected[k].index,
                        origins[selected[k].index].file, origins[selected[k].index].frame, selected[k].new_rows,
                        selected[k].max_gamma);
  return text;
}

}  // namespace ionglass
