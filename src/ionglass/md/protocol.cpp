#include "ionglass/md/protocol.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "ionglass/core/error.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass {

std::string ensemble_name(Ensemble e) {
  switch (e) {
    case Ensemble::Nve: return "nve";
    case Ensemble::Nvt: return "nvt";
    case Ensemble::Npt: return "npt";
    case Ensemble::Minimize: return "minimize";
  }
  return "";
}

double StageSpec::temperature_at(long long k) const {
  if (steps <= 1) return end_temperature_K;
  const double f = static_cast<double>(k - 1) / static_cast<double>(steps - 1);
  return start_temperature_K + (end_temperature_K - start_temperature_K) * f;
}

long long Protocol::total_steps() const {
  long long n = 0;
  for (const auto& s : stages) n += s.steps;
  return n;
}

long long steps_for_duration(double duration_ps, double timestep_ps) {
  const double steps = std::round(duration_ps / timestep_ps);
  if (!(steps >= 1))
    throw InputError(fmt::format("the stage lasts {} ps, less than one timestep of {} ps", duration_ps, timestep_ps));
  if (steps > 1e12) throw InputError("the stage is longer than 10^12 steps");
  return static_cast<long long>(steps);
}

StageSpec minimize_stage(std::string name, long long max_steps) {
  StageSpec s;
  s.name = std::move(name);
  s.ensemble = Ensemble::Minimize;
  s.fire.max_steps = max_steps;
  s.steps = max_steps;
  return s;
}

StageSpec nvt_stage(std::string name, ThermostatKind thermostat, double damping_ps, double temperature_K,
                    double timestep_ps, double duration_ps) {
  StageSpec s;
  s.name = std::move(name);
  s.ensemble = Ensemble::Nvt;
  s.thermostat = thermostat;
  s.damping_ps = damping_ps;
  s.start_temperature_K = s.end_temperature_K = temperature_K;
  s.timestep_ps = timestep_ps;
  s.steps = steps_for_duration(duration_ps, timestep_ps);
  return s;
}

std::string timestep_warning(const StageSpec& stage, const std::string& source, long line) {
  if (stage.ensemble == Ensemble::Minimize || !(stage.timestep_ps > 0.005)) return "";
  return fmt::format("{}:{}: timestep_ps = {} ps ({} fs) is unusually large: timesteps are in picoseconds (0.001 ps = 1 fs)",
                     source, line, stage.timestep_ps, stage.timestep_ps * 1000);
}

namespace {

using Reader = YamlReader;  // every problem an InputError with file and line

std::string resolve(const std::string& base_file, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(base_file).parent_path() / p).lexically_normal().string();
}

