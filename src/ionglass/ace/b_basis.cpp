#include "ionglass/ace/b_basis.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "ionglass/ace/clebsch_gordan.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/largest_member.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/core/split_words.hpp"
#include "ionglass/core/strict_yaml.hpp"

namespace ionglass::ace {

namespace {

int line_of(const YAML::Node& node) { return node.Mark().line >= 0 ? node.Mark().line + 1 : 0; }

struct Context : YamlReader {  // source and fail() from core/strict_yaml
  YAML::Node require(const YAML::Node& map, const std::string& key, const std::string& where) const {
    const YAML::Node value = map[key];
    if (!value) fail(map, "missing key '" + key + "' in " + where);
    return value;
  }
  double to_double(const YAML::Node& node, const std::string& what) const { return number(node, what); }
  int to_int(const YAML::Node& node, const std::string& what) const {
    const double value = to_double(node, what);
    if (value != std::floor(value) || std::abs(value) > 1e9) fail(node, what + " must be an integer");
    return static_cast<int>(value);
  }
  std::string to_string(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) fail(node, what + " must be a string");
    return node.Scalar();
  }
  std::vector<double> to_doubles(const YAML::Node& node, const std::string& what) const {
    if (!node.IsSequence()) fail(node, what + " must be a list of numbers");
    std::vector<double> values;
    for (const auto& item : node) values.push_back(to_double(item, what));
    return values;
  }
  std::vector<int> to_ints(const YAML::Node& node, const std::string& what) const {
    if (!node.IsSequence()) fail(node, what + " must be a list of integers");
    std::vector<int> values;
    for (const auto& item : node) values.push_back(to_int(item, what));
    return values;
  }
};

// pacemaker's `compare`: rank, μ0, μs, ns, ls (intermediate L not compared).
bool precedes(const BBasisFunction& a, const BBasisFunction& b) {
  if (a.rank != b.rank) return a.rank < b.rank;
  if (a.mu0 != b.mu0) return a.mu0 < b.mu0;
  if (a.mus != b.mus) return a.mus < b.mus;
  if (a.ns != b.ns) return a.ns < b.ns;
  return a.ls < b.ls;
}

// Sorts the (μ, n, l) of a function together with its m's; merges m-tuples that become equal
// (products of A's commute) and drops vanishing coefficients. The function is rewritten only when
// merging shrinks it (ML-PACE `order_and_compress_b_basis_function`). The B value is unchanged.
void order_and_compress(BBasisFunction& f) {
  const int r = f.rank;
  std::vector<int> new_mus(r), new_ns(r), new_ls(r);
  std::map<std::vector<int>, double> merged;
  std::vector<std::tuple<int, int, int, int, int>> v(r);
  for (std::size_t c = 0; c < f.num_ms_combs(); ++c) {
    for (int t = 0; t < r; ++t) v[t] = {f.mus[t], f.ns[t], f.ls[t], f.ms_combs[c * r + t], t};
    std::sort(v.begin(), v.end());
    if (c == 0)
      for (int t = 0; t < r; ++t) {
        new_mus[t] = std::get<0>(v[t]);
        new_ns[t] = std::get<1>(v[t]);
        new_ls[t] = std::get<2>(v[t]);
      }
    std::vector<int> ms(r);
    for (int t = 0; t < r; ++t) ms[t] = std::get<3>(v[t]);
    merged[ms] += f.gen_cgs[c];
  }
  for (auto it = merged.begin(); it != merged.end();) {
    if (std::abs(it->second) < 1e-15)
      it = merged.erase(it);
    else
      ++it;
  }
  if (merged.size() >= f.num_ms_combs()) return;
  f.file_mus = f.mus;
  f.file_ns = f.ns;
  f.file_ls = f.ls;
  f.mus = new_mus;
  f.ns = new_ns;
  f.ls = new_ls;
  f.ms_combs.clear();
  f.gen_cgs.clear();
  for (const auto& [ms, cg] : merged) {
    f.ms_combs.insert(f.ms_combs.end(), ms.begin(), ms.end());
    f.gen_cgs.push_back(cg);
  }
}

BBasisBond read_bond(const Context& ctx, const YAML::Node& block, const std::string& where) {
  BBasisBond bond;
  bond.nradmax = ctx.to_int(ctx.require(block, "nradmaxi", where), "nradmaxi");
  bond.lmax = ctx.to_int(ctx.require(block, "lmaxi", where), "lmaxi");
  bond.nradbase = ctx.to_int(ctx.require(block, "nradbaseij", where), "nradbaseij");
  bond.rcut = ctx.to_double(ctx.require(block, "rcutij", where), "rcutij");
  bond.dcut = ctx.to_double(ctx.require(block, "dcutij", where), "dcutij");
  bond.cutoff_function = block["NameOfCutoffFunctionij"]
                             ? ctx.to_string(block["NameOfCutoffFunctionij"], "NameOfCutoffFunctionij")
                             : "cos";
  bond.r_in = block["r_in"] ? ctx.to_double(block["r_in"], "r_in") : 0.0;
  bond.delta_in = block["delta_in"] ? ctx.to_double(block["delta_in"], "delta_in") : 0.0;
  bond.inner_cutoff_type =
      block["inner_cutoff_type"] ? ctx.to_string(block["inner_cutoff_type"], "inner_cutoff_type") : "density";
  bond.radbase = ctx.to_string(ctx.require(block, "radbase", where), "radbase");
  bond.radparameters = ctx.to_doubles(ctx.require(block, "radparameters", where), "radparameters");
  const YAML::Node core = ctx.require(block, "core-repulsion", where);
  const auto core_values = ctx.to_doubles(core, "core-repulsion");
  if (core_values.size() != 2) ctx.fail(core, "core-repulsion must hold two numbers (prehc, lambdahc)");
  bond.core_repulsion = {core_values[0], core_values[1]};

  if (bond.nradmax < 0 || bond.lmax < 0 || bond.nradbase < 1) ctx.fail(block, "impossible basis sizes in " + where);
  if (!(bond.rcut > 0)) ctx.fail(block["rcutij"], "rcutij must be positive");
  if (bond.dcut < 0 || bond.delta_in < 0 || bond.r_in < 0) ctx.fail(block, "negative cutoff width in " + where);
  if (bond.cutoff_function != "cos") ctx.fail(block["NameOfCutoffFunctionij"], "unknown NameOfCutoffFunctionij '" + bond.cutoff_function + "' (only 'cos')");
  static const std::set<std::string> inner_types{"zbl", "distance", "density"};
  if (!inner_types.count(bond.inner_cutoff_type))
    ctx.fail(block["inner_cutoff_type"], "unknown inner_cutoff_type '" + bond.inner_cutoff_type + "'");
  static const std::set<std::string> radial_bases{"SBessel", "ChebExpCos", "ChebPow", "ChebLinear"};
  if (!radial_bases.count(bond.radbase)) ctx.fail(block["radbase"], "unknown radbase '" + bond.radbase + "'");
  if (bond.radparameters.empty()) ctx.fail(block["radparameters"], "radparameters must not be empty");

  const YAML::Node crad = ctx.require(block, "radcoefficients", where);
  if (!crad.IsSequence() || static_cast<int>(crad.size()) != bond.nradmax)
    ctx.fail(crad, "radcoefficients must be a list of nradmaxi = " + std::to_string(bond.nradmax) + " entries");
  for (const auto& per_n : crad) {
    if (!per_n.IsSequence() || static_cast<int>(per_n.size()) != bond.lmax + 1)
      ctx.fail(per_n, "radcoefficients[n] must hold lmaxi + 1 = " + std::to_string(bond.lmax + 1) + " lists");
    std::vector<std::vector<double>> per_l;
    for (const auto& per_k : per_n) {
      auto values = ctx.to_doubles(per_k, "radcoefficients");
      if (static_cast<int>(values.size()) != bond.nradbase)
        ctx.fail(per_k, "radcoefficients[n][l] must hold nradbaseij = " + std::to_string(bond.nradbase) + " numbers");
      per_l.push_back(std::move(values));
    }
    bond.radcoefficients.push_back(std::move(per_l));
  }
  return bond;
}

}  // namespace

