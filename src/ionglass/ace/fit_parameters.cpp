#include "ionglass/ace/fit_parameters.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ionglass/core/error.hpp"

namespace ionglass::ace {

TrainableParameters parse_trainable_parameters(const std::string& text, const std::string& source, long line) {
  if (text == "ALL" || text == "all") return TrainableParameters::All;
  if (text == "func" || text == "functions") return TrainableParameters::Functions;
  if (text == "radial") return TrainableParameters::Radial;
  throw InputError(source, line, "trainable_parameters '" + text + "' is not one of ALL, func (functions) or radial");
}

FitParameterLayout::FitParameterLayout(const BBasisPotential& shape, TrainableParameters trainable)
    : trainable_(trainable), elements_(shape.elements) {
  const std::size_t n = shape.elements.size();
  if (shape.embeddings.size() != n || shape.functions.size() != n || shape.bonds.size() != n ||
      shape.bond_present.size() != n)
    throw InputError(shape.source, 0, "B-basis with inconsistent element tables");
  std::size_t full = 0;
  for (std::size_t mu = 0; mu < n; ++mu) {
    function_offset_.push_back(full);
    const int ndensity = shape.embeddings[mu].ndensity;
    ndensity_.push_back(ndensity);
    function_rank_.emplace_back();
    for (const auto& f : shape.functions[mu]) {
      if (static_cast<int>(f.coefficients.size()) != ndensity)
        throw InputError(shape.source, f.source_line,
                         fmt::format("function of {} has {} coefficients, the element has ndensity {}",
                                     shape.elements[mu], f.coefficients.size(), ndensity));
      function_rank_.back().push_back(f.rank);
      full += static_cast<std::size_t>(ndensity);
    }
  }
  function_count_ = full;
  bonds_.resize(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (!shape.bond_present[i][j]) continue;
      const BBasisBond& b = shape.bonds[i][j];
      BondShape& s = bonds_[i * n + j];
      s.offset = full;
      s.nradmax = b.nradmax;
      s.lmax = b.lmax;
      s.nradbase = b.nradbase;
      bool ok = static_cast<int>(b.radcoefficients.size()) == b.nradmax;
      for (const auto& per_n : b.radcoefficients) {
        ok = ok && static_cast<int>(per_n.size()) == b.lmax + 1;
        for (const auto& per_l : per_n) ok = ok && static_cast<int>(per_l.size()) == b.nradbase;
      }
      if (!ok)
        throw InputError(shape.source, 0,
                         fmt::format("bond {}-{}: radcoefficients are not [nradmax={}][lmax+1={}][nradbase={}]",
                                     shape.elements[i], shape.elements[j], b.nradmax, b.lmax + 1, b.nradbase));
      full += static_cast<std::size_t>(b.nradmax) * (b.lmax + 1) * b.nradbase;
    }
  radial_count_ = full - function_count_;
  size_ = (functions_trainable() ? function_count_ : 0) + (radial_trainable() ? radial_count_ : 0);
}

std::size_t FitParameterLayout::function_coefficient_index(int mu, int function, int density) const {
  return function_offset_.at(mu) + static_cast<std::size_t>(function) * ndensity_.at(mu) + density;
}

std::size_t FitParameterLayout::radial_coefficient_index(int mu_i, int mu_j, int n, int l, int k) const {
  const BondShape& s = bonds_.at(static_cast<std::size_t>(mu_i) * elements_.size() + mu_j);
  if (s.offset == static_cast<std::size_t>(-1))
    throw std::out_of_range("FitParameterLayout: no bond " + elements_[mu_i] + "-" + elements_[mu_j]);
  return s.offset + (static_cast<std::size_t>(n) * (s.lmax + 1) + l) * s.nradbase + k;
}

std::ptrdiff_t FitParameterLayout::trainable_index(std::size_t full) const {
  if (full < function_count_) return functions_trainable() ? static_cast<std::ptrdiff_t>(full) : -1;
  if (!radial_trainable()) return -1;
  return static_cast<std::ptrdiff_t>(full - (functions_trainable() ? 0 : function_count_));
}

void FitParameterLayout::check_shape(const BBasisPotential& potential) const {
  bool ok = potential.elements == elements_ && potential.functions.size() == elements_.size();
  for (std::size_t mu = 0; ok && mu < elements_.size(); ++mu) {
    ok = potential.functions[mu].size() == function_rank_[mu].size() &&
         potential.embeddings[mu].ndensity == ndensity_[mu];
    for (std::size_t f = 0; ok && f < function_rank_[mu].size(); ++f)
      ok = potential.functions[mu][f].rank == function_rank_[mu][f] &&
           static_cast<int>(potential.functions[mu][f].coefficients.size()) == ndensity_[mu];
  }
  const std::size_t n = elements_.size();
  for (std::size_t i = 0; ok && i < n; ++i)
    for (std::size_t j = 0; ok && j < n; ++j) {
      const BondShape& s = bonds_[i * n + j];
      const bool present = s.offset != static_cast<std::size_t>(-1);
      ok = potential.bond_present[i][j] == present;
      if (ok && present)
        ok = potential.bonds[i][j].nradmax == s.nradmax && potential.bonds[i][j].lmax == s.lmax &&
             potential.bonds[i][j].nradbase == s.nradbase;
    }
  if (!ok) throw InputError(potential.source, 0, "B-basis does not have the shape of the fit's parameter layout");
}

Eigen::VectorXd FitParameterLayout::pack(const BBasisPotential& potential) const {
  check_shape(potential);
  Eigen::VectorXd x(static_cast<Eigen::Index>(size_));
  Eigen::Index at = 0;
  if (functions_trainable())
    for (const auto& list : potential.functions)
      for (const auto& f : list)
        for (double c : f.coefficients) x[at++] = c;
  if (radial_trainable()) {
    const std::size_t n = elements_.size();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        if (!potential.bond_present[i][j]) continue;
        for (const auto& per_n : potential.bonds[i][j].radcoefficients)
          for (const auto& per_l : per_n)
            for (double c : per_l) x[at++] = c;
      }
  }
  return x;
}

