#include "ionglass/calculators/vasp_calculator.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "ionglass/calculators/command_calculator.hpp"
#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/core/split_words.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/io/element_types.hpp"
#include "ionglass/io/vasp_kpoints.hpp"
#include "ionglass/io/vasp_outcar.hpp"
#include "ionglass/io/vasp_poscar.hpp"
#include "ionglass/io/vasp_vasprun.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

namespace {

/// INCAR tags ionglass sets itself for molecular dynamics; users cannot override them.
const std::set<std::string> reserved_tags = {"IBRION", "NSW", "POTIM", "TEBEG", "TEEND", "MDALGO"};

std::string text_of_settings(const VaspSettings& s);  // below incar_for, next to the INCAR defaults

std::string number_text(double value) {
  return fmt::format("{}", value);
}

/// Element symbols in the POSCAR's species order (first appearance, as vasp_atom_order groups them).
std::vector<std::string> poscar_species(const System& structure, const std::vector<std::size_t>& order) {
  std::vector<std::string> species;
  for (const std::size_t i : order) {
    const std::string symbol = structure.symbol(i);
    if (species.empty() || species.back() != symbol) species.push_back(symbol);
  }
  return species;
}

void set_tag(IncarTags& tags, const std::string& tag, const std::string& value) {
  for (auto& [name, old] : tags)
    if (name == tag) {
      old = value;
      return;
    }
  tags.emplace_back(tag, value);
}

/// One ionic step from either output file, in the file's atom order.
struct IonicStep {
  Mat3 lattice = Mat3::Zero();
  std::vector<Vec3> positions, forces;
  std::optional<Mat3> stress_kB;
  double free_energy_eV = 0, energy_without_entropy_eV = 0, energy_sigma0_eV = 0;
  int electronic_steps = 0;  ///< 0 when unknown (OUTCAR)
};

struct VaspOutput {
  std::vector<IonicStep> steps;
  std::vector<int> atomic_numbers;  ///< file order; empty when the file does not say (OUTCAR read here)
  int electronic_step_limit = 0;
  std::string source, version;
};

VaspOutput read_vasprun_output(const std::string& path) {
  VasprunReader reader(path);
  VaspOutput out;
  out.source = "vasprun.xml";
  out.atomic_numbers = reader.header().atomic_numbers;
  out.electronic_step_limit = reader.header().electronic_step_limit();
  out.version = reader.header().program_version;
  VasprunIonicStep s;
  while (reader.next(s))
    out.steps.push_back({s.lattice, s.positions, s.forces, s.stress_kB, s.free_energy_eV, s.energy_without_entropy_eV,
                         s.energy_sigma0_eV, s.electronic_steps});
  if (!reader.complete())
    throw InputError(
        path, 0,
        fmt::format("cut short after {} complete ionic step(s): no </modeling> (killed run?)", reader.steps_read()));
  return out;
}

VaspOutput read_outcar_output(const std::string& path) {
  bool cut = false;
  const auto frames = read_outcar_complete_steps(path, &cut);
  if (cut) throw InputError(path, 0, fmt::format("cut short after {} complete ionic step(s)", frames.size()));
  VaspOutput out;
  out.source = "OUTCAR";
  for (const auto& f : frames) {
    IonicStep s;
    s.lattice = f.cell.matrix();
    s.positions = f.positions;
    const auto& forces = f.properties.at("forces").values;
    for (std::size_t i = 0; i < f.size(); ++i)
      s.forces.emplace_back(forces[3 * i], forces[3 * i + 1], forces[3 * i + 2]);
    s.free_energy_eV = std::get<double>(f.info.at("free_energy_eV"));
    s.energy_without_entropy_eV = std::get<double>(f.info.at("energy_without_entropy_eV"));
    const auto sigma0 = f.info.find("energy_sigma0_eV");
    s.energy_sigma0_eV = sigma0 != f.info.end() ? std::get<double>(sigma0->second) : s.energy_without_entropy_eV;
    const auto stress = f.info.find("stress_kB");
    if (stress != f.info.end()) {
      const auto& v = std::get<std::vector<double>>(stress->second);  // XX YY ZZ XY YZ ZX
      Mat3 m;
      m << v[0], v[3], v[5], v[3], v[1], v[4], v[5], v[4], v[2];
      s.stress_kB = m;
    }
    out.steps.push_back(std::move(s));
  }
  for (std::size_t i = 0; i < frames.front().size(); ++i) out.atomic_numbers.push_back(frames.front().atomic_number(i));
  return out;
}

CalculationResult failed_run(const ChildProcessOutcome& outcome, const std::string& program, const fs::path& log) {
  const std::string tail = last_lines_of_file(log.string(), 5);
  const CalculationStatus status = outcome.timed_out    ? CalculationStatus::timed_out
                                   : outcome.terminated ? CalculationStatus::cancelled
                                                        : CalculationStatus::crashed;
  return failed_result(status, fmt::format("{} {}{}", program, outcome.describe(), tail.empty() ? "" : ": " + tail));
}

}  // namespace

