#pragma once
// The periodic table H–Cf: symbols, atomic numbers, standard masses, covalent radii, neutron
// scattering lengths and X-ray form factors. Data and sources: elements_data.inc.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ionglass {

struct Element {
  const char* symbol;
  int atomic_number;                   ///< Z
  double mass_amu;                     ///< standard atomic mass
  double covalent_radius_A;            ///< Cordero et al. 2008
  double neutron_b_fm;                 ///< bound coherent scattering length (Sears 1992)
  std::array<double, 4> xray_a;        ///< Cromer–Mann a_i (electrons)
  std::array<double, 4> xray_b;        ///< Cromer–Mann b_i (Å²)
  double xray_c;                       ///< Cromer–Mann constant

  /// X-ray atomic form factor f(Q) (electrons) with Q in Å⁻¹: Σ aᵢ exp(−bᵢ (Q/4π)²) + c.
  double xray_form_factor(double q_per_A) const;
};

namespace elements {

inline constexpr int max_atomic_number = 98;

/// Element by atomic number (1..98). Throws InputError outside that range.
const Element& by_number(int atomic_number);
/// Element by symbol ("Fe", case-sensitive as written in the periodic table; "FE"/"fe" accepted).
/// Throws InputError("unknown element 'Xx'") if there is none.
const Element& by_symbol(std::string_view symbol);
/// As by_symbol, but returns nullopt instead of throwing.
std::optional<int> find_symbol(std::string_view symbol);
/// The element whose standard mass is nearest to `mass_amu`, if within `tolerance_amu` and no
/// other element lies within the tolerance (returns nullopt when none or ambiguous).
std::optional<int> from_mass(double mass_amu, double tolerance_amu = 0.05);

}  // namespace elements
}  // namespace ionglass
