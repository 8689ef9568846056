#include "ionglass/analysis/structure/bond_valence_site_energy.hpp"

#include <algorithm>
#include <cmath>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {

namespace {

// One framework ion image, with the constants of its interaction with the mobile ion.
struct FrameworkIon {
  Vec3 position = Vec3::Zero();
  bool anion = false;                  // Morse attraction (opposite sign to the mobile ion), else Coulomb
  double D0 = 0, alpha = 0, Rmin = 0;  // Morse
  double qq = 0, inverse_rho = 0;      // k_e q_m q_i / √(n_m n_i) (eV·Å), 1/ρ (1/Å)
};

double pair_energy(const FrameworkIon& ion, double r) {
  if (ion.anion) {
    const double x = std::exp(ion.alpha * (ion.Rmin - r)) - 1.0;
    return ion.D0 * (x * x - 1.0);
  }
  return ion.qq / r * std::erfc(r * ion.inverse_rho);
}

}  // namespace

std::map<std::string, int> parse_oxidation_states(const std::string& text) {
  std::map<std::string, int> states;
  for (const auto& entry : split_on(text, ',')) {
    if (entry.empty()) continue;
    const auto eq = entry.find('=');
    if (eq == std::string::npos) throw InputError("oxidation state '" + entry + "': expected ELEMENT=CHARGE");
    const std::string symbol = entry.substr(0, eq);
    if (!elements::find_symbol(symbol)) throw InputError("oxidation state '" + entry + "': unknown element");
    std::size_t used = 0;
    int charge = 0;
    try {
      charge = std::stoi(entry.substr(eq + 1), &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != entry.size() - eq - 1)
      throw InputError("oxidation state '" + entry + "': charge is not an integer");
    states[elements::by_symbol(symbol).symbol] = charge;
  }
  return states;
}

Vec3 BondValenceLandscape::point(int i, int j, int k) const {
  return cell.to_cartesian(Vec3(double(i) / grid[0], double(j) / grid[1], double(k) / grid[2]));
}

double BondValenceLandscape::site_energy_at(const Vec3& position) const {
  const Vec3 s = cell.to_fractional(position);
  int lower[3];
  double weight[3];
  for (int d = 0; d < 3; ++d) {
    const double x = s[d] * grid[d];
    const double f = std::floor(x);
    weight[d] = x - f;
    lower[d] = int(((long long)f % grid[d] + grid[d]) % grid[d]);
  }
  double e = 0;
  for (int c = 0; c < 8; ++c) {
    int index[3];
    double w = 1;
    for (int d = 0; d < 3; ++d) {
      const int up = (c >> d) & 1;
      index[d] = (lower[d] + up) % grid[d];
      w *= up ? weight[d] : 1 - weight[d];
    }
    e += w * at(index[0], index[1], index[2]);
  }
  return e;
}

BondValenceLandscape compute_bvse_landscape(const System& system, const BvseSettings& settings,
                                            const BondValenceParameters& parameters) {
  if (!system.cell.fully_periodic() || !system.cell.has_volume())
    throw InputError("BVSE needs a fully periodic cell with a volume");
  if (!(settings.grid_spacing_A > 0)) throw InputError("BVSE grid spacing must be positive");
  if (!(settings.cutoff_A > 0)) throw InputError("BVSE cutoff must be positive");
  if (!(settings.screening_factor > 0)) throw InputError("BVSE screening factor must be positive");
  const auto mobile_z = elements::find_symbol(settings.mobile_ion);
  if (!mobile_z) throw InputError("unknown mobile ion '" + settings.mobile_ion + "'");
  const auto& mobile = elements::by_number(*mobile_z);
  auto charge_of = [&](int z) {
    const auto it = settings.oxidation_states.find(elements::by_number(z).symbol);
    if (it == settings.oxidation_states.end())
      throw InputError(std::string("no oxidation state given for ") + elements::by_number(z).symbol +
                       " (use e.g. --oxidation-states Na=1,O=-2)");
    return it->second;
  };
  const int q_mobile = charge_of(*mobile_z);
  if (q_mobile == 0) throw InputError("the mobile ion must be charged");
  const int n_mobile = parameters.principal_quantum_number(*mobile_z);

  // Interaction constants per element of the framework.
  std::map<int, FrameworkIon> templates;
  for (int z : system.elements_present()) {
    if (z == *mobile_z) continue;
    const int q = charge_of(z);
    FrameworkIon ion;
    if (q == 0) continue;
    if ((q > 0) != (q_mobile > 0)) {
      const auto pair =
          q_mobile > 0 ? parameters.find(*mobile_z, q_mobile, z, q) : parameters.find(z, q, *mobile_z, q_mobile);
      if (!pair)
        throw InputError(std::string("no softBV parameters for ") + mobile.symbol + std::to_string(q_mobile) +
                         " with " + elements::by_number(z).symbol + std::to_string(q));
      ion.anion = true;
      ion.D0 = pair->D0_eV;
      ion.alpha = pair->alpha_per_A;
      ion.Rmin = pair->Rmin_A;
    } else {
      const int n = parameters.principal_quantum_number(z);
      ion.qq = units::coulomb_eV_A * q_mobile * q / std::sqrt(double(n_mobile) * n);
      ion.inverse_rho =
          1.0 / (settings.screening_factor * (mobile.covalent_radius_A + elements::by_number(z).covalent_radius_A));
    }
    templates[z] = ion;
  }

  BondValenceLandscape result;
  result.cell = system.cell;
  const Vec3 lengths = system.cell.lengths();
  for (int d = 0; d < 3; ++d) result.grid[d] = std::max(1, int(std::ceil(lengths[d] / settings.grid_spacing_A - 1e-9)));
  const auto& g = result.grid;

  // Grid points are processed in blocks; each block gathers the framework images within
  // cutoff + block radius once (a cell list over grid points).
  constexpr int block = 6;
  std::array<int, 3> blocks;
  for (int d = 0; d < 3; ++d) blocks[d] = (g[d] + block - 1) / block;
  double block_radius = 0;
  {
    const Vec3 centre = system.cell.matrix().transpose() *
                        Vec3((block - 1) * 0.5 / g[0], (block - 1) * 0.5 / g[1], (block - 1) * 0.5 / g[2]);
    for (int c = 0; c < 8; ++c) {
      const Vec3 corner =
          system.cell.matrix().transpose() * Vec3((c & 1) * (block - 1.0) / g[0], ((c >> 1) & 1) * (block - 1.0) / g[1],
                                                  ((c >> 2) & 1) * (block - 1.0) / g[2]);
      block_radius = std::max(block_radius, (corner - centre).norm());
    }
  }
  const double reach = settings.cutoff_A + block_radius;
  const Vec3 widths = system.cell.perpendicular_widths();
  std::array<double, 3> pad;
  std::array<int, 3> shifts;
  for (int d = 0; d < 3; ++d) {
    pad[d] = reach / widths[d];
    shifts[d] = int(std::ceil(pad[d]));
  }
  std::vector<FrameworkIon> images;
  for (std::size_t a = 0; a < system.size(); ++a) {
    const auto it = templates.find(system.atomic_number(a));
    if (it == templates.end()) continue;
    Vec3 s = system.cell.to_fractional(system.positions[a]);
    for (int d = 0; d < 3; ++d) s[d] -= std::floor(s[d]);
    for (int x = -shifts[0]; x <= shifts[0]; ++x)
      for (int y = -shifts[1]; y <= shifts[1]; ++y)
        for (int z = -shifts[2]; z <= shifts[2]; ++z) {
          const Vec3 t = s + Vec3(x, y, z);
          if (t[0] < -pad[0] || t[0] > 1 + pad[0] || t[1] < -pad[1] || t[1] > 1 + pad[1] || t[2] < -pad[2] ||
              t[2] > 1 + pad[2])
            continue;
          FrameworkIon ion = it->second;
          ion.position = system.cell.to_cartesian(t);
          images.push_back(ion);
        }
  }

  result.energy_eV.assign(std::size_t(g[0]) * g[1] * g[2], 0.0);
  const double cutoff2 = settings.cutoff_A * settings.cutoff_A;
  const long long total_blocks = (long long)blocks[0] * blocks[1] * blocks[2];
#pragma omp parallel
  {
    std::vector<const FrameworkIon*> near;
#pragma omp for schedule(dynamic, 4)
    for (long long b = 0; b < total_blocks; ++b) {
      const int bi = int(b / (blocks[1] * blocks[2])), bj = int(b / blocks[2] % blocks[1]), bk = int(b % blocks[2]);
      const int i0 = bi * block, j0 = bj * block, k0 = bk * block;
      const Vec3 centre =
          result.point(0, 0, 0) + system.cell.matrix().transpose() * Vec3((i0 + (block - 1) * 0.5) / g[0],
                                                                          (j0 + (block - 1) * 0.5) / g[1],
                                                                          (k0 + (block - 1) * 0.5) / g[2]);
      near.clear();
      for (const auto& ion : images)
        if ((ion.position - centre).squaredNorm() < reach * reach) near.push_back(&ion);
      for (int i = i0; i < std::min(i0 + block, g[0]); ++i)
        for (int j = j0; j < std::min(j0 + block, g[1]); ++j)
          for (int k = k0; k < std::min(k0 + block, g[2]); ++k) {
            const Vec3 p = result.point(i, j, k);
            double e = 0;
            for (const FrameworkIon* ion : near) {
              const double r2 = (ion->position - p).squaredNorm();
              if (r2 < cutoff2) e += pair_energy(*ion, std::sqrt(r2));
            }
            result.energy_eV[(std::size_t(i) * g[1] + j) * g[2] + k] = e;
          }
    }
  }
  const auto [lo, hi] = std::minmax_element(result.energy_eV.begin(), result.energy_eV.end());
  result.minimum_eV = *lo;
  result.maximum_eV = *hi;
  return result;
}

}  // namespace ionglass
