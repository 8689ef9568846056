#include "ionglass/ace/yace_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "ionglass/core/error.hpp"
#include "ionglass/core/strict_yaml.hpp"

namespace ionglass::ace {

namespace {

using Context = YamlReader;  // core/strict_yaml: typed getters with file:line errors

/// Flattens a nested list of numbers (radcoefficients [n][l][k]) checking the shape.
void flatten_3d(const Context& ctx, const YAML::Node& node, int d0, int d1, int d2, const std::string& where,
                std::vector<double>& out) {
  const auto shape_error = [&](const YAML::Node& n) {
    ctx.fail(n, where + ": radcoefficients must have shape [nradmax=" + std::to_string(d0) + "][lmax+1=" + std::to_string(d1) +
                    "][nradbasemax=" + std::to_string(d2) + "]");
  };
  if (!node.IsSequence() || static_cast<int>(node.size()) != d0) shape_error(node);
  out.clear();
  for (const auto& a : node) {
    if (!a.IsSequence() || static_cast<int>(a.size()) != d1) shape_error(a);
    for (const auto& b : a) {
      if (!b.IsSequence() || static_cast<int>(b.size()) != d2) shape_error(b);
      for (const auto& c : b) out.push_back(ctx.scalar<double>(c, where + ": radcoefficients entry"));
    }
  }
}

int species_key(const Context& ctx, const YAML::Node& key, int nspecies, const std::string& what) {
  const int mu = ctx.scalar<int>(key, what + " key");
  if (mu < 0 || mu >= nspecies) ctx.fail(key, what + " key " + std::to_string(mu) + " is not a species index 0.." + std::to_string(nspecies - 1));
  return mu;
}

AceCTildeBasis parse(const YAML::Node& root, const Context& ctx) {
  if (!root.IsMap()) ctx.fail(root, "not a .yace file (top level must be a mapping)");
  AceCTildeBasis basis;
  basis.elements = ctx.get_list<std::string>(root, "elements", "top level");
  const int ns = static_cast<int>(basis.elements.size());
  if (ns == 0) ctx.fail(root["elements"], "'elements' is empty");
  {
    YAML::Node e0 = root["E0"];
    if (e0.IsDefined() && !e0.IsNull()) {
      basis.E0 = ctx.list<double>(e0, "'E0'");
      if (static_cast<int>(basis.E0.size()) != ns)
        ctx.fail(e0, "'E0' has " + std::to_string(basis.E0.size()) + " entries, expected " + std::to_string(ns));
    } else {
      basis.E0.assign(ns, 0.0);
    }
  }
  basis.delta_spline_bins = ctx.get<double>(root, "deltaSplineBins", "top level");

  // Embeddings.
  const YAML::Node emb = ctx.required(root, "embeddings", "top level");
  if (!emb.IsMap()) ctx.fail(emb, "'embeddings' must be a mapping from species index");
  basis.embeddings.assign(ns, {});
  std::vector<bool> seen(ns, false);
  for (const auto& kv : emb) {
    const int mu = species_key(ctx, kv.first, ns, "embeddings");
    if (seen[mu]) ctx.fail(kv.first, "duplicate embedding for species " + std::to_string(mu));
    seen[mu] = true;
    const std::string where = "embeddings[" + std::to_string(mu) + "]";
    AceEmbedding& e = basis.embeddings[mu];
    e.ndensity = ctx.get<int>(kv.second, "ndensity", where);
    e.fs_parameters = ctx.get_list<double>(kv.second, "FS_parameters", where);
    e.npoti = ctx.get<std::string>(kv.second, "npoti", where);
    e.rho_core_cutoff = ctx.get<double>(kv.second, "rho_core_cutoff", where);
    e.drho_core_cutoff = ctx.get<double>(kv.second, "drho_core_cutoff", where);
    if (e.ndensity < 1 || static_cast<int>(e.fs_parameters.size()) != 2 * e.ndensity)
      ctx.fail(kv.second, where + ": FS_parameters must hold 2·ndensity numbers (ndensity = " + std::to_string(e.ndensity) + ")");
  }
  for (int mu = 0; mu < ns; ++mu)
    if (!seen[mu]) ctx.fail(emb, "'embeddings' lacks species " + std::to_string(mu) + " (" + basis.elements[mu] + ")");

  // Bonds: keys are flow sequences [μi, μj].
  const YAML::Node bonds = ctx.required(root, "bonds", "top level");
  if (!bonds.IsMap()) ctx.fail(bonds, "'bonds' must be a mapping from [μi, μj]");
  basis.bonds.assign(static_cast<std::size_t>(ns) * ns, {});
  std::vector<bool> bond_seen(static_cast<std::size_t>(ns) * ns, false);
  for (const auto& kv : bonds) {
    if (!kv.first.IsSequence() || kv.first.size() != 2) ctx.fail(kv.first, "bond keys must be pairs [μi, μj]");
    const int i = species_key(ctx, kv.first[0], ns, "bond");
    const int j = species_key(ctx, kv.first[1], ns, "bond");
    const std::size_t idx = static_cast<std::size_t>(i) * ns + j;
    if (bond_seen[idx]) ctx.fail(kv.first, "duplicate bond [" + std::to_string(i) + ", " + std::to_string(j) + "]");
    bond_seen[idx] = true;
    const std::string where = "bond [" + std::to_string(i) + ", " + std::to_string(j) + "]";
    const YAML::Node& b = kv.second;
    AceBond& bond = basis.bonds[idx];
    bond.nradmax = ctx.get<int>(b, "nradmax", where);
    bond.lmax = ctx.get<int>(b, "lmax", where);
    bond.nradbasemax = ctx.get<int>(b, "nradbasemax", where);
    bond.radbasename = ctx.get<std::string>(b, "radbasename", where);
    bond.radparameters = ctx.get_list<double>(b, "radparameters", where);
    if (bond.nradmax < 0 || bond.lmax < 0 || bond.nradbasemax < 1)
      ctx.fail(b, where + ": nradmax and lmax must be ≥ 0, nradbasemax ≥ 1");
    flatten_3d(ctx, ctx.required(b, "radcoefficients", where), bond.nradmax, bond.lmax + 1, bond.nradbasemax, where,
               bond.radcoefficients);
    bond.prehc = ctx.get<double>(b, "prehc", where);
    bond.lambdahc = ctx.get<double>(b, "lambdahc", where);
    bond.rcut = ctx.get<double>(b, "rcut", where);
    bond.dcut = ctx.get<double>(b, "dcut", where);
    bond.rcut_in = ctx.get_or<double>(b, "rcut_in", where, 0.0);
    bond.dcut_in = ctx.get_or<double>(b, "dcut_in", where, 0.0);
    // Files written before the inner-cutoff types existed use the density-dependent core.
    bond.inner_cutoff_type = ctx.get_or<std::string>(b, "inner_cutoff_type", where, "density");
    if (bond.radbasename.rfind("ACE.jl", 0) == 0)
      ctx.fail(b, where + ": radial basis '" + bond.radbasename + "' (ACE.jl) is not supported; supported: SBessel, ChebExpCos, ChebPow, ChebLinear");
    if (bond.radbasename != "SBessel" && bond.radbasename != "ChebExpCos" && bond.radbasename != "ChebPow" &&
        bond.radbasename != "ChebLinear")
      ctx.fail(b, where + ": unknown radbasename '" + bond.radbasename + "' (supported: SBessel, ChebExpCos, ChebPow, ChebLinear)");
  }
  for (int i = 0; i < ns; ++i)
    for (int j = 0; j < ns; ++j)
      if (!bond_seen[static_cast<std::size_t>(i) * ns + j])
        ctx.fail(bonds, "'bonds' lacks the pair [" + std::to_string(i) + ", " + std::to_string(j) + "] (" + basis.elements[i] + "–" +
                            basis.elements[j] + ")");

  // Functions.
  const YAML::Node funcs = ctx.required(root, "functions", "top level");
  if (!funcs.IsMap()) ctx.fail(funcs, "'functions' must be a mapping from species index");
  basis.functions.assign(ns, {});
  for (const auto& kv : funcs) {
    const int mu = species_key(ctx, kv.first, ns, "functions");
    if (!kv.second.IsSequence()) ctx.fail(kv.second, "functions[" + std::to_string(mu) + "] must be a list");
    auto& list = basis.functions[mu];
    for (const auto& fn : kv.second) {
      const std::string where = "functions[" + std::to_string(mu) + "][" + std::to_string(list.size()) + "]";
      AceCTildeFunction f;
      f.mu0 = ctx.get<int>(fn, "mu0", where);
      f.rank = ctx.get<int>(fn, "rank", where);
      f.ndensity = ctx.get<int>(fn, "ndensity", where);
      f.num_ms_combs = ctx.get<int>(fn, "num_ms_combs", where);
      f.mus = ctx.get_list<int>(fn, "mus", where);
      f.ns = ctx.get_list<int>(fn, "ns", where);
      f.ls = ctx.get_list<int>(fn, "ls", where);
      f.ms_combs = ctx.get_list<int>(fn, "ms_combs", where);
      f.ctildes = ctx.get_list<double>(fn, "ctildes", where);
      // Check here as well as in validate() so that the message carries the line number.
      const auto r = static_cast<std::size_t>(std::max(f.rank, 0));
      if (f.rank < 1) ctx.fail(fn, where + ": rank must be ≥ 1");
      if (f.mus.size() != r || f.ns.size() != r || f.ls.size() != r)
        ctx.fail(fn, where + ": mus, ns and ls must have rank = " + std::to_string(f.rank) + " entries");
      if (f.num_ms_combs < 1 || f.ms_combs.size() != r * static_cast<std::size_t>(f.num_ms_combs))
        ctx.fail(fn, where + ": ms_combs has " + std::to_string(f.ms_combs.size()) + " entries, expected num_ms_combs·rank = " +
                         std::to_string(r * std::max(f.num_ms_combs, 0)));
      if (f.ndensity < 1 || f.ctildes.size() != static_cast<std::size_t>(f.ndensity) * f.num_ms_combs)
        ctx.fail(fn, where + ": ctildes has " + std::to_string(f.ctildes.size()) + " entries, expected num_ms_combs·ndensity = " +
                         std::to_string(static_cast<std::size_t>(std::max(f.ndensity, 0)) * f.num_ms_combs));
      for (std::size_t t = 0; t < r; ++t) {
        if (f.mus[t] < 0 || f.mus[t] >= ns) ctx.fail(fn, where + ": species index " + std::to_string(f.mus[t]) + " out of range");
        const AceBond& b = basis.bond(mu, f.mus[t]);
        const int nmax = f.rank == 1 ? b.nradbasemax : b.nradmax;
        if (f.ns[t] < 1 || f.ns[t] > nmax)
          ctx.fail(fn, where + ": ns = " + std::to_string(f.ns[t]) + " out of range 1.." + std::to_string(nmax) +
                           (f.rank == 1 ? " (nradbasemax of the bond)" : " (nradmax of the bond)"));
      }
      list.push_back(std::move(f));
    }
  }
  basis.validate(ctx.source);
  return basis;
}

}  // namespace

AceCTildeBasis parse_yace(const std::string& text, const std::string& source) {
  Context ctx{source};
  const YAML::Node root = load_yaml_strict(text, source);
  try {
    return parse(root, ctx);
  } catch (const YAML::Exception& e) {
    throw InputError(source, e.mark.is_null() ? 0 : e.mark.line + 1, "malformed .yace file: " + e.msg);
  }
}

AceCTildeBasis read_yace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open potential file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_yace(text.str(), path);
}

}  // namespace ionglass::ace