RandomPackingOptions parse_random(const Reader& r, const YAML::Node& node) {
  r.check_keys(node, "structure.random",
               {"composition", "atoms", "density_g_cm3", "volume_per_atom_A3", "min_distance_A", "seed",
                "max_attempts_per_atom"});
  RandomPackingOptions o;
  if (!node["composition"]) r.fail(node, "structure.random needs a composition (e.g. {NaFePO4: 1})");
  const YAML::Node comp = node["composition"];
  r.require_map(comp, "structure.random.composition");
  for (const auto& kv : comp) {
    const std::string unit = kv.first.as<std::string>();
    r.wrap(kv.first, [&] { return parse_formula(unit); });
    const long long amount = r.integer(kv.second, "amount of " + unit);
    if (amount <= 0) r.fail(kv.second, "amount of " + unit + " must be a positive whole number");
    o.composition.emplace_back(unit, amount);
  }
  if (o.composition.empty()) r.fail(comp, "the composition is empty");
  if (node["atoms"]) {
    o.target_atoms = r.integer(node["atoms"], "atoms");
    if (o.target_atoms <= 0) r.fail(node["atoms"], "atoms must be positive");
  }
  if (node["density_g_cm3"]) o.density_g_cm3 = r.positive(node["density_g_cm3"], "density_g_cm3");
  if (node["volume_per_atom_A3"]) o.volume_per_atom_A3 = r.positive(node["volume_per_atom_A3"], "volume_per_atom_A3");
  if ((o.density_g_cm3 > 0) == (o.volume_per_atom_A3 > 0))
    r.fail(node, "structure.random needs exactly one of density_g_cm3 and volume_per_atom_A3");
  if (node["min_distance_A"]) {
    const YAML::Node md = node["min_distance_A"];
    if (md.IsScalar()) {
      o.default_min_distance_A = r.non_negative(md, "min_distance_A");
    } else {
      r.require_map(md, "min_distance_A");
      for (const auto& kv : md) {
        const std::string key = kv.first.as<std::string>();
        const double d = r.non_negative(kv.second, "min_distance_A." + key);
        if (key == "default") {
          o.default_min_distance_A = d;
          continue;
        }
        const auto dash = key.find('-');
        if (dash == std::string::npos) r.fail(kv.first, "min_distance_A keys are 'default' or element pairs like Na-O");
        const std::string a = key.substr(0, dash), b = key.substr(dash + 1);
        for (const auto& el : {a, b})
          if (parse_formula(el).size() != 1 || parse_formula(el).begin()->second != 1)
            r.fail(kv.first, "'" + el + "' is not an element symbol");
        o.pair_min_distance_A[{a, b}] = d;
      }
    }
  }
  if (node["seed"]) o.seed = static_cast<std::uint64_t>(r.count(node["seed"], "seed"));
  if (node["max_attempts_per_atom"]) {
    o.max_attempts_per_atom = r.integer(node["max_attempts_per_atom"], "max_attempts_per_atom");
    if (o.max_attempts_per_atom <= 0) r.fail(node["max_attempts_per_atom"], "max_attempts_per_atom must be positive");
  }
  r.wrap(node, [&] { return packing_counts(o); });
  for (const auto& [pair, d] : o.pair_min_distance_A) {
    const auto counts = packing_counts(o);
    if (!counts.count(pair.first) || !counts.count(pair.second))
      r.fail(node["min_distance_A"], "minimum distance given for " + pair.first + "-" + pair.second +
                                         ", but the composition has no such element");
    (void)d;
  }
  return o;
}

StructureSpec parse_structure(const Reader& r, const YAML::Node& node) {
  r.check_keys(node, "structure", {"file", "types", "format", "random", "charges"});
  StructureSpec s;
  if (node["file"] && node["random"]) r.fail(node, "structure takes either file or random, not both");
  if (node["file"]) {
    s.file = resolve(r.source, r.text(node["file"], "structure.file"));
  } else if (node["random"]) {
    s.random = parse_random(r, node["random"]);
  } else {
    r.fail(node, "structure needs a file or a random packing");
  }
  if (node["types"]) {
    const YAML::Node t = node["types"];
    if (t.IsSequence())
      for (const auto& e : t) s.types.push_back(r.text(e, "types"));
    else
      s.types = split_symbol_list(r.text(t, "types"));
    for (const auto& sym : s.types)
      if (parse_formula(sym).size() != 1) r.fail(t, "'" + sym + "' in types is not an element symbol");
  }
  if (node["format"]) s.format = r.text(node["format"], "structure.format");
  if (node["charges"]) {
    r.require_map(node["charges"], "structure.charges");
    for (const auto& kv : node["charges"]) {
      const std::string el = kv.first.as<std::string>();
      r.wrap(kv.first, [&] { return parse_formula(el); });
      s.charges[el] = r.number(kv.second, "charge of " + el);
    }
  }
  return s;
}

