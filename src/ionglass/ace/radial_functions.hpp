#pragma once
// Analytic radial functions of ACE (values and first derivatives). These are only evaluated to
// build the spline tables (radial_spline.hpp); the evaluator never calls them per pair.
//
//   g_k(r)   radial basis: SBessel (orthogonalised simplified Bessel functions, Kocer et al.,
//            JCP 150, 154102 (2019)), ChebExpCos, ChebPow, ChebLinear (Drautz, PRB 99, 014104
//            (2019); Lysogorskiy et al., npj Comput. Mater. 7, 97 (2021));
//   R_nl(r)  = Σ_k c_nlk g_k(r) (formed by the evaluator from the splined g_k);
//   cr(r)    core repulsion: Gaussian-screened 1/r (inner types "density"/"distance") or the
//            Ziegler–Biersack–Littmark universal screened Coulomb potential (type "zbl").
#include <cstddef>
#include <vector>

#include "ionglass/ace/ctilde_basis.hpp"

namespace ionglass::ace {

/// Coulomb constant e²/(4πε₀) in eV·Å, as used by the reference ZBL term.
inline constexpr double zbl_coulomb_constant = 14.399645351950543;

/// Quintic switch: 1 for r ≤ r_in − δ, 0 for r ≥ r_in, smooth (C²) in between.
void cutoff_polynomial(double r, double r_in, double delta, double& value, double& derivative);

/// g_k(r) and g_k'(r) for k < bond.nradbasemax, including the inner-cutoff treatment of the bond:
/// zero for r ≥ rcut and r ≤ r_in − δ_in; multiplied by 1 − cutoff_polynomial(r; r_in, δ_in)
/// for the "distance" type ("zbl" uses r_in = 0, i.e. no inner cut of the basis).
void radial_basis(const AceBond& bond, double r, double* g, double* dg);

/// R_nl = Σ_k c_nlk g_k and R_nl' = Σ_k c_nlk g_k' for the `rows` = nradmax·(lmax+1) radial
/// functions of a bond, from the basis values g, g' (count `nradbase`); `coefficients` is the
/// bond's [n·(lmax+1) + l][k] matrix (AceBond::radcoefficients). Used by the evaluator, the
/// projections and the fitter alike (the spline of a linear combination is the combination of
/// the splines, so only g_k are tabulated).
inline void radial_functions_of_pair(int rows, int nradbase, const double* coefficients, const double* g,
                                     const double* dg, double* R, double* dR) {
  for (int q = 0; q < rows; ++q) {
    const double* c = coefficients + static_cast<std::size_t>(q) * nradbase;
    double v = 0, dv = 0;
    for (int k = 0; k < nradbase; ++k) {
      v += c[k] * g[k];
      dv += c[k] * dg[k];
    }
    R[q] = v;
    dR[q] = dv;
  }
}

/// Core-repulsion pair term cr(r) and cr'(r) of a bond between elements with atomic numbers
/// z_i, z_j. For "zbl" it includes the factor ½ for visiting each pair from both atoms.
void core_repulsion(const AceBond& bond, int z_i, int z_j, double r, double& cr, double& dcr);

/// Finnis–Sinclair embedding Φ(ρ; m) and Φ'(ρ): `shifted_scaled` selects the
/// "FinnisSinclairShiftedScaled" form, otherwise the C++ "FinnisSinclair" form.
void embedding_function(bool shifted_scaled, double rho, double m, double& value, double& derivative);

/// The same with the second derivative Φ''(ρ) (for the force part of the fit gradient, which
/// needs ∂Φ'/∂ρ); value and derivative are computed by the same expressions as above.
void embedding_function(bool shifted_scaled, double rho, double m, double& value, double& derivative,
                        double& second_derivative);

}  // namespace ionglass::ace