VaspCalculator::VaspCalculator(VaspSettings settings) : settings_(std::move(settings)) {
  const VaspSettings& s = settings_;
  if (s.command.empty()) throw InputError("vasp calculator: no command given");
  if (s.cores < 1) throw InputError(fmt::format("vasp calculator: cores must be at least 1 (got {})", s.cores));
  if (!(s.encut_eV > 0) || !(s.sigma_eV > 0) || !(s.ediff_eV > 0))
    throw InputError("vasp calculator: encut_eV, sigma_eV and ediff_eV must be positive");
  if (s.electronic_step_limit < 1) throw InputError("vasp calculator: nelm must be at least 1");
  for (const int k : s.kpoints)
    if (k < 1) throw InputError(fmt::format("vasp calculator: k-point subdivisions must be at least 1 (got {})", k));
  for (const auto& [element, folder] : s.potcars) {
    if (find_element(element) == 0) throw InputError("vasp calculator: unknown element '" + element + "' in potcars");
    if (folder.empty()) throw InputError("vasp calculator: empty POTCAR folder for " + element);
  }
  for (const auto& [element, u] : s.hubbard_u_eV) {
    if (find_element(element) == 0)
      throw InputError("vasp calculator: unknown element '" + element + "' in hubbard_u_eV");
    if (!std::isfinite(u) || u < 0)
      throw InputError(fmt::format("vasp calculator: hubbard_u_eV for {} must be a number ≥ 0 (got {})", element, u));
  }
  for (const auto& [tag, value] : s.incar)
    if (reserved_tags.count(tag))
      throw InputError("vasp calculator: INCAR tag " + tag +
                       " is set by ionglass (single point or the MD request) and cannot be given in 'incar'");
  settings_text_ = text_of_settings(s);
}

IncarTags VaspCalculator::incar_for(const System& structure, const CalculationRequest& request) const {
  const VaspSettings& s = settings_;
  IncarTags tags = {{"SYSTEM", "ionglass"},
                    {"PREC", s.precision},
                    {"ENCUT", number_text(s.encut_eV)},
                    {"GGA", s.gga},
                    {"ISPIN", std::to_string(s.spin_polarization)},
                    {"ISMEAR", std::to_string(s.smearing)},
                    {"SIGMA", number_text(s.sigma_eV)},
                    {"EDIFF", number_text(s.ediff_eV)},
                    {"ALGO", s.algorithm},
                    {"LREAL", s.lreal},
                    {"NELM", std::to_string(s.electronic_step_limit)},
                    {"LWAVE", ".FALSE."},
                    {"LCHARG", ".FALSE."}};
  if (request.kind == CalculationRequest::Kind::molecular_dynamics) {
    // NVT with the Nosé–Hoover thermostat (MDALGO 2, SMASS 0: a thermostat period of ~40 steps),
    // as atomate2's MD input set; no symmetry in MD.
    const auto& md = request.molecular_dynamics;
    tags.insert(tags.end(), {{"IBRION", "0"},
                             {"MDALGO", "2"},
                             {"SMASS", "0"},
                             {"ISYM", "0"},
                             {"NSW", std::to_string(md.steps)},
                             {"POTIM", number_text(md.timestep_fs)},
                             {"TEBEG", number_text(md.temperature_K)},
                             {"TEEND", number_text(md.temperature_K)},
                             {"NBLOCK", "1"}});
  } else {
    tags.insert(tags.end(), {{"IBRION", "-1"}, {"NSW", "0"}});
  }
  // DFT+U, Dudarev's rotationally invariant form (LDAUTYPE 2: only U−J matters), on the d shell
  // (l = 2) of the elements given; l = −1 switches it off for the others.
  const auto species = poscar_species(structure, vasp_atom_order(structure));
  bool any_u = false;
  std::string l_values, u_values, j_values;
  for (const auto& symbol : species) {
    const auto u = s.hubbard_u_eV.find(symbol);
    any_u = any_u || u != s.hubbard_u_eV.end();
    l_values += (l_values.empty() ? "" : " ") + std::string(u != s.hubbard_u_eV.end() ? "2" : "-1");
    u_values += (u_values.empty() ? "" : " ") + number_text(u != s.hubbard_u_eV.end() ? u->second : 0.0);
    j_values += (j_values.empty() ? "" : " ") + std::string("0");
  }
  if (any_u)
    tags.insert(tags.end(), {{"LDAU", ".TRUE."},
                             {"LDAUTYPE", "2"},
                             {"LDAUL", l_values},
                             {"LDAUU", u_values},
                             {"LDAUJ", j_values},
                             {"LMAXMIX", "4"}});  // d electrons: mix the one-centre densities up to l = 4
  for (const auto& [tag, value] : s.incar) set_tag(tags, tag, value);
  return tags;
}

