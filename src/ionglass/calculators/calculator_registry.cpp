#include "ionglass/calculators/calculator_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ionglass/calculators/command_calculator.hpp"
#include "ionglass/calculators/local_backend.hpp"
#include "ionglass/calculators/potential_calculator.hpp"
#include "ionglass/calculators/vasp_calculator.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::calculators {

std::vector<std::string> calculator_names() {
  return {"command", "potential", "vasp"};
}

std::vector<std::string> backend_names() {
  return {"local"};
}

std::unique_ptr<Calculator> make_calculator_by_name(const std::string& name, const std::string& config_path) {
  if (name == "command") return make_command_calculator(config_path);
  if (name == "potential") return make_potential_calculator(config_path);
  if (name == "vasp") return make_vasp_calculator(config_path);
  throw InputError(fmt::format("unknown calculator '{}' (allowed: {})", name, fmt::join(calculator_names(), ", ")));
}

std::unique_ptr<JobBackend> make_backend_by_name(const std::string& name, const std::string& /*config_path*/,
                                                 int max_cores, double timeout_s) {
  if (name == "local") return std::make_unique<LocalBackend>(max_cores, timeout_s);
  throw InputError(fmt::format("unknown backend '{}' (allowed: {})", name, fmt::join(backend_names(), ", ")));
}

}  // namespace ionglass::calculators
