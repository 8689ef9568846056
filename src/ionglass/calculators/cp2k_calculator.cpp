#include "ionglass/calculators/cp2k_calculator.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "ionglass/calculators/command_calculator.hpp"
#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/split_words.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/io/cp2k_output.hpp"
#include "ionglass/io/cp2k_trajectory.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;
namespace {

const std::string input_name = "input.inp";
const std::string output_name = "output.out";

void check_settings(const Cp2kSettings& s) {
  auto positive = [](double value, const char* what) {
    if (!(value > 0) || !std::isfinite(value))
      throw InputError(fmt::format("cp2k: {} must be > 0 (got {})", what, value));
  };
  if (s.command.empty()) throw InputError("cp2k: no command given");
  if (s.cores < 1) throw InputError(fmt::format("cp2k: cores must be at least 1 (got {})", s.cores));
  positive(s.cutoff_Ry, "cutoff_Ry");
  positive(s.relative_cutoff_Ry, "relative_cutoff_Ry");
  positive(s.eps_default, "eps_default");
  positive(s.eps_scf, "eps_scf");
  positive(s.mixing_alpha, "mixing_alpha");
  positive(s.mixing_beta, "mixing_beta");
  positive(s.thermostat_time_constant_fs, "thermostat_time_constant_fs");
  if (!(s.smearing_temperature_K >= 0) || !std::isfinite(s.smearing_temperature_K))
    throw InputError("cp2k: smearing_temperature_K must be ≥ 0");
  if (s.max_scf < 1 || s.mixing_history < 1 || s.minimum_added_mos < 0 || !(s.added_mos_fraction >= 0))
    throw InputError("cp2k: max_scf and mixing_history must be ≥ 1, minimum_added_mos and added_mos_fraction ≥ 0");
  if (s.multiplicity < 0) throw InputError("cp2k: multiplicity must be ≥ 0 (0 = CP2K's choice)");
  for (const auto& [element, u] : s.hubbard_U_eV)
    if (!std::isfinite(u) || u < 0 || u > 20)
      throw InputError(fmt::format("cp2k: hubbard_U_eV of {} must be in [0, 20] eV (got {})", element, u));
  if (!std::isfinite(s.hubbard_U_ramping_eV) || s.hubbard_U_ramping_eV < 0 || s.hubbard_U_ramping_eV > 20)
    throw InputError(fmt::format("cp2k: hubbard_U_ramping_eV must be in [0, 20] eV (got {})", s.hubbard_U_ramping_eV));
  positive(s.eps_U_ramping, "eps_U_ramping");
  for (const auto& [element, l] : s.hubbard_l) {
    if (l < 0 || l > 3) throw InputError(fmt::format("cp2k: hubbard_l of {} must be 0, 1, 2 or 3", element));
    if (!s.hubbard_U_eV.count(element))
      throw InputError(fmt::format("cp2k: hubbard_l given for {} but no hubbard_U_eV", element));
  }
}

CalculationResult molecular_dynamics_result(const System& structure, const fs::path& folder) {
  const fs::path positions_file = folder / (cp2k_project + "-pos-1.xyz");
  const fs::path forces_file = folder / (cp2k_project + "-frc-1.xyz");
  std::vector<Cp2kTrajectoryFrame> positions, forces;
  try {
    positions = read_cp2k_xyz_trajectory(positions_file.string(), 1.0);
    forces = read_cp2k_xyz_trajectory(forces_file.string(), units::hartree_to_eV / units::bohr_to_A);
  } catch (const InputError& e) {
    return failed_result(CalculationStatus::bad_output, e.what());
  }
  CalculationResult result;
  std::size_t f = 0;
  for (const auto& frame : positions) {
    if (frame.step == 0) continue;  // the starting structure, not a sample of the dynamics
    while (f < forces.size() && forces[f].step < frame.step) ++f;
    if (f == forces.size() || forces[f].step != frame.step)
      return failed_result(CalculationStatus::bad_output,
                           fmt::format("{}: no forces for step {}", forces_file.string(), frame.step));
    if (frame.values.size() != structure.size())
      return failed_result(CalculationStatus::bad_output,
                           fmt::format("{}: {} atoms, the input has {}", positions_file.string(), frame.values.size(),
                                       structure.size()));
    System sample = structure;
    sample.properties.clear();
    sample.info.clear();
    sample.velocities.clear();
    sample.images.clear();
    for (std::size_t i = 0; i < structure.size(); ++i) sample.positions[i] = frame.values[i] + structure.cell.origin();
    PerAtomProperty force_column{'R', 3, {}, {}};
    for (const auto& v : forces[f].values) force_column.values.insert(force_column.values.end(), {v[0], v[1], v[2]});
    sample.properties["forces"] = std::move(force_column);
    sample.info["energy_eV"] = frame.potential_energy_eV;
    sample.info["md_step"] = frame.step;
    sample.info["md_time_fs"] = frame.time_fs;
    sample.timestep = frame.step;
    result.frames.push_back(std::move(sample));
  }
  if (result.frames.empty())
    return failed_result(CalculationStatus::bad_output, positions_file.string() + ": no sampled frame");
  result.energy_eV = std::get<double>(result.frames.back().info.at("energy_eV"));
  const auto& last = result.frames.back().properties.at("forces").values;
  for (std::size_t i = 0; i < structure.size(); ++i)
    result.forces_eV_per_A.emplace_back(last[3 * i], last[3 * i + 1], last[3 * i + 2]);
  result.status = CalculationStatus::ok;
  return result;
}

}  // namespace

