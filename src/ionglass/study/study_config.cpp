#include "ionglass/study/study_config.hpp"

#include <glob.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <type_traits>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/strict_yaml.hpp"

namespace ionglass::study {

namespace fs = std::filesystem;

namespace {

template <class T>
struct is_list : std::false_type {};
template <class T>
struct is_list<std::vector<T>> : std::true_type {};

// The one YAML reader (errors "FILE:LINE: problem") and the study file's folder, against which
// relative paths resolve.
struct Context {
  YamlReader yaml;
  fs::path directory;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& problem) const { yaml.fail(node, problem); }
  void only_keys(const YAML::Node& node, const std::string& where, std::initializer_list<const char*> allowed) const {
    yaml.check_keys(node, where, std::set<std::string>(allowed.begin(), allowed.end()));
  }
  template <class T>
  T get(const YAML::Node& node, const std::string& what) const {
    if constexpr (is_list<T>::value)
      return yaml.list<typename T::value_type>(node, "'" + what + "'");
    else if constexpr (std::is_same_v<T, bool>)
      return yaml.flag(node, "'" + what + "'");
    else
      return yaml.scalar<T>(node, "'" + what + "'");
  }
  double positive(const YAML::Node& node, const std::string& what, bool allow_zero = false) const {
    return allow_zero ? yaml.non_negative(node, "'" + what + "'") : yaml.positive(node, "'" + what + "'");
  }
  std::string resolve(const std::string& p) const {
    const fs::path candidate(p);
    return (candidate.is_absolute() ? candidate : directory / candidate).lexically_normal().string();
  }
};

std::vector<std::string> expand(const std::string& pattern) {
  glob_t g{};
  std::vector<std::string> out;
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0)
    for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  std::sort(out.begin(), out.end());
  return out;
}

void check_pair(const Context& c, const YAML::Node& node, const std::string& pair) {
  const auto dash = pair.find('-');
  if (dash == std::string::npos) c.fail(node, "cutoff key '" + pair + "' must be A-B (e.g. P-O)");
  for (const std::string& el : std::vector<std::string>{pair.substr(0, dash), pair.substr(dash + 1)})
    if (!elements::find_symbol(el)) c.fail(node, "unknown element '" + el + "' in cutoff '" + pair + "'");
}

}  // namespace