namespace {

std::string text_of_settings(const VaspSettings& s) {
  std::ostringstream text;
  text << "encut " << number_text(s.encut_eV) << "\ngga " << s.gga << "\nprec " << s.precision << "\nlreal " << s.lreal
       << "\nalgo " << s.algorithm << "\nispin " << s.spin_polarization << "\nismear " << s.smearing << "\nsigma "
       << number_text(s.sigma_eV) << "\nediff " << number_text(s.ediff_eV) << "\nnelm " << s.electronic_step_limit
       << "\nkpoints " << s.kpoints[0] << " " << s.kpoints[1] << " " << s.kpoints[2] << "\n";
  for (const auto& [element, u] : s.hubbard_u_eV) text << "U " << element << " " << number_text(u) << "\n";
  for (const auto& [tag, value] : s.incar) text << "incar " << tag << " = " << value << "\n";
  for (const auto& [element, folder] : s.potcars) {
    const fs::path potcar = fs::path(s.potcar_library) / folder / "POTCAR";
    std::error_code ec;
    text << "potcar " << element << " " << folder << "\n"
         << (fs::exists(potcar, ec) ? read_file(potcar.string(), "POTCAR") : std::string("(missing)")) << "\n";
  }
  return text.str();
}

}  // namespace

CalculationJob VaspCalculator::prepare(const System& structure, const CalculationRequest& request,
                                       const std::string& work_directory) const {
  if (request.kind == CalculationRequest::Kind::molecular_dynamics) {
    const auto& md = request.molecular_dynamics;
    if (md.steps < 1 || !(md.timestep_fs > 0) || !(md.temperature_K > 0) || md.sample_every < 1)
      throw InputError(
          "vasp: molecular dynamics needs steps ≥ 1, timestep_fs > 0, temperature_K > 0, sample_every ≥ 1");
  }
  const fs::path folder(work_directory);
  const auto order = vasp_atom_order(structure);
  std::string potcar;
  for (const auto& symbol : poscar_species(structure, order)) {
    const auto entry = settings_.potcars.find(symbol);
    if (entry == settings_.potcars.end())
      throw InputError(
          fmt::format("vasp: element {} is not in the POTCAR map (potcars: give a POTCAR folder for it)", symbol));
    const fs::path file = fs::path(settings_.potcar_library) / entry->second / "POTCAR";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
      throw InputError(fmt::format("vasp: POTCAR file '{}' for {} does not exist", file.string(), symbol));
    potcar += read_file(file.string(), "POTCAR");
    if (!potcar.empty() && potcar.back() != '\n') potcar += '\n';
  }
  for (const char* old : {"vasprun.xml", "OUTCAR", "OSZICAR", "CONTCAR", "XDATCAR", "vasp.log"}) {
    std::error_code ec;
    fs::remove(folder / old, ec);  // never collect an earlier attempt's output
  }
  write_poscar((folder / "POSCAR").string(), structure);
  write_incar((folder / "INCAR").string(), incar_for(structure, request));
  KpointMesh mesh;
  mesh.divisions = settings_.kpoints;
  write_kpoints((folder / "KPOINTS").string(), mesh);
  write_file_atomically((folder / "POTCAR").string(), potcar);
  CalculationJob job;
  job.command = settings_.command;
  job.cores = settings_.cores;
  job.output_file = "vasp.log";
  job.environment["OMP_NUM_THREADS"] = "1";  // VASP runs MPI ranks; threads only when the user's command says so
  return job;
}

