#include "ionglass/potential/classical_potential_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/core/strict_yaml.hpp"
#include "ionglass/potential/born_mayer_huggins_pair.hpp"
#include "ionglass/potential/buckingham_pair.hpp"
#include "ionglass/potential/lennard_jones_pair.hpp"
#include "ionglass/potential/morse_pair.hpp"
#include "ionglass/potential/tabulated_pair.hpp"
#include "ionglass/potential/teter_pair.hpp"
#include "ionglass/potential/zbl_pair.hpp"

namespace ionglass {

namespace {

// The potential file's own checks (species, pair models) on top of the one YAML reader, whose
// errors name the file and line.
class Reader {
public:
  explicit Reader(std::string source) : yaml_{std::move(source)} {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& problem) const { yaml_.fail(node, problem); }
  void check_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) const {
    yaml_.check_keys(map, where, allowed);
  }
  double number(const YAML::Node& node, const std::string& what) const { return yaml_.number(node, what); }
  double required(const YAML::Node& map, const std::string& key, const std::string& where) const {
    const YAML::Node v = map[key];
    if (!v) fail(map, fmt::format("{}: missing parameter '{}'", where, key));
    return number(v, where + " " + key);
  }
  double optional(const YAML::Node& map, const std::string& key, double fallback, const std::string& where) const {
    const YAML::Node v = map[key];
    return v ? number(v, where + " " + key) : fallback;
  }
  bool flag(const YAML::Node& map, const std::string& key, bool fallback) const {
    const YAML::Node v = map[key];
    return v ? yaml_.flag(v, "'" + key + "'") : fallback;
  }
  std::string text(const YAML::Node& node, const std::string& what) const { return yaml_.text(node, what); }
  // A species name is "*" or an element symbol optionally followed by a label suffix that does
  // not start with a lower-case letter ("Fe2+", "O_bridging").
  void check_species(const YAML::Node& node, const std::string& name) const {
    if (name == "*") return;
    std::size_t k = 0;
    if (k < name.size() && std::isupper(static_cast<unsigned char>(name[k]))) ++k;
    if (k < name.size() && std::islower(static_cast<unsigned char>(name[k]))) ++k;
    const std::string symbol = name.substr(0, k);
    if (symbol.empty() || !elements::find_symbol(symbol))
      fail(node, fmt::format("unknown element '{}' in species '{}'", symbol.empty() ? name : symbol, name));
  }
  int atomic_number(const std::string& species) const {
    std::size_t k = 1;
    if (k < species.size() && std::islower(static_cast<unsigned char>(species[k]))) ++k;
    return elements::by_symbol(species.substr(0, k)).atomic_number;
  }
  std::vector<std::string> species_list(const YAML::Node& node) const {
    std::vector<std::string> out;
    if (node.IsSequence()) {
      for (const auto& s : node) out.push_back(text(s, "species"));
    } else {
      out.push_back(text(node, "species"));
    }
    if (out.empty()) fail(node, "empty species list");
    for (const auto& s : out) check_species(node, s);
    return out;
  }