StudySpec read_study(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw InputError(path, 0, "no such study file");
  const YAML::Node root = load_yaml_file_strict(path);
  Context c{YamlReader{path}, fs::absolute(path).parent_path()};
  StudySpec s;
  s.path = path;
  c.only_keys(root, "the study file", {"title", "models", "structure", "diffusion", "threads"});
  s.title = root["title"] ? c.get<std::string>(root["title"], "title") : "ionglass study";
  if (root["threads"]) s.threads = static_cast<int>(c.positive(root["threads"], "threads"));

  if (const auto st = root["structure"]) {
    c.only_keys(st, "structure", {"cutoffs", "rmax_A", "dr_A", "qmax_per_A", "formers", "rings"});
    if (st["cutoffs"]) {
      if (!st["cutoffs"].IsMap()) c.fail(st["cutoffs"], "structure.cutoffs must map pairs to distances (P-O: 2.0)");
      for (const auto& kv : st["cutoffs"]) {
        const std::string pair = kv.first.as<std::string>();
        check_pair(c, kv.first, pair);
        s.structure.cutoffs_A[pair] = c.positive(kv.second, "cutoff " + pair);
      }
    }
    if (st["rmax_A"]) s.structure.r_max_A = c.positive(st["rmax_A"], "rmax_A");
    if (st["dr_A"]) s.structure.dr_A = c.positive(st["dr_A"], "dr_A");
    if (st["qmax_per_A"]) s.structure.q_max_per_A = c.positive(st["qmax_per_A"], "qmax_per_A");
    if (st["formers"]) s.structure.formers = c.get<std::vector<std::string>>(st["formers"], "formers");
    for (const auto& f : s.structure.formers)
      if (!elements::find_symbol(f)) c.fail(st["formers"], "unknown former element '" + f + "'");
    if (st["rings"]) {
      s.structure.rings = c.get<std::vector<std::string>>(st["rings"], "rings");
      for (const auto& r : s.structure.rings)
        if (r != "king" && r != "guttman" && r != "primitive")
          c.fail(st["rings"], "unknown ring criterion '" + r + "' (king, guttman, primitive)");
    }
    if (s.structure.dr_A >= s.structure.r_max_A) c.fail(st, "structure.dr_A must be smaller than rmax_A");
  }

  if (const auto d = root["diffusion"]) {
    c.only_keys(d, "diffusion",
                {"enabled", "species", "charges", "temperatures_K", "timestep_ps", "equilibration_ps", "production_ps",
                 "frame_interval_ps", "thermostat", "damping_ps", "cells", "formula_units", "formula", "density_g_cm3",
                 "min_distance_A", "extrapolate_to_K", "matrix_species", "mobility_fraction", "seed"});
    auto& D = s.diffusion;
    if (d["enabled"]) D.enabled = c.get<bool>(d["enabled"], "enabled");
    if (d["species"]) D.species = c.get<std::string>(d["species"], "species");
    if (!elements::find_symbol(D.species)) c.fail(d["species"], "unknown element '" + D.species + "'");
    if (d["charges"]) {
      D.charges_e.clear();
      for (const auto& kv : d["charges"]) D.charges_e[kv.first.as<std::string>()] = c.get<double>(kv.second, "charge");
    }
    if (d["temperatures_K"]) D.temperatures_K = c.get<std::vector<double>>(d["temperatures_K"], "temperatures_K");
    if (d["timestep_ps"]) D.timestep_ps = c.positive(d["timestep_ps"], "timestep_ps");
    if (d["equilibration_ps"]) D.equilibration_ps = c.positive(d["equilibration_ps"], "equilibration_ps", true);
    if (d["production_ps"]) D.production_ps = c.positive(d["production_ps"], "production_ps");
    if (d["frame_interval_ps"]) D.frame_interval_ps = c.positive(d["frame_interval_ps"], "frame_interval_ps");
    if (d["thermostat"]) D.thermostat = c.get<std::string>(d["thermostat"], "thermostat");
    if (D.thermostat != "bussi" && D.thermostat != "langevin" && D.thermostat != "nose_hoover")
      c.fail(d["thermostat"], "unknown thermostat '" + D.thermostat + "' (bussi, langevin, nose_hoover)");
    if (d["damping_ps"]) D.damping_ps = c.positive(d["damping_ps"], "damping_ps");
    if (d["cells"]) D.cells = c.get<std::string>(d["cells"], "cells");
    if (D.cells != "packed" && D.cells != "structures")
      c.fail(d["cells"], "unknown diffusion cells '" + D.cells + "' (packed, structures)");
    if (D.cells == "structures" && D.enabled && !(D.equilibration_ps > 0))
      c.fail(d, "diffusion.cells: structures needs equilibration_ps > 0 (the glasses are heated to T there)");
    if (D.cells == "structures" && (d["formula_units"] || d["formula"] || d["density_g_cm3"] || d["min_distance_A"]))
      c.fail(d,
             "formula_units, formula, density_g_cm3 and min_distance_A describe packed cells; "
             "diffusion.cells: structures uses the model's glasses");
    if (d["formula_units"]) D.formula_units = static_cast<int>(c.positive(d["formula_units"], "formula_units"));
    if (d["formula"]) D.formula = c.get<std::string>(d["formula"], "formula");
    if (d["density_g_cm3"]) D.density_g_cm3 = c.positive(d["density_g_cm3"], "density_g_cm3");
    if (d["min_distance_A"]) D.min_distance_A = c.positive(d["min_distance_A"], "min_distance_A");
    if (d["extrapolate_to_K"]) D.extrapolate_to_K = c.positive(d["extrapolate_to_K"], "extrapolate_to_K");
    if (d["matrix_species"]) {
      D.matrix_species = c.get<std::vector<std::string>>(d["matrix_species"], "matrix_species");
      for (const auto& m : D.matrix_species)
        if (!elements::find_symbol(m)) c.fail(d["matrix_species"], "unknown element '" + m + "'");
    }
    if (d["mobility_fraction"]) {
      D.mobility_fraction = c.positive(d["mobility_fraction"], "mobility_fraction");
      if (D.mobility_fraction > 0.5)
        c.fail(d["mobility_fraction"],
               "mobility_fraction must be at most 0.5 (the fastest and slowest groups would overlap)");
    }
    if (d["seed"]) D.seed = c.get<unsigned long>(d["seed"], "seed");
    if (D.enabled) {
      if (D.temperatures_K.size() < 2)
        c.fail(d, "diffusion needs at least two temperatures_K for an Arrhenius fit (or enabled: false)");
      // Values first: NaN compares unequal to everything, so a set would call it a repeat.
      for (double t : D.temperatures_K)
        if (!(t > 0) || !std::isfinite(t)) c.fail(d["temperatures_K"], "temperatures must be positive and finite (K)");
      std::set<double> unique(D.temperatures_K.begin(), D.temperatures_K.end());
      if (unique.size() != D.temperatures_K.size())
        c.fail(d["temperatures_K"], "temperatures_K lists a temperature twice");
      const double steps_per_frame = D.frame_interval_ps / D.timestep_ps;
      if (std::abs(steps_per_frame - std::round(steps_per_frame)) > 1e-6 || steps_per_frame < 1)
        c.fail(d, "frame_interval_ps must be a whole multiple of timestep_ps");
      if (D.production_ps < 10 * D.frame_interval_ps)
        c.fail(d, "production_ps must hold at least 10 frames (frame_interval_ps × 10)");
      if (!D.charges_e.count(D.species))
        c.fail(d, "diffusion.charges must give the charge of the diffusing species " + D.species);
    }
  }

  if (s.diffusion.matrix_species.empty()) s.diffusion.matrix_species = s.structure.formers;

  const auto models = root["models"];
  if (!models || !models.IsSequence() || models.size() == 0)
    c.fail(models.IsDefined() ? models : root, "the study needs a non-empty list 'models'");
  std::set<std::string> names;
  for (const auto& m : models) {
    c.only_keys(m, "a model",
                {"name", "potential", "diffusion_potential", "structures", "types", "quench", "replicas"});
    ModelSpec model;
    model.line = m.Mark().line + 1;
    if (!m["name"]) c.fail(m, "a model needs a name");
    model.name = c.get<std::string>(m["name"], "name");
    if (model.name.empty() || model.name.find_first_of("/ \t") != std::string::npos)
      c.fail(m["name"], "model names must be non-empty without spaces or '/'");
    if (!names.insert(model.name).second) c.fail(m["name"], "model name '" + model.name + "' appears twice");
    if (!m["potential"]) c.fail(m, "model " + model.name + " needs a potential file");
    model.potential = c.resolve(c.get<std::string>(m["potential"], "potential"));
    if (!fs::is_regular_file(model.potential, ec))
      c.fail(m["potential"], "potential file " + model.potential + " not found");
    const std::string ext = fs::path(model.potential).extension().string();
    if (ext != ".yace" && ext != ".yaml" && ext != ".yml")
      c.fail(m["potential"], "unknown potential type '" + ext + "' (expected .yace or .yaml)");
    model.diffusion_potential = model.potential;
    if (m["diffusion_potential"]) {
      model.diffusion_potential = c.resolve(c.get<std::string>(m["diffusion_potential"], "diffusion_potential"));
      if (!fs::is_regular_file(model.diffusion_potential, ec))
        c.fail(m["diffusion_potential"], "potential file " + model.diffusion_potential + " not found");
    }
    if (m["types"]) model.types = c.get<std::string>(m["types"], "types");
    if (m["structures"]) {
      std::vector<std::string> patterns;
      if (m["structures"].IsSequence())
        patterns = c.get<std::vector<std::string>>(m["structures"], "structures");
      else
        patterns.push_back(c.get<std::string>(m["structures"], "structures"));
      for (const auto& p : patterns) {
        const auto found = expand(c.resolve(p));
        if (found.empty()) c.fail(m["structures"], "no structure file matches '" + p + "'");
        model.structures.insert(model.structures.end(), found.begin(), found.end());
      }
    }
    if (m["quench"]) {
      model.quench_protocol = c.resolve(c.get<std::string>(m["quench"], "quench"));
      if (!fs::is_regular_file(model.quench_protocol, ec))
        c.fail(m["quench"], "quench protocol " + model.quench_protocol + " not found");
      model.replicas = m["replicas"] ? static_cast<int>(c.positive(m["replicas"], "replicas")) : 1;
    } else if (m["replicas"]) {
      c.fail(m["replicas"], "replicas needs a quench protocol");
    }
    if (model.structures.empty() && model.quench_protocol.empty())
      c.fail(m, "model " + model.name + " needs structures or a quench protocol");
    if (!model.structures.empty() && !model.quench_protocol.empty())
      c.fail(m, "model " + model.name + " gives both structures and a quench protocol; choose one");
    s.models.push_back(model);
  }
  return s;
}

}  // namespace ionglass::study
