#include "ionglass/calculators/command_calculator.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/core/split_words.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

CommandCalculator::CommandCalculator(CommandCalculatorSettings settings) : settings_(std::move(settings)) {
  if (settings_.command.empty()) throw InputError("command calculator: no command given");
  if (settings_.cores < 1)
    throw InputError(fmt::format("command calculator: cores must be at least 1 (got {})", settings_.cores));
  if (settings_.input_file.empty() || settings_.output_file.empty() || settings_.input_file == settings_.output_file)
    throw InputError("command calculator: input_file and output_file must be two different names");
  std::ostringstream text;
  for (const auto& word : settings_.command) text << "command " << word << "\n";
  text << "input " << settings_.input_file << "\noutput " << settings_.output_file << "\nkeys " << settings_.energy_key
       << " " << settings_.forces_key << " " << settings_.stress_key << "\n";
  for (const auto& file : settings_.files)
    text << "file " << fs::path(file).filename().string() << "\n" << read_file(file, "file to copy") << "\n";
  settings_text_ = text.str();
}

CalculationJob CommandCalculator::prepare(const System& structure, const CalculationRequest& request,
                                          const std::string& work_directory) const {
  if (request.kind != CalculationRequest::Kind::single_point)
    throw InputError("the command calculator computes single points only (no molecular dynamics)");
  const fs::path folder(work_directory);
  for (const auto& file : settings_.files)
    fs::copy_file(file, folder / fs::path(file).filename(), fs::copy_options::overwrite_existing);
  std::error_code ec;
  fs::remove(folder / settings_.output_file, ec);  // never collect an earlier attempt's output
  auto writer = create_trajectory_writer((folder / settings_.input_file).string());
  writer->write(structure);
  writer->close();
  CalculationJob job;
  job.command = settings_.command;
  job.cores = settings_.cores;
  job.environment["OMP_NUM_THREADS"] = std::to_string(settings_.cores);
  return job;
}

std::string last_lines_of_file(const std::string& path, int lines) {
  std::ifstream in(path);
  if (!in) return "";
  std::vector<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(line);
    if (static_cast<int>(tail.size()) > lines) tail.erase(tail.begin());
  }
  std::string out;
  for (const auto& l : tail) out += (out.empty() ? "" : " | ") + l;
  return out;
}

