#pragma once
// study.json and report.html of a study (study/study_pipeline.hpp), from its typed results and
// the outputs its steps saved (structure.json, dynamics.json, msd.csv, arrhenius.json, SVG
// figures; folders in study/study_layout.hpp). No element is assumed: the coordination pairs are
// the study's cutoffs, the Qⁿ columns its formers, the diffusing species its diffusion species.
#include "ionglass/study/study_config.hpp"
#include "ionglass/study/study_results.hpp"

namespace ionglass {

/// Collects the numbers of every completed step into study.json and writes the self-contained
/// HTML report (overview table, structure figures, MSD and Arrhenius plots, mobile vs immobile
/// ions, methods) to the paths in `results`. Steps that did not run are reported as missing, not
/// invented.
void write_study_report(const study::StudySpec& spec, const study::StudyResults& results);

}  // namespace ionglass
