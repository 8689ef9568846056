#pragma once
// Runs a whole study: quench replicas (when a model is made by a protocol), structure analysis of
// every model's structures (one group per model), Na diffusion MD at each temperature on downsized
// cells (equilibration, then production with a trajectory), dynamics analysis of each production
// run, an Arrhenius fit per model, and finally study.json and report.html.
#include <string>

#include "ionglass/study/study_config.hpp"

namespace ionglass::study {

struct StudyOptions {
  std::string output_dir;
  bool force = false;
  int threads = 0;
};

struct StudyOutcome {
  int steps_run = 0;
  int steps_skipped = 0;
  std::string report_path;
  std::string json_path;
};

StudyOutcome run_study(const StudySpec& spec, const StudyOptions& options);

}  // namespace ionglass::study