Cp2kCalculator::Cp2kCalculator(Cp2kSettings settings) : settings_(std::move(settings)) {
  check_settings(settings_);
  settings_text_ = cp2k_settings_text(settings_);
}

CalculationJob Cp2kCalculator::prepare(const System& structure, const CalculationRequest& request,
                                       const std::string& work_directory) const {
  const fs::path folder(work_directory);
  const std::string input = write_cp2k_input(structure, request, settings_);
  for (const auto& stale : {output_name, cp2k_project + "-pos-1.xyz", cp2k_project + "-frc-1.xyz"}) {
    std::error_code ec;
    fs::remove(folder / stale, ec);  // never collect an earlier attempt's output
  }
  write_file_atomically((folder / input_name).string(), input);
  CalculationJob job;
  job.command = settings_.command;
  job.command.insert(job.command.end(), {"-i", input_name, "-o", output_name});
  job.cores = settings_.cores;
  job.environment["OMP_NUM_THREADS"] = std::to_string(settings_.cores);
  return job;
}

std::string cp2k_error_lines(const std::string& output_path) {
  std::ifstream in(output_path);
  std::string line, message;
  bool inside = false;
  while (std::getline(in, line)) {
    // CP2K frames its errors in a box of '*' lines: " *** ERROR in file:line ***" then text lines " *** ... ***".
    if (line.find("[ABORT]") != std::string::npos || line.find("*** ERROR") != std::string::npos) inside = true;
    if (!inside) continue;
    std::string text = line;
    for (char& c : text)
      if (c == '*' || c == '\\' || c == '/' || c == '|') c = ' ';
    const auto first = text.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    const auto last = text.find_last_not_of(' ');
    text = text.substr(first, last - first + 1);
    if (text.find("===== Routine Calling Stack") != std::string::npos) break;
    if (text == "ABORT" || text.empty()) continue;
    message += (message.empty() ? "" : " ") + text;
    if (message.size() > 400) break;
  }
  return message;
}

