#include "ionglass/calculators/potential_calculator.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/potential_loader/potential_loader.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

PotentialCalculator::PotentialCalculator(PotentialCalculatorSettings settings) : settings_(std::move(settings)) {
  if (settings_.file.empty()) throw InputError("potential calculator: no potential file given");
  potential_ = load_potential(settings_.file);
  settings_text_ =
      "file " + fs::path(settings_.file).filename().string() + "\n" + read_file(settings_.file, "potential file");
}

CalculationJob PotentialCalculator::prepare(const System& /*structure*/, const CalculationRequest& request,
                                            const std::string& /*work_directory*/) const {
  if (request.kind != CalculationRequest::Kind::single_point)
    throw InputError("the potential calculator computes single points only (no molecular dynamics)");
  return {};  // in-process: collect() evaluates
}

CalculationResult PotentialCalculator::collect(const System& structure, const CalculationRequest& /*request*/,
                                               const std::string& /*work_directory*/,
                                               const ChildProcessOutcome& /*outcome*/) const {
  CalculationResult result;
  try {
    std::lock_guard lock(mutex_);
    const PotentialResult evaluation = evaluate(*potential_, structure, {true, true, false});
    result.energy_eV = evaluation.energy;
    result.forces_eV_per_A = evaluation.forces;
    if (structure.cell.fully_periodic())
      result.pressure_tensor_bar = evaluation.virial_pressure_bar(structure.cell.volume());
    for (const auto& [component, value] : evaluation.components) result.extra_values[component + "_energy_eV"] = value;
    result.status = CalculationStatus::ok;
  } catch (const InputError& e) {
    return failed_result(CalculationStatus::input_error, e.what());
  } catch (const ComputationError& e) {
    return failed_result(CalculationStatus::crashed, e.what());
  }
  result.provenance["code"] = "ionglass " + potential_->name();
  result.provenance["potential_file"] = settings_.file;
  return result;
}

std::unique_ptr<Calculator> make_potential_calculator(const std::string& config_path) {
  const YAML::Node root = load_yaml_file_strict(config_path);
  const YamlReader reader{config_path};
  const YAML::Node section = reader.required(root, "potential", "calculator configuration");
  reader.require_map(section, "the 'potential' section");
  reader.check_keys(section, "the 'potential' section", {"file"});
  const YAML::Node file = reader.required(section, "file", "the 'potential' section");
  PotentialCalculatorSettings settings;
  settings.file = reader.text(file, "potential: 'file'");
  if (fs::path(settings.file).is_relative())
    settings.file = (fs::path(config_path).parent_path() / settings.file).lexically_normal().string();
  return reader.wrap(file, [&] { return std::make_unique<PotentialCalculator>(settings); });
}

}  // namespace ionglass::calculators