PotentialSpec parse_potential(const Reader& r, const YAML::Node& node) {
  PotentialSpec p;
  if (node.IsScalar()) {
    p.file = resolve(r.source, node.Scalar());
    return p;
  }
  r.check_keys(node, "potential", {"file", "lennard_jones"});
  if (node["file"] && node["lennard_jones"]) r.fail(node, "potential takes either file or lennard_jones");
  if (node["file"]) {
    p.file = resolve(r.source, r.text(node["file"], "potential.file"));
  } else if (node["lennard_jones"]) {
    const YAML::Node lj = node["lennard_jones"];
    r.check_keys(lj, "potential.lennard_jones", {"epsilon_eV", "sigma_A", "cutoff_A"});
    for (const char* key : {"epsilon_eV", "sigma_A", "cutoff_A"})
      if (!lj[key]) r.fail(lj, std::string("potential.lennard_jones needs ") + key);
    p.lennard_jones = true;
    p.epsilon_eV = r.positive(lj["epsilon_eV"], "epsilon_eV");
    p.sigma_A = r.positive(lj["sigma_A"], "sigma_A");
    p.cutoff_A = r.positive(lj["cutoff_A"], "cutoff_A");
    if (p.cutoff_A <= 0.5 * p.sigma_A) r.fail(lj["cutoff_A"], "cutoff_A must exceed sigma_A/2");
  } else {
    r.fail(node, "potential needs a file (or lennard_jones parameters)");
  }
  return p;
}

