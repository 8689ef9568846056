#pragma once
// Reads back the dynamics.json that report/dynamics_report.hpp writes, for the Arrhenius
// workflow: temperature_K, and of one species D_cm2_per_s, D_stderr_cm2_per_s (0 when absent)
// and conductivity_S_per_cm {collective, nernst_einstein} when present; and, when the file has
// them, the GLS estimates, the regimes of the tracer and charge MSD and the matrix state (files
// written before these existed give points without them). It lives next to the
// writer so that the format is defined in one layer.
#include <string>

#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"

namespace ionglass {

/// Throws InputError ("PATH: problem") when the file cannot be read, is not JSON, has no
/// temperature, or has no D for `species`.
ArrheniusPoint read_arrhenius_point(const std::string& dynamics_json_path, const std::string& species);

}  // namespace ionglass