void FitParameterLayout::unpack(const Eigen::VectorXd& x, BBasisPotential& potential) const {
  check_shape(potential);
  if (static_cast<std::size_t>(x.size()) != size_)
    throw InputError(fmt::format("fit parameters: vector of length {}, the layout has {}", x.size(), size_));
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i])) throw InputError(fmt::format("fit parameters: entry {} is not finite", i));
  Eigen::Index at = 0;
  if (functions_trainable())
    for (auto& list : potential.functions)
      for (auto& f : list)
        for (double& c : f.coefficients) c = x[at++];
  if (radial_trainable()) {
    const std::size_t n = elements_.size();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        if (!potential.bond_present[i][j]) continue;
        for (auto& per_n : potential.bonds[i][j].radcoefficients)
          for (auto& per_l : per_n)
            for (double& c : per_l) c = x[at++];
      }
  }
}

std::string FitParameterLayout::describe(std::size_t full) const {
  const std::size_t n = elements_.size();
  if (full < function_count_) {
    std::size_t mu = 0;
    while (mu + 1 < n && function_offset_[mu + 1] <= full) ++mu;
    const std::size_t local = full - function_offset_[mu];
    const std::size_t f = local / ndensity_[mu];
    return fmt::format("{} function {} (rank {}) density {}", elements_[mu], f, function_rank_[mu][f],
                       local % ndensity_[mu]);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const BondShape& s = bonds_[i * n + j];
      if (s.offset == static_cast<std::size_t>(-1)) continue;
      const std::size_t count = static_cast<std::size_t>(s.nradmax) * (s.lmax + 1) * s.nradbase;
      if (full >= s.offset && full < s.offset + count) {
        const std::size_t local = full - s.offset;
        const std::size_t k = local % s.nradbase, l = (local / s.nradbase) % (s.lmax + 1),
                          nn = local / (static_cast<std::size_t>(s.nradbase) * (s.lmax + 1));
        return fmt::format("{}-{} radial n={} l={} k={}", elements_[i], elements_[j], nn + 1, l, k + 1);
      }
    }
  return fmt::format("parameter {} (out of range)", full);
}

}  // namespace ionglass::ace
