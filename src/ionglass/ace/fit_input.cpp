#include "ionglass/ace/fit_input.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/strict_yaml.hpp"

namespace ionglass::ace {
namespace {

struct Reader : YamlReader {
  /// Refuses a key of `map` that is not in `allowed` ("unknown key 'X' in WHERE (allowed: ...)").
  void only_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) const {
    if (!map.IsMap()) fail(map, where + " must be a mapping");
    for (const auto& entry : map) {
      const std::string key = entry.first.Scalar();
      if (allowed.count(key)) continue;
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(entry.first, "unknown key '" + key + "' in " + where + " (allowed: " + list + ")");
    }
  }
  int line(const YAML::Node& node) const { return node.Mark().is_null() ? 0 : node.Mark().line + 1; }
  double positive(const YAML::Node& map, const std::string& key, const std::string& where, double fallback) const {
    const double v = get_or<double>(map, key, where, fallback);
    if (!(v > 0) || !std::isfinite(v)) fail(map[key], where + ": '" + key + "' must be a positive number");
    return v;
  }
  double non_negative(const YAML::Node& map, const std::string& key, const std::string& where, double fallback) const {
    const double v = get_or<double>(map, key, where, fallback);
    if (!(v >= 0) || !std::isfinite(v)) fail(map[key], where + ": '" + key + "' must be a non-negative number");
    return v;
  }
};

std::string resolve(const std::string& folder, const std::string& path) {
  if (path.empty() || folder.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (std::filesystem::path(folder) / path).string();
}

std::vector<std::string> split_pair(const std::string& key) {
  std::string text = key;
  for (char& c : text)
    if (c == '(' || c == ')' || c == ',') c = ' ';
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

FitEmbeddingSettings read_embedding(const Reader& r, const YAML::Node& node, const std::string& where) {
  r.only_keys(node, {"ndensity", "npot", "fs_parameters", "rho_core_cut", "drho_core_cut"}, where);
  FitEmbeddingSettings e;
  e.line = r.line(node);
  e.ndensity = r.get_or<int>(node, "ndensity", where, 1);
  if (e.ndensity < 1 || e.ndensity > 64) r.fail(node["ndensity"], where + ": 'ndensity' must be 1..64");
  e.npot = r.get_or<std::string>(node, "npot", where, e.npot);
  if (e.npot != "FinnisSinclair" && e.npot != "FinnisSinclairShiftedScaled")
    r.fail(node["npot"], where + ": unknown npot '" + e.npot + "' (FinnisSinclair, FinnisSinclairShiftedScaled)");
  e.fs_parameters = node["fs_parameters"] ? r.get_list<double>(node, "fs_parameters", where) : std::vector<double>{};
  if (e.fs_parameters.empty())
    for (int p = 0; p < e.ndensity; ++p) e.fs_parameters.insert(e.fs_parameters.end(), {1.0, p == 0 ? 1.0 : 0.5});
  if (e.fs_parameters.size() != 2 * static_cast<std::size_t>(e.ndensity))
    r.fail(node["fs_parameters"], where + ": 'fs_parameters' must hold 2·ndensity = " + std::to_string(2 * e.ndensity) +
                                      " numbers, got " + std::to_string(e.fs_parameters.size()));
  for (double v : e.fs_parameters)
    if (!std::isfinite(v)) r.fail(node["fs_parameters"], where + ": 'fs_parameters' must be finite");
  e.rho_core_cut = r.non_negative(node, "rho_core_cut", where, e.rho_core_cut);
  e.drho_core_cut = r.non_negative(node, "drho_core_cut", where, e.drho_core_cut);
  return e;
}

FitBondSettings read_bond(const Reader& r, const YAML::Node& node, const std::string& where, double cutoff) {
  r.only_keys(node,
              {"radbase", "radparameters", "rcut", "dcut", "NameOfCutoffFunction", "r_in", "delta_in",
               "inner_cutoff_type", "core-repulsion"},
              where);
  FitBondSettings b;
  b.line = r.line(node);
  b.radbase = r.get_or<std::string>(node, "radbase", where, b.radbase);
  static const std::set<std::string> bases{"SBessel", "ChebExpCos", "ChebPow", "ChebLinear"};
  if (!bases.count(b.radbase))
    r.fail(node["radbase"], where + ": unknown radbase '" + b.radbase + "' (SBessel, ChebExpCos, ChebPow, ChebLinear)");
  if (node["radparameters"]) b.radparameters = r.get_list<double>(node, "radparameters", where);
  b.rcut_A = r.positive(node, "rcut", where, cutoff);
  b.dcut_A = r.positive(node, "dcut", where, b.dcut_A);
  b.cutoff_function = r.get_or<std::string>(node, "NameOfCutoffFunction", where, b.cutoff_function);
  if (b.cutoff_function != "cos")
    r.fail(node["NameOfCutoffFunction"], where + ": only NameOfCutoffFunction: cos is supported");
  b.inner_cutoff_type = r.get_or<std::string>(node, "inner_cutoff_type", where, b.inner_cutoff_type);
  if (b.inner_cutoff_type != "zbl" && b.inner_cutoff_type != "distance" && b.inner_cutoff_type != "density")
    r.fail(node["inner_cutoff_type"], where + ": inner_cutoff_type must be zbl, distance or density");
  if (node["r_in"]) b.r_in_A = r.positive(node, "r_in", where, 1);
  b.delta_in_A = r.positive(node, "delta_in", where, b.delta_in_A);
  if (b.inner_cutoff_type == "zbl") b.core_repulsion = {1, 1};
  if (node["core-repulsion"]) {
    const auto v = r.get_list<double>(node, "core-repulsion", where);
    if (v.size() != 2 || !std::isfinite(v[0]) || !std::isfinite(v[1]))
      r.fail(node["core-repulsion"], where + ": 'core-repulsion' must be two numbers [prehc, lambdahc]");
    b.core_repulsion = {v[0], v[1]};
  }
  if (b.r_in_A && *b.r_in_A >= b.rcut_A) r.fail(node["r_in"], where + ": r_in must be below rcut");
  return b;
}

const std::vector<std::string>& group_names() {
  static const std::vector<std::string> names{"UNARY", "BINARY", "TERNARY", "QUATERNARY", "QUINARY"};
  return names;
}

FitFunctionLimits read_limits(const Reader& r, const YAML::Node& node, const std::string& where) {
  r.only_keys(node, {"nradmax_by_orders", "lmax_by_orders"}, where);
  FitFunctionLimits f;
  f.line = r.line(node);
  f.nradmax_by_orders = r.get_list<int>(node, "nradmax_by_orders", where);
  f.lmax_by_orders = r.get_list<int>(node, "lmax_by_orders", where);
  if (f.nradmax_by_orders.empty()) r.fail(node["nradmax_by_orders"], where + ": 'nradmax_by_orders' is empty");
  if (f.nradmax_by_orders.size() != f.lmax_by_orders.size())
    r.fail(node["lmax_by_orders"],
           where + ": impossible basis: 'lmax_by_orders' and 'nradmax_by_orders' must have one entry per rank (" +
               std::to_string(f.nradmax_by_orders.size()) + " vs " + std::to_string(f.lmax_by_orders.size()) + ")");
  if (f.nradmax_by_orders.size() > 6) r.fail(node["nradmax_by_orders"], where + ": ranks above 6 are not supported");
  for (std::size_t k = 0; k < f.nradmax_by_orders.size(); ++k) {
    const int rank = static_cast<int>(k) + 1;
    if (f.nradmax_by_orders[k] < 1 || f.nradmax_by_orders[k] > 64)
      r.fail(node["nradmax_by_orders"], where + ": nradmax for rank " + std::to_string(rank) + " must be 1..64");
    if (f.lmax_by_orders[k] < 0 || f.lmax_by_orders[k] > 12)
      r.fail(node["lmax_by_orders"], where + ": lmax for rank " + std::to_string(rank) + " must be 0..12");
    // Rank 1 has l = 0 only; a rank r ≥ 2 needs lmax ≥ 0 (all l = 0 couples); a rank-r function
    // with odd r and all l = 0 exists, so only ranks whose nradmax cannot hold canonical tuples fail.
    if (rank == 1 && f.lmax_by_orders[k] != 0)
      r.fail(node["lmax_by_orders"],
             where + ": impossible basis: lmax for rank 1 must be 0 (got " + std::to_string(f.lmax_by_orders[k]) + ")");
  }
  return f;
}

}  // namespace

const FitFunctionLimits* FitFunctionSettings::limits_for(int distinct_elements) const {
  if (distinct_elements >= 1 && distinct_elements <= static_cast<int>(group_names().size())) {
    const auto it = groups.find(group_names()[distinct_elements - 1]);
    if (it != groups.end()) return &it->second;
  }
  const auto all = groups.find("ALL");
  return all == groups.end() ? nullptr : &all->second;
}

FitInput parse_fit_input(const std::string& text, const std::string& source, const std::string& folder) {
  Reader r;
  r.source = source;
  const YAML::Node root = load_yaml_strict(text, source);
  if (!root.IsMap())
    throw InputError(source, 1, "a pacemaker input must be a mapping (cutoff, data, potential, fit, ...)");
  r.only_keys(root, {"cutoff", "seed", "metadata", "data", "potential", "fit", "backend"}, "the input");
  FitInput in;
  in.source = source;
  in.folder = folder;
  in.cutoff_A = r.positive(root, "cutoff", "the input", in.cutoff_A);
  in.seed = r.get_or<int>(root, "seed", "the input", in.seed);
  in.backend_given = root["backend"].IsDefined();
  if (in.backend_given && !root["backend"].IsMap() && !root["backend"].IsNull())
    r.fail(root["backend"], "'backend' must be a mapping");

  // data
  const YAML::Node data = r.required(root, "data", "the input");
  r.only_keys(data, {"filename", "test_filename", "test_size", "reference_energy", "energy_key", "forces_key"}, "data");
  in.data.line = r.line(data);
  in.data.filename = resolve(folder, r.get<std::string>(data, "filename", "data"));
  in.data.test_filename = resolve(folder, r.get_or<std::string>(data, "test_filename", "data", ""));
  if (data["test_size"]) {
    if (data["test_filename"]) r.fail(data["test_size"], "data: give 'test_filename' or 'test_size', not both");
    const double t = r.get<double>(data, "test_size", "data");
    if (!(t > 0) || (t >= 1 && t != std::floor(t)))
      r.fail(data["test_size"], "data: 'test_size' must be a fraction in (0, 1) or a whole number of structures ≥ 1");
    in.data.test_size = t;
  }
  if (const YAML::Node ref = data["reference_energy"]) {
    if (ref.IsScalar() && ref.Scalar() == "auto") {
      in.data.reference_energy_auto = true;
    } else if (ref.IsMap()) {
      for (const auto& entry : ref) {
        const std::string symbol = entry.first.Scalar();
        if (!elements::find_symbol(symbol))
          r.fail(entry.first, "data: reference_energy: unknown element '" + symbol + "'");
        const double e = r.scalar<double>(entry.second, "data: reference_energy of " + symbol);
        if (!std::isfinite(e)) r.fail(entry.second, "data: reference_energy of " + symbol + " must be finite");
        in.data.reference_energy_eV[symbol] = e;
      }
    } else {
      r.fail(ref, "data: 'reference_energy' must be 'auto' or a map element: energy (eV)");
    }
  }
  in.data.energy_key = r.get_or<std::string>(data, "energy_key", "data", in.data.energy_key);
  in.data.forces_key = r.get_or<std::string>(data, "forces_key", "data", in.data.forces_key);

  // potential
  const YAML::Node pot = r.required(root, "potential", "the input");
  r.only_keys(pot, {"deltaSplineBins", "elements", "embeddings", "bonds", "functions", "initial_potential"},
              "potential");
  in.potential.delta_spline_bins_A = r.positive(pot, "deltaSplineBins", "potential", in.potential.delta_spline_bins_A);
  in.potential.elements = r.get_list<std::string>(pot, "elements", "potential");
  if (in.potential.elements.empty()) r.fail(pot["elements"], "potential: 'elements' is empty");
  std::set<std::string> element_set;
  for (const auto& e : in.potential.elements) {
    if (!elements::find_symbol(e)) r.fail(pot["elements"], "potential: unknown element '" + e + "'");
    if (!element_set.insert(e).second) r.fail(pot["elements"], "potential: element '" + e + "' listed twice");
  }
  const std::vector<std::string> sorted(element_set.begin(), element_set.end());

  const YAML::Node embeddings = r.required(pot, "embeddings", "potential");
  if (!embeddings.IsMap()) r.fail(embeddings, "potential: 'embeddings' must be a mapping (ALL or per element)");
  if (embeddings["ALL"])
    for (const auto& e : sorted) in.potential.embeddings[e] = read_embedding(r, embeddings["ALL"], "embeddings: ALL");
  for (const auto& entry : embeddings) {
    const std::string key = entry.first.Scalar();
    if (key == "ALL") continue;
    if (!element_set.count(key))
      r.fail(entry.first, "embeddings: '" + key + "' is not one of the potential's elements");
    in.potential.embeddings[key] = read_embedding(r, entry.second, "embeddings: " + key);
  }
  for (const auto& e : sorted)
    if (!in.potential.embeddings.count(e)) r.fail(embeddings, "embeddings: no embedding for element " + e);

  const YAML::Node bonds = r.required(pot, "bonds", "potential");
  if (!bonds.IsMap()) r.fail(bonds, "potential: 'bonds' must be a mapping (ALL or per pair)");
  auto pair_key = [](std::string a, std::string b) { return a < b ? a + " " + b : b + " " + a; };
  if (bonds["ALL"])
    for (std::size_t i = 0; i < sorted.size(); ++i)
      for (std::size_t j = i; j < sorted.size(); ++j)
        in.potential.bonds[pair_key(sorted[i], sorted[j])] = read_bond(r, bonds["ALL"], "bonds: ALL", in.cutoff_A);
  for (const auto& entry : bonds) {
    const std::string key = entry.first.Scalar();
    if (key == "ALL") continue;
    const auto words = split_pair(key);
    if (words.size() != 2 || !element_set.count(words[0]) || !element_set.count(words[1]))
      r.fail(entry.first, "bonds: '" + key + "' is not a pair of the potential's elements (e.g. \"Fe O\" or (Fe, O))");
    in.potential.bonds[pair_key(words[0], words[1])] = read_bond(r, entry.second, "bonds: " + key, in.cutoff_A);
  }
  for (std::size_t i = 0; i < sorted.size(); ++i)
    for (std::size_t j = i; j < sorted.size(); ++j)
      if (!in.potential.bonds.count(pair_key(sorted[i], sorted[j])))
        r.fail(bonds, "bonds: no bond for the pair " + pair_key(sorted[i], sorted[j]));

  const YAML::Node functions = r.required(pot, "functions", "potential");
  std::set<std::string> function_keys{"ALL", "number_of_functions_per_element"};
  function_keys.insert(group_names().begin(), group_names().end());
  r.only_keys(functions, function_keys, "functions");
  for (const auto& entry : functions) {
    const std::string key = entry.first.Scalar();
    if (key == "number_of_functions_per_element") continue;
    in.potential.functions.groups[key] = read_limits(r, entry.second, "functions: " + key);
  }
  if (in.potential.functions.groups.empty()) r.fail(functions, "functions: give ALL or UNARY, BINARY, ... limits");
  in.potential.functions.number_of_functions_per_element =
      r.get_or<int>(functions, "number_of_functions_per_element", "functions", 0);
  if (in.potential.functions.number_of_functions_per_element < 0)
    r.fail(functions["number_of_functions_per_element"], "functions: 'number_of_functions_per_element' must be ≥ 0");
  in.potential.initial_potential = resolve(folder, r.get_or<std::string>(pot, "initial_potential", "potential", ""));

  // fit
  const YAML::Node fit = root["fit"];
  if (fit.IsDefined() && !fit.IsNull()) {
    r.only_keys(
        fit,
        {"loss", "optimizer", "maxiter", "ladder_step", "ladder_type", "repulsion", "early_stopping_patience",
         "min_relative_train_loss_per_iter", "min_relative_test_loss_per_iter", "weighting", "trainable_parameters"},
        "fit");
    FitSettings& f = in.fit;
    if (const YAML::Node loss = fit["loss"]) {
      r.only_keys(loss, {"kappa", "L1_coeffs", "L2_coeffs", "w0_rad", "w1_rad", "w2_rad"}, "fit: loss");
      if (loss["kappa"] && !(loss["kappa"].IsScalar() && loss["kappa"].Scalar() == "auto")) {
        const double kappa = r.get<double>(loss, "kappa", "fit: loss");
        if (!(kappa >= 0 && kappa <= 1)) r.fail(loss["kappa"], "fit: loss: 'kappa' must be in [0, 1] or auto");
        f.loss.kappa = kappa;
      }
      f.loss.L1_coeffs = r.non_negative(loss, "L1_coeffs", "fit: loss", 0);
      f.loss.L2_coeffs = r.non_negative(loss, "L2_coeffs", "fit: loss", 0);
      f.loss.w0_rad = r.non_negative(loss, "w0_rad", "fit: loss", 0);
      f.loss.w1_rad = r.non_negative(loss, "w1_rad", "fit: loss", 0);
      f.loss.w2_rad = r.non_negative(loss, "w2_rad", "fit: loss", 0);
    }
    f.optimizer = r.get_or<std::string>(fit, "optimizer", "fit", f.optimizer);
    if (f.optimizer != "BFGS" && f.optimizer != "L-BFGS-B")
      r.fail(fit["optimizer"], "fit: 'optimizer' must be BFGS or L-BFGS-B");
    f.maxiter = r.get_or<int>(fit, "maxiter", "fit", f.maxiter);
    if (f.maxiter < 0) r.fail(fit["maxiter"], "fit: 'maxiter' must be ≥ 0");
    if (fit["ladder_step"]) {
      f.ladder_step = r.get<double>(fit, "ladder_step", "fit");
      if (!(f.ladder_step > 0) || (f.ladder_step >= 1 && f.ladder_step != std::floor(f.ladder_step)))
        r.fail(fit["ladder_step"], "fit: 'ladder_step' must be a whole number ≥ 1 or a fraction in (0, 1)");
    }
    f.ladder_type = r.get_or<std::string>(fit, "ladder_type", "fit", f.ladder_type);
    if (f.ladder_type != "power_order") r.fail(fit["ladder_type"], "fit: only ladder_type: power_order is supported");
    if (fit["repulsion"]) {
      const std::string rep = r.get<std::string>(fit, "repulsion", "fit");
      if (rep != "auto") r.fail(fit["repulsion"], "fit: 'repulsion' must be auto");
      f.repulsion_auto = true;
    }
    f.early_stopping_patience = r.get_or<int>(fit, "early_stopping_patience", "fit", 0);
    if (f.early_stopping_patience < 0)
      r.fail(fit["early_stopping_patience"], "fit: 'early_stopping_patience' must be ≥ 0");
    f.min_relative_train_loss_per_iter = r.non_negative(fit, "min_relative_train_loss_per_iter", "fit", 0);
    f.min_relative_test_loss_per_iter = r.non_negative(fit, "min_relative_test_loss_per_iter", "fit", 0);
    f.trainable_parameters = r.get_or<std::string>(fit, "trainable_parameters", "fit", f.trainable_parameters);
    if (f.trainable_parameters != "ALL" && f.trainable_parameters != "func" && f.trainable_parameters != "radial")
      r.fail(fit["trainable_parameters"], "fit: 'trainable_parameters' must be ALL, func or radial");
    f.weighting.seed = in.seed;
    if (const YAML::Node w = fit["weighting"]) {
      r.only_keys(w, {"type", "DElow", "DEup", "DFup", "DE", "DF", "wlow", "energy", "seed"}, "fit: weighting");
      FitWeightingSettings& s = f.weighting;
      s.line = r.line(w);
      const std::string type = r.get<std::string>(w, "type", "fit: weighting");
      if (type == "UniformWeightingPolicy")
        s.type = "uniform";
      else if (type == "EnergyBasedWeightingPolicy")
        s.type = "energy_based";
      else
        r.fail(w["type"], "fit: weighting: type must be UniformWeightingPolicy or EnergyBasedWeightingPolicy");
      if (s.type == "uniform" && w.size() > 1) r.only_keys(w, {"type", "seed"}, "fit: weighting (uniform)");
      s.DElow_eV = r.non_negative(w, "DElow", "fit: weighting", s.DElow_eV);
      s.DEup_eV = r.positive(w, "DEup", "fit: weighting", s.DEup_eV);
      if (w["DFup"]) s.DFup_eV_A = r.positive(w, "DFup", "fit: weighting", 1);
      s.DE_eV = r.positive(w, "DE", "fit: weighting", s.DE_eV);
      s.DF_eV_A = r.positive(w, "DF", "fit: weighting", s.DF_eV_A);
      if (w["wlow"]) {
        s.wlow = r.positive(w, "wlow", "fit: weighting", 0.75);
        if (s.wlow > 1) r.fail(w["wlow"], "fit: weighting: 'wlow' must be in (0, 1]");
      }
      s.energy = r.get_or<std::string>(w, "energy", "fit: weighting", s.energy);
      if (s.energy != "cohesive")
        r.fail(w["energy"], "fit: weighting: only energy: cohesive is supported (convex_hull is not)");
      if (s.DEup_eV <= s.DElow_eV) r.fail(w["DEup"], "fit: weighting: 'DEup' must exceed 'DElow'");
      s.seed = r.get_or<int>(w, "seed", "fit: weighting", in.seed);
    }
  }
  return in;
}

FitInput read_fit_input(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(path, 0, "cannot open the fit input");
  std::ostringstream text;
  text << file.rdbuf();
  const std::string folder = std::filesystem::path(path).parent_path().string();
  return parse_fit_input(text.str(), path, folder);
}

}  // namespace ionglass::ace
