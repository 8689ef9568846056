#pragma once
// Structure factors and total pair-distribution functions from partial RDFs.
//
// Faber–Ziman partials (T. E. Faber, J. M. Ziman, Phil. Mag. 11 (1965) 153):
//   S_ab(Q) = 1 + 4π ρ₀ ∫₀^{r_max} r² (g_ab(r) − 1) sin(Qr)/(Qr) M(r) dr,
//   M(r) = sinc(π r / r_max) (Lorch, J. Phys. C 2 (1969) 229) when requested, else 1.
// Totals: S(Q) = Σ_ab w_ab(Q) S_ab(Q) over ordered pairs with neutron weights
//   w_ab = c_a c_b b_a b_b / (Σ c b)²  or X-ray weights w_ab(Q) = c_a c_b f_a(Q) f_b(Q) / (Σ c f(Q))².
// Real space (neutron weighted, Keen, J. Appl. Cryst. 34 (2001) 172):
//   G(r) = Σ_ab c_a c_b b_a b_b (g_ab − 1) / (Σ c b)²,  T(r) = 4π r ρ₀ (G + 1),  D(r) = 4π r ρ₀ G.
#include <map>
#include <vector>

#include "ionglass/analysis/structure/pair_distribution.hpp"

namespace ionglass {

struct StructureFactorOptions {
  double q_min_per_A = 0.3;
  double q_max_per_A = 25.0;
  double q_step_per_A = 0.02;
};

struct StructureFactors {
  std::vector<double> q;                                  ///< Å⁻¹
  std::map<ElementPair, std::vector<double>> partial;     ///< unordered pairs, no window
  std::map<ElementPair, std::vector<double>> partial_lorch;
  std::vector<double> neutron, neutron_lorch;             ///< total, neutron weights
  std::vector<double> xray, xray_lorch;                   ///< total, X-ray weights
};

struct RealSpaceFunctions {
  std::vector<double> r;  ///< Å
  std::vector<double> G;  ///< dimensionless
  std::vector<double> T;  ///< Å⁻²
  std::vector<double> D;  ///< Å⁻²
};

/// Faber–Ziman S_ab(Q) of one partial g on bins of width dr (bin centres r), number density rho0.
std::vector<double> faber_ziman_partial(const std::vector<double>& r, const std::vector<double>& g, double dr,
                                        double rho0, const std::vector<double>& q, bool lorch);

/// All partial and total structure factors of a pair distribution.
StructureFactors structure_factors(const PairDistribution& rdf, const StructureFactorOptions& options = {});

/// Neutron-weighted G(r), T(r), D(r).
RealSpaceFunctions neutron_real_space(const PairDistribution& rdf);

/// R_χ = sqrt(Σ (y_sim − y_exp)² / Σ y_exp²) over the experimental points inside the simulated
/// range (simulation linearly interpolated). Wright, J. Non-Cryst. Solids 159 (1993) 264.
/// Throws InputError when the ranges do not overlap.
double r_chi(const std::vector<double>& x_sim, const std::vector<double>& y_sim, const std::vector<double>& x_exp,
             const std::vector<double>& y_exp);

}  // namespace ionglass