  std::unique_ptr<PairModel> model(const YAML::Node& m, const std::string& a, const std::string& b) const {
    const std::string where = fmt::format("pair {}–{}", a, b);
    if (!m["model"]) fail(m, where + ": missing 'model'");
    const std::string kind = text(m["model"], "model");
    std::set<std::string> keys{"model", "pair", "cutoff", "shift", "comment"};
    auto allow = [&](std::initializer_list<const char*> extra) {
      for (const char* k : extra) keys.insert(k);
      check_keys(m, keys, where);
    };
    auto positive = [&](const char* key) {
      const double v = required(m, key, where);
      if (!(v > 0)) fail(m[key], fmt::format("{}: {} must be positive", where, key));
      return v;
    };
    if (kind == "buckingham") {
      allow({"A", "rho", "C"});
      return std::make_unique<BuckinghamPair>(required(m, "A", where), positive("rho"), required(m, "C", where));
    }
    if (kind == "teter") {
      allow({"A", "rho", "C", "B", "n", "D", "r0"});
      return std::make_unique<TeterPair>(required(m, "A", where), positive("rho"), required(m, "C", where),
                                         required(m, "B", where), required(m, "n", where), required(m, "D", where),
                                         optional(m, "r0", 0.0, where));
    }
    if (kind == "morse") {
      allow({"D0", "alpha", "r0", "C0"});
      return std::make_unique<MorsePair>(required(m, "D0", where), positive("alpha"), positive("r0"),
                                         optional(m, "C0", 0.0, where));
    }
    if (kind == "born_mayer_huggins") {
      allow({"A", "rho", "sigma", "C", "D"});
      return std::make_unique<BornMayerHugginsPair>(required(m, "A", where), positive("rho"), required(m, "sigma", where),
                                                    optional(m, "C", 0.0, where), optional(m, "D", 0.0, where));
    }
    if (kind == "lennard_jones") {
      allow({"epsilon", "sigma"});
      return std::make_unique<LennardJonesPair>(required(m, "epsilon", where), positive("sigma"));
    }
    if (kind == "zbl") {
      allow({"Zi", "Zj"});
      const int zi = m["Zi"] ? static_cast<int>(positive("Zi")) : (a == "*" ? 0 : atomic_number(a));
      const int zj = m["Zj"] ? static_cast<int>(positive("Zj")) : (b == "*" ? 0 : atomic_number(b));
      if (zi <= 0 || zj <= 0) fail(m, where + ": zbl with a wildcard species needs Zi and Zj");
      return std::make_unique<ZblPair>(zi, zj);
    }
    if (kind == "tabulated") {
      allow({"r", "energy"});
      if (!m["r"] || !m["r"].IsSequence() || !m["energy"] || !m["energy"].IsSequence())
        fail(m, where + ": tabulated needs lists 'r' (Å) and 'energy' (eV)");
      std::vector<double> r, e;
      for (const auto& v : m["r"]) r.push_back(number(v, where + " r"));
      for (const auto& v : m["energy"]) e.push_back(number(v, where + " energy"));
      try {
        return std::make_unique<TabulatedPair>(r, e, yaml_.source);
      } catch (const InputError& err) {
        fail(m, where + ": " + err.problem());
      }
    }
    fail(m["model"], fmt::format("{}: unknown model '{}' (buckingham, teter, morse, born_mayer_huggins, lennard_jones, "
                                 "zbl, tabulated, none)",
                                 where, kind));
  }