CalculationResult CommandCalculator::collect(const System& structure, const CalculationRequest& /*request*/,
                                             const std::string& work_directory,
                                             const ChildProcessOutcome& outcome) const {
  const fs::path folder(work_directory);
  const std::string command_name = fs::path(settings_.command.front()).filename().string();
  if (!outcome.succeeded()) {
    const std::string tail = last_lines_of_file((folder / "calculation.log").string(), 3);
    return failed_result(outcome.timed_out    ? CalculationStatus::timed_out
                         : outcome.terminated ? CalculationStatus::cancelled
                                              : CalculationStatus::crashed,
                         fmt::format("{} {}{}", command_name, outcome.describe(), tail.empty() ? "" : ": " + tail));
  }
  const std::string output = (folder / settings_.output_file).string();
  std::error_code ec;
  if (!fs::exists(output, ec))
    return failed_result(CalculationStatus::bad_output, fmt::format("{} wrote no {}", command_name, output));
  System labelled;
  try {
    auto reader = open_trajectory(output);
    if (!reader->next(labelled)) return failed_result(CalculationStatus::bad_output, output + ": no frame");
  } catch (const InputError& e) {
    return failed_result(CalculationStatus::bad_output, e.what());
  }
  if (labelled.size() != structure.size())
    return failed_result(CalculationStatus::bad_output,
                         fmt::format("{}: {} atoms, the input has {}", output, labelled.size(), structure.size()));
  for (std::size_t i = 0; i < structure.size(); ++i) {
    if (labelled.atomic_number(i) != structure.atomic_number(i) ||
        (labelled.positions[i] - structure.positions[i]).norm() > settings_.position_tolerance_A)
      return failed_result(CalculationStatus::bad_output,
                           fmt::format("{}: atom {} differs from the input (other element or position): atoms must "
                                       "come back in the same order and place",
                                       output, i + 1));
  }
  CalculationResult result;
  const auto energy = labelled.info.find(settings_.energy_key);
  if (energy == labelled.info.end() || !std::holds_alternative<double>(energy->second))
    return failed_result(CalculationStatus::bad_output,
                         fmt::format("{}: no energy '{}'", output, settings_.energy_key));
  result.energy_eV = std::get<double>(energy->second);
  const auto forces = labelled.properties.find(settings_.forces_key);
  if (forces == labelled.properties.end() || forces->second.kind != 'R' || forces->second.columns != 3)
    return failed_result(CalculationStatus::bad_output,
                         fmt::format("{}: no per-atom R:3 column '{}'", output, settings_.forces_key));
  result.forces_eV_per_A.resize(structure.size());
  for (std::size_t i = 0; i < structure.size(); ++i)
    result.forces_eV_per_A[i] =
        Vec3(forces->second.values[3 * i], forces->second.values[3 * i + 1], forces->second.values[3 * i + 2]);
  const auto stress = labelled.info.find(settings_.stress_key);
  if (stress != labelled.info.end()) {
    const auto* values = std::get_if<std::vector<double>>(&stress->second);
    if (!values || (values->size() != 9 && values->size() != 6))
      return failed_result(CalculationStatus::bad_output,
                           fmt::format("{}: '{}' must hold 9 or 6 numbers", output, settings_.stress_key));
    Mat3 s;
    const auto& v = *values;
    if (v.size() == 9)
      s << v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8];
    else  // Voigt order xx yy zz yz xz xy (ASE)
      s << v[0], v[5], v[4], v[5], v[1], v[3], v[4], v[3], v[2];
    result.pressure_tensor_bar = -s * units::eV_per_A3_to_bar;
  }
  if (!std::isfinite(result.energy_eV))
    return failed_result(CalculationStatus::bad_output, output + ": non-finite energy");
  for (const auto& f : result.forces_eV_per_A)
    if (!f.allFinite()) return failed_result(CalculationStatus::bad_output, output + ": non-finite forces");
  result.status = CalculationStatus::ok;
  result.provenance["code"] = command_name;
  return result;
}

std::unique_ptr<Calculator> make_command_calculator(const std::string& config_path) {
  const YAML::Node root = load_yaml_file_strict(config_path);
  const YamlReader reader{config_path};
  const std::string where = "the 'command' section";
  const YAML::Node section = reader.required(root, "command", "calculator configuration");
  reader.require_map(section, where);
  reader.check_keys(
      section, where,
      {"command", "input_file", "output_file", "energy_key", "forces_key", "stress_key", "files", "cores"});
  CommandCalculatorSettings s;
  const YAML::Node command = reader.required(section, "command", where);
  s.command = command.IsSequence() ? reader.list<std::string>(command, "command: 'command'")
                                   : split_words(reader.text(command, "command: 'command'"));
  if (s.command.empty()) reader.fail(command, "command: 'command' is empty");
  s.input_file = reader.get_or<std::string>(section, "input_file", where, s.input_file);
  s.output_file = reader.get_or<std::string>(section, "output_file", where, s.output_file);
  s.energy_key = reader.get_or<std::string>(section, "energy_key", where, s.energy_key);
  s.forces_key = reader.get_or<std::string>(section, "forces_key", where, s.forces_key);
  s.stress_key = reader.get_or<std::string>(section, "stress_key", where, s.stress_key);
  if (section["cores"]) s.cores = static_cast<int>(reader.count(section["cores"], "command: 'cores'"));
  const fs::path base = fs::path(config_path).parent_path();
  auto resolve = [&](const std::string& path) {
    return fs::path(path).is_relative() ? (base / path).lexically_normal().string() : path;
  };
  if (section["files"]) {
    for (const auto& file : reader.list<std::string>(section["files"], "command: 'files'"))
      s.files.push_back(resolve(file));
  }
  // A program given with a folder is relative to the configuration file too; a bare name is looked up on PATH.
  if (s.command[0].find('/') != std::string::npos) s.command[0] = fs::absolute(resolve(s.command[0])).string();
  return reader.wrap(section, [&] { return std::make_unique<CommandCalculator>(s); });
}

}  // namespace ionglass::calculators
