#include "ionglass/potential/ewald_self_terms.hpp"

#include <cmath>

#include "ionglass/core/units.hpp"

namespace ionglass {

double coulomb_charge_squared_sum(const std::vector<double>& charges) {
  double qsqsum = 0;
  for (double q : charges) qsqsum += q * q;
  return qsqsum * units::coulomb_eV_A;
}

EwaldSelfTerms ewald_self_terms(const std::vector<double>& charges, double alpha, double volume) {
  constexpr double pi = units::pi;
  EwaldSelfTerms terms;
  for (double q : charges) {
    terms.charge_sum += q;
    terms.charge_squared_sum += q * q;
  }
  terms.self_per_q2 = alpha / std::sqrt(pi);
  terms.background = pi / (2.0 * volume * alpha * alpha);
  return terms;
}

}  // namespace ionglass