CalculationResult VaspCalculator::collect(const System& structure, const CalculationRequest& request,
                                          const std::string& work_directory, const ChildProcessOutcome& outcome) const {
  const fs::path folder(work_directory);
  const std::string program = fs::path(settings_.command.front()).filename().string();
  if (!outcome.succeeded()) return failed_run(outcome, program, folder / "vasp.log");
  // vasprun.xml when present and complete, else OUTCAR.
  VaspOutput output;
  std::string problems;
  bool have_output = false;
  for (const char* file : {"vasprun.xml", "OUTCAR"}) {
    const fs::path path = folder / file;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      problems += (problems.empty() ? "" : "; ") + std::string("no ") + file;
      continue;
    }
    try {
      output = std::string(file) == "OUTCAR" ? read_outcar_output(path.string()) : read_vasprun_output(path.string());
      have_output = true;
      break;
    } catch (const InputError& e) {
      problems += (problems.empty() ? "" : "; ") + std::string(e.what());
    }
  }
  if (!have_output)
    return failed_result(CalculationStatus::bad_output,
                         fmt::format("{} ended but its output is unusable: {}", program, problems));

  const auto order = vasp_atom_order(structure);
  const std::size_t n = structure.size();
  for (std::size_t k = 0; k < output.steps.size(); ++k)
    if (output.steps[k].positions.size() != n)
      return failed_result(
          CalculationStatus::bad_output,
          fmt::format("{}: {} atoms, the structure has {}", output.source, output.steps[k].positions.size(), n));
  for (std::size_t k = 0; k < output.atomic_numbers.size() && k < n; ++k)
    if (output.atomic_numbers[k] != structure.atomic_number(order[k]))
      return failed_result(CalculationStatus::bad_output,
                           fmt::format("{}: atom {} is element {}, the POSCAR's is {}", output.source, k + 1,
                                       output.atomic_numbers[k], structure.atomic_number(order[k])));
  const bool md = request.kind == CalculationRequest::Kind::molecular_dynamics;
  const long long expected_steps = md ? request.molecular_dynamics.steps : 1;
  if (static_cast<long long>(output.steps.size()) != expected_steps)
    return failed_result(CalculationStatus::bad_output, fmt::format("{}: {} ionic steps, expected {}", output.source,
                                                                    output.steps.size(), expected_steps));
  // SCF convergence: VASP stops an ionic step after NELM electronic steps whether converged or not.
  const int limit = output.electronic_step_limit > 0 ? output.electronic_step_limit : settings_.electronic_step_limit;
  for (std::size_t k = 0; k < output.steps.size(); ++k)
    if (output.steps[k].electronic_steps >= limit)
      return failed_result(CalculationStatus::not_converged,
                           fmt::format("{}: ionic step {} used all NELM = {} electronic steps (SCF not converged)",
                                       output.source, k + 1, limit));

  auto to_structure_order = [&](const std::vector<Vec3>& file_order) {
    std::vector<Vec3> out(n);
    for (std::size_t k = 0; k < n; ++k) out[order[k]] = file_order[k];
    return out;
  };
  CalculationResult result;
  const IonicStep& last = output.steps.back();
  result.energy_eV = last.free_energy_eV;
  result.forces_eV_per_A = to_structure_order(last.forces);
  if (last.stress_kB) result.pressure_tensor_bar = *last.stress_kB * 1000.0;  // 1 kB = 1000 bar
  result.extra_values["energy_sigma0_eV"] = last.energy_sigma0_eV;
  result.extra_values["energy_without_entropy_eV"] = last.energy_without_entropy_eV;
  result.extra_values["electronic_steps"] = last.electronic_steps;
  result.extra_values["ionic_steps"] = static_cast<double>(output.steps.size());
  if (!std::isfinite(result.energy_eV))
    return failed_result(CalculationStatus::bad_output, output.source + ": non-finite energy");
  if (md) {
    // Frames sampled evenly: ionic steps sample_every, 2·sample_every, ... (1-based).
    const long long every = request.molecular_dynamics.sample_every;
    for (std::size_t k = 0; k < output.steps.size(); ++k) {
      if ((static_cast<long long>(k) + 1) % every != 0) continue;
      const IonicStep& step = output.steps[k];
      System frame = structure;
      frame.velocities.clear();
      frame.properties.clear();
      frame.info.clear();
      frame.cell = Cell(step.lattice);
      frame.positions = to_structure_order(step.positions);
      PerAtomProperty forces;
      forces.columns = 3;
      for (const Vec3& f : to_structure_order(step.forces))
        forces.values.insert(forces.values.end(), {f[0], f[1], f[2]});
      frame.properties["forces"] = std::move(forces);
      frame.info["energy_eV"] = step.free_energy_eV;
      frame.timestep = static_cast<long long>(k) + 1;
      result.frames.push_back(std::move(frame));
    }
  }
  result.status = CalculationStatus::ok;
  result.provenance["code"] = "VASP";
  if (!output.version.empty()) result.provenance["code_version"] = output.version;
  result.provenance["output_file"] = output.source;
  return result;
}