StageSpec parse_stage(const Reader& r, const YAML::Node& node, std::size_t index, std::vector<std::string>& warnings) {
  r.require_map(node, "stage");
  StageSpec s;
  s.line = node.Mark().line + 1;
  s.name = fmt::format("stage {}", index + 1);
  if (!node["ensemble"]) r.fail(node, "every stage needs an ensemble (nve, nvt, npt or minimize)");
  const std::string ensemble = r.text(node["ensemble"], "ensemble");
  if (ensemble == "nve") s.ensemble = Ensemble::Nve;
  else if (ensemble == "nvt") s.ensemble = Ensemble::Nvt;
  else if (ensemble == "npt") s.ensemble = Ensemble::Npt;
  else if (ensemble == "minimize" || ensemble == "minimise") s.ensemble = Ensemble::Minimize;
  else r.fail(node["ensemble"], "unknown ensemble '" + ensemble + "' (expected nve, nvt, npt or minimize)");

  const std::set<std::string> common{"name", "ensemble"};
  std::set<std::string> allowed = common;
  if (s.ensemble == Ensemble::Minimize) {
    allowed.insert({"force_tolerance_eV_per_A", "max_steps", "max_step_A", "relax_cell", "pressure_bar",
                    "pressure_tolerance_bar"});
  } else {
    allowed.insert({"duration_ps", "steps", "timestep_ps"});
    if (s.ensemble != Ensemble::Nve)
      allowed.insert({"thermostat", "damping_ps", "temperature_K", "start_temperature_K", "end_temperature_K",
                      "cooling_rate_K_per_ps"});
    if (s.ensemble == Ensemble::Npt)
      allowed.insert({"pressure_bar", "barostat", "pressure_damping_ps", "compressibility_per_bar"});
  }
  r.check_keys(node, "a " + ensemble + " stage", allowed);
  if (node["name"]) s.name = r.text(node["name"], "name");

  if (s.ensemble == Ensemble::Minimize) {
    if (node["force_tolerance_eV_per_A"])
      s.fire.force_tolerance_eV_per_A = r.positive(node["force_tolerance_eV_per_A"], "force_tolerance_eV_per_A");
    if (node["max_steps"]) s.fire.max_steps = r.count(node["max_steps"], "max_steps");
    if (node["max_step_A"]) s.fire.max_step_A = r.positive(node["max_step_A"], "max_step_A");
    if (node["relax_cell"]) {
      const std::string c = r.text(node["relax_cell"], "relax_cell");
      if (c == "none" || c == "false") s.fire.cell = CellRelaxation::None;
      else if (c == "isotropic" || c == "iso") s.fire.cell = CellRelaxation::Isotropic;
      else if (c == "anisotropic" || c == "aniso") s.fire.cell = CellRelaxation::Anisotropic;
      else r.fail(node["relax_cell"], "relax_cell must be none, isotropic or anisotropic");
    }
    if (node["pressure_bar"]) {
      if (s.fire.cell == CellRelaxation::None) r.fail(node["pressure_bar"], "pressure_bar needs relax_cell isotropic or anisotropic");
      s.fire.pressure_bar = r.number(node["pressure_bar"], "pressure_bar");
    }
    if (node["pressure_tolerance_bar"])
      s.fire.pressure_tolerance_bar = r.positive(node["pressure_tolerance_bar"], "pressure_tolerance_bar");
    s.steps = s.fire.max_steps;
    return s;
  }

  if (node["timestep_ps"]) s.timestep_ps = r.positive(node["timestep_ps"], "timestep_ps");
  if (node["timestep_ps"])
    if (const std::string w = timestep_warning(s, r.source, node["timestep_ps"].Mark().line + 1); !w.empty())
      warnings.push_back(w);

  if (s.ensemble != Ensemble::Nve) {
    if (node["thermostat"])
      s.thermostat = r.wrap(node["thermostat"], [&] { return parse_thermostat_kind(r.text(node["thermostat"], "thermostat")); });
    if (node["damping_ps"]) s.damping_ps = r.positive(node["damping_ps"], "damping_ps");
    const bool single = static_cast<bool>(node["temperature_K"]);
    const bool ramp = node["start_temperature_K"] || node["end_temperature_K"];
    if (single && ramp) r.fail(node, "give either temperature_K or start_temperature_K and end_temperature_K");
    if (single) {
      s.start_temperature_K = s.end_temperature_K = r.positive(node["temperature_K"], "temperature_K");
      if (node["cooling_rate_K_per_ps"]) r.fail(node["cooling_rate_K_per_ps"], "cooling_rate_K_per_ps needs start_temperature_K and end_temperature_K");
    } else if (ramp) {
      if (!node["start_temperature_K"] || !node["end_temperature_K"])
        r.fail(node, "a temperature ramp needs both start_temperature_K and end_temperature_K");
      s.start_temperature_K = r.positive(node["start_temperature_K"], "start_temperature_K");
      s.end_temperature_K = r.positive(node["end_temperature_K"], "end_temperature_K");
    } else {
      r.fail(node, "an " + ensemble + " stage needs temperature_K (or start_temperature_K and end_temperature_K)");
    }
  }
  if (s.ensemble == Ensemble::Npt) {
    if (!node["pressure_bar"]) r.fail(node, "an npt stage needs pressure_bar");
    s.pressure_bar = r.number(node["pressure_bar"], "pressure_bar");
    if (node["barostat"])
      s.coupling = r.wrap(node["barostat"], [&] { return parse_barostat_coupling(r.text(node["barostat"], "barostat")); });
    if (node["pressure_damping_ps"]) s.pressure_damping_ps = r.positive(node["pressure_damping_ps"], "pressure_damping_ps");
    if (node["compressibility_per_bar"])
      s.compressibility_per_bar = r.positive(node["compressibility_per_bar"], "compressibility_per_bar");
  }

  // Length: steps, duration_ps or (for ramps) cooling_rate_K_per_ps — exactly one.
  const int given = (node["steps"] ? 1 : 0) + (node["duration_ps"] ? 1 : 0) + (node["cooling_rate_K_per_ps"] ? 1 : 0);
  if (given != 1) r.fail(node, "give exactly one of steps, duration_ps and cooling_rate_K_per_ps");
  if (node["steps"]) {
    s.steps = r.integer(node["steps"], "steps");
    if (s.steps <= 0) r.fail(node["steps"], "steps must be positive");
  } else {
    double duration = 0;
    if (node["duration_ps"]) {
      duration = r.positive(node["duration_ps"], "duration_ps");
    } else {
      const double rate = r.positive(node["cooling_rate_K_per_ps"], "cooling_rate_K_per_ps");
      if (s.start_temperature_K == s.end_temperature_K)
        r.fail(node["cooling_rate_K_per_ps"], "cooling_rate_K_per_ps needs different start and end temperatures");
      duration = std::abs(s.start_temperature_K - s.end_temperature_K) / rate;
    }
    s.steps = r.wrap(node, [&] { return steps_for_duration(duration, s.timestep_ps); });
  }
  return s;
}

