#include "ionglass/ace/radial_spline.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

#include "ionglass/ace/radial_functions.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {

void RadialSplineTable::build(const AceBond& bond, int z_i, int z_j, double delta_spline_bins, double cutoff_max) {
  nradbase_ = bond.nradbasemax;
  nfunc_ = nradbase_ + 1;
  padded_ = (nfunc_ + 1) / 2 * 2;  // 4·padded is a multiple of 8 doubles (one 64-byte line)
  stride_ = 4 * padded_;
  // Same arithmetic as the reference so that the nodes coincide bit for bit.
  // Checked as a double first: an absurd cutoff (1e12 Å) would overflow the int.
  const double nodes = cutoff_max / delta_spline_bins;
  if (!(nodes >= 2)) throw InputError("ACE potential: deltaSplineBins is too large for the cutoff");
  if (!(nodes <= 50'000'000))
    throw InputError(
        fmt::format("ACE potential: cutoff {:g} Å / deltaSplineBins {:g} Å needs {:.3g} spline nodes "
                    "(at most 5e7; is rcut or deltaSplineBins wrong?)",
                    cutoff_max, delta_spline_bins, nodes));
  nlut_ = static_cast<int>(nodes);
  scale_ = static_cast<double>(nlut_) / cutoff_max;
  const double inverse_scale = 1.0 / scale_;
  coefficients_.assign(static_cast<std::size_t>(nlut_ + 1) * stride_ + 8, 0.0);
  const auto address = reinterpret_cast<std::uintptr_t>(coefficients_.data());
  offset_ = ((64 - address % 64) % 64) / sizeof(double);

  std::vector<double> g(nradbase_), dg(nradbase_), f0(nfunc_), d0(nfunc_);
  std::vector<double> f1(nfunc_, 0.0), d1(nfunc_, 0.0);  // values at the next node (0 beyond the last)
  for (int n = nlut_; n >= 1; --n) {
    const double r = inverse_scale * static_cast<double>(n);
    radial_basis(bond, r, g.data(), dg.data());
    for (int k = 0; k < nradbase_; ++k) {
      f0[k] = g[k];
      d0[k] = dg[k];
    }
    core_repulsion(bond, z_i, z_j, r, f0[nfunc_ - 1], d0[nfunc_ - 1]);
    double* c = coefficients_.data() + offset_ + static_cast<std::size_t>(n) * stride_;
    for (int f = 0; f < nfunc_; ++f) {
      const double v0 = f0[f], v1 = f1[f], s0 = d0[f] * inverse_scale, s1 = d1[f];
      c[f] = v0;
      c[padded_ + f] = s0;
      c[2 * padded_ + f] = 3.0 * (v1 - v0) - s1 - 2.0 * s0;
      c[3 * padded_ + f] = -2.0 * (v1 - v0) + s1 + s0;
      f1[f] = v0;
      d1[f] = s0;
    }
  }
}

}  // namespace ionglass::ace