CalculationResult Cp2kCalculator::collect(const System& structure, const CalculationRequest& request,
                                          const std::string& work_directory, const ChildProcessOutcome& outcome) const {
  const fs::path folder(work_directory);
  const std::string output = (folder / output_name).string();
  if (!outcome.succeeded()) {
    std::string why = cp2k_error_lines(output);
    if (why.empty()) why = last_lines_of_file((folder / "calculation.log").string(), 3);
    return failed_result(outcome.timed_out    ? CalculationStatus::timed_out
                         : outcome.terminated ? CalculationStatus::cancelled
                                              : CalculationStatus::crashed,
                         fmt::format("cp2k {}{}", outcome.describe(), why.empty() ? "" : ": " + why));
  }
  std::error_code ec;
  if (!fs::exists(output, ec)) return failed_result(CalculationStatus::bad_output, "cp2k wrote no " + output);
  Cp2kOutput parsed;
  try {
    parsed = read_cp2k_output(output);
  } catch (const InputError& e) {
    return failed_result(CalculationStatus::bad_output, e.what());
  }
  if (parsed.scf_not_converged_message)
    return failed_result(
        CalculationStatus::not_converged,
        fmt::format("{}: the SCF did not converge within max_scf = {} steps", output, settings_.max_scf));
  if (!parsed.program_ended)
    return failed_result(CalculationStatus::bad_output, output + ": cut off (no 'PROGRAM ENDED' line)");
  CalculationResult result;
  if (request.kind == CalculationRequest::Kind::molecular_dynamics) {
    result = molecular_dynamics_result(structure, folder);
  } else {
    if (parsed.forces_eV_per_A.size() != structure.size())
      return failed_result(CalculationStatus::bad_output, fmt::format("{}: {} forces for {} atoms", output,
                                                                      parsed.forces_eV_per_A.size(), structure.size()));
    for (std::size_t i = 0; i < structure.size(); ++i)
      if (parsed.force_elements[i] != structure.symbol(i))
        return failed_result(CalculationStatus::bad_output,
                             fmt::format("{}: force row {} is for {}, the input atom is {}", output, i + 1,
                                         parsed.force_elements[i], structure.symbol(i)));
    result.status = CalculationStatus::ok;
    result.energy_eV = *parsed.energy_eV;
    result.forces_eV_per_A = parsed.forces_eV_per_A;
    if (parsed.pressure_tensor_bar) {
      Mat3 p;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) p(i, j) = (*parsed.pressure_tensor_bar)[3 * i + j];
      result.pressure_tensor_bar = p;
    } else if (settings_.stress) {
      return failed_result(CalculationStatus::bad_output, output + ": no stress tensor");
    }
  }
  if (!result.ok()) return result;
  result.provenance["code"] = "cp2k";
  result.provenance["code_version"] = parsed.version;
  return result;
}