OutputSpec parse_outputs(const Reader& r, const YAML::Node& node) {
  r.check_keys(node, "outputs",
               {"thermo_every", "thermo_file", "console", "trajectory_every", "trajectory_file",
                "trajectory_velocities", "final_structure", "checkpoint_every", "checkpoint_file"});
  OutputSpec o;
  if (node["thermo_every"]) {
    o.thermo_every = r.integer(node["thermo_every"], "thermo_every");
    if (o.thermo_every <= 0) r.fail(node["thermo_every"], "thermo_every must be positive");
  }
  if (node["thermo_file"]) o.thermo_file = r.text(node["thermo_file"], "thermo_file");
  if (node["console"]) o.console = r.flag(node["console"], "console");
  if (node["trajectory_every"]) o.trajectory_every = r.count(node["trajectory_every"], "trajectory_every");
  if (node["trajectory_file"]) {
    o.trajectory_file = r.text(node["trajectory_file"], "trajectory_file");
    const std::string ext = std::filesystem::path(o.trajectory_file).extension().string();
    if (ext != ".dump" && ext != ".lammpstrj" && ext != ".xyz" && ext != ".extxyz")
      r.fail(node["trajectory_file"], "trajectory_file must end in .dump or .lammpstrj (LAMMPS dump) or .xyz/.extxyz (extended XYZ)");
  }
  if (node["trajectory_velocities"]) o.trajectory_velocities = r.flag(node["trajectory_velocities"], "trajectory_velocities");
  if (node["final_structure"]) o.final_structure = r.text(node["final_structure"], "final_structure");
  if (node["checkpoint_every"]) o.checkpoint_every = r.count(node["checkpoint_every"], "checkpoint_every");
  if (node["checkpoint_file"]) o.checkpoint_file = r.text(node["checkpoint_file"], "checkpoint_file");
  return o;
}

SafetySpec parse_safety(const Reader& r, const YAML::Node& node) {
  r.check_keys(node, "safety", {"min_distance_A", "max_displacement_A", "max_temperature_K", "check_every"});
  SafetySpec s;
  if (node["min_distance_A"]) s.min_distance_A = r.non_negative(node["min_distance_A"], "min_distance_A");
  if (node["max_displacement_A"])
    s.max_displacement_A = r.non_negative(node["max_displacement_A"], "max_displacement_A");
  if (node["max_temperature_K"]) s.max_temperature_K = r.positive(node["max_temperature_K"], "max_temperature_K");
  if (node["check_every"]) {
    s.check_every = r.integer(node["check_every"], "check_every");
    if (s.check_every <= 0) r.fail(node["check_every"], "check_every must be positive");
  }
  return s;
}

// The `extrapolation:` mapping (keys of ace::ExtrapolationSettings). Relative paths are resolved
// against `base_directory`. Throws InputError(source, line, problem) for unknown keys, missing
// active_set, every ≤ 0, thresholds ≤ 0 or upper < lower.
ace::ExtrapolationSettings parse_extrapolation_settings(const YAML::Node& node, const std::string& source,
                                                        const std::string& base_directory) {
  auto line = [](const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; };
  if (!node.IsMap()) throw InputError(source, line(node), "extrapolation: must be a mapping");
  static const std::set<std::string> known{"potential", "active_set", "every", "lower", "upper", "file"};
  ace::ExtrapolationSettings s;
  for (const auto& item : node) {
    const std::string key = item.first.Scalar();
    if (!known.count(key))
      throw InputError(source, line(item.first),
                       "unknown key 'extrapolation." + key + "' (known: potential, active_set, every, lower, upper, file)");
  }
  auto path = [&](const std::string& value) {
    if (value.empty() || base_directory.empty() || std::filesystem::path(value).is_absolute()) return value;
    return (std::filesystem::path(base_directory) / value).string();
  };
  auto number = [&](const char* key, double fallback) {
    if (!node[key]) return fallback;
    try {
      return node[key].as<double>();
    } catch (const YAML::Exception&) {
      throw InputError(source, line(node[key]), std::string("extrapolation.") + key + " must be a number");
    }
  };
  if (node["potential"]) s.potential = path(node["potential"].Scalar());
  if (!node["active_set"]) throw InputError(source, line(node), "extrapolation needs 'active_set' (the .asi file)");
  s.active_set = path(node["active_set"].Scalar());
  if (node["file"]) s.file = node["file"].Scalar();
  const double every = number("every", static_cast<double>(s.every));
  if (!(every >= 1) || every != static_cast<double>(static_cast<long long>(every)))
    throw InputError(source, line(node["every"] ? node["every"] : node), "extrapolation.every must be a positive integer (steps)");
  s.every = static_cast<long long>(every);
  s.lower = number("lower", s.lower);
  s.upper = number("upper", s.upper);
  if (!(s.lower > 0) || !(s.upper > 0)) throw InputError(source, line(node), "extrapolation thresholds must be positive");
  if (s.upper < s.lower) throw InputError(source, line(node), "extrapolation.upper must be ≥ extrapolation.lower");
  return s;
}

