#include "ionglass/calculators/calculator_config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "ionglass/calculators/calculator_registry.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/strict_yaml.hpp"

namespace ionglass::calculators {

CalculatorConfig read_calculator_config(const std::string& path) {
  const YAML::Node root = load_yaml_file_strict(path);
  const YamlReader reader{path};
  reader.require_map(root, "the calculator configuration");
  // The top level: the calculator's name, one section per known calculator, the runner, and one
  // section per backend that has settings of its own.
  std::set<std::string> top_level{"calculator", "runner"};
  for (const auto& name : calculator_names()) top_level.insert(name);
  for (const auto& name : backend_names())
    if (name != "local") top_level.insert(name);
  reader.check_keys(root, "the calculator configuration", top_level);
  CalculatorConfig config;
  config.path = path;
  const YAML::Node name = reader.required(root, "calculator", "the calculator configuration");
  config.calculator = reader.text(name, "calculator");
  const std::vector<std::string> calculators = calculator_names();
  if (std::find(calculators.begin(), calculators.end(), config.calculator) == calculators.end())
    reader.fail(name,
                fmt::format("unknown calculator '{}' (allowed: {})", config.calculator, fmt::join(calculators, ", ")));
  if (!root[config.calculator].IsDefined())
    reader.fail(name, fmt::format("the '{}' calculator needs a '{}:' section", config.calculator, config.calculator));
  const YAML::Node runner = root["runner"];
  if (runner.IsDefined() && !runner.IsNull()) {
    reader.require_map(runner, "runner");
    reader.check_keys(runner, "runner",
                      {"backend", "cores_per_job", "max_cores", "retries", "timeout_s", "poll_interval_s"});
    config.backend = reader.get_or<std::string>(runner, "backend", "runner", "local");
    RunnerSettings& r = config.runner;
    if (runner["cores_per_job"])
      r.cores_per_job = static_cast<int>(reader.count(runner["cores_per_job"], "runner: 'cores_per_job'"));
    if (r.cores_per_job < 1) reader.fail(runner["cores_per_job"], "runner: 'cores_per_job' must be at least 1");
    if (runner["max_cores"]) r.max_cores = static_cast<int>(reader.count(runner["max_cores"], "runner: 'max_cores'"));
    if (runner["retries"]) r.retries = static_cast<int>(reader.count(runner["retries"], "runner: 'retries'"));
    if (runner["timeout_s"]) r.timeout_s = reader.non_negative(runner["timeout_s"], "runner: 'timeout_s'");
    if (runner["poll_interval_s"])
      r.poll_interval_s = reader.positive(runner["poll_interval_s"], "runner: 'poll_interval_s'");
    const std::vector<std::string> backends = backend_names();
    if (std::find(backends.begin(), backends.end(), config.backend) == backends.end())
      reader.fail(runner["backend"],
                  fmt::format("runner: unknown backend '{}' (allowed: {})", config.backend, fmt::join(backends, ", ")));
  }
  if (config.backend != "local" && !root[config.backend].IsDefined())
    reader.fail(root, fmt::format("runner: 'backend: {0}' needs a '{0}:' section", config.backend));
  return config;
}

std::unique_ptr<Calculator> make_calculator(const CalculatorConfig& config) {
  const YAML::Node root = load_yaml_file_strict(config.path);
  const YamlReader reader{config.path};
  return reader.wrap(root["calculator"], [&] { return make_calculator_by_name(config.calculator, config.path); });
}

std::unique_ptr<JobBackend> make_backend(const CalculatorConfig& config, const ExecutionContext& context) {
  const int max_cores = config.runner.max_cores > 0 ? config.runner.max_cores : context.resolved_threads();
  const YAML::Node root = load_yaml_file_strict(config.path);
  const YamlReader reader{config.path};
  const YAML::Node where = root["runner"] && root["runner"]["backend"] ? root["runner"]["backend"] : root;
  return reader.wrap(
      where, [&] { return make_backend_by_name(config.backend, config.path, max_cores, config.runner.timeout_s); });
}

}  // namespace ionglass::calculators
