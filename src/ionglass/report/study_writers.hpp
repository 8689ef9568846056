#pragma once
// The standard writers of a study (study/study_writers.hpp): each step's files as the matching
// `ionglass` command writes them, study.json and report.html.
#include "ionglass/study/study_writers.hpp"

namespace ionglass {

/// summary.json, structure, dynamics and Arrhenius reports, the dynamics.json reader and the
/// study report of report/.
study::StudyWriters standard_study_writers();

}  // namespace ionglass
