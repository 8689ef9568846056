#pragma once
// The calculators and job backends by name: the one place that knows every factory.
#include <memory>
#include <string>
#include <vector>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/calculators/job_backend.hpp"

namespace ionglass::calculators {

std::vector<std::string> calculator_names();
std::vector<std::string> backend_names();

/// The calculator `name` made from the configuration file; InputError "unknown calculator 'X'
/// (allowed: ...)" for a name not known.
std::unique_ptr<Calculator> make_calculator_by_name(const std::string& name, const std::string& config_path);

/// The backend `name` ("local": a pool of max_cores cores, timeout_s per job, 0 = none; "slurm": the
/// file's `slurm:` section, where the time limit is set instead of timeout_s).
std::unique_ptr<JobBackend> make_backend_by_name(const std::string& name, const std::string& config_path, int max_cores,
                                                 double timeout_s);

}  // namespace ionglass::calculators
