#pragma once
// What a study hands from step to step and to its report, as typed values: the structures of
// every model (given or quenched), the diffusion point (D and conductivities of the diffusing
// species) of every model and temperature, and the Arrhenius fits. Points of skipped steps are
// restored from their dynamics.json by StudyWriters::read_arrhenius_point.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"

namespace ionglass::study {

struct ModelResults {
  std::vector<std::string> structures;    ///< files analysed (absolute)
  std::vector<ArrheniusPoint> diffusion;  ///< one per temperature, in the study's order
  /// The fit, when the Arrhenius step ran in this call (completed steps are not refitted).
  std::optional<ArrheniusResults> arrhenius;
};

struct StudyResults {
  std::string output_directory;                ///< absolute
  std::string json_path;                       ///< study.json
  std::string report_path;                     ///< report.html
  std::map<std::string, ModelResults> models;  ///< by model name
  int steps_run = 0;
  int steps_skipped = 0;
};

}  // namespace ionglass::study