std::size_t BBasisPotential::element_index(const std::string& symbol) const {
  const auto it = std::find(elements.begin(), elements.end(), symbol);
  if (it == elements.end()) throw std::out_of_range("element " + symbol + " is not in the potential");
  return static_cast<std::size_t>(it - elements.begin());
}

namespace {

// The largest `member` over all bonds (0 when there are none).
template <class Value>
Value largest_over_bonds(const std::vector<std::vector<BBasisBond>>& bonds, Value BBasisBond::*member) {
  Value value = 0;
  for (const auto& row : bonds) value = std::max(value, largest_member(row, member));
  return value;
}

}  // namespace

int BBasisPotential::lmax() const { return largest_over_bonds(bonds, &BBasisBond::lmax); }
int BBasisPotential::nradmax() const { return largest_over_bonds(bonds, &BBasisBond::nradmax); }
int BBasisPotential::nradbase() const { return largest_over_bonds(bonds, &BBasisBond::nradbase); }
double BBasisPotential::cutoff_max() const { return largest_over_bonds(bonds, &BBasisBond::rcut); }

BBasisPotential parse_b_basis(const std::string& text, const std::string& source) {
  Context ctx{source};
  const YAML::Node root = load_yaml_strict(text, source);
  if (!root.IsMap()) throw InputError(source, 0, "not a B-basis potential: the top level must be a mapping");
  BBasisPotential pot;
  pot.source = source;

  if (const YAML::Node meta = root["metadata"]) {
    if (!meta.IsMap()) ctx.fail(meta, "metadata must be a mapping");
    for (const auto& item : meta) {
      const std::string key = item.first.Scalar();
      if (item.second.IsScalar()) pot.metadata[key] = item.second.Scalar();
    }
    if (meta["reference_energy"]) {
      YAML::Node energies;
      try {
        energies = meta["reference_energy"].IsMap() ? meta["reference_energy"]
                                                     : YAML::Load(meta["reference_energy"].Scalar());
      } catch (const YAML::Exception&) {
        ctx.fail(meta["reference_energy"], "reference_energy is not a {element: energy} map");
      }
      if (!energies.IsMap()) ctx.fail(meta["reference_energy"], "reference_energy is not a {element: energy} map");
      for (const auto& item : energies)
        pot.reference_energy_eV[item.first.Scalar()] = ctx.to_double(item.second, "reference_energy");
    }
  }
  const YAML::Node global = root["global"];
  if (!global || !global.IsMap()) throw InputError(source, 0, "missing 'global' mapping (with DeltaSplineBins)");
  pot.delta_spline_bins = ctx.to_double(ctx.require(global, "DeltaSplineBins", "global"), "DeltaSplineBins");
  if (!(pot.delta_spline_bins > 0)) ctx.fail(global["DeltaSplineBins"], "DeltaSplineBins must be positive");

  const YAML::Node species = root["species"];
  if (!species || !species.IsSequence() || species.size() == 0)
    throw InputError(source, 0, "missing or empty 'species' list: not a B-basis potential");

  // First pass: block names and the element set (alphabetical → μ).
  std::set<std::string> element_set;
  std::vector<std::vector<std::string>> block_elements;
  for (const auto& block : species) {
    if (!block.IsMap()) ctx.fail(block, "each species entry must be a mapping");
    const auto names = split_words(ctx.to_string(ctx.require(block, "speciesblock", "species entry"), "speciesblock"));
    if (names.empty()) ctx.fail(block["speciesblock"], "empty speciesblock");
    for (const auto& name : names) {
      if (!elements::find_symbol(name)) ctx.fail(block["speciesblock"], "unknown element '" + name + "'");
      element_set.insert(name);
    }
    block_elements.push_back(names);
    pot.block_names.push_back(block["speciesblock"].Scalar());
  }
  pot.elements.assign(element_set.begin(), element_set.end());
  const std::size_t n = pot.elements.size();
  auto index_of = [&](const std::string& s) { return static_cast<int>(pot.element_index(s)); };

  pot.embeddings.assign(n, {});
  pot.bonds.assign(n, std::vector<BBasisBond>(n));
  pot.bond_present.assign(n, std::vector<bool>(n, false));
  std::vector<bool> embedding_present(n, false);

  // Second pass: embeddings and bonds (needed before the functions are checked).
  std::size_t b = 0;
  for (const auto& block : species) {
    const auto& names = block_elements[b++];
    const std::string where = "speciesblock '" + block["speciesblock"].Scalar() + "'";
    if (names.size() == 1) {
      const int mu = index_of(names[0]);
      if (embedding_present[mu]) ctx.fail(block, "duplicate " + where);
      BBasisEmbedding& e = pot.embeddings[mu];
      e.ndensity = ctx.to_int(ctx.require(block, "ndensityi", where), "ndensityi");
      e.npoti = ctx.to_string(ctx.require(block, "npoti", where), "npoti");
      e.fs_parameters = ctx.to_doubles(ctx.require(block, "parameters", where), "parameters");
      e.rho_core_cut = ctx.to_double(ctx.require(block, "rho_core_cut", where), "rho_core_cut");
      e.drho_core_cut = ctx.to_double(ctx.require(block, "drho_core_cut", where), "drho_core_cut");
      if (e.ndensity < 1) ctx.fail(block["ndensityi"], "ndensityi must be at least 1");
      if (e.npoti != "FinnisSinclair" && e.npoti != "FinnisSinclairShiftedScaled")
        ctx.fail(block["npoti"], "unknown npoti '" + e.npoti + "'");
      if (e.fs_parameters.size() != 2 * static_cast<std::size_t>(e.ndensity))
        ctx.fail(block["parameters"], "parameters must hold 2·ndensityi = " + std::to_string(2 * e.ndensity) +
                                          " numbers, got " + std::to_string(e.fs_parameters.size()));
      embedding_present[mu] = true;
    }
    if (names.size() <= 2) {
      const int mi = index_of(names[0]);
      const int mj = index_of(names.size() == 1 ? names[0] : names[1]);
      if (pot.bond_present[mi][mj]) ctx.fail(block, "duplicate bond in " + where);
      pot.bonds[mi][mj] = read_bond(ctx, block, where);
      pot.bond_present[mi][mj] = true;
    }
  }
  for (std::size_t mu = 0; mu < n; ++mu)
    if (!embedding_present[mu])
      throw InputError(source, 0, "element " + pot.elements[mu] + " has no single-element speciesblock (embedding)");

  // Third pass: functions, sorted after each block as pacemaker's loader does.
  pot.functions.assign(n, {});
  b = 0;
  for (const auto& block : species) {
    const auto& names = block_elements[b++];
    const std::string where = "speciesblock '" + block["speciesblock"].Scalar() + "'";
    const YAML::Node nbody = block["nbody"];
    if (!nbody) continue;
    if (!nbody.IsSequence()) ctx.fail(nbody, "nbody must be a list of functions");
    const int block_mu0 = index_of(names[0]);
    const std::set<std::string> block_set(names.begin(), names.end());
    for (const auto& spec : nbody) {
      if (!spec.IsMap()) ctx.fail(spec, "each nbody entry must be a mapping");
      BBasisFunction f;
      f.source_line = line_of(spec);
      const auto type = split_words(ctx.to_string(ctx.require(spec, "type", "function"), "type"));
      if (type.size() < 2) ctx.fail(spec["type"], "function type must name the central element and at least one neighbour");
      for (const auto& t : type) {
        if (!element_set.count(t)) ctx.fail(spec["type"], "unknown element '" + t + "' in function type");
        if (!block_set.count(t)) ctx.fail(spec["type"], "element '" + t + "' of the function is not in " + where);
      }
      f.mu0 = index_of(type[0]);
      if (f.mu0 != block_mu0) ctx.fail(spec["type"], "function's central element differs from the first element of " + where);
      f.rank = static_cast<int>(type.size()) - 1;
      for (int t = 1; t <= f.rank; ++t) f.mus.push_back(index_of(type[t]));
      f.ns = ctx.to_ints(ctx.require(spec, "nr", "function"), "nr");
      f.ls = ctx.to_ints(ctx.require(spec, "nl", "function"), "nl");
      if (spec["lint"]) f.LS = ctx.to_ints(spec["lint"], "lint");
      f.coefficients = ctx.to_doubles(ctx.require(spec, "c", "function"), "c");
      if (static_cast<int>(f.ns.size()) != f.rank || static_cast<int>(f.ls.size()) != f.rank)
        ctx.fail(spec, "nr and nl must each hold rank = " + std::to_string(f.rank) + " values");
      const int expected_LS = f.rank > 2 ? f.rank - 2 : 0;
      if (f.rank == 3 && f.LS.empty()) f.LS = {f.ls[2]};  // implied (L0 = l2)
      if (static_cast<int>(f.LS.size()) != expected_LS)
        ctx.fail(spec, "lint must hold " + std::to_string(expected_LS) + " values for rank " + std::to_string(f.rank));
      const int ndensity = pot.embeddings[f.mu0].ndensity;
      if (static_cast<int>(f.coefficients.size()) != ndensity)
        ctx.fail(spec["c"], "c must hold ndensityi = " + std::to_string(ndensity) + " coefficients, got " +
                                std::to_string(f.coefficients.size()));
      int sum_l = 0;
      for (int t = 0; t < f.rank; ++t) {
        if (!pot.bond_present[f.mu0][f.mus[t]])
          ctx.fail(spec, "no bond (" + pot.elements[f.mu0] + ", " + pot.elements[f.mus[t]] + ") for this function");
        const BBasisBond& bond = pot.bonds[f.mu0][f.mus[t]];
        const int nmax = f.rank == 1 ? bond.nradbase : bond.nradmax;
        if (f.ns[t] < 1 || f.ns[t] > nmax)
          ctx.fail(spec["nr"], "nr = " + std::to_string(f.ns[t]) + " outside 1.." + std::to_string(nmax) + " of its bond");
        if (f.ls[t] < 0 || f.ls[t] > bond.lmax)
          ctx.fail(spec["nl"], "nl = " + std::to_string(f.ls[t]) + " outside 0.." + std::to_string(bond.lmax) + " of its bond");
        sum_l += f.ls[t];
      }
      if (f.rank == 1 && f.ls[0] != 0) ctx.fail(spec["nl"], "a rank-1 function must have nl = [0]");
      if (sum_l % 2 != 0) ctx.fail(spec["nl"], "the sum of nl must be even (parity)");
      if (f.rank == 2 && f.ls[0] != f.ls[1]) ctx.fail(spec["nl"], "a rank-2 function needs equal nl");
      for (int L : f.LS)
        if (L < 0) ctx.fail(spec["lint"], "lint values must be non-negative");
      const auto couplings = generalized_clebsch_gordan(f.ls, f.LS, true);
      if (couplings.empty()) ctx.fail(spec, "nl and lint do not couple to a rotation invariant (L = 0)");
      for (const auto& c : couplings) {
        f.ms_combs.insert(f.ms_combs.end(), c.ms.begin(), c.ms.end());
        f.gen_cgs.push_back(c.coefficient);
      }
      pot.functions[f.mu0].push_back(std::move(f));
    }
    // pacemaker sorts the whole list of the central element after each block (std::sort, same
    // comparison): reproduce it so that the projection order is the reference order.
    std::sort(pot.functions[block_mu0].begin(), pot.functions[block_mu0].end(), precedes);
  }
  for (auto& list : pot.functions) {
    std::sort(list.begin(), list.end(), precedes);
    for (auto& f : list) order_and_compress(f);
  }
  return pot;
}

BBasisPotential read_b_basis(const std::string& path) {
  return parse_b_basis(read_file(path), path);
}

bool is_b_basis_file(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  for (int i = 0; i < 2000 && std::getline(in, line); ++i)
    if (line.rfind("species:", 0) == 0) return true;
  return false;
}

}  // namespace ionglass::ace