std::unique_ptr<Calculator> make_vasp_calculator(const std::string& config_path) {
  const YAML::Node root = load_yaml_file_strict(config_path);
  const YamlReader reader{config_path};
  const std::string where = "the 'vasp' section";
  const YAML::Node section = reader.required(root, "vasp", "calculator configuration");
  reader.require_map(section, where);
  reader.check_keys(
      section, where,
      {"command", "cores", "potcar_library", "potcars", "encut_eV", "gga", "precision", "lreal", "algorithm", "ispin",
       "ismear", "sigma_eV", "ediff_eV", "nelm", "kpoints", "hubbard_u_eV", "incar"});
  VaspSettings s;
  const YAML::Node command = reader.required(section, "command", where);
  s.command = command.IsSequence() ? reader.list<std::string>(command, "vasp: 'command'")
                                   : split_words(reader.text(command, "vasp: 'command'"));
  if (s.command.empty()) reader.fail(command, "vasp: 'command' is empty");
  if (section["cores"]) s.cores = static_cast<int>(reader.count(section["cores"], "vasp: 'cores'"));
  const fs::path base = fs::path(config_path).parent_path();
  auto resolve = [&](const std::string& path) {
    return fs::path(path).is_relative() ? (base / path).lexically_normal().string() : path;
  };
  s.potcar_library = resolve(reader.get<std::string>(section, "potcar_library", where));
  const YAML::Node potcars = reader.required(section, "potcars", where);
  reader.require_map(potcars, "vasp: 'potcars'");
  for (const auto& entry : potcars)
    s.potcars[reader.text(entry.first, "vasp: 'potcars' key")] = reader.text(entry.second, "vasp: 'potcars' entry");
  if (section["encut_eV"]) s.encut_eV = reader.positive(section["encut_eV"], "vasp: 'encut_eV'");
  s.gga = reader.get_or<std::string>(section, "gga", where, s.gga);
  s.precision = reader.get_or<std::string>(section, "precision", where, s.precision);
  s.lreal = reader.get_or<std::string>(section, "lreal", where, s.lreal);
  s.algorithm = reader.get_or<std::string>(section, "algorithm", where, s.algorithm);
  if (section["ispin"]) s.spin_polarization = static_cast<int>(reader.integer(section["ispin"], "vasp: 'ispin'"));
  if (section["ismear"]) s.smearing = static_cast<int>(reader.integer(section["ismear"], "vasp: 'ismear'"));
  if (section["sigma_eV"]) s.sigma_eV = reader.positive(section["sigma_eV"], "vasp: 'sigma_eV'");
  if (section["ediff_eV"]) s.ediff_eV = reader.positive(section["ediff_eV"], "vasp: 'ediff_eV'");
  if (section["nelm"]) s.electronic_step_limit = static_cast<int>(reader.count(section["nelm"], "vasp: 'nelm'"));
  if (section["kpoints"]) {
    const auto k = reader.list<int>(section["kpoints"], "vasp: 'kpoints'");
    if (k.size() != 3) reader.fail(section["kpoints"], "vasp: 'kpoints' needs three subdivisions");
    s.kpoints = {k[0], k[1], k[2]};
  }
  if (section["hubbard_u_eV"]) {
    reader.require_map(section["hubbard_u_eV"], "vasp: 'hubbard_u_eV'");
    for (const auto& entry : section["hubbard_u_eV"])
      s.hubbard_u_eV[reader.text(entry.first, "vasp: 'hubbard_u_eV' key")] =
          reader.non_negative(entry.second, "vasp: 'hubbard_u_eV' entry");
  }
  if (section["incar"]) {
    reader.require_map(section["incar"], "vasp: 'incar'");
    std::string text;
    for (const auto& entry : section["incar"])
      text += reader.text(entry.first, "vasp: 'incar' key") + " = " +
              (entry.second.IsSequence() ? [&] {
                std::string joined;
                for (const auto& v : reader.list<std::string>(entry.second, "vasp: 'incar' entry"))
                  joined += (joined.empty() ? "" : " ") + v;
                return joined;
              }()
                                         : reader.text(entry.second, "vasp: 'incar' entry")) +
              "\n";
    s.incar = reader.wrap(section["incar"], [&] { return parse_incar(text, config_path + " (vasp: 'incar')"); });
  }
  // A program given with a folder is relative to the configuration file too; a bare name is looked up on PATH.
  if (s.command[0].find('/') != std::string::npos) s.command[0] = fs::absolute(resolve(s.command[0])).string();
  return reader.wrap(section, [&] { return std::make_unique<VaspCalculator>(s); });
}

}  // namespace ionglass::calculators