  std::unique_ptr<ClassicalForceField> parse(const YAML::Node& root) const {
    if (!root.IsMap()) throw InputError(yaml_.source, 0, "a classical potential file must be a YAML mapping");
    check_keys(root,
               {"name", "description", "references", "units", "charges", "type_labels", "short_range", "coulomb",
                "three_body", "neighbor_skin"},
               "the potential file");
    const std::string name = root["name"] ? text(root["name"], "name") : "classical";
    auto ff = std::make_unique<ClassicalForceField>(name, yaml_.source);
    if (root["units"] && text(root["units"], "units") != "metal") fail(root["units"], "units must be 'metal' (eV, Å, e)");

    if (const YAML::Node charges = root["charges"]) {
      if (charges.IsScalar()) {
        if (charges.as<std::string>() != "from_structure")
          fail(charges, "charges must be a mapping species → charge (e) or the word from_structure");
        ff->use_structure_charges();
      } else {
        if (!charges.IsMap()) fail(charges, "charges must be a mapping species → charge (e)");
        std::map<std::string, double> q;
        for (const auto& kv : charges) {
          const std::string sp = kv.first.as<std::string>();
          check_species(kv.first, sp);
          q[sp] = number(kv.second, "charge of " + sp);
        }
        ff->set_charges(q);
      }
    }
    if (const YAML::Node labels = root["type_labels"]) {
      if (!labels.IsMap()) fail(labels, "type_labels must map LAMMPS type numbers to species names");
      std::map<int, std::string> out;
      for (const auto& kv : labels) {
        int t = 0;
        try {
          t = kv.first.as<int>();
        } catch (const YAML::Exception&) {
          fail(kv.first, "type_labels keys must be type numbers");
        }
        if (t < 1) fail(kv.first, "type numbers start at 1");
        const std::string sp = text(kv.second, "species");
        check_species(kv.second, sp);
        out[t] = sp;
      }
      ff->set_type_labels(out);
    }
    if (root["neighbor_skin"]) {
      const double skin = number(root["neighbor_skin"], "neighbor_skin");
      if (skin < 0) fail(root["neighbor_skin"], "neighbor_skin must not be negative");
      ff->set_skin(skin);
    }

    if (const YAML::Node sr = root["short_range"]) {
      check_keys(sr, {"cutoff", "shift", "tabulate", "table_spacing", "pairs"}, "short_range");
      const double default_cutoff = optional(sr, "cutoff", 0.0, "short_range");
      const bool default_shift = flag(sr, "shift", false);
      const double spacing = optional(sr, "table_spacing", 0.01, "short_range");
      if (!(spacing > 0) || spacing > 0.1) fail(sr, "short_range table_spacing must be in (0, 0.1] Å²");
      ff->set_tabulation(flag(sr, "tabulate", true), spacing);
      const YAML::Node pairs = sr["pairs"];
      if (pairs && !pairs.IsSequence()) fail(pairs, "short_range pairs must be a list");
      if (pairs)
        for (const auto& p : pairs) {
          if (!p.IsMap() || !p["pair"] || !p["pair"].IsSequence() || p["pair"].size() != 2)
            fail(p, "each pair needs 'pair: [SPECIES, SPECIES]' (each side a species or a list of species)");
          const auto left = species_list(p["pair"][0]);
          const auto right = species_list(p["pair"][1]);
          const double cutoff = optional(p, "cutoff", default_cutoff, "pair");
          const bool shift = flag(p, "shift", default_shift);
          const bool none = p["model"] && p["model"].IsScalar() && p["model"].as<std::string>() == "none";
          if (none) check_keys(p, {"pair", "model", "comment"}, "pair");
          if (!none && !(cutoff > 0)) fail(p, "pair cutoff must be positive (give short_range cutoff or a pair cutoff)");
          std::set<std::pair<std::string, std::string>> done;
          for (const auto& a : left)
            for (const auto& b : right) {
              if (done.count({b, a}) || done.count({a, b})) continue;
              done.insert({a, b});
              PairTerm term;
              term.species_a = a;
              term.species_b = b;
              term.cutoff = cutoff;
              term.shift = shift;
              if (!none) {
                if (p["models"]) fail(p, "use one 'model' per pair entry (repeat the pair to sum models is not allowed)");
                term.models.push_back(model(p, a, b));
              }
              try {
                ff->add_pair(std::move(term));
              } catch (const InputError& e) {
                fail(p, e.problem());
              }
            }
        }
    }

    if (const YAML::Node c = root["coulomb"]) {
      check_keys(c, {"method", "cutoff", "accuracy", "alpha", "order", "mesh", "allow_non_neutral", "erfc"}, "coulomb");
      CoulombSettings s;
      const std::string method = c["method"] ? text(c["method"], "coulomb method") : "none";
      if (method == "ewald") s.method = CoulombMethod::Ewald;
      else if (method == "pppm") s.method = CoulombMethod::Pppm;
      else if (method == "dsf") s.method = CoulombMethod::DampedShiftedForce;
      else if (method == "none") s.method = CoulombMethod::None;
      else fail(c["method"], fmt::format("unknown coulomb method '{}' (ewald, pppm, dsf, none)", method));
      s.cutoff = optional(c, "cutoff", 10.0, "coulomb");
      if (!(s.cutoff > 0)) fail(c, "coulomb cutoff must be positive");
      s.accuracy = optional(c, "accuracy", 1e-5, "coulomb");
      if (!(s.accuracy > 0) || s.accuracy >= 1) fail(c, "coulomb accuracy must be in (0, 1)");
      s.alpha = optional(c, "alpha", 0.0, "coulomb");
      if (s.alpha < 0) fail(c, "coulomb alpha must not be negative");
      if (s.method == CoulombMethod::DampedShiftedForce && !c["alpha"]) fail(c, "dsf needs 'alpha' (1/Å), e.g. 0.2");
      s.order = static_cast<int>(optional(c, "order", 5, "coulomb"));
      if (s.order < 2 || s.order > 7) fail(c, "PPPM order must be between 2 and 7");
      if (const YAML::Node mesh = c["mesh"]) {
        if (!mesh.IsSequence() || mesh.size() != 3) fail(mesh, "coulomb mesh must be [N1, N2, N3]");
        for (int a = 0; a < 3; ++a) {
          s.mesh[a] = static_cast<int>(number(mesh[a], "mesh"));
          if (s.mesh[a] < 2) fail(mesh, "mesh sizes must be at least 2");
        }
      }
      s.allow_non_neutral = flag(c, "allow_non_neutral", false);
      if (const YAML::Node e = c["erfc"]) {
        const std::string v = text(e, "erfc");
        if (v == "abramowitz_stegun") s.lammps_erfc = true;
        else if (v != "exact") fail(e, "coulomb erfc must be 'exact' or 'abramowitz_stegun' (LAMMPS table 0)");
      }
      ff->set_coulomb(s);
    }

    if (const YAML::Node tb = root["three_body"]) {
      if (!tb.IsSequence()) fail(tb, "three_body must be a list");
      for (const auto& t : tb) {
        check_keys(t, {"center", "ends", "form", "K", "theta0_deg", "cutoff", "rho", "comment"}, "three_body term");
        AngleTerm a;
        a.center = text(t["center"] ? t["center"] : t, "center");
        check_species(t, a.center);
        if (!t["ends"] || !t["ends"].IsSequence() || t["ends"].size() != 2) fail(t, "three_body 'ends' must be [SPECIES, SPECIES]");
        a.end_a = text(t["ends"][0], "species");
        a.end_b = text(t["ends"][1], "species");
        check_species(t, a.end_a);
        check_species(t, a.end_b);
        const std::string form = t["form"] ? text(t["form"], "form") : "harmonic";
        if (form == "harmonic") a.form = AngleTerm::Form::Harmonic;
        else if (form == "screened_harmonic") a.form = AngleTerm::Form::ScreenedHarmonic;
        else fail(t["form"], "three_body form must be harmonic or screened_harmonic");
        a.k = required(t, "K", "three_body");
        a.theta0 = required(t, "theta0_deg", "three_body") * 3.14159265358979323846 / 180.0;
        a.cutoff = required(t, "cutoff", "three_body");
        if (!(a.cutoff > 0)) fail(t, "three_body cutoff must be positive");
        if (a.form == AngleTerm::Form::ScreenedHarmonic) {
          a.rho = required(t, "rho", "three_body");
          if (!(a.rho > 0)) fail(t, "three_body rho must be positive");
        }
        ff->add_angle_term(a);
      }
    }
    return ff;
  }

private:
  YamlReader yaml_;
};

}  // namespace

std::unique_ptr<ClassicalForceField> parse_classical_potential(const std::string& yaml_text, const std::string& source) {
  return Reader(source).parse(load_yaml_strict(yaml_text, source));
}

std::unique_ptr<ClassicalForceField> load_classical_potential(const std::string& path) {
  return parse_classical_potential(read_file(path, "potential file"), path);
}

}  // namespace ionglass
