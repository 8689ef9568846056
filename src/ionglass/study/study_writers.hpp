#pragma once
// The writers a study uses for its outputs, injected by the caller. The study layer computes;
// the file formats (JSON, CSV, SVG, HTML) live in report/, a layer above it, which provides the
// standard set (report/study_writers.hpp: standard_study_writers()). Every member must be set.
#include <functional>
#include <string>

#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"
#include "ionglass/analysis/dynamics/dynamics_workflow.hpp"
#include "ionglass/analysis/structure/structure_workflow.hpp"
#include "ionglass/md/protocol_runner.hpp"
#include "ionglass/study/study_config.hpp"
#include "ionglass/study/study_results.hpp"

namespace ionglass::study {

struct StudyWriters {
  /// An MD step's summary.json (`protocol_path` is the step's protocol.yaml).
  std::function<void(const RunSummary& summary, const std::string& protocol_path, const std::string& directory)>
      md_summary;
  /// The structure step's structure.json, CSV tables and SVG plots.
  std::function<void(const StructureResults& results, const std::string& directory)> structure;
  /// A dynamics step's dynamics.json, CSV tables and SVG plots.
  std::function<void(const DynamicsResults& results, const std::string& directory)> dynamics;
  /// The typed reader of a completed (skipped) dynamics step: the Arrhenius point of `species`
  /// restored from the dynamics.json at `path`.
  std::function<ArrheniusPoint(const std::string& path, const std::string& species)> read_arrhenius_point;
  /// An Arrhenius step's arrhenius.json, CSV and SVG plots.
  std::function<void(const ArrheniusResults& results, const std::string& directory)> arrhenius;
  /// study.json and report.html (paths in `results`) from the results and the steps' saved outputs.
  std::function<void(const StudySpec& spec, const StudyResults& results)> report;
};

}  // namespace ionglass::study