// The `extrapolation:` section (errors keep file and line); the B-basis defaults to the MD
// potential when that is a .yaml.
ace::ExtrapolationSettings parse_extrapolation(const Reader& r, const YAML::Node& node, const PotentialSpec& md_potential) {
  const std::string directory = std::filesystem::path(r.source).parent_path().string();
  ace::ExtrapolationSettings s = parse_extrapolation_settings(node, r.source, directory.empty() ? "." : directory);
  if (!s.potential.empty()) s.potential = std::filesystem::path(s.potential).lexically_normal().string();
  s.active_set = std::filesystem::path(s.active_set).lexically_normal().string();
  if (s.potential.empty()) {
    const std::string ext = std::filesystem::path(md_potential.file).extension().string();
    if (md_potential.lennard_jones || (ext != ".yaml" && ext != ".yml"))
      r.fail(node, "extrapolation needs 'potential' (the B-basis .yaml) unless the MD potential is that .yaml");
    s.potential = md_potential.file;
  }
  const std::string ext = std::filesystem::path(s.file).extension().string();
  if (ext != ".xyz" && ext != ".extxyz")
    r.fail(node["file"] ? node["file"] : node, "extrapolation.file must end in .xyz or .extxyz (extended XYZ with a per-atom gamma column)");
  return s;
}

}  // namespace

Protocol parse_protocol(const std::string& text, const std::string& path) {
  Protocol p;
  p.path = path;
  p.text = text;
  const YAML::Node root = load_yaml_strict(text, path);
  const Reader r{path};
  if (!root.IsMap()) throw InputError(path, 0, "a protocol file must be a YAML mapping (structure, potential, stages, ...)");
  try {
    r.check_keys(root, "the protocol",
                 {"description", "structure", "potential", "seed", "initial_temperature_K", "stages", "outputs", "safety",
                  "extrapolation"});
    if (!root["structure"]) throw InputError(path, 0, "the protocol needs a structure");
    if (!root["potential"]) throw InputError(path, 0, "the protocol needs a potential");
    if (!root["stages"]) throw InputError(path, 0, "the protocol needs a list of stages");
    if (root["description"]) p.description = r.text(root["description"], "description");
    p.structure = parse_structure(r, root["structure"]);
    p.potential = parse_potential(r, root["potential"]);
    if (root["seed"]) p.seed = static_cast<std::uint64_t>(r.count(root["seed"], "seed"));
    if (root["initial_temperature_K"]) p.initial_temperature_K = r.non_negative(root["initial_temperature_K"], "initial_temperature_K");
    const YAML::Node stages = root["stages"];
    if (!stages.IsSequence() || stages.size() == 0) r.fail(stages, "stages must be a non-empty list");
    for (std::size_t k = 0; k < stages.size(); ++k) p.stages.push_back(parse_stage(r, stages[k], k, p.warnings));
    if (root["outputs"]) p.outputs = parse_outputs(r, root["outputs"]);
    if (root["safety"]) p.safety = parse_safety(r, root["safety"]);
    if (root["extrapolation"]) p.extrapolation = parse_extrapolation(r, root["extrapolation"], p.potential);
  } catch (const YAML::Exception& e) {
    throw InputError(path, e.mark.is_null() ? 0 : e.mark.line + 1, e.msg);
  }
  return p;
}

Protocol read_protocol(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open the protocol file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_protocol(text.str(), path);
}

}  // namespace ionglass
