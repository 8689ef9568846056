#include "ionglass/ace/b_basis_writer.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/yaml_text.hpp"

namespace ionglass::ace {
namespace {

// Shortest round-trip form of a double ("{}" in fmt).
template <typename T>
std::string list(const std::vector<T>& values) {
  return fmt::format("[{}]", fmt::join(values, ", "));
}

std::string reference_energy_json(const std::map<std::string, double>& energies) {
  std::vector<std::string> items;
  for (const auto& [element, energy] : energies) items.push_back(fmt::format("\"{}\": {}", element, energy));
  return "{" + fmt::format("{}", fmt::join(items, ", ")) + "}";
}

void write_bond(std::ostream& out, const BBasisBond& bond) {
  out << "    nradmaxi: " << bond.nradmax << "\n    lmaxi: " << bond.lmax << "\n";
  out << fmt::format("    rcutij: {}\n    dcutij: {}\n", bond.rcut, bond.dcut);
  out << "    NameOfCutoffFunctionij: " << bond.cutoff_function << "\n";
  out << fmt::format("    r_in: {}\n    delta_in: {}\n", bond.r_in, bond.delta_in);
  out << "    inner_cutoff_type: " << bond.inner_cutoff_type << "\n";
  out << "    nradbaseij: " << bond.nradbase << "\n    radbase: " << bond.radbase << "\n";
  out << "    radparameters: " << list(bond.radparameters) << "\n";
  std::vector<std::string> per_n;
  for (const auto& by_l : bond.radcoefficients) {
    std::vector<std::string> per_l;
    for (const auto& by_k : by_l) per_l.push_back(list(by_k));
    per_n.push_back(fmt::format("[{}]", fmt::join(per_l, ", ")));
  }
  out << fmt::format("    radcoefficients: [{}]\n", fmt::join(per_n, ", "));
  out << fmt::format("    core-repulsion: [{}, {}]\n", bond.core_repulsion[0], bond.core_repulsion[1]);
}

void write_function(std::ostream& out, const BBasisPotential& potential, const BBasisFunction& f) {
  // The (μ, n, l) as read (before the loader's reordering), so that lint keeps its meaning.
  const bool as_read = !f.file_mus.empty();
  const std::vector<int>& mus = as_read ? f.file_mus : f.mus;
  const std::vector<int>& ns = as_read ? f.file_ns : f.ns;
  const std::vector<int>& ls = as_read ? f.file_ls : f.ls;
  std::string type = potential.elements[f.mu0];
  for (int mu : mus) type += " " + potential.elements[mu];
  out << "      - {type: " << type << ", nr: " << list(ns) << ", nl: " << list(ls);
  if (f.rank > 2) out << ", lint: " << list(f.LS);
  out << ", c: " << list(f.coefficients) << "}\n";
}

}  // namespace

std::string format_b_basis(const BBasisPotential& potential) {
  std::ostringstream out;
  const int n = static_cast<int>(potential.elements.size());
  std::map<std::string, std::string> metadata = potential.metadata;
  if (!potential.reference_energy_eV.empty())
    metadata["reference_energy"] = reference_energy_json(potential.reference_energy_eV);
  if (!metadata.empty()) {
    out << "metadata:\n";
    for (const auto& [key, value] : metadata) out << "  " << key << ": " << yaml_double_quoted(value) << "\n";
  }
  out << fmt::format("global:\n  DeltaSplineBins: {}\nspecies:\n", potential.delta_spline_bins);

  for (int mu0 = 0; mu0 < n; ++mu0) {
    // Blocks of μ0: keyed by the sorted set of the other elements (empty: the single block).
    std::map<std::vector<int>, std::vector<const BBasisFunction*>> blocks;
    blocks[{}];
    for (int mu1 = 0; mu1 < n; ++mu1)
      if (mu1 != mu0 && potential.bond_present[mu0][mu1]) blocks[{mu1}];
    for (const auto& f : potential.functions[mu0]) {
      std::set<int> others(f.mus.begin(), f.mus.end());
      others.erase(mu0);
      blocks[std::vector<int>(others.begin(), others.end())].push_back(&f);
    }
    // pacemaker orders blocks by their names ("Fe", "Fe Na", "Fe Na O", …).
    std::map<std::string, std::pair<std::vector<int>, std::vector<const BBasisFunction*>>> named;
    for (auto& [others, functions] : blocks) {
      std::string name = potential.elements[mu0];
      for (int mu : others) name += " " + potential.elements[mu];
      named[name] = {others, functions};
    }
    for (const auto& [name, block] : named) {
      const auto& [others, functions] = block;
      out << "  - speciesblock: " << name << "\n";
      if (others.empty()) {
        const BBasisEmbedding& e = potential.embeddings[mu0];
        out << "    ndensityi: " << e.ndensity << "\n    npoti: " << e.npoti << "\n";
        out << "    parameters: " << list(e.fs_parameters) << "\n";
        out << fmt::format("    rho_core_cut: {}\n    drho_core_cut: {}\n", e.rho_core_cut, e.drho_core_cut);
      }
      if (others.size() <= 1) {
        const int mu1 = others.empty() ? mu0 : others[0];
        if (potential.bond_present[mu0][mu1]) write_bond(out, potential.bonds[mu0][mu1]);
      }
      if (!functions.empty()) {
        out << "    nbody:\n";
        for (const BBasisFunction* f : functions) write_function(out, potential, *f);
      }
    }
  }
  return out.str();
}

void write_b_basis(const std::string& path, const BBasisPotential& potential) {
  write_file_atomically(path, format_b_basis(potential));
}

}  // namespace ionglass::ace
