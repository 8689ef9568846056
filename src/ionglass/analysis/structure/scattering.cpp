#include "ionglass/analysis/structure/scattering.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {
double sinc(double x) { return std::abs(x) < 1e-8 ? 1.0 - x * x / 6.0 : std::sin(x) / x; }
}  // namespace

std::vector<double> faber_ziman_partial(const std::vector<double>& r, const std::vector<double>& g, double dr,
                                        double rho0, const std::vector<double>& q, bool lorch) {
  const double r_max = r.empty() ? 0 : r.back() + 0.5 * dr;
  std::vector<double> weight(r.size());
  for (std::size_t k = 0; k < r.size(); ++k) {
    const double window = lorch ? sinc(std::numbers::pi * r[k] / r_max) : 1.0;
    weight[k] = 4.0 * std::numbers::pi * rho0 * r[k] * r[k] * (g[k] - 1.0) * window * dr;
  }
  std::vector<double> s(q.size());
#pragma omp parallel for schedule(static)
  for (std::size_t iq = 0; iq < q.size(); ++iq) {
    double sum = 0;
    for (std::size_t k = 0; k < r.size(); ++k) sum += weight[k] * sinc(q[iq] * r[k]);
    s[iq] = 1.0 + sum;
  }
  return s;
}

StructureFactors structure_factors(const PairDistribution& rdf, const StructureFactorOptions& o) {
  if (!(o.q_step_per_A > 0) || !(o.q_max_per_A > o.q_min_per_A) || o.q_min_per_A < 0)
    throw InputError("Q range must satisfy 0 ≤ Q_min < Q_max with a positive step");
  StructureFactors out;
  for (double q = o.q_min_per_A; q <= o.q_max_per_A + 1e-9; q += o.q_step_per_A) out.q.push_back(q);
  const std::vector<double> r = rdf.r();
  const double dr = rdf.options().bin_width_A, rho0 = rdf.number_density();
  for (const ElementPair& p : rdf.pairs()) {
    const std::vector<double> g = rdf.g(p);
    out.partial[p] = faber_ziman_partial(r, g, dr, rho0, out.q, false);
    out.partial_lorch[p] = faber_ziman_partial(r, g, dr, rho0, out.q, true);
  }
  const std::size_t nq = out.q.size();
  out.neutron.assign(nq, 0);
  out.neutron_lorch.assign(nq, 0);
  out.xray.assign(nq, 0);
  out.xray_lorch.assign(nq, 0);
  double mean_b = 0;
  for (int z : rdf.elements()) mean_b += rdf.concentration(z) * elements::by_number(z).neutron_b_fm;
  for (std::size_t iq = 0; iq < nq; ++iq) {
    double mean_f = 0;
    for (int z : rdf.elements()) mean_f += rdf.concentration(z) * elements::by_number(z).xray_form_factor(out.q[iq]);
    for (const auto& [p, s] : out.partial) {
      const double multiplicity = p.centre == p.neighbor ? 1.0 : 2.0;  // ordered pairs ab and ba
      const Element& a = elements::by_number(p.centre);
      const Element& b = elements::by_number(p.neighbor);
      const double cc = multiplicity * rdf.concentration(p.centre) * rdf.concentration(p.neighbor);
      const double wn = cc * a.neutron_b_fm * b.neutron_b_fm / (mean_b * mean_b);
      const double wx = cc * a.xray_form_factor(out.q[iq]) * b.xray_form_factor(out.q[iq]) / (mean_f * mean_f);
      out.neutron[iq] += wn * s[iq];
      out.neutron_lorch[iq] += wn * out.partial_lorch.at(p)[iq];
      out.xray[iq] += wx * s[iq];
      out.xray_lorch[iq] += wx * out.partial_lorch.at(p)[iq];
    }
  }
  return out;
}

RealSpaceFunctions neutron_real_space(const PairDistribution& rdf) {
  RealSpaceFunctions out;
  out.r = rdf.r();
  out.G.assign(out.r.size(), 0.0);
  double mean_b = 0;
  for (int z : rdf.elements()) mean_b += rdf.concentration(z) * elements::by_number(z).neutron_b_fm;
  for (const ElementPair& p : rdf.pairs()) {
    const double multiplicity = p.centre == p.neighbor ? 1.0 : 2.0;
    const double w = multiplicity * rdf.concentration(p.centre) * rdf.concentration(p.neighbor) *
                     elements::by_number(p.centre).neutron_b_fm * elements::by_number(p.neighbor).neutron_b_fm /
                     (mean_b * mean_b);
    const std::vector<double> g = rdf.g(p);
    for (std::size_t k = 0; k < g.size(); ++k) out.G[k] += w * (g[k] - 1.0);
  }
  const double rho0 = rdf.number_density();
  out.T.resize(out.r.size());
  out.D.resize(out.r.size());
  for (std::size_t k = 0; k < out.r.size(); ++k) {
    out.T[k] = 4.0 * std::numbers::pi * out.r[k] * rho0 * (out.G[k] + 1.0);
    out.D[k] = 4.0 * std::numbers::pi * out.r[k] * rho0 * out.G[k];
  }
  return out;
}

double r_chi(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& xe,
             const std::vector<double>& ye) {
  if (xs.size() < 2 || xs.size() != ys.size() || xe.size() != ye.size())
    throw InputError("R_chi needs matching x/y columns");
  double num = 0, den = 0;
  std::size_t used = 0;
  for (std::size_t i = 0; i < xe.size(); ++i) {
    if (xe[i] < xs.front() || xe[i] > xs.back()) continue;
    const auto it = std::upper_bound(xs.begin(), xs.end(), xe[i]);
    const std::size_t k = std::min<std::size_t>(std::max<std::ptrdiff_t>(it - xs.begin(), 1), xs.size() - 1);
    const double t = (xe[i] - xs[k - 1]) / (xs[k] - xs[k - 1]);
    const double y = ys[k - 1] + t * (ys[k] - ys[k - 1]);
    num += (y - ye[i]) * (y - ye[i]);
    den += ye[i] * ye[i];
    ++used;
  }
  if (used == 0 || den <= 0) throw InputError("the experimental data do not overlap the simulated Q range");
  return std::sqrt(num / den);
}

}  // namespace ionglass
