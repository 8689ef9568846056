#pragma once
// The charge sums behind the self and neutralising-background terms of an Ewald-split Coulomb
// sum, shared by EwaldSum and Pppm: E_self = −k_e α/√π Σ qᵢ² and, for a non-neutral cell,
// E_background = −k_e π Q²/(2 V α²) with Q = Σ qᵢ (Hub, de Groot and van der Spoel, J. Chem.
// Theory Comput. 10 (2014) 381, eq. 7; LAMMPS ewald.cpp/pppm.cpp).
#include <vector>

namespace ionglass {

struct EwaldSelfTerms {
  double charge_sum = 0;          ///< Q = Σ qᵢ (e)
  double charge_squared_sum = 0;  ///< Σ qᵢ² (e²)
  double self_per_q2 = 0;         ///< α/√π (1/Å): E_self = −k_e · this · Σ qᵢ²
  double background = 0;          ///< π/(2 V α²) (1/Å): E_background = −k_e · this · Q²
};

/// k_e Σ qᵢ² (eV·Å), LAMMPS' q2, which sets the initial α and the error estimates.
double coulomb_charge_squared_sum(const std::vector<double>& charges);

/// The sums for `charges` (e) with splitting parameter `alpha` (1/Å) in a cell of `volume` (Å³).
EwaldSelfTerms ewald_self_terms(const std::vector<double>& charges, double alpha, double volume);

}  // namespace ionglass
