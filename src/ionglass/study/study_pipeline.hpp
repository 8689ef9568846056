#pragma once
// Runs a whole study in-process (docs/study.md): quench replicas (when a model is made by a
// protocol), structure analysis of every model's structures (one group per model), diffusion MD
// at each temperature on downsized cells (equilibration, then production with a trajectory),
// dynamics analysis of each production run, an Arrhenius fit per model, and finally study.json
// and report.html. Completed steps are skipped, an interrupted MD step resumes from its
// checkpoint, `force` redoes everything.
#include "ionglass/core/execution_context.hpp"
#include "ionglass/study/study_config.hpp"
#include "ionglass/study/study_results.hpp"
#include "ionglass/study/study_writers.hpp"

namespace ionglass::study {

/// `context.output_directory` is the study's folder (required); its threads go to every step;
/// each step reports one line on standard error ("[k/N] id", elapsed time, ETA) and, when
/// `context.show_progress`, its MD and analyses show their progress (rate, ETA) too. Every
/// potential file of the models is read once, before any step runs (InputError naming it); the MD
/// steps, resumed ones included, make their potentials from those parsed descriptions.
StudyResults run_study(const StudySpec& spec, const ExecutionContext& context, const StudyWriters& writers,
                       bool force = false);

}  // namespace ionglass::study
