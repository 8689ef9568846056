#pragma once
// JSON documents and terminal tables of the `ionglass ace` commands (convert, activeset, gamma,
// select); see docs/ace-active-learning.md for the keys. Structures are identified by their
// position in the input stream and their origin (file, frame).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/ctilde_basis.hpp"
#include "ionglass/ace/structure_grades.hpp"

namespace ionglass {

/// `ace convert`: input, output, elements and per element the numbers of B-functions, C-tilde
/// functions and ms-combinations.
nlohmann::json ace_conversion_json(const std::string& input, const std::string& output,
                                   const ace::BBasisPotential& b_basis, const ace::AceCTildeBasis& ctilde);
/// The text summary of ace_conversion_json.
std::string ace_conversion_text(const nlohmann::json& conversion);

/// `ace activeset`: the build report per element, with the active environments as
/// (structure_index, atom_index).
nlohmann::json ace_active_set_json(const std::string& potential, const std::string& active_set, double tolerance,
                                   std::size_t structures, const std::vector<ace::ActiveSetElementReport>& report);
std::string ace_active_set_text(const std::string& active_set, std::size_t structures,
                                const std::vector<ace::ActiveSetElementReport>& report);

/// `ace gamma`: one object per structure.
nlohmann::json ace_grades_json(const std::vector<ace::StructureGrades>& grades,
                               const std::vector<ace::StructureOrigin>& origins);
std::string ace_grades_text(const std::vector<ace::StructureGrades>& grades,
                            const std::vector<ace::StructureOrigin>& origins);

/// `ace select`: the selected structures, most new environments first.
nlohmann::json ace_selection_json(const std::vector<ace::SelectedStructure>& selected,
                                  const std::vector<ace::StructureOrigin>& origins);
std::string ace_selection_text(const std::vector<ace::SelectedStructure>& selected,
                               const std::vector<ace::StructureOrigin>& origins, const std::string& output);

}  // namespace ionglass
