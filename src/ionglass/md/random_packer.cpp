#include "ionglass/md/random_packer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/md/random_stream.hpp"

namespace ionglass {

namespace {

struct Block {
  std::map<std::string, long long> per_block;
  long long atoms_per_block = 0;
  long long blocks = 1;
};

Block composition_blocks(const RandomPackingOptions& o) {
  if (o.composition.empty()) throw InputError("random packing needs a composition");
  Block b;
  for (const auto& [unit, amount] : o.composition) {
    if (amount <= 0) throw InputError("composition amount of '" + unit + "' must be a positive whole number");
    for (const auto& [el, n] : parse_formula(unit)) b.per_block[el] += n * amount;
  }
  for (const auto& [el, n] : b.per_block) b.atoms_per_block += n;
  if (o.target_atoms < 0) throw InputError("random packing: atoms must be positive");
  if (o.target_atoms > 0)
    b.blocks = std::max<long long>(1, std::llround(static_cast<double>(o.target_atoms) / b.atoms_per_block));
  if (b.blocks * b.atoms_per_block > 10000000) throw InputError("random packing: more than 10 million atoms requested");
  return b;
}

}  // namespace

std::map<std::string, long long> packing_counts(const RandomPackingOptions& options) {
  const Block b = composition_blocks(options);
  std::map<std::string, long long> counts;
  for (const auto& [el, n] : b.per_block) counts[el] = n * b.blocks;
  return counts;
}

System random_packing(const RandomPackingOptions& o) {
  const auto counts = packing_counts(o);
  if ((o.density_g_cm3 > 0) == (o.volume_per_atom_A3 > 0))
    throw InputError("random packing needs exactly one of density_g_cm3 and volume_per_atom_A3 (positive)");
  if (!(o.default_min_distance_A >= 0)) throw InputError("random packing: minimum distance must not be negative");

  System system;
  std::vector<std::string> symbols;  // alphabetical (std::map order)
  long long natoms = 0;
  double total_mass = 0;
  for (const auto& [el, n] : counts) {
    symbols.push_back(el);
    const Element& e = elements::by_symbol(el);
    system.atom_types.push_back(AtomType{e.atomic_number, e.mass_amu, el});
    natoms += n;
    total_mass += n * e.mass_amu;
  }
  const double volume = o.density_g_cm3 > 0 ? total_mass * units::amu_per_A3_to_g_per_cm3 / o.density_g_cm3
                                            : o.volume_per_atom_A3 * static_cast<double>(natoms);
  const double length = std::cbrt(volume);
  system.cell = Cell(Mat3::Identity() * length);

  const std::size_t ntypes = symbols.size();
  std::vector<double> min2(ntypes * ntypes, o.default_min_distance_A * o.default_min_distance_A);
  double largest = o.default_min_distance_A;
  for (const auto& [pair, d] : o.pair_min_distance_A) {
    if (!(d >= 0) || !std::isfinite(d)) throw InputError("random packing: minimum distances must be non-negative");
    auto a = std::find(symbols.begin(), symbols.end(), pair.first);
    auto b = std::find(symbols.begin(), symbols.end(), pair.second);
    if (a == symbols.end() || b == symbols.end())
      throw InputError("random packing: minimum distance given for " + pair.first + "-" + pair.second +
                       ", but the composition has no such element");
    const std::size_t ta = a - symbols.begin(), tb = b - symbols.begin();
    min2[ta * ntypes + tb] = min2[tb * ntypes + ta] = d * d;
    largest = std::max(largest, d);
  }

  // Insertion order: a random permutation of all atoms.
  RandomStream random(o.seed);
  std::vector<int> order;
  for (std::size_t t = 0; t < ntypes; ++t) order.insert(order.end(), counts.at(symbols[t]), static_cast<int>(t) + 1);
  for (std::size_t k = order.size(); k > 1; --k)
    std::swap(order[k - 1], order[static_cast<std::size_t>(random.uniform() * static_cast<double>(k))]);

  // Cell list with bins at least `largest` wide (brute force when fewer than 3 bins per side).
  const int bins = largest > 0 ? std::max(1, static_cast<int>(length / largest)) : 1;
  const bool use_bins = bins >= 3;
  std::vector<std::vector<int>> bin_atoms(use_bins ? static_cast<std::size_t>(bins) * bins * bins : 1);
  auto bin_of = [&](const Vec3& r, int* c) {
    for (int k = 0; k < 3; ++k) c[k] = std::min(bins - 1, static_cast<int>(r[k] / length * bins));
  };
  auto too_close = [&](const Vec3& r, int type) {
    auto check = [&](int j) {
      Vec3 d = system.positions[j] - r;
      for (int k = 0; k < 3; ++k) d[k] -= length * std::round(d[k] / length);
      return d.squaredNorm() < min2[(type - 1) * ntypes + (system.types[j] - 1)];
    };
    if (!use_bins) {
      for (std::size_t j = 0; j < system.size(); ++j)
        if (check(static_cast<int>(j))) return true;
      return false;
    }
    int c[3];
    bin_of(r, c);
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dz = -1; dz <= 1; ++dz) {
          const int x = (c[0] + dx + bins) % bins, y = (c[1] + dy + bins) % bins, z = (c[2] + dz + bins) % bins;
          for (int j : bin_atoms[(static_cast<std::size_t>(x) * bins + y) * bins + z])
            if (check(j)) return true;
        }
    return false;
  };

  for (std::size_t k = 0; k < order.size(); ++k) {
    const int type = order[k];
    bool placed = false;
    for (long long attempt = 0; attempt < o.max_attempts_per_atom && !placed; ++attempt) {
      const Vec3 r(random.uniform() * length, random.uniform() * length, random.uniform() * length);
      if (too_close(r, type)) continue;
      system.add_atom(static_cast<long long>(k) + 1, type, r);
      if (use_bins) {
        int c[3];
        bin_of(r, c);
        bin_atoms[(static_cast<std::size_t>(c[0]) * bins + c[1]) * bins + c[2]].push_back(static_cast<int>(k));
      }
      placed = true;
    }
    if (!placed)
      throw ComputationError(fmt::format(
          "random packing: could not place atom {} of {} ({}) after {} attempts in a {:.3f} A cube; "
          "lower the density or the minimum distances",
          k + 1, order.size(), symbols[type - 1], o.max_attempts_per_atom, length));
  }
  system.images.assign(system.size(), Image{0, 0, 0});
  return system;
}

}  // namespace ionglass
