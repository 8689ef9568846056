#include "ionglass/calculators/calculator_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ionglass/calculators/command_calculator.hpp"
#include "ionglass/calculators/cp2k_calculator.hpp"
#include "ionglass/calculators/local_backend.hpp"
#include "ionglass/calculators/potential_calculator.hpp"
#include "ionglass/calculators/slurm_backend.hpp"
#include "ionglass/calculators/vasp_calculator.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::calculators {

std::vector<std::string> calculator_names() {
  return {"command", "cp2k", "potential", "vasp"};
}

std::vector<std::string> backend_names() {
  return {"local", "slurm"};
}

std::unique_ptr<Calculator> make_calculator_by_name(const std::string& name, const std::string& config_path) {
  if (name == "command") return make_command_calculator(config_path);
  if (name == "cp2k") return make_cp2k_calculator(config_path);
  if (name == "potential") return make_potential_calculator(config_path);
  if (name == "vasp") return make_vasp_calculator(config_path);
  throw InputError(fmt::format("unknown calculator '{}' (allowed: {})", name, fmt::join(calculator_names(), ", ")));
}

std::unique_ptr<JobBackend> make_backend_by_name(const std::string& name, const std::string& config_path, int max_cores,
                                                 double timeout_s) {
  if (name == "local") return std::make_unique<LocalBackend>(max_cores, timeout_s);
  if (name == "slurm") {
    if (timeout_s > 0)
      throw InputError("runner: 'timeout_s' limits local jobs; a Slurm job's limit is 'time_limit_min' in 'slurm:'");
    return make_slurm_backend(config_path);
  }
  throw InputError(fmt::format("unknown backend '{}' (allowed: {})", name, fmt::join(backend_names(), ", ")));
}

}  // namespace ionglass::calculators