std::unique_ptr<Calculator> make_cp2k_calculator(const std::string& config_path) {
  const YAML::Node root = load_yaml_file_strict(config_path);
  const YamlReader reader{config_path};
  const std::string where = "the 'cp2k' section";
  Cp2kSettings s;
  const YAML::Node section = root["cp2k"];
  if (section && !section.IsNull()) {
    reader.require_map(section, where);
    reader.check_keys(section, where,
                      {"command",
                       "cores",
                       "data_directory",
                       "basis_set_file",
                       "potential_file",
                       "functional",
                       "basis_set",
                       "potential_family",
                       "kinds",
                       "cutoff_Ry",
                       "relative_cutoff_Ry",
                       "eps_default",
                       "smearing_temperature_K",
                       "added_mos_fraction",
                       "minimum_added_mos",
                       "eps_scf",
                       "max_scf",
                       "mixing_method",
                       "mixing_alpha",
                       "mixing_beta",
                       "mixing_history",
                       "hubbard_U_eV",
                       "hubbard_l",
                       "plus_u_method",
                       "hubbard_U_ramping_eV",
                       "eps_U_ramping",
                       "spin_polarized",
                       "multiplicity",
                       "charge",
                       "stress",
                       "thermostat_time_constant_fs",
                       "template_file"});
    const fs::path base = fs::path(config_path).parent_path();
    auto resolve = [&](const std::string& path) {
      return fs::path(path).is_relative() ? (base / path).lexically_normal().string() : path;
    };
    if (const YAML::Node command = section["command"]) {
      s.command = command.IsSequence() ? reader.list<std::string>(command, "cp2k: 'command'")
                                       : split_words(reader.text(command, "cp2k: 'command'"));
      if (s.command.empty()) reader.fail(command, "cp2k: 'command' is empty");
      if (s.command[0].find('/') != std::string::npos) s.command[0] = fs::absolute(resolve(s.command[0])).string();
    }
    auto integer = [&](const char* key, int& value) {
      if (section[key]) value = static_cast<int>(reader.integer(section[key], std::string("cp2k: '") + key + "'"));
    };
    auto number = [&](const char* key, double& value) {
      if (section[key]) value = reader.number(section[key], std::string("cp2k: '") + key + "'");
    };
    auto text = [&](const char* key, std::string& value) {
      if (section[key]) value = reader.text(section[key], std::string("cp2k: '") + key + "'");
    };
    integer("cores", s.cores);
    text("data_directory", s.data_directory);
    if (!s.data_directory.empty()) s.data_directory = resolve(s.data_directory);
    text("basis_set_file", s.basis_set_file);
    text("potential_file", s.potential_file);
    // A data file given with a folder is relative to the configuration file; a bare name is in the data folder.
    for (std::string* file : {&s.basis_set_file, &s.potential_file})
      if (file->find('/') != std::string::npos) *file = resolve(*file);
    text("functional", s.functional);
    text("basis_set", s.basis_set);
    text("potential_family", s.potential_family);
    if (const YAML::Node kinds = section["kinds"]) {
      reader.require_map(kinds, "cp2k: 'kinds'");
      for (const auto& entry : kinds) {
        const std::string element = reader.text(entry.first, "cp2k: 'kinds' element");
        const std::string what = "cp2k: kinds: " + element;
        reader.require_map(entry.second, what);
        reader.check_keys(entry.second, what, {"basis_set", "potential"});
        Cp2kKind kind;
        kind.basis_set = reader.get_or<std::string>(entry.second, "basis_set", what, "");
        kind.potential = reader.get_or<std::string>(entry.second, "potential", what, "");
        s.kinds[element] = kind;
      }
    }
    number("cutoff_Ry", s.cutoff_Ry);
    number("relative_cutoff_Ry", s.relative_cutoff_Ry);
    number("eps_default", s.eps_default);
    number("smearing_temperature_K", s.smearing_temperature_K);
    number("added_mos_fraction", s.added_mos_fraction);
    integer("minimum_added_mos", s.minimum_added_mos);
    number("eps_scf", s.eps_scf);
    integer("max_scf", s.max_scf);
    text("mixing_method", s.mixing_method);
    number("mixing_alpha", s.mixing_alpha);
    number("mixing_beta", s.mixing_beta);
    integer("mixing_history", s.mixing_history);
    if (const YAML::Node u = section["hubbard_U_eV"]) {
      reader.require_map(u, "cp2k: 'hubbard_U_eV'");
      for (const auto& entry : u)
        s.hubbard_U_eV[reader.text(entry.first, "cp2k: 'hubbard_U_eV' element")] =
            reader.number(entry.second, "cp2k: hubbard_U_eV value");
    }
    if (const YAML::Node l = section["hubbard_l"]) {
      reader.require_map(l, "cp2k: 'hubbard_l'");
      for (const auto& entry : l)
        s.hubbard_l[reader.text(entry.first, "cp2k: 'hubbard_l' element")] =
            static_cast<int>(reader.integer(entry.second, "cp2k: hubbard_l value"));
    }
    text("plus_u_method", s.plus_u_method);
    number("hubbard_U_ramping_eV", s.hubbard_U_ramping_eV);
    number("eps_U_ramping", s.eps_U_ramping);
    if (section["spin_polarized"]) s.spin_polarized = reader.flag(section["spin_polarized"], "cp2k: 'spin_polarized'");
    integer("multiplicity", s.multiplicity);
    integer("charge", s.charge);
    if (section["stress"]) s.stress = reader.flag(section["stress"], "cp2k: 'stress'");
    number("thermostat_time_constant_fs", s.thermostat_time_constant_fs);
    text("template_file", s.template_file);
    if (!s.template_file.empty()) s.template_file = resolve(s.template_file);
  }
  const YAML::Node anchor = section ? section : root;
  return reader.wrap(anchor, [&] { return std::make_unique<Cp2kCalculator>(s); });
}

}  // namespace ionglass::calculators
