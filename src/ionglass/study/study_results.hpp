#pragma once
// What a study hands from step to step and to its report, as typed values: the structures of
// every model (given or quenched), the structure analysis, the diffusion point (D and
// conductivities of the diffusing species) and the dynamics analysis of every model and
// temperature, and the Arrhenius fits. A step that ran in this call leaves its typed result here;
// a step skipped because it completed leaves none (its point is restored from its dynamics.json
// by StudyWriters::read_arrhenius_point, the report reads its saved file).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"
#include "ionglass/analysis/dynamics/dynamics_workflow.hpp"
#include "ionglass/analysis/structure/structure_workflow.hpp"

namespace ionglass::study {

struct ModelResults {
  std::vector<std::string> structures;    ///< files analysed (absolute)
  std::vector<ArrheniusPoint> diffusion;  ///< one per temperature, in the study's order
  /// The dynamics analysis per temperature (same order), when its step ran in this call.
  std::vector<std::optional<DynamicsResults>> dynamics;
  /// The fit, when the Arrhenius step ran in this call (completed steps are not refitted).
  std::optional<ArrheniusResults> arrhenius;
};

struct StudyResults {
  std::string output_directory;                ///< absolute
  std::string json_path;                       ///< study.json
  std::string report_path;                     ///< report.html
  std::map<std::string, ModelResults> models;  ///< by model name
  /// The structure analysis (one group per model), when its step ran in this call.
  std::optional<StructureResults> structure;
  int steps_run = 0;
  int steps_skipped = 0;
};

}  // namespace ionglass::study
